/*
 * FerretDB 1.x work-around: the fenced ranking index as a chain of documents, one per write.
 *
 * A shard's rankings are pointed at by its index, which must refuse a writer whose fencing token is
 * older than the one stored. MongoDB 7 would do that with one conditional update of one document
 * (`updateOne({ _id: shard, fence: { $lte: fence } }, …)`, atomic per document). FerretDB 1.x
 * evaluates such a filter and then writes without holding the row (two same-version writers both
 * won 18 of 20 races), so a paused writer could check, sleep past its lease, and overwrite the next
 * owner's index. An `_id` insert is atomic on both servers, so the index is a chain instead:
 * document `<shard>:<n>` is inserted only by a writer that read document n - 1 and found its fence
 * no newer than its own, and only one writer can insert `<shard>:<n>`. Fences therefore never go
 * down along the chain, and once an owner has appended its first document (the stamp it makes at
 * take-over), every later append by an older fence fails: it finds the newer fence at its n, or at
 * an n after it. Readers take the newest document (a hint names it; they probe past the hint, since
 * the hint is written after the append, and a paused writer may even write it lower). An old
 * position is pruned to a tombstone of about a hundred bytes, never deleted: a deleted `_id` could
 * be inserted again by a writer paused since, and a reader walking up from a lowered hint would stop
 * at it. Ranking documents are inserted under ids no one else uses (`<needId>:<fence>:<seq>`)
 * before the index that names them, so a refused writer's rankings are never named; superseded ones
 * are deleted a write later, orphans of refused writers at the next take-over or reconciliation.
 */
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../duplicate-key';
import { StaleFenceError } from '../ranking-errors';
import { chunkedBulkWrite } from './chunked-bulk-write';

/** What a shard's index says about one need. */
export interface IndexEntry {
  /** Id of the need's ranking document; null for a closed need (no ranking, version applied). */
  rankingId: string | null;
  /** Version of the need the ranking was computed from. */
  needVersion: number;
  /** Profiles in the ranking (answers "which needs hold profile X"). */
  startupIds: readonly string[];
}

/** One document of a shard's index chain. */
export interface RankingIndex {
  shard: number;
  /** Position in the chain (1, 2, …). */
  n: number;
  /** Fencing token of the writer. */
  fence: number;
  /** Number of shards the writer ran with. */
  shards: number;
  /** Random id of the writing owner (tells its own append from another's after a lost answer). */
  writer: string;
  entries: ReadonlyMap<string, IndexEntry>;
  updatedAt: Date;
}

/** One need's ranking document (immutable once inserted). */
export interface RankingDoc {
  _id: string;
  needId: string;
  shard: number;
  fence: number;
  needVersion: number;
  modelVersion: string;
  /** The entries, packed (ferretdb/packed-ranking.ts). */
  packed: string;
  updatedAt: Date;
}

interface IndexDoc {
  _id: string;
  shard: number;
  n: number;
  fence: number;
  shards: number;
  writer: string;
  /** JSON of [needId, rankingId | null, needVersion, startupIds joined by ','][] (no per-field type metadata); '' once pruned. */
  packed: string;
  updatedAt: Date;
}

interface HintDoc {
  _id: string;
  shard: number;
  n: number;
  fence: number;
  shards: number;
  updatedAt: Date;
}

const INDEX = 'ranking_index';
const HINTS = 'ranking_heads';
const RANKINGS = 'rankings';

function indexIdOf(shard: number, n: number): string {
  return `${shard}:${n}`;
}

/** The id of a ranking document: unique to one owner (fence) and one of its writes (seq). */
export function rankingIdOf(needId: string, fence: number, seq: number): string {
  return `${needId}:${fence}:${seq}`;
}

function pack(entries: ReadonlyMap<string, IndexEntry>): string {
  return JSON.stringify(
    [...entries].map(([needId, entry]) => [
      needId,
      entry.rankingId,
      entry.needVersion,
      entry.startupIds.join(','),
    ]),
  );
}

function unpack(doc: IndexDoc): RankingIndex {
  const rows = (doc.packed === '' ? [] : JSON.parse(doc.packed)) as [string, string | null, number, string][];
  return {
    shard: doc.shard,
    n: doc.n,
    fence: doc.fence,
    shards: doc.shards,
    writer: doc.writer,
    updatedAt: doc.updatedAt,
    entries: new Map(
      rows.map(([needId, rankingId, needVersion, ids]) => [
        needId,
        { rankingId, needVersion, startupIds: ids === '' ? [] : ids.split(',') },
      ]),
    ),
  };
}

