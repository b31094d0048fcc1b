import type { PageLanguage, Translate } from '../../i18n';
import { strengthOf } from '../startup/match-words';

/** Most shared terms and tags named in one sentence. */
const MAX_TERMS = 5;
const MAX_TAGS = 3;

/** The parts of scoring's `MatchExplanation` the sentences are made of (read defensively: stored data). */
interface Explanation {
  terms: string[];
  tags: string[];
  crossLanguage: boolean;
  needLanguage: 'sv' | 'en' | undefined;
  startupLanguage: 'sv' | 'en' | undefined;
  lexical: number;
  semantic: number;
}

function languageOf(value: unknown): 'sv' | 'en' | undefined {
  return value === 'sv' || value === 'en' ? value : undefined;
}

function namesOf(list: unknown, key: 'term' | 'tag'): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .map((entry: unknown) => (entry as Record<string, unknown> | null)?.[key])
    .filter((name): name is string => typeof name === 'string' && name.trim() !== '');
}

function readExplanation(explanation: unknown): Explanation {
  const value = (explanation ?? {}) as Record<string, unknown>;
  const channels = (value.channels ?? {}) as Record<string, unknown>;
  return {
    terms: namesOf(value.terms, 'term'),
    tags: namesOf(value.tags, 'tag'),
    crossLanguage: value.crossLanguage === true,
    needLanguage: languageOf(value.needLanguage),
    startupLanguage: languageOf(value.startupLanguage),
    lexical: typeof channels.lexical === 'number' ? channels.lexical : 0,
    semantic: typeof channels.semantic === 'number' ? channels.semantic : 0,
  };
}

/** "a, b och c" / "a, b and c". */
export function listOf(items: readonly string[], language: PageLanguage): string {
  return new Intl.ListFormat(language === 'sv' ? 'sv-SE' : 'en-GB', {
    style: 'long',
    type: 'conjunction',
  }).format(items);
}

/**
 * Why a startup matches a need, as sentences a person reads: the words both texts are about, the
 * keywords they share, whether the words were matched across languages, and which channel carries
 * the match (shared words or the topic of the texts). Never scores or ids.
 */
export function matchReasons(explanation: unknown, t: Translate, language: PageLanguage): string[] {
  const why = readExplanation(explanation);
  const sentences: string[] = [];
  const quoted = (names: string[], most: number) => listOf(names.slice(0, most), language);
  if (why.terms.length > 0) sentences.push(t('host.why.terms', { terms: quoted(why.terms, MAX_TERMS) }));
  if (why.tags.length > 0) sentences.push(t('host.why.tags', { tags: quoted(why.tags, MAX_TAGS) }));
  if (why.crossLanguage && why.needLanguage && why.startupLanguage)
    sentences.push(
      t('host.why.crossLanguage', {
        needLanguage: t(`host.languageName.${why.needLanguage}`),
        startupLanguage: t(`host.languageName.${why.startupLanguage}`),
      }),
    );
  if (why.terms.length === 0 && why.tags.length === 0) sentences.push(t('host.why.none'));
  // Which channel carried the score, by the same rule as the startup's pages.
  if (why.lexical + why.semantic > 0)
    sentences.push(t(why.semantic > why.lexical ? 'host.why.mostlyTopic' : 'host.why.mostlyWords'));
  return sentences;
}

/** The score in words next to the number, by the same bands the startup's pages use. */
export function scoreInWords(score: number, t: Translate, language: PageLanguage): string {
  const label = t(`host.score.${strengthOf(score)}`);
  const number = new Intl.NumberFormat(language === 'sv' ? 'sv-SE' : 'en-GB', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(score);
  return t('host.score.value', { label, score: number });
}
