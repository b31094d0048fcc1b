import type { Connection } from 'mongoose';
import { rankingChainOf, type RankingDoc, type RankingIndex } from './ferretdb/ranking-chain';
import {
  rankingOf,
  recomputeStateModelOf,
  stateIdOf,
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
  /**
   * Versions of the need and the profile the score was computed from. A later version that changed
   * nothing scoring reads (a need's department, a profile's website) is applied without computing
   * the score again, so these may be behind it: the applied version says how far a record is applied.
   */
  needVersion: number;
  startupVersion: number;
  updatedAt: Date;
}

/** What the workers have applied for a need or profile. */
export interface AppliedState {
  appliedVersion: number;
  deleted: boolean;
  modelVersion: string;
  updatedAt: Date;
}

/** A need's one current ranking, as its shard's index names it. */
export interface CurrentRanking {
  needId: string;
  /** Fencing token of the owner that wrote it. */
  fence: number;
  needVersion: number;
  modelVersion: string;
  entries: RankingEntry[];
}

/** One need's entry in {@link RankingsRead}: its ranking (empty for a closed need) and applied state. */
export interface NeedRankingRead {
  /** The ranking document read (null: the need is closed). Ranking documents never change, so this names the content. */
  rankingId: string | null;
  items: Match[];
  applied: AppliedState;
}

/** Every current ranking, read through every shard's newest index ({@link MatchRepository.currentRankings}). */
export interface RankingsRead {
  /** By need id; needs without an entry in any index are absent. */
  needs: Map<string, NeedRankingRead>;
}

/** Reads of stored matches (written by the matches workers). */
export interface MatchRepository {
  /** The need's ranking, best first. @param limit at most this many (default: all kept, i.e. MATCHES_TOP_K). */
  listForNeed(needId: string, options?: { limit?: number }): Promise<Match[]>;
  /** The needs whose ranking holds this startup, best score first. */
  listForStartup(startupId: string, options?: { limit?: number }): Promise<Match[]>;
  /** Rankings of several needs (e.g. an event's), each cut to `perNeed`; needs without matches are absent. */
  listForNeeds(needIds: readonly string[], options?: { perNeed?: number }): Promise<Map<string, Match[]>>;
  /** What has been applied for a need or profile (a profile: in every shard), or null when nothing yet. */
  appliedState(kind: 'need' | 'startup', id: string): Promise<AppliedState | null>;
  /** {@link listForNeed} and {@link appliedState} of the need from one read of its ranking (the API's hot path). */
  needView(
    needId: string,
    options?: { limit?: number },
  ): Promise<{ items: Match[]; applied: AppliedState | null }>;
  /** {@link listForStartup} and {@link appliedState} of the profile. */
  startupView(
    startupId: string,
    options?: { limit?: number },
  ): Promise<{ items: Match[]; applied: AppliedState | null }>;
  /** The need's current ranking with its fence (null: none, or the need is closed). */
  currentRanking(needId: string): Promise<CurrentRanking | null>;
  /** Every current ranking's matches, ranked per need; for tests and audits. */
  listAll(): Promise<Match[]>;
  /**
   * Every need's current ranking (the API's read model). Rankings in `previous` whose document the
   * indexes still name are taken from it, not read again (ranking documents never change).
   */
  currentRankings(previous?: RankingsRead): Promise<RankingsRead>;
  /** Every profile's applied state as {@link appliedState} gives it (absent: none yet), in one scan. */
  appliedStartups(): Promise<Map<string, AppliedState>>;
}

/** A reader whose ranking document was pruned under it reads the index again (a writer prunes one write late). */
const READ_ATTEMPTS = 4;

function toMatches(doc: RankingDoc): Match[] {
  return rankingOf(doc).map((entry, index) => ({
    needId: doc.needId,
    startupId: entry.startupId,
    score: entry.score,
    rank: index + 1,
    explanation: entry.explanation,
    modelVersion: doc.modelVersion,
    needVersion: doc.needVersion,
    startupVersion: entry.startupVersion,
    updatedAt: doc.updatedAt,
  }));
}

/**
 * `read` with the need's applied version its index entry names: the writer names the same ranking
 * document at a later version when a change left everything scoring reads as it was.
 */
function atVersion(read: NeedRankingRead, needVersion: number): NeedRankingRead {
  return read.applied.appliedVersion === needVersion
    ? read
    : { ...read, applied: { ...read.applied, appliedVersion: needVersion } };
}

/**
 * How many shards the rankings are written in now: what the newest index hint says (undefined
 * before the first write). Not the largest count any hint names: after going from two shards back
 * to one, the second shard's hint and applied versions stay behind, and a reader waiting for them
 * would call every profile's list stale for good.
 */