/** The chain's reads and writes on one connection (every look-up by `_id`, but for the rare fallbacks named). */
export function rankingChainOf(conn: Connection) {
  const db = () => {
    if (!conn.db) throw new Error('ranking chain: the connection is not open');
    return conn.db;
  };
  const index = () => db().collection<IndexDoc>(INDEX);
  const hints = () => db().collection<HintDoc>(HINTS);
  const rankings = () => db().collection<RankingDoc>(RANKINGS);
  const findIndex = (shard: number, n: number) => index().findOne({ _id: indexIdOf(shard, n) });
  /** The shard count of the last hint this chain wrote for each shard (readers find a shard through its hint). */
  const hinted = new Map<number, number>();

  /** The newest index document at or after `from` (0: the chain's start). */
  async function newestFrom(shard: number, from: number): Promise<IndexDoc | null> {
    let n = from;
    let [doc, next] = await Promise.all([n > 0 ? findIndex(shard, n) : null, findIndex(shard, n + 1)]);
    if (n > 0 && doc === null) {
      // A hint ahead of the chain cannot be (it is written after the append); start over.
      n = 0;
      [doc, next] = await Promise.all([null, findIndex(shard, 1)]);
    }
    while (next !== null) {
      doc = next;
      n += 1;
      next = await findIndex(shard, n + 1);
    }
    return doc;
  }

  return {
    /** Every shard's hint (which shards exist, and where each chain ends, about). */
    async hints(): Promise<{ shard: number; n: number; shards: number; updatedAt: Date }[]> {
      return hints().find({}).toArray();
    },

    /** The newest index of `shard`, or null before its first write. */
    async head(shard: number, hintN?: number): Promise<RankingIndex | null> {
      const from = hintN ?? (await hints().findOne({ _id: String(shard) }))?.n ?? 0;
      const doc = await newestFrom(shard, from);
      return doc === null ? null : unpack(doc);
    },

    /**
     * Appends an index after `after` (the position the writer last read or wrote): inserts
     * `<shard>:<after + 1>`, or, when another writer took that position, checks its fence and tries
     * the next. Throws StaleFenceError as soon as a newer fence is found. Returns the position written.
     */
    async append(input: {
      shard: number;
      shards: number;
      fence: number;
      writer: string;
      after: number;
      entries: ReadonlyMap<string, IndexEntry>;
    }): Promise<number> {
      const { shard, fence, writer } = input;
      const packed = pack(input.entries);
      let n = input.after + 1;
      for (;;) {
        const doc: IndexDoc = {
          _id: indexIdOf(shard, n),
          shard,
          n,
          fence,
          shards: input.shards,
          writer,
          packed,
          updatedAt: new Date(),
        };
        try {
          await index().insertOne(doc);
          break;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
        const taken = await findIndex(shard, n);
        if (taken === null) continue;
        if (taken.fence > fence) throw new StaleFenceError(shard, fence, taken.fence);
        // Our own insert whose answer was lost, or an older fence's write that got here first.
        if (taken.writer === writer && taken.packed === packed) break;
        n += 1;
      }
      // The hint saves readers probing, and names the shards in use. Once this process wrote one
      // for the shard and shard count, a late, lower one is harmless (readers probe past it), so the
      // append does not wait for it: one round trip less before a change is applied.
      const hint = hints()
        .replaceOne(
          { _id: String(shard) },
          { shard, n, fence, shards: input.shards, updatedAt: new Date() },
          { upsert: true },
        )
        .then(() => hinted.set(shard, input.shards))
        .catch(() => undefined);
      if (hinted.get(shard) !== input.shards) await hint;
      return n;
    },

    async insertRankings(docs: readonly RankingDoc[]): Promise<void> {
      if (docs.length > 0) await rankings().insertMany(docs as RankingDoc[], { ordered: false });
    },

    async ranking(id: string): Promise<RankingDoc | null> {
      return rankings().findOne({ _id: id });
    },

    /** Deletes ranking documents by id (superseded ones, orphans). */
    async deleteRankings(ids: readonly string[]): Promise<void> {
      await chunkedBulkWrite(
        rankings(),
        ids.map((id) => ({ deleteOne: { filter: { _id: id } } })),
        false,
      );
    },

    /** Prunes one old position to a tombstone (keeps its `_id`, so it can never be inserted again). */
    async pruneIndex(shard: number, n: number): Promise<void> {
      if (n > 0) await index().updateOne({ _id: indexIdOf(shard, n) }, { $set: { packed: '' } });
    },

    /** Ids and fences of every ranking document of a shard (a scan: take-over and reconciliation only). */
    async rankingIdsOf(shard: number): Promise<{ id: string; fence: number }[]> {
      const docs = await rankings()
        .find({ shard }, { projection: { fence: 1 } })
        .toArray();
      return docs.map((doc) => ({ id: doc._id, fence: doc.fence }));
    },
  };
}

/** The chain's operations (see {@link rankingChainOf}). */
export type RankingChain = ReturnType<typeof rankingChainOf>;
