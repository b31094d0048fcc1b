import { html } from '../../html';
import { formatDate } from '../../i18n';
import { notice } from '../components';
import { csrfField, layout, type PageContext } from '../layout';
import { agendaSections } from './agenda-list';
import type { AgendaEventView } from './agenda-view';

/** The calendar subscription as the agenda page shows it. */
export interface CalendarLinkView {
  /** When the working address was made; absent when there is none. */
  activeSince?: Date;
  /** The address just made, shown once (only its hash is stored). */
  justIssued?: { web: string; webcal: string };
}

const STYLESHEETS = ['/assets/agenda.css'];

/** "Min agenda": a development head's (her organisation's) or a startup's published meetings, and the calendar feed. */
export function myAgendaPage(
  context: PageContext,
  page: {
    lead: string;
    events: readonly AgendaEventView[];
    calendar: CalendarLinkView;
    flash?: string | undefined;
    /** False on a startup's own agenda (see agendaSections). */
    showStartup?: boolean;
  },
): string {
  const { t, language } = context;
  const { calendar } = page;
  const hasMeetings = page.events.some((event) => event.meetings.length > 0);
  return layout(context, {
    title: t('agenda.title'),
    stylesheets: STYLESHEETS,
    body: html`${notice(page.flash)}
      <h1>${t('agenda.title')}</h1>
      <p class="lead">${page.lead}</p>
      ${
        hasMeetings
          ? html`<p>
                <a class="button button--secondary" href="/app/agenda/print">${t('agenda.printable')}</a>
              </p>
              ${agendaSections(context, page.events, 2, page.showStartup)}`
          : html`<p>${t('agenda.none')}</p>`
      }
      <section class="calendar-feed" aria-labelledby="calendar-title">
        <h2 id="calendar-title">${t('agenda.calendar.title')}</h2>
        <p>${t('agenda.calendar.lead')}</p>
        ${
          calendar.justIssued &&
          html`<div class="field">
              <label for="calendar-url">${t('agenda.calendar.addressLabel')}</label>
              <p class="hint" id="calendar-url-hint">${t('agenda.calendar.addressHint')}</p>
              <input
                id="calendar-url"
                type="text"
                readonly
                value="${calendar.justIssued.web}"
                aria-describedby="calendar-url-hint"
                spellcheck="false"
              />
            </div>
            <p>
              <a class="button" href="${calendar.justIssued.webcal}">${t('agenda.calendar.subscribe')}</a>
            </p>`
        }
        ${
          calendar.activeSince
            ? html`<p>
                ${t('agenda.calendar.active', { date: formatDate(calendar.activeSince, language) })}
              </p>`
            : html`<p>${t('agenda.calendar.inactive')}</p>`
        }
        <form method="post" action="/app/agenda/calendar" class="inline-form">
          ${csrfField(context)}
          <button type="submit" class="button${calendar.activeSince ? ' button--secondary' : ''}">
            ${calendar.activeSince ? t('agenda.calendar.renew') : t('agenda.calendar.create')}
          </button>
        </form>
        ${
          calendar.activeSince &&
          html`<form method="post" action="/app/agenda/calendar/revoke" class="inline-form">
            ${csrfField(context)}
            <button type="submit" class="button button--warning">${t('agenda.calendar.revoke')}</button>
          </form>`
        }
      </section>`,
  });
}

/**
 * A printable agenda at its own address (a person's, or an event's for facilitators): the same
 * list as the agenda page, with a print stylesheet that leaves out the page's header and buttons.
 */
export function printableAgendaPage(
  context: PageContext,
  page: {
    title: string;
    subtitle: string;
    events: readonly AgendaEventView[];
    back: string;
    /** False on a startup's own agenda (see agendaSections). */
    showStartup?: boolean;
  },
): string {
  const { t } = context;
  const hasMeetings = page.events.some((event) => event.meetings.length > 0);
  return layout(context, {
    title: page.title,
    stylesheets: STYLESHEETS,
    body: html`<p class="no-print"><a href="${page.back}">${t('agenda.back')}</a></p>
      <h1>${page.title}</h1>
      <p class="lead">${page.subtitle}</p>
      <p class="no-print hint">${t('agenda.printHint')}</p>
      ${
        hasMeetings
          ? agendaSections(context, page.events, 2, page.showStartup)
          : html`<p>${t('agenda.none')}</p>`
      }`,
  });
}
