/*
 * FerretDB 1.x work-around: a need's ranking is stored as one packed string, not as an array of
 * sub-documents. FerretDB 1.x on SQLite stores every document as JSON with a type description of
 * every field beside it, and rewrites the whole of it on each update; with K = 20 entries and
 * their explanations that made a need's state three times as big, and every change to a profile
 * rewrites several of them. MongoDB 7 would store `ranking: RankingEntry[]` as BSON sub-documents
 * at about the packed size, and could then index `ranking.startupId` (which also answers "which
 * needs hold profile X" without `inNeeds`).
 */

/** One entry of a need's stored ranking, best first (the read model the API and scheduling read). */
export interface RankingEntry {
  startupId: string;
  score: number;
  explanation: unknown;
  startupVersion: number;
}

type PackedExplanation = [
  terms: string,
  tags: string,
  crossLanguage: 0 | 1,
  needLanguage: unknown,
  startupLanguage: unknown,
  lexical: unknown,
  semantic: unknown,
  /** Present only when the pair was scored with the dense channel. */
  dense?: unknown,
];
type PackedEntry = [
  startupId: string,
  score: number,
  startupVersion: number,
  explanation: PackedExplanation | { full: unknown },
];

const FIELD = '\u0001';
const ITEM = '\u0002';

function isPlainPart(value: unknown): value is string {
  return typeof value === 'string' && !value.includes(FIELD) && !value.includes(ITEM);
}

/** Marks a term shared only through a word similar in meaning (`similarMeaning: true`). */
const SIMILAR_MEANING = 'm';

function packPairs(list: unknown, key: 'term' | 'tag'): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const parts: string[] = [];
  for (const item of list as Record<string, unknown>[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const keys = Object.keys(item).length;
    const similar = key === 'term' && item.similarMeaning === true;
    if (keys !== (similar ? 3 : 2) || !isPlainPart(item[key]) || typeof item.share !== 'number')
      return undefined;
    parts.push(`${item[key] as string}${FIELD}${item.share}${similar ? FIELD + SIMILAR_MEANING : ''}`);
  }
  return parts.join(ITEM);
}

function unpackPairs(packed: string, key: 'term' | 'tag'): Record<string, unknown>[] {
  if (packed === '') return [];
  return packed.split(ITEM).map((part) => {
    const [text, share, flag] = part.split(FIELD);
    return flag === SIMILAR_MEANING
      ? { [key]: text, share: Number(share), similarMeaning: true }
      : { [key]: text, share: Number(share) };
  });
}

const EXPLANATION_KEYS = [
  'channels',
  'crossLanguage',
  'needLanguage',
  'startupLanguage',
  'tags',
  'terms',
].join(',');

/** The channel sets an explanation may hold: without and with the dense channel. */
const CHANNEL_KEYS = ['lexical,semantic', 'dense,lexical,semantic'];

function packExplanation(explanation: unknown): PackedEntry[3] {
  const e = explanation as Record<string, unknown> | null;
  if (typeof e !== 'object' || e === null || Object.keys(e).sort().join(',') !== EXPLANATION_KEYS)
    return { full: explanation };
  const channels = e.channels as Record<string, unknown> | null;
  const terms = packPairs(e.terms, 'term');
  const tags = packPairs(e.tags, 'tag');
  if (
    terms === undefined ||
    tags === undefined ||
    typeof e.crossLanguage !== 'boolean' ||
    typeof e.needLanguage !== 'string' ||
    typeof e.startupLanguage !== 'string' ||
    typeof channels !== 'object' ||
    channels === null ||
    !CHANNEL_KEYS.includes(Object.keys(channels).sort().join(','))
  ) {
    return { full: explanation };
  }
  const packed: PackedExplanation = [
    terms,
    tags,
    e.crossLanguage ? 1 : 0,
    e.needLanguage,
    e.startupLanguage,
    channels.lexical,
    channels.semantic,
  ];
  if ('dense' in channels) packed.push(channels.dense);
  return packed;
}

function unpackExplanation(packed: PackedEntry[3]): unknown {
  if (!Array.isArray(packed)) return packed.full;
  const [terms, tags, crossLanguage, needLanguage, startupLanguage, lexical, semantic, dense] = packed;
  return {
    terms: unpackPairs(terms, 'term'),
    tags: unpackPairs(tags, 'tag'),
    crossLanguage: crossLanguage === 1,
    needLanguage,
    startupLanguage,
    channels: packed.length > 7 ? { lexical, semantic, dense } : { lexical, semantic },
  };
}

/**
 * Packs a ranking into one string: no per-field type metadata and explanation keys written once
 * keep need documents a third as big, and every change to a profile rewrites several of them.
 */
export function packRanking(ranking: readonly RankingEntry[]): string {
  return JSON.stringify(
    ranking.map((entry): PackedEntry => [
      entry.startupId,
      entry.score,
      entry.startupVersion,
      packExplanation(entry.explanation),
    ]),
  );
}

/** The ranking a need's state holds, best first (empty before its first ranking). */
export function rankingOf(state: { packed?: string | undefined }): RankingEntry[] {
  if (typeof state.packed !== 'string') return [];
  return (JSON.parse(state.packed) as PackedEntry[]).map(
    ([startupId, score, startupVersion, explanation]) => ({
      startupId,
      score,
      startupVersion,
      explanation: unpackExplanation(explanation),
    }),
  );
}
