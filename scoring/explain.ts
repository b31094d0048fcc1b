import type { ChannelScores, PreparedNeed, PreparedStartup } from './prepare';
import type { TermSpace } from './term-space';
import type { MatchExplanation } from './types';

/** Most terms listed per explanation. */
export const EXPLANATION_MAX_TERMS = 8;
/** Terms below this share of the lexical score are left out as noise. */
const MIN_TERM_SHARE = 0.01;

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** A contribution's share of the lexical total, rounded (0 when nothing was shared). */
function shareOf(value: number, total: number): number {
  return total > 0 ? round3(value / total) : 0;
}

/** Scratch of explainMatch's best-terms insertion list (single-threaded, never escapes a call). */
const BEST_IDS = new Int32Array(EXPLANATION_MAX_TERMS);
const BEST_VALUES = new Float64Array(EXPLANATION_MAX_TERMS);

/** The need's wording of a term; across languages also the profile's ("hemtjänst / home"). */
function label(term: string, need: PreparedNeed, startup: PreparedStartup): string {
  const fromNeed = need.display.get(term);
  // Within one language the need's wording says enough, and skipping the profile's map keeps
  // explanations cheap (they are built for every returned match).
  if (need.language === startup.language) return fromNeed ?? startup.display.get(term) ?? term;
  const fromStartup = startup.display.get(term);
  if (fromNeed && fromStartup && fromNeed !== fromStartup) return `${fromNeed} / ${fromStartup}`;
  return fromNeed ?? fromStartup ?? term;
}

/** Whether either side has the term only as a word similar in meaning to one it wrote in the other language. */
function byMeaning(term: string, need: PreparedNeed, startup: PreparedStartup): boolean {
  return need.display.byMeaning?.(term) === true || startup.display.byMeaning?.(term) === true;
}

/**
 * The shared terms of a pair, read from whichever side is cheaper: `ids`/`own` are one document's
 * term ids and weights, `other` holds the other document's weights densely by term id (zero where
 * absent). Each contribution is query weight × BM25 weight, the same product the score sums.
 */
export interface SharedTerms {
  ids: Int32Array;
  own: Float64Array;
  other: Float64Array;
  /** Bit `id & 31` of word `id >> 5` is set for every term `other` holds a weight for (tested first: it is 32× smaller). */
  present: Uint32Array;
}

/**
 * Explains one pair: the shared terms and tags with their share of the lexical score (in the need's
 * wording, and across languages also the profile's, e.g. "hemtjänst / home"; a term one side has
 * only as a word similar in meaning to its own, e.g. "detektorer / detectors", is marked
 * `similarMeaning`), whether the pair
 * crosses languages, and each channel's share of the positive part of the blend.
 */
export function explainMatch(
  need: PreparedNeed,
  startup: PreparedStartup,
  shared: SharedTerms,
  channels: ChannelScores,
  lexicalWeight: number,
  space: TermSpace,
  denseWeight = 0,
): MatchExplanation {
  // Only the few best terms become objects: explanations are built for every returned match, so
  // this runs topK times per ranking, must not sort every shared term and allocates only its result.
  const bestIds = BEST_IDS;
  const bestValues = BEST_VALUES;
  let bestCount = 0;
  let tagEntries: { id: number; value: number }[] | null = null;
  let total = 0;
  const { ids, own, other, present } = shared;
  for (let i = 0; i < ids.length; i += 1) {
    const id = ids[i] as number;
    if (id >= other.length || (((present[id >> 5] as number) >>> (id & 31)) & 1) === 0) continue;
    const w = other[id] as number;
    if (w === 0) continue;
    const value = (own[i] as number) * w;
    total += value;
    if (space.isTag(id)) {
      (tagEntries ??= []).push({ id, value });
      continue;
    }
    if (bestCount === EXPLANATION_MAX_TERMS && value <= (bestValues[bestCount - 1] as number)) continue;
    let at = bestCount < EXPLANATION_MAX_TERMS ? bestCount : EXPLANATION_MAX_TERMS - 1;
    while (at > 0 && (bestValues[at - 1] as number) < value) {
      bestValues[at] = bestValues[at - 1] as number;
      bestIds[at] = bestIds[at - 1] as number;
      at -= 1;
    }
    bestValues[at] = value;
    bestIds[at] = id;
    if (bestCount < EXPLANATION_MAX_TERMS) bestCount += 1;
  }
  // Two terms can read as one word (a stem and the concept it translates to, say): they are shown
  // once, with their shares added, in the place of the stronger.
  const labels: string[] = [];
  const labelValues: number[] = [];
  const labelMeanings: boolean[] = [];
  for (let n = 0; n < bestCount; n += 1) {
    const term = space.termOf(bestIds[n] as number);
    const text = label(term, need, startup);
    const meaning = byMeaning(term, need, startup);
    const at = labels.indexOf(text);
    if (at === -1) {
      labels.push(text);
      labelValues.push(bestValues[n] as number);
      labelMeanings.push(meaning);
    } else {
      labelValues[at] = (labelValues[at] as number) + (bestValues[n] as number);
      labelMeanings[at] = (labelMeanings[at] as boolean) && meaning;
    }
  }
  const terms: MatchExplanation['terms'] = [];
  for (let n = 0; n < labels.length; n += 1) {
    const value = shareOf(labelValues[n] as number, total);
    if (value < MIN_TERM_SHARE) continue;
    terms.push(
      labelMeanings[n]
        ? { term: labels[n] as string, share: value, similarMeaning: true }
        : { term: labels[n] as string, share: value },
    );
  }
  const tags: MatchExplanation['tags'] = [];
  if (tagEntries !== null) {
    for (const { id, value } of tagEntries)
      tags.push({ tag: label(space.termOf(id), need, startup), share: shareOf(value, total) });
    tags.sort((a, b) => b.share - a.share || (a.tag < b.tag ? -1 : 1));
  }
  // With a dense score the lexical + LSA blend weighs 1 − w (see blendChannels).
  const rest = channels.dense === null ? 1 : 1 - denseWeight;
  const lexicalPart = rest * (need.lsa ? lexicalWeight : 1) * Math.max(0, channels.lexical);
  const semanticPart = need.lsa ? rest * (1 - lexicalWeight) * Math.max(0, channels.semantic) : 0;
  const densePart = channels.dense === null ? 0 : denseWeight * Math.max(0, channels.dense);
  const positive = lexicalPart + semanticPart + densePart;
  const share = (part: number): number => (positive > 0 ? round3(part / positive) : 0);
  return {
    terms,
    tags,
    crossLanguage: need.language !== startup.language,
    needLanguage: need.language,
    startupLanguage: startup.language,
    channels:
      channels.dense === null
        ? { lexical: share(lexicalPart), semantic: share(semanticPart) }
        : { lexical: share(lexicalPart), semantic: share(semanticPart), dense: share(densePart) },
  };
}
