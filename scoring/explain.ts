import { TAG_TERM_PREFIX } from './analyze';
import type { ChannelScores, PreparedNeed, PreparedStartup } from './prepare';
import type { TermSpace } from './term-space';
import type { MatchExplanation } from './types';

/** Most terms listed per explanation. */
export const EXPLANATION_MAX_TERMS = 8;
/** Terms below this share of the lexical score are left out as noise. */
const MIN_TERM_SHARE = 0.01;

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

function label(term: string, need: PreparedNeed, startup: PreparedStartup): string {
  const fromNeed = need.display.get(term);
  const fromStartup = startup.display.get(term);
  if (fromNeed && fromStartup && fromNeed !== fromStartup) return `${fromNeed} / ${fromStartup}`;
  return fromNeed ?? fromStartup ?? term;
}

/**
 * Explains one pair: the shared terms and tags with their share of the lexical score (the need's
 * wording first, then the profile's when they differ, e.g. "hemtjänst / home"), whether the pair
 * crosses languages, and each channel's share of the positive part of the blend.
 * @param startupWeights - dense term id → BM25 weight of `startup` (zero elsewhere).
 */
export function explainMatch(need: PreparedNeed, startup: PreparedStartup, startupWeights: Float64Array, channels: ChannelScores, lexicalWeight: number, space: TermSpace): MatchExplanation {
  const contributions: { term: string; value: number }[] = [];
  let total = 0;
  for (let i = 0; i < need.termIds.length; i += 1) {
    const id = need.termIds[i] as number;
    const w = id < startupWeights.length ? (startupWeights[id] as number) : 0;
    if (w === 0) continue;
    const value = (need.queryWeights[i] as number) * w;
    total += value;
    contributions.push({ term: space.termOf(id), value });
  }
  contributions.sort((a, b) => b.value - a.value || (a.term < b.term ? -1 : 1));
  const terms: MatchExplanation['terms'] = [];
  const tags: MatchExplanation['tags'] = [];
  for (const { term, value } of contributions) {
    const share = total > 0 ? value / total : 0;
    if (term.startsWith(TAG_TERM_PREFIX)) tags.push({ tag: label(term, need, startup), share: round3(share) });
    else if (terms.length < EXPLANATION_MAX_TERMS && share >= MIN_TERM_SHARE) terms.push({ term: label(term, need, startup), share: round3(share) });
  }
  const lexicalPart = (need.lsa ? lexicalWeight : 1) * Math.max(0, channels.lexical);
  const semanticPart = need.lsa ? (1 - lexicalWeight) * Math.max(0, channels.semantic) : 0;
  const positive = lexicalPart + semanticPart;
  return {
    terms,
    tags,
    crossLanguage: need.language !== startup.language,
    needLanguage: need.language,
    startupLanguage: startup.language,
    channels: positive > 0 ? { lexical: round3(lexicalPart / positive), semantic: round3(semanticPart / positive) } : { lexical: 0, semantic: 0 },
  };
}
