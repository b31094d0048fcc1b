import { html, type SafeHtml } from '../../html';
import { formatDate, formatTime } from '../../i18n';
import type { PageContext } from '../layout';
import type { AgendaEventView, AgendaMeetingView, ContactView } from './agenda-view';

function contactLinks(contact: ContactView | undefined): SafeHtml {
  if (!contact) return html``;
  const parts = [
    contact.email && html`<a href="mailto:${contact.email}">${contact.email}</a>`,
    contact.phone && html`<a href="tel:${contact.phone.replace(/[^+\d]/g, '')}">${contact.phone}</a>`,
  ].filter((part): part is SafeHtml => Boolean(part));
  return parts.length === 0
    ? html``
    : html`<span class="agenda-contact">${parts.map((part, i) => html`${i > 0 ? ' · ' : ''}${part}`)}</span>`;
}

function meetingItem(context: PageContext, meeting: AgendaMeetingView, showStartup: boolean): SafeHtml {
  const { t, language } = context;
  const time = `${formatTime(meeting.startsAt, language)}–${formatTime(meeting.endsAt, language)}`;
  const startupContact = meeting.startup.contact;
  return html`<li class="agenda-item">
    <p class="agenda-item__when"><strong>${time}</strong> · ${meeting.room}</p>
    <dl class="agenda-item__details">
      <dt>${t('agenda.need')}</dt>
      <dd>${meeting.needTitle}</dd>
      <dt>${t('agenda.organisation')}</dt>
      <dd>${meeting.organisation}</dd>
      <dt>${t('agenda.host')}</dt>
      <dd>${meeting.host.name ?? ''} ${contactLinks(meeting.host)}</dd>
      ${
        showStartup &&
        html`<dt>${t('agenda.startup')}</dt>
          <dd>
            ${meeting.startup.name}
            ${startupContact?.name && html`<span class="agenda-contact">${startupContact.name}</span>`}
            ${contactLinks(startupContact)}
          </dd>`
      }
    </dl>
  </li>`;
}

/**
 * The meetings of each event, grouped by day ("tisdag 16 mars 2027"), each with time and table,
 * need, organisation, host and startup: a list, so it reads the same on a phone and on paper.
 * `level` is the heading level of the event names. `showStartup` is false on a startup's own
 * agenda: every meeting is its own, so its name and contact on each one would only repeat.
 */
export function agendaSections(
  context: PageContext,
  events: readonly AgendaEventView[],
  level: 2 | 3 = 2,
  showStartup = true,
): SafeHtml {
  const { language } = context;
  return html`${events.map((event) => {
    const meetings = [...event.meetings].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const days = [...new Set(meetings.map((meeting) => formatDate(meeting.startsAt, language)))];
    const eventHeading = level === 2 ? html`<h2>${event.name}</h2>` : html`<h3>${event.name}</h3>`;
    return html`<section class="agenda-event">
      ${eventHeading}
      ${days.map((day) => {
        const ofDay = meetings.filter((meeting) => formatDate(meeting.startsAt, language) === day);
        const dayHeading = level === 2 ? html`<h3>${day}</h3>` : html`<h4>${day}</h4>`;
        return html`${dayHeading}
          <ol class="agenda-list">
            ${ofDay.map((meeting) => meetingItem(context, meeting, showStartup))}
          </ol>`;
      })}
    </section>`;
  })}`;
}
