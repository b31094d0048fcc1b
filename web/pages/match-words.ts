import type { MessageKey, PageLanguage, Translate } from '../i18n';

/** Most shared terms and tags named in one sentence (the strongest first). */
const MAX_TERMS = 5;
const MAX_TAGS = 3;

/**
 * The catalogue keys of one role's sentences: a development head reads of "the profile", a
 * startup of "your profile". `score` takes `{words}` (the strength) and `{score}` (the number).
 */
export interface MatchWordKeys {
  terms: MessageKey;
  /** `{terms}`: words matched across languages by meaning, each as "need's word / profile's word". */
  similarMeaning: MessageKey;
  /** The texts matched across languages by meaning as a whole (the dense channel), no word named. */
  similarMeaningTexts: MessageKey;
  tags: MessageKey;
  none: MessageKey;
  crossLanguage: MessageKey;
  languageName: Record<'sv' | 'en', MessageKey>;
  mostlyWords: MessageKey;
  mostlyMeaning: MessageKey;
  strength: Record<Strength, MessageKey>;
  score: MessageKey;
}

export type Strength = 'strong' | 'good' | 'weak';

/**
 * A calibrated score in words. The score is a tail fraction of all need–profile pairs of the
 * fitted corpus (scoring/calibrate.ts: 1 is the top 10^-3): from 0.67 a pair is in the top 1 %,
 * from 0.4 in about the top 5 %, which is also the default relevance floor of the schedule.
 */
export function strengthOf(score: number): Strength {
  if (score >= 0.67) return 'strong';
  if (score >= 0.4) return 'good';
  return 'weak';
}

function localeOf(language: PageLanguage): string {
  return language === 'sv' ? 'sv-SE' : 'en-GB';
}

/** "Mycket god matchning (0,82)". */
export function scoreInWords(
  keys: MatchWordKeys,
  score: number,
  t: Translate,
  language: PageLanguage,
): string {
  return t(keys.score, {
    words: t(keys.strength[strengthOf(score)]),
    score: score.toLocaleString(localeOf(language), { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  });
}

/** "a, b och c" / "a, b and c". */
export function listOf(items: readonly string[], language: PageLanguage): string {
  return new Intl.ListFormat(localeOf(language), { style: 'long', type: 'conjunction' }).format(items);
}

function namesOf(list: unknown, key: 'term' | 'tag', similarMeaning?: boolean): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter(
      (entry: unknown) =>
        similarMeaning === undefined ||
        ((entry as Record<string, unknown> | null)?.similarMeaning === true) === similarMeaning,
    )
    .map((entry: unknown) => (entry as Record<string, unknown> | null)?.[key])
    .filter((name): name is string => typeof name === 'string' && name.trim() !== '');
}

function languageOf(value: unknown): 'sv' | 'en' | undefined {
  return value === 'sv' || value === 'en' ? value : undefined;
}

/**
 * Why a need and a profile match, as sentences a person reads: the words both texts share, the
 * words matched across languages by similar meaning (the translation table's and cognates, marked
 * `similarMeaning` by the scoring core) apart from them, the shared tags (or that no single word
 * stands out), the two languages when the words were matched across them, that the texts are similar
 * in meaning across languages when the dense channel scored a pair across them, and which channel
 * carried the score (shared words or meaning). `explanation` is a
 * stored `MatchExplanation` read defensively; parts it lacks are left out. Never scores or ids.
 */
export function matchSentences(
  keys: MatchWordKeys,
  explanation: unknown,
  t: Translate,
  language: PageLanguage,
): string[] {
  const value = (explanation ?? {}) as Record<string, unknown>;
  const shared = namesOf(value.terms, 'term', false);
  const similar = namesOf(value.terms, 'term', true);
  const tags = namesOf(value.tags, 'tag');
  const channels = (value.channels ?? {}) as Record<string, unknown>;
  const sentences: string[] = [];
  if (shared.length > 0)
    sentences.push(t(keys.terms, { terms: listOf(shared.slice(0, MAX_TERMS), language) }));
  if (similar.length > 0)
    sentences.push(t(keys.similarMeaning, { terms: listOf(similar.slice(0, MAX_TERMS), language) }));
  if (tags.length > 0) sentences.push(t(keys.tags, { tags: listOf(tags.slice(0, MAX_TAGS), language) }));
  if (shared.length === 0 && similar.length === 0 && tags.length === 0) sentences.push(t(keys.none));
  const needLanguage = languageOf(value.needLanguage);
  const startupLanguage = languageOf(value.startupLanguage);
  if (value.crossLanguage === true && needLanguage && startupLanguage)
    sentences.push(
      t(keys.crossLanguage, {
        needLanguage: t(keys.languageName[needLanguage]),
        startupLanguage: t(keys.languageName[startupLanguage]),
      }),
    );
  if (value.crossLanguage === true && similar.length === 0 && typeof channels.dense === 'number')
    sentences.push(t(keys.similarMeaningTexts));
  const { lexical, semantic } = channels;
  if (typeof lexical === 'number' && typeof semantic === 'number' && lexical + semantic > 0)
    sentences.push(t(semantic > lexical ? keys.mostlyMeaning : keys.mostlyWords));
  return sentences;
}
