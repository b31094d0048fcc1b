import type { ScoutingEntry } from '../../scheduling';
import { scoreBelowText, scoreText } from './score-text';

/** Languages the facilitator's texts come in. */
export type Language = 'sv' | 'en';

/** Terms of a need listed as "look for" on the scouting list. */
export const SCOUTING_TERMS = 6;

/** The parts of a match explanation the scouting list reads (scoring's `MatchExplanation`). */
interface ExplainedMatch {
  readonly startupId: string;
  readonly score: number;
  readonly explanation?: unknown;
}

export interface ScoutingLabels {
  readonly needs: ReadonlyMap<string, { readonly title: string; readonly tags?: readonly string[] }>;
  readonly startups: ReadonlyMap<string, { readonly name: string }>;
  /** Each need's ranking with explanations (stored matches), best first. */
  readonly rankings: ReadonlyMap<string, readonly ExplainedMatch[]>;
}

export interface NearMissView {
  readonly startupId: string;
  readonly startupName: string;
  readonly score: number;
  /** Of the need's strongest terms, those this startup's profile shares / lacks. */
  readonly sharedTerms: string[];
  readonly missingTerms: string[];
  /** Why it fell short, in words. */
  readonly why: string;
}

/** One need of the scouting list, with names: what the API returns and the pages and CSV show. */
export interface ScoutingView {
  readonly needId: string;
  readonly needTitle: string;
  readonly goodCandidates: number;
  readonly minimum: number;
  readonly floor: number;
  /** The need's own tags. */
  readonly tags: string[];
  /** The need's strongest terms: those carrying most of its matches' lexical scores. */
  readonly terms: string[];
  readonly nearMisses: NearMissView[];
  /** "2 startups fit this need well; the minimum is 3". */
  readonly summary: string;
}

function termsOf(explanation: unknown): { term: string; share: number }[] {
  const terms = (explanation as { terms?: unknown } | null | undefined)?.terms;
  if (!Array.isArray(terms)) return [];
  return terms.filter(
    (t): t is { term: string; share: number } =>
      typeof (t as { term?: unknown }).term === 'string' &&
      typeof (t as { share?: unknown }).share === 'number',
  );
}

/** The terms that carry a need's matches: each term's shares summed over the need's ranking, largest first. */
export function strongestTerms(ranking: readonly ExplainedMatch[], count = SCOUTING_TERMS): string[] {
  const weight = new Map<string, number>();
  for (const match of ranking)
    for (const { term, share } of termsOf(match.explanation))
      weight.set(term, (weight.get(term) ?? 0) + share * match.score);
  return [...weight]
    .sort(([a, wa], [b, wb]) => wb - wa || a.localeCompare(b))
    .slice(0, count)
    .map(([term]) => term);
}

const TEXT = {
  sv: {
    summary: (good: number, minimum: number) =>
      `${good === 1 ? '1 startup passar' : `${good} startups passar`} behovet väl; minimum är ${minimum}`,
    why: (score: string, floor: string, shared: string[], missing: string[]) =>
      `poäng ${score} under golvet ${floor}` +
      (shared.length > 0 ? `; delar ${shared.join(', ')}` : '; delar inga av behovets starkaste ord') +
      (missing.length > 0 ? `; saknar ${missing.join(', ')}` : ''),
    floor: (floor: string, expected: string | null) =>
      `Möten bokas bara med startups som får minst ${floor} i matchning${expected ? ` (en poäng som ungefär ${expected} profiler når av en slump för ett behov)` : ''}. Ett fäst par möts alltid.`,
  },
  en: {
    summary: (good: number, minimum: number) =>
      `${good === 1 ? '1 startup fits' : `${good} startups fit`} this need well; the minimum is ${minimum}`,
    why: (score: string, floor: string, shared: string[], missing: string[]) =>
      `score ${score} below the floor ${floor}` +
      (shared.length > 0 ? `; shares ${shared.join(', ')}` : "; shares none of the need's strongest terms") +
      (missing.length > 0 ? `; lacks ${missing.join(', ')}` : ''),
    floor: (floor: string, expected: string | null) =>
      `Meetings are booked only with startups whose match scores at least ${floor}${expected ? ` (a score about ${expected} profiles reach by chance for a need)` : ''}. A pinned pair always meets.`,
  },
} as const;

/**
 * The relevance floor explained to a facilitator. `corpusProfiles`: profiles the scoring model
 * was fitted on, when known (then the floor is also said as a count of chance matches).
 */
export function describeFloor(floor: number, corpusProfiles: number | undefined, language: Language): string {
  const expected =
    corpusProfiles === undefined || floor <= 0
      ? null
      : `${Math.max(0.1, corpusProfiles * 10 ** (-3 * floor))
          .toFixed(1)
          .replace(/\.0$/, '')
          .replace('.', language === 'sv' ? ',' : '.')} ${language === 'sv' ? 'av' : 'of'} ${corpusProfiles}`;
  return TEXT[language].floor(scoreText(floor, language), expected);
}

/**
 * The scheduling core's scouting entries with names, the need's tags and strongest terms, and for
 * each near miss what it shares and lacks of those terms. Pure: the API, the pages and
 * `npm run demo` share it.
 */
export function scoutingList(
  entries: readonly ScoutingEntry[],
  labels: ScoutingLabels,
  language: Language = 'en',
): ScoutingView[] {
  const text = TEXT[language];
  return entries.map((entry) => {
    const ranking = labels.rankings.get(entry.needId) ?? [];
    const terms = strongestTerms(ranking);
    const need = labels.needs.get(entry.needId);
    const nearMisses = entry.nearMisses.map((miss) => {
      const own = new Set(
        termsOf(ranking.find((m) => m.startupId === miss.startupId)?.explanation).map((t) => t.term),
      );
      const sharedTerms = terms.filter((term) => own.has(term));
      const missingTerms = terms.filter((term) => !own.has(term));
      return {
        startupId: miss.startupId,
        startupName: labels.startups.get(miss.startupId)?.name ?? miss.startupId,
        score: miss.score,
        sharedTerms,
        missingTerms,
        why: text.why(
          scoreBelowText(miss.score, entry.floor, language),
          scoreText(entry.floor, language),
          sharedTerms,
          missingTerms,
        ),
      };
    });
    return {
      needId: entry.needId,
      needTitle: need?.title ?? entry.needId,
      goodCandidates: entry.goodCandidates,
      minimum: entry.minimum,
      floor: entry.floor,
      tags: [...(need?.tags ?? [])],
      terms,
      nearMisses,
      summary: text.summary(entry.goodCandidates, entry.minimum),
    };
  });
}