function shardsInUse(hints: readonly { shards: number; updatedAt: Date }[]): number | undefined {
  let newest: { shards: number; updatedAt: Date } | undefined;
  for (const hint of hints) if (newest === undefined || hint.updatedAt > newest.updatedAt) newest = hint;
  return newest?.shards;
}

/**
 * Match reads through each shard's ranking index (ferretdb/ranking-chain.ts): the index says
 * which document is a need's current ranking and which needs hold a profile; a ranking document
 * is read by `_id`.
 */
export function createMatchRepository(conn: Connection): MatchRepository {
  const chain = rankingChainOf(conn);
  const states = recomputeStateModelOf(conn);

  /** The newest index of every shard in use (the newest hint says how many shards there are). */
  async function heads(): Promise<RankingIndex[]> {
    const hints = await chain.hints();
    const shards = shardsInUse(hints) ?? 0;
    const found = await Promise.all(
      hints.filter((hint) => hint.shard < shards).map((hint) => chain.head(hint.shard, hint.n)),
    );
    return found.filter((head): head is RankingIndex => head !== null);
  }

  /**
   * The ranking documents of `needIds` (absent: no ranking, or the need is closed), read through
   * the current indexes; read again when one was pruned meanwhile.
   */
  async function rankingsOf(pick: (indexes: RankingIndex[]) => string[]): Promise<{
    docs: Map<string, RankingDoc>;
    closed: Map<string, { needVersion: number; updatedAt: Date }>;
    /** Each need's applied version as its index entry names it. */
    applied: Map<string, number>;
  }> {
    for (let attempt = 1; ; attempt += 1) {
      const indexes = await heads();
      const closed = new Map<string, { needVersion: number; updatedAt: Date }>();
      const applied = new Map<string, number>();
      const ids: string[] = [];
      for (const needId of pick(indexes)) {
        for (const index of indexes) {
          const entry = index.entries.get(needId);
          if (entry === undefined) continue;
          applied.set(needId, entry.needVersion);
          if (entry.rankingId === null)
            closed.set(needId, { needVersion: entry.needVersion, updatedAt: index.updatedAt });
          else ids.push(entry.rankingId);
        }
      }
      const docs = await Promise.all(ids.map((id) => chain.ranking(id)));
      if (docs.every((doc) => doc !== null) || attempt >= READ_ATTEMPTS)
        return {
          docs: new Map(docs.filter((doc) => doc !== null).map((doc) => [doc.needId, doc])),
          closed,
          applied,
        };
    }
  }

  async function needView(needId: string, options: { limit?: number } = {}) {
    const { docs, closed, applied } = await rankingsOf(() => [needId]);
    const doc = docs.get(needId);
    if (doc !== undefined)
      return {
        items: toMatches(doc).slice(0, options.limit),
        applied: {
          appliedVersion: applied.get(needId) ?? doc.needVersion,
          deleted: false,
          modelVersion: doc.modelVersion,
          updatedAt: doc.updatedAt,
        },
      };
    const gone = closed.get(needId);
    return {
      items: [],
      applied:
        gone === undefined
          ? null
          : { appliedVersion: gone.needVersion, deleted: true, modelVersion: '', updatedAt: gone.updatedAt },
    };
  }

  /** The profile's applied version: the lowest over the shards (null while a shard has none). */
  async function startupApplied(startupId: string): Promise<AppliedState | null> {
    const shards = shardsInUse(await chain.hints()) ?? 1;
    const found = await Promise.all(
      Array.from({ length: shards }, (_, shard) =>
        states.collection.findOne<RecomputeStateRecord>({ _id: stateIdOf(startupId, shard) } as never),
      ),
    );
    if (found.some((state) => state === null)) return null;
    const lowest = (found as RecomputeStateRecord[]).reduce((low, state) =>
      state.appliedVersion < low.appliedVersion ? state : low,
    );
    return {
      appliedVersion: lowest.appliedVersion,
      deleted: found.some((state) => state?.deleted === true),
      modelVersion: lowest.modelVersion,
      updatedAt: lowest.updatedAt,
    };
  }

  async function startupMatches(startupId: string, options: { limit?: number }): Promise<Match[]> {
    const { docs } = await rankingsOf((indexes) =>
      indexes.flatMap((index) =>
        [...index.entries]
          .filter(([, entry]) => entry.startupIds.includes(startupId))
          .map(([needId]) => needId),
      ),
    );
    return [...docs.values()]
      .flatMap((doc) => toMatches(doc).filter((match) => match.startupId === startupId))
      .sort((a, b) => b.score - a.score || a.needId.localeCompare(b.needId))
      .slice(0, options.limit);
  }

  return {
    async listForNeed(needId, options = {}) {
      return (await needView(needId, options)).items;
    },
    listForStartup: (startupId, options = {}) => startupMatches(startupId, options),
    needView,
    async startupView(startupId, options = {}) {
      const [items, applied] = await Promise.all([
        startupMatches(startupId, options),
        startupApplied(startupId),
      ]);
      return { items, applied };
    },
    async listForNeeds(needIds, options = {}) {
      const { docs } = await rankingsOf(() => [...needIds]);
      const out = new Map<string, Match[]>();
      for (const needId of needIds) {
        const doc = docs.get(needId);
        const list = doc === undefined ? [] : toMatches(doc).slice(0, options.perNeed);
        if (list.length > 0) out.set(needId, list);
      }
      return out;
    },
    async appliedState(kind, id) {
      return kind === 'need' ? (await needView(id)).applied : startupApplied(id);
    },
    async currentRanking(needId) {
      const doc = (await rankingsOf(() => [needId])).docs.get(needId);
      return doc === undefined
        ? null
        : {
            needId,
            fence: doc.fence,
            needVersion: doc.needVersion,
            modelVersion: doc.modelVersion,
            entries: rankingOf(doc),
          };
    },
    async listAll() {
      const { docs } = await rankingsOf((indexes) => indexes.flatMap((index) => [...index.entries.keys()]));
      return [...docs.values()].flatMap(toMatches);
    },
    currentRankings: (previous) => currentRankings(previous),
    appliedStartups,
  };

  /** See {@link MatchRepository.appliedStartups}: the lowest version over the shards, like startupApplied. */
  async function appliedStartups(): Promise<Map<string, AppliedState>> {
    const shards = shardsInUse(await chain.hints()) ?? 1;
    const docs = await states.collection.find<RecomputeStateRecord>({ kind: 'startup' } as never).toArray();
    const byStartup = new Map<string, RecomputeStateRecord[]>();
    for (const doc of docs) {
      if ((doc.shard ?? 0) >= shards) continue;
      const list = byStartup.get(doc.id);
      if (list === undefined) byStartup.set(doc.id, [doc]);
      else list.push(doc);
    }
    const applied = new Map<string, AppliedState>();
    for (const [startupId, found] of byStartup) {
      if (found.length < shards) continue;
      const lowest = found.reduce((low, state) => (state.appliedVersion < low.appliedVersion ? state : low));
      applied.set(startupId, {
        appliedVersion: lowest.appliedVersion,
        deleted: found.some((state) => state.deleted === true),
        modelVersion: lowest.modelVersion,
        updatedAt: lowest.updatedAt,
      });
    }
    return applied;
  }

  /** See {@link MatchRepository.currentRankings}: the indexes, then only the ranking documents not in `previous`. */
  async function currentRankings(previous?: RankingsRead): Promise<RankingsRead> {
    const held = new Map<string, NeedRankingRead>();
    for (const read of previous?.needs.values() ?? [])
      if (read.rankingId !== null) held.set(read.rankingId, read);
    for (let attempt = 1; ; attempt += 1) {
      const needs = new Map<string, NeedRankingRead>();
      const wanted: string[] = [];
      /** The need's version each ranking document is named at (later than the document's own after changes scoring does not read). */
      const versions = new Map<string, number>();
      for (const index of await heads()) {
        for (const [needId, entry] of index.entries) {
          if (entry.rankingId === null) {
            const applied = {
              appliedVersion: entry.needVersion,
              deleted: true,
              modelVersion: '',
              updatedAt: index.updatedAt,
            };
            needs.set(needId, { rankingId: null, items: [], applied });
            continue;
          }
          const kept = held.get(entry.rankingId);
          if (kept !== undefined) needs.set(needId, atVersion(kept, entry.needVersion));
          else wanted.push(entry.rankingId);
          versions.set(entry.rankingId, entry.needVersion);
        }
      }
      const docs = await Promise.all(wanted.map((id) => chain.ranking(id)));
      for (const doc of docs) {
        if (doc === null) continue;
        const applied = {
          appliedVersion: doc.needVersion,
          deleted: false,
          modelVersion: doc.modelVersion,
          updatedAt: doc.updatedAt,
        };
        const read = { rankingId: doc._id, items: toMatches(doc), applied };
        needs.set(doc.needId, atVersion(read, versions.get(doc._id) ?? doc.needVersion));
        held.set(doc._id, read);
      }
      // A document pruned while read (a writer deletes superseded ones a write later): read the indexes again.
      if (docs.every((doc) => doc !== null) || attempt >= READ_ATTEMPTS) return { needs };
    }
  }
}
