import type { MatchingNeedView } from './views';
import { html, type SafeHtml } from '../../html';
import type { PageContext } from '../layout';
import { scoreInWords, whyInWords } from './match-words';
import { needFacts } from './need-facts';

/** Where a startup reads one need. */
export function matchingNeedPath(needId: string): string {
  return `/app/matches/${encodeURIComponent(needId)}`;
}

/**
 * One matching need as a card: its title (a link to the need), how well it matches in words and
 * as a number, organisation, budget, timeframe, and why it matches in sentences. `level` is the
 * heading level of the title (2 on the list, 3 under a section of the start page); `position`
 * (from 1) gives the card the id `need-<position>`, which "Visa fler" links to.
 */
export function matchCard(
  context: PageContext,
  item: MatchingNeedView,
  level: 2 | 3,
  position: number,
): SafeHtml {
  const { t, language } = context;
  const { match, need, organisationName } = item;
  const title = html`<a href="${matchingNeedPath(need.id)}" lang="${need.language}">${need.title}</a>`;
  const why = whyInWords(t, match.explanation, language);
  const whyId = `why-${need.id}`;
  return html`<li class="card" id="need-${position}">
    ${level === 2 ? html`<h2 class="card__title">${title}</h2>` : html`<h3 class="card__title">${title}</h3>`}
    <p class="card__meta">
      <span class="tag">${scoreInWords(t, match.score, language)}</span>
    </p>
    ${needFacts(t, language, need, organisationName)}
    <p class="card__subtitle" id="${whyId}">${t('startup.match.why')}</p>
    <ul aria-labelledby="${whyId}">
      ${why.map((sentence) => html`<li>${sentence}</li>`)}
    </ul>
  </li>`;
}
