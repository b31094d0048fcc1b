import { html } from '../../html';
import { layout, type PageContext } from '../layout';
import { matchCard } from './match-card';
import type { StartupHomeView } from './views';

/** Matching needs shown on the start page; the rest are a link away. */
export const HOME_MATCHES = 3;

/** The list of a startup's matching needs. */
export const MATCHES_PATH = '/app/matches';

/**
 * A startup's start, "Behov som passar er": the profile's review status, links to what it does
 * here (profile, matching needs, and availability and agenda when given), and its best matches.
 */
export function startupHomePage(context: PageContext, view: StartupHomeView): string {
  const { t } = context;
  const { matches } = view;
  const links = [
    { href: '/app/profile', label: t('startup.home.profile'), hint: t('startup.home.profileHint') },
    { href: MATCHES_PATH, label: t('startup.home.matches'), hint: t('startup.home.matchesHint') },
    ...view.links,
  ];
  return layout(context, {
    title: t('home.startup.title'),
    body: html`<h1>${t('home.startup.title')}</h1>
      <p class="lead">${t('home.startup.lead', { startup: view.startupName })}</p>
      <section class="card" aria-labelledby="status-title">
        <h2 class="card__title" id="status-title">${t('startup.home.statusTitle')}</h2>
        <p>${t(`startup.home.status.${view.status}`)}</p>
        ${
          view.status === 'rejected' &&
          view.rejectionReason &&
          html`<p>${t('startup.home.status.reason', { reason: view.rejectionReason })}</p>`
        }
      </section>
      <h2>${t('startup.home.tasks')}</h2>
      <ul class="task-list">
        ${links.map((link) => html`<li><a href="${link.href}">${link.label}</a>: ${link.hint}</li>`)}
      </ul>
      <h2>${t('startup.home.bestMatches')}</h2>
      ${matches.stale && html`<p role="status">${t('startup.matches.computing')}</p>`}
      ${
        matches.items.length === 0
          ? html`<p>${t('startup.matches.none')}</p>`
          : html`<ul class="card-list">
              ${matches.items.map((item, index) => matchCard(context, item, 3, index + 1))}
            </ul>`
      }
      ${
        matches.total > matches.items.length &&
        html`<p>
          <a class="button button--secondary" href="${MATCHES_PATH}"
            >${t('startup.home.showAll', { count: matches.total })}</a
          >
        </p>`
      }`,
  });
}
