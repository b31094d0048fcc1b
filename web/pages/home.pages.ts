import type { MatchmakingEvent, Need } from '../../models';
import { html } from '../html';
import { formatCalendarDate } from '../i18n';
import { notice } from './components';
import { needCard } from './host/needs.pages';
import { layout, type PageContext } from './layout';

/** A facilitator's start: the events (names and dates, newest first) and "Bjud in en person". */
export function facilitatorHomePage(
  context: PageContext,
  events: readonly MatchmakingEvent[],
  flash?: string,
): string {
  const { t, language } = context;
  return layout(context, {
    title: t('home.facilitator.title'),
    body: html`${notice(flash)}
      <h1>${t('home.facilitator.title')}</h1>
      <p class="lead">${t('home.facilitator.lead')}</p>
      <p>
        <a class="button button--secondary" href="/app/people/invite">${t('home.facilitator.invite')}</a>
        <a class="button button--secondary" href="/app/registrations"
          >${t('home.facilitator.registrations')}</a
        >
      </p>
      ${
        events.length === 0
          ? html`<p>${t('home.facilitator.noEvents')}</p>`
          : html`<ul class="card-list">
              ${events.map((event) => {
                const first = event.days[0]?.date;
                return html`<li class="card">
                  <h2 class="card__title"><a href="/app/events/${event.id}">${event.name}</a></h2>
                  <p class="card__meta">
                    ${first ? formatCalendarDate(first, language) : ''} ·
                    ${
                      event.days.length === 1
                        ? t('home.facilitator.eventDay')
                        : t('home.facilitator.eventDays', { count: event.days.length })
                    }
                    ·
                    ${t('home.facilitator.counts', { needs: event.needIds.length, startups: event.startupIds.length })}
                  </p>
                </li>`;
              })}
            </ul>`
      }`,
  });
}

/** A development head's start, "Mina behov": her organisation's needs with status and priority. */
export function developmentHeadHomePage(
  context: PageContext,
  organisationName: string,
  needs: readonly Need[],
): string {
  const { t } = context;
  return layout(context, {
    title: t('home.developmentHead.title'),
    body: html`<h1>${t('home.developmentHead.title')}</h1>
      <p class="lead">${t('home.developmentHead.lead', { organisation: organisationName })}</p>
      <p>
        <a class="button" href="/app/needs/new">${t('host.home.newNeed')}</a>
        <a class="button button--secondary" href="/app/availability">${t('host.home.availability')}</a>
        <a class="button button--secondary" href="/app/agenda">${t('agenda.title')}</a>
      </p>
      ${
        needs.length === 0
          ? html`<p>${t('home.developmentHead.noNeeds')}</p>`
          : html`<ul class="card-list">
                ${needs.map((need) => needCard(context, need))}
              </ul>
              <p><a href="/app/needs">${t('host.home.allNeeds')}</a></p>`
      }`,
  });
}
