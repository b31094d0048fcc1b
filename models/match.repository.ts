import type { Connection } from 'mongoose';
import { matchModelOf } from './match.model';
import {
  findState,
  rankingOf,
  recomputeStateModelOf,
  type RankingEntry,
  type RecomputeStateRecord,
} from './recompute-state.model';

/** One ranked, explained match as callers see it. */
export interface Match {
  needId: string;
  startupId: string;
  /** Calibrated score in [0, 1]. */
  score: number;
  /** 1-based position in the need's ranking. */
  rank: number;
  explanation: unknown;
  modelVersion: string;
  needVersion: number;
  startupVersion: number;
  updatedAt: Date;
}

/** What the workers have applied for one need or profile. */
export interface AppliedState {
  appliedVersion: number;
  deleted: boolean;
  modelVersion: string;
  updatedAt: Date;
}

/** Reads of stored matches (written by the matches workers). */
export interface MatchRepository {
  /** The need's ranking, best first. @param limit at most this many (default: all kept, i.e. MATCHES_TOP_K). */
  listForNeed(needId: string, options?: { limit?: number }): Promise<Match[]>;
  /** The needs whose ranking holds this startup, best score first. */
  listForStartup(startupId: string, options?: { limit?: number }): Promise<Match[]>;
  /** Rankings of several needs (e.g. an event's), each cut to `perNeed`; needs without matches are absent. */
  listForNeeds(needIds: readonly string[], options?: { perNeed?: number }): Promise<Map<string, Match[]>>;
  /** What has been applied for a need or profile, or null when nothing yet. */
  appliedState(kind: 'need' | 'startup', id: string): Promise<AppliedState | null>;
  /** {@link listForNeed} and {@link appliedState} of the need from one document read (the API's hot path). */
  needView(
    needId: string,
    options?: { limit?: number },
  ): Promise<{ items: Match[]; applied: AppliedState | null }>;
  /** {@link listForStartup} and {@link appliedState} of the profile, reading its state document once. */
  startupView(
    startupId: string,
    options?: { limit?: number },
  ): Promise<{ items: Match[]; applied: AppliedState | null }>;
  /** Every stored match document, ranked per need by score (ties by id); a full scan, for tests and audits. */
  listAll(): Promise<Match[]>;
}

function toMatch(state: RecomputeStateRecord, entry: RankingEntry, index: number): Match {
  return {
    needId: state.id,
    startupId: entry.startupId,
    score: entry.score,
    rank: index + 1,
    explanation: entry.explanation,
    modelVersion: state.modelVersion,
    needVersion: state.appliedVersion,
    startupVersion: entry.startupVersion,
    updatedAt: state.updatedAt,
  };
}

/**
 * Match reads served from the per-need ranking kept in `recompute_state` (one document read per
 * need: FerretDB answers look-ups by `_id` quickly and scans everything else). The per-pair
 * documents in `matches` hold the same values and are the record the workers reconcile.
 */
export function createMatchRepository(conn: Connection): MatchRepository {
  const states = recomputeStateModelOf(conn);
  const matches = matchModelOf(conn);

  async function needState(needId: string): Promise<RecomputeStateRecord | null> {
    return findState(conn, 'need', needId);
  }

  function listOf(state: RecomputeStateRecord | null, options: { limit?: number }): Match[] {
    if (!state || state.deleted) return [];
    const ranking = rankingOf(state);
    return ranking
      .slice(0, options.limit ?? ranking.length)
      .map((entry, index) => toMatch(state, entry, index));
  }

  async function listForNeed(needId: string, options: { limit?: number } = {}): Promise<Match[]> {
    return listOf(await needState(needId), options);
  }

  function appliedOf(state: RecomputeStateRecord | null): AppliedState | null {
    return state
      ? {
          appliedVersion: state.appliedVersion,
          deleted: state.deleted,
          modelVersion: state.modelVersion,
          updatedAt: state.updatedAt,
        }
      : null;
  }

  async function startupMatches(
    startupId: string,
    state: RecomputeStateRecord | null,
    options: { limit?: number },
  ): Promise<Match[]> {
    const needIds = state?.inNeeds ?? [];
    const found = await Promise.all(
      needIds.map(async (needId) => {
        const need = await needState(needId);
        if (!need || need.deleted) return undefined;
        const ranking = rankingOf(need);
        const index = ranking.findIndex((entry) => entry.startupId === startupId);
        const entry = ranking[index];
        return entry ? toMatch(need, entry, index) : undefined;
      }),
    );
    return found
      .filter((match): match is Match => match !== undefined)
      .sort((a, b) => b.score - a.score || a.needId.localeCompare(b.needId))
      .slice(0, options.limit ?? needIds.length);
  }

  return {
    listForNeed,
    async listForStartup(startupId, options = {}) {
      return startupMatches(startupId, await findState(conn, 'startup', startupId), options);
    },
    async needView(needId, options = {}) {
      const state = await needState(needId);
      return { items: listOf(state, options), applied: appliedOf(state) };
    },
    async startupView(startupId, options = {}) {
      const state = await findState(conn, 'startup', startupId);
      return { items: await startupMatches(startupId, state, options), applied: appliedOf(state) };
    },
    async listForNeeds(needIds, options = {}) {
      const lists = await Promise.all(
        needIds.map(
          async (needId) =>
            [
              needId,
              await listForNeed(needId, options.perNeed === undefined ? {} : { limit: options.perNeed }),
            ] as const,
        ),
      );
      return new Map(lists.filter(([, list]) => list.length > 0));
    },
    async appliedState(kind, id) {
      return appliedOf(await findState(conn, kind, id));
    },
    async listAll() {
      const [docs, needStates] = await Promise.all([
        matches.find({}).lean(),
        states.find({ kind: 'need' }).lean<RecomputeStateRecord[]>(),
      ]);
      // Pair documents carry no explanation (it lives, packed, in the need's ranking).
      const explanations = new Map<string, unknown>();
      for (const state of needStates)
        for (const entry of rankingOf(state))
          explanations.set(`${state.id}:${entry.startupId}`, entry.explanation);
      const byNeed = new Map<string, typeof docs>();
      for (const doc of docs) byNeed.set(doc.needId, [...(byNeed.get(doc.needId) ?? []), doc]);
      return [...byNeed.values()].flatMap((list) =>
        list
          .sort((a, b) => b.score - a.score || a.startupId.localeCompare(b.startupId))
          .map((doc, index) => ({
            needId: doc.needId,
            startupId: doc.startupId,
            score: doc.score,
            rank: index + 1,
            explanation: doc.explanation ?? explanations.get(`${doc.needId}:${doc.startupId}`) ?? null,
            modelVersion: doc.modelVersion,
            needVersion: doc.needVersion,
            startupVersion: doc.startupVersion,
            updatedAt: doc.updatedAt,
          })),
      );
    },
  };
}
