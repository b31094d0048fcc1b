import type { WeightedStem } from './lexicon';
import { stemWord } from './stem';
import { ENGLISH_STOPWORDS, SWEDISH_STOPWORDS } from './stopwords';
import { TRANSLATION_LINES } from './translation.data';

/**
 * Swedish stems mapped to the English stems closest in meaning (multilingual-e5-small word
 * embeddings, `scripts/translation-table/build.py`): the words a Swedish need adds so that it meets
 * English profiles in one term space, beside its own Swedish stems.
 */
export interface MeaningTable {
  /** Swedish Snowball stem → English stems with the weight each receives per occurrence. */
  targets: ReadonlyMap<string, readonly WeightedStem[]>;
  /**
   * The same pairs read the other way: English Porter stem → the Swedish stems closest to it (the
   * highest cosines first, at most `maxTargets`, sharing `weight`), so an English need meets Swedish
   * profiles too.
   */
  sources: ReadonlyMap<string, readonly WeightedStem[]>;
  /** Every Swedish word of the table (a frequent-word list, stopwords included), for compound splitting. */
  swedishWords: readonly string[];
}

/** How a table is read from its lines. */
export interface MeaningTableOptions {
  /** English words below this cosine are left out. @default 0.9 */
  minCosine: number;
  /** Most English words kept per Swedish word (the closest first). @default 2 */
  maxTargets: number;
  /** Summed weight of the English words of one Swedish occurrence, shared equally among them. @default 1 */
  weight: number;
}

export const DEFAULT_MEANING_OPTIONS: MeaningTableOptions = { minCosine: 0.9, maxTargets: 2, weight: 1 };

/**
 * Parses table lines (`swedish=english:cosine english:cosine …`, closest first). Keys are Swedish
 * Snowball stems, so every inflection of a listed word finds its entry; the most frequent spelling of
 * a stem comes first in the table and wins. English words become Porter stems; two words with one
 * stem count once. English targets that are English stopwords are dropped.
 */
export function parseMeaningTable(
  text: string,
  options: MeaningTableOptions = DEFAULT_MEANING_OPTIONS,
): MeaningTable {
  const table = new Map<string, WeightedStem[]>();
  /** English stem → Swedish stem → the highest cosine of a pair joining them. */
  const reverse = new Map<string, Map<string, number>>();
  const swedishWords: string[] = [];
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const swedish = line.slice(0, at);
    // Stopwords too: "för", "under", "över" begin many compounds.
    swedishWords.push(swedish);
    if (SWEDISH_STOPWORDS.has(swedish)) continue;
    const key = stemWord(swedish, 'sv');
    if (table.has(key)) continue;
    const stems: string[] = [];
    for (const target of line.slice(at + 1).split(' ')) {
      if (stems.length === options.maxTargets) break;
      const colon = target.lastIndexOf(':');
      const word = target.slice(0, colon);
      if (!(Number(target.slice(colon + 1)) >= options.minCosine) || ENGLISH_STOPWORDS.has(word)) continue;
      const stem = stemWord(word, 'en');
      if (!stems.includes(stem)) stems.push(stem);
      const cosine = Number(target.slice(colon + 1));
      const swedishStems = reverse.get(stem) ?? new Map<string, number>();
      reverse.set(stem, swedishStems);
      if (!((swedishStems.get(key) ?? -1) >= cosine)) swedishStems.set(key, cosine);
    }
    if (stems.length === 0) continue;
    // Sorted so that term order, and hence floating-point sums, never depend on the table's order.
    table.set(
      key,
      stems.sort().map((stem) => ({ stem, weight: options.weight / stems.length })),
    );
  }
  const sources = new Map<string, WeightedStem[]>();
  for (const [english, swedishStems] of reverse) {
    const closest = [...swedishStems]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, options.maxTargets)
      .map(([stem]) => stem)
      .sort();
    sources.set(
      english,
      closest.map((stem) => ({ stem, weight: options.weight / closest.length })),
    );
  }
  return { targets: table, sources, swedishWords };
}

let builtIn: MeaningTable | undefined;

/** The project's table (`translation.data.ts`) with the default options, parsed on first use. */
export function builtInMeaningTable(): MeaningTable {
  builtIn ??= parseMeaningTable(TRANSLATION_LINES);
  return builtIn;
}
