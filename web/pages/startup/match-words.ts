import type { MatchExplanation } from '../../../scoring';
import type { Translate } from '../../i18n';

/** Terms and tags named in the sentences of a match (the strongest first). */
const MAX_TERMS = 5;
const MAX_TAGS = 3;

/**
 * A calibrated score in words. The score is a tail fraction of all need–profile pairs of the
 * fitted corpus (scoring/calibrate.ts: 1 is the top 10^-3): from 0.67 a pair is in the top 1 %,
 * from 0.4 in about the top 5 %, which is also the default relevance floor of the schedule.
 */
export function strengthOf(score: number): 'strong' | 'good' | 'weak' {
  if (score >= 0.67) return 'strong';
  if (score >= 0.4) return 'good';
  return 'weak';
}

/** "Mycket god matchning (0,82)". */
export function scoreInWords(t: Translate, score: number, locale: string): string {
  return t('startup.match.scoreWords', {
    words: t(`startup.match.strength.${strengthOf(score)}`),
    score: score.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  });
}

/** "a, b och c". */
function listInWords(t: Translate, items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return t('startup.why.and', { first: items.slice(0, -1).join(', '), last: items[items.length - 1] ?? '' });
}

function namesOf(list: unknown, field: 'term' | 'tag', count: number): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .map((entry) => (entry as Record<string, unknown> | null)?.[field])
    .filter((name): name is string => typeof name === 'string' && name !== '')
    .slice(0, count);
}

function isLanguage(value: unknown): value is 'sv' | 'en' {
  return value === 'sv' || value === 'en';
}

/**
 * Why a need and a profile match, as sentences a person reads: the shared words, the shared tags,
 * the languages when they differ, and which channel carried the score (shared words or meaning).
 * `explanation` is a stored {@link MatchExplanation}; parts it lacks are left out.
 */
export function whyInWords(t: Translate, stored: unknown): string[] {
  if (typeof stored !== 'object' || stored === null) return [];
  const explanation = stored as Partial<MatchExplanation>;
  const sentences: string[] = [];
  const terms = namesOf(explanation.terms, 'term', MAX_TERMS);
  const tags = namesOf(explanation.tags, 'tag', MAX_TAGS);
  if (terms.length > 0) sentences.push(t('startup.why.terms', { terms: listInWords(t, terms) }));
  if (tags.length > 0) sentences.push(t('startup.why.tags', { tags: listInWords(t, tags) }));
  if (terms.length === 0 && tags.length === 0) sentences.push(t('startup.why.noTerms'));
  const { needLanguage, startupLanguage } = explanation;
  if (explanation.crossLanguage === true && isLanguage(needLanguage) && isLanguage(startupLanguage))
    sentences.push(
      t('startup.why.crossLanguage', {
        needLanguage: t(`startup.why.language.${needLanguage}`),
        startupLanguage: t(`startup.why.language.${startupLanguage}`),
      }),
    );
  const channels = explanation.channels;
  if (
    channels &&
    typeof channels.lexical === 'number' &&
    typeof channels.semantic === 'number' &&
    channels.lexical + channels.semantic > 0
  )
    sentences.push(
      t(channels.semantic > channels.lexical ? 'startup.why.mostlyMeaning' : 'startup.why.mostlyWords'),
    );
  return sentences;
}
