import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildIndex, type NeedDocument, type StartupDocument } from '../scoring';
import { buildInstance, type SourceMatch } from '../services/schedules/build-instance';
import type { ScheduleInstance } from '../scheduling';

/** Profiles enrolled in the event: every judged one, the rest spread evenly over the others. */
export const POOL_SIZE = 300;
/** Matches kept per need, as the API's default build (`topK`). */
export const TOP_K = 20;

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as T);
}

/** Id prefix of a Swedish need's text entered as a profile (`swedishNeedTexts`). */
export const NEED_TEXT_PREFIX = 'sv-text:';

/**
 * The Swedish SBIR needs' texts (`sbir-sv`) as Swedish profiles: documents in the other language
 * than the English profiles, judged by no qrels, that fit no need but their own (pair them with
 * `ownText` excluded).
 */
export function swedishNeedTexts(svDir: string): StartupDocument[] {
  return readJsonl<NeedDocument>(path.join(svDir, 'needs.jsonl')).map((need) => ({
    id: `${NEED_TEXT_PREFIX}${need.id}`,
    name: need.title,
    description: need.description,
    language: 'sv',
  }));
}

/** True for a need and its own text entered as a profile. */
export const ownText = (needId: string, startupId: string): boolean =>
  startupId === `${NEED_TEXT_PREFIX}${needId}`;

/** need id → startup ids the qrels call relevant. */
export function readRelevant(dir: string): Map<string, Set<string>> {
  const relevant = new Map<string, Set<string>>();
  for (const line of readFileSync(path.join(dir, 'qrels.tsv'), 'utf8').split('\n')) {
    const [needId, startupId, grade] = line.trim().split('\t');
    if (!needId || !startupId || !(Number(grade) > 0)) continue;
    relevant.set(needId, (relevant.get(needId) ?? new Set()).add(startupId));
  }
  return relevant;
}

export interface SbirEventOptions {
  /** Where needs.jsonl is read from instead of `dir` (same need ids, e.g. `sbir-sv`). */
  readonly needsDir?: string;
  /** Profiles added to the corpus and enrolled in the event besides the pool (e.g. distractors). */
  readonly extraStartups?: readonly StartupDocument[];
  /** Pairs that are never candidates (e.g. a need and its own text entered as a profile). */
  readonly excluded?: (needId: string, startupId: string) => boolean;
}

export interface SbirEvent {
  readonly needs: readonly NeedDocument[];
  /** Profiles the scoring model was fitted on. */
  readonly corpusProfiles: number;
  /** Need ids on odd lines of needs.jsonl (1st, 3rd, …): where the floor is chosen. */
  readonly oddNeedIds: ReadonlySet<string>;
  readonly relevant: Map<string, Set<string>>;
  readonly matches: readonly SourceMatch[];
  /** The event with every need; pass `relevanceFloor` to build it at another floor. */
  readonly instanceAt: (relevanceFloor: number | undefined) => ScheduleInstance;
}

/**
 * An event from the SBIR development half: its 62 needs (one host each, priority 3, 1–3 meetings),
 * a pool of 300 profiles (every judged one; each takes at most 3 meetings), 10 tables, two days of
 * 09:00–12:00 and 13:00–16:00 (20-minute meetings, 5 minutes between them: 28 slots). The scoring
 * model is fitted on every need and all 1,578 profiles (the database); each need's top 20 among the
 * pool are its matches, as the API's build would take them.
 */
export function buildSbirEvent(dir: string, options: SbirEventOptions = {}): SbirEvent {
  const needs = readJsonl<NeedDocument>(path.join(options.needsDir ?? dir, 'needs.jsonl'));
  const extra = options.extraStartups ?? [];
  const startups = [...readJsonl<StartupDocument>(path.join(dir, 'startups.jsonl')), ...extra];
  const relevant = readRelevant(dir);
  const judged = new Set([...relevant.values()].flatMap((ids) => [...ids]));
  const extraIds = new Set(extra.map((s) => s.id));
  const others = startups.filter((s) => !judged.has(s.id) && !extraIds.has(s.id));
  const room = Math.max(0, POOL_SIZE - judged.size);
  const step = others.length / Math.max(1, room);
  const pool = new Set([
    ...extraIds,
    ...judged,
    ...Array.from({ length: room }, (_, i) => others[Math.floor(i * step)]?.id ?? ''),
  ]);
  const index = buildIndex(needs, startups);
  const matches: SourceMatch[] = [];
  for (const need of needs) {
    const ranked = index.rankStartups(need.id, { topK: startups.length, explain: false });
    const kept = ranked.filter((m) => pool.has(m.startupId) && !options.excluded?.(need.id, m.startupId));
    for (const match of kept.slice(0, TOP_K))
      matches.push({ needId: match.needId, startupId: match.startupId, score: match.score });
  }
  const oddNeedIds = new Set(needs.filter((_, i) => i % 2 === 0).map((n) => n.id));
  const poolStartups = startups.filter((s) => pool.has(s.id));
  const instanceAt = (relevanceFloor: number | undefined) =>
    buildInstance(
      {
        event: {
          id: 'sbir',
          timezone: 'Europe/Stockholm',
          meetingMinutes: 20,
          changeoverMinutes: 5,
          days: ['2027-03-16', '2027-03-17'].map((date) => ({
            date,
            sessions: [
              { start: '09:00', end: '12:00' },
              { start: '13:00', end: '16:00' },
            ],
          })),
          rooms: Array.from({ length: 10 }, (_, i) => ({ id: `t${i + 1}`, name: `Table ${i + 1}` })),
          availability: [],
        },
        needs: needs.map((need) => ({
          id: need.id,
          title: need.title,
          owner: { name: need.id, email: `${need.id}@example.org` },
          priority: 3,
          meetings: { min: 1, max: 3 },
        })),
        startups: poolStartups.map((s) => ({ id: s.id, name: s.name ?? s.id, maxMeetings: 3 })),
        matches,
      },
      relevanceFloor === undefined ? {} : { relevanceFloor },
    );
  return { needs, corpusProfiles: startups.length, oddNeedIds, relevant, matches, instanceAt };
}
