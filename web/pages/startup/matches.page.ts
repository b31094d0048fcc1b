import { html } from '../../html';
import { layout, type PageContext } from '../layout';
import { MATCHES_PATH } from './home.page';
import { matchCard } from './match-card';
import type { MatchingNeedsView } from './views';

/** Needs shown at first, and how many more each "Visa fler" adds. */
export const MATCHES_PAGE_STEP = 10;

/**
 * "Behov som passar er": the open needs that match the startup, best first, `MATCHES_PAGE_STEP`
 * at a time; "Visa fler behov" shows the next ones on the same page (`?visa=<count>`) and keeps
 * the person where they were (an anchor on the first new card).
 */
export function matchingNeedsPage(context: PageContext, view: MatchingNeedsView): string {
  const { t } = context;
  const shown = view.items.length;
  return layout(context, {
    title: t('startup.matches.title'),
    body: html`<p><a href="/app/">${t('startup.matches.back')}</a></p>
      <h1>${t('startup.matches.title')}</h1>
      <p class="lead">${t('startup.matches.lead')}</p>
      ${view.stale && html`<p role="status">${t('startup.matches.computing')}</p>`}
      ${
        shown === 0
          ? html`<p>${t('startup.matches.none')}</p>`
          : html`<p>${t('startup.matches.shown', { shown, total: view.total })}</p>
              <ol class="card-list">
                ${view.items.map((item, index) => matchCard(context, item, 2, index + 1))}
              </ol>`
      }
      ${
        view.total > shown &&
        html`<p>
          <a
            class="button button--secondary"
            href="${MATCHES_PATH}?visa=${shown + MATCHES_PAGE_STEP}#need-${shown + 1}"
            >${t('startup.matches.showMore')}</a
          >
        </p>`
      }`,
  });
}
