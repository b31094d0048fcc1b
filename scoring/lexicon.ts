import { LEXICON_LINES } from './lexicon.data';
import { stemWord } from './stem';
import { ENGLISH_STOPWORDS } from './stopwords';
import { tokenize } from './tokenize';

/** An English stem a Swedish word stands for, with the share of one occurrence it receives. */
export interface WeightedStem {
  stem: string;
  weight: number;
}

/** Swedish words (one or two) mapped to English stems. */
export interface Lexicon {
  /** Swedish stem → English stems. */
  unigrams: ReadonlyMap<string, readonly WeightedStem[]>;
  /** "stem1 stem2" of a Swedish two-word term → English stems. */
  bigrams: ReadonlyMap<string, readonly WeightedStem[]>;
  /** Swedish base-form words of the lexicon, for compound splitting. */
  swedishWords: readonly string[];
}

function englishStems(phrase: string): string[] {
  return tokenize(phrase)
    .filter((word) => !ENGLISH_STOPWORDS.has(word))
    .map((word) => stemWord(word, 'en'));
}

/**
 * Parses lexicon lines (`sv1, sv2 = en phrase | en alternative`). Each alternative gets an equal share
 * of the Swedish word's weight, spread over its words' stems at full weight each (a phrase reads
 * like the English words written out). The first entry for a Swedish word wins.
 */
export function parseLexicon(lines: readonly string[]): Lexicon {
  const unigrams = new Map<string, WeightedStem[]>();
  const bigrams = new Map<string, WeightedStem[]>();
  const swedishWords = new Set<string>();
  for (const line of lines) {
    const [left, right] = line.split('=');
    if (left === undefined || right === undefined) throw new Error(`lexicon line without "=": ${line}`);
    const alternatives = right
      .split('|')
      .map(englishStems)
      .filter((stems) => stems.length > 0);
    const targets = new Map<string, number>();
    for (const stems of alternatives) {
      for (const stem of stems) targets.set(stem, (targets.get(stem) ?? 0) + 1 / alternatives.length);
    }
    // Sorted so that term order, and hence floating-point sums, never depend on the line order.
    const mapped = [...targets]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([stem, weight]) => ({ stem, weight }));
    for (const swedish of left.split(',')) {
      const words = tokenize(swedish);
      if (words.length === 1 && words[0] !== undefined) {
        swedishWords.add(words[0]);
        const key = stemWord(words[0], 'sv');
        if (!unigrams.has(key)) unigrams.set(key, mapped);
      } else if (words.length === 2) {
        const key = words.map((w) => stemWord(w, 'sv')).join(' ');
        if (!bigrams.has(key)) bigrams.set(key, mapped);
      }
    }
  }
  return { unigrams, bigrams, swedishWords: [...swedishWords].sort() };
}

/** The project's Swedish ↔ English lexicon (see `lexicon.data.ts`). */
export const LEXICON: Lexicon = parseLexicon(LEXICON_LINES);

/**
 * Stems under which a Swedish word may appear in the lexicon: its Snowball stem, and the stems
 * without the definite endings Snowball keeps ("förskolan", "huset").
 */
export function swedishLookupKeys(word: string): string[] {
  const keys = [stemWord(word, 'sv')];
  for (const ending of ['n', 'et', 'ets', 'ns']) {
    if (word.length > ending.length + 3 && word.endsWith(ending))
      keys.push(stemWord(word.slice(0, -ending.length), 'sv'));
  }
  return keys;
}

/** English stems for a Swedish word, or undefined when the lexicon does not know it. */
export function translateSwedish(
  word: string,
  lexicon: Lexicon = LEXICON,
): readonly WeightedStem[] | undefined {
  for (const key of swedishLookupKeys(word)) {
    const found = lexicon.unigrams.get(key);
    if (found) return found;
  }
  return undefined;
}
