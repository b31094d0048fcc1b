import type { NeedView } from './views';
import { html, type SafeHtml } from '../../html';
import type { PageLanguage, Translate } from '../../i18n';

const LOCALES: Record<PageLanguage, string> = { sv: 'sv-SE', en: 'en-GB' };

/** The locale of numbers and dates on a page in `language`. */
export function localeOf(language: PageLanguage): string {
  return LOCALES[language];
}

/** A calendar date (`YYYY-MM-DD`) as "16 mars 2027". */
function calendarDay(isoDate: string, language: PageLanguage): string {
  // Noon UTC is the same calendar day everywhere in Europe.
  return new Intl.DateTimeFormat(localeOf(language), {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${isoDate}T12:00:00Z`));
}

/** "100 000–500 000 kr". */
export function budgetInWords(
  t: Translate,
  language: PageLanguage,
  budget: { min: number; max: number },
): string {
  const format = (amount: number) => amount.toLocaleString(localeOf(language));
  return t('startup.match.budgetRange', { min: format(budget.min), max: format(budget.max) });
}

/** "1 mars 2027 – 30 juni 2027". */
export function timeframeInWords(
  t: Translate,
  language: PageLanguage,
  timeframe: { start: string; end: string },
): string {
  return t('startup.match.timeframeRange', {
    start: calendarDay(timeframe.start, language),
    end: calendarDay(timeframe.end, language),
  });
}

/** Organisation, budget range and timeframe of a need, one line each. */
export function needFacts(
  t: Translate,
  language: PageLanguage,
  need: NeedView,
  organisationName: string,
): SafeHtml {
  return html`<ul class="facts">
    <li><strong>${t('startup.match.organisation')}:</strong> ${organisationName}</li>
    <li><strong>${t('startup.match.budget')}:</strong> ${budgetInWords(t, language, need.budgetSek)}</li>
    <li>
      <strong>${t('startup.match.timeframe')}:</strong> ${timeframeInWords(t, language, need.timeframe)}
    </li>
  </ul>`;
}
