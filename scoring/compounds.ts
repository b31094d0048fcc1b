import { stemWord } from './stem';

/** Shortest compound part we accept, in letters: shorter parts split too many ordinary words. */
const MIN_PART_LETTERS = 3;
/** Words shorter than this are never split. */
const MIN_WORD_LETTERS = 6;
/** Most parts one compound is split into. */
const MAX_PARTS = 4;

/** Splits Swedish compounds into known parts; `null` when the word is not a compound of known words. */
export type CompoundSplitter = (word: string) => readonly string[] | null;

/**
 * Builds a splitter over a vocabulary of lower-case Swedish words. A part is known when it is a
 * vocabulary word or the stem of one (which covers the dropped final vowel in "skol|mat"); the last
 * part may also be inflected ("tjänster" → stem "tjänst"). A linking "s" may join parts
 * ("delning|s|tjänst"). Among segmentations the fewest parts win, then the longest first part, so the
 * result does not depend on the vocabulary's order. Results are memoised per splitter.
 */
export function createCompoundSplitter(vocabulary: Iterable<string>): CompoundSplitter {
  const words = new Set<string>();
  const stems = new Set<string>();
  for (const word of vocabulary) {
    if (word.length < MIN_PART_LETTERS) continue;
    words.add(word);
    const stem = stemWord(word, 'sv');
    if (stem.length >= MIN_PART_LETTERS) stems.add(stem);
  }
  const isInnerPart = (part: string): boolean => words.has(part) || stems.has(part);
  // Snowball Swedish keeps the definite "-et"/"-n" ("svinnet", "tjänsten"), so try without them too.
  const isLastPart = (part: string): boolean =>
    isInnerPart(part) ||
    stems.has(stemWord(part, 'sv')) ||
    stems.has(stemWord(part.replace(/(et|n)$/, ''), 'sv'));
  const memo = new Map<string, readonly string[] | null>();

  // Fewest parts from position `start` to the end, or null; `depth` caps the recursion at MAX_PARTS.
  // `whole` allows the rest to stay one part; false at the top so a known compound is still split.
  const segment = (word: string, start: number, depth: number, whole: boolean): string[] | null => {
    const rest = word.slice(start);
    const restIsPart = whole && rest.length >= MIN_PART_LETTERS && isLastPart(rest);
    if (depth === 1 || rest.length < 2 * MIN_PART_LETTERS) return restIsPart ? [rest] : null;
    if (restIsPart) return [rest];
    let best: string[] | null = null;
    for (let end = word.length - MIN_PART_LETTERS; end >= start + MIN_PART_LETTERS; end -= 1) {
      const part = word.slice(start, end);
      if (!isInnerPart(part)) continue;
      const tails: string[][] = [];
      const direct = segment(word, end, depth - 1, true);
      if (direct) tails.push(direct);
      if (word[end] === 's' && end + 1 < word.length) {
        const linked = segment(word, end + 1, depth - 1, true);
        if (linked) tails.push(linked);
      }
      for (const tail of tails) {
        if (best === null || tail.length + 1 < best.length) best = [part, ...tail];
      }
    }
    return best;
  };

  return (word: string) => {
    const known = memo.get(word);
    if (known !== undefined) return known;
    let result: readonly string[] | null = null;
    if (word.length >= MIN_WORD_LETTERS) {
      const parts = segment(word, 0, MAX_PARTS, false);
      // A single part means the word is itself in the vocabulary, not a compound of known words.
      result = parts && parts.length >= 2 ? parts : null;
    }
    memo.set(word, result);
    return result;
  };
}
