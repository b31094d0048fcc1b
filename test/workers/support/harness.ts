import { randomUUID } from 'node:crypto';
import { Queue, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import mongoose, { Types, type Connection } from 'mongoose';
import { pino } from 'pino';
import { getConfig } from '../../../config';
import {
  buildNeed,
  buildOrganisation,
  buildStartup,
  type NeedInput,
  type StartupInput,
} from '../../../fixtures';
import { ScoringIndex } from '../../../scoring';
import { getRepositories } from '../../../models';
import { createMatchRepository } from '../../../models/match.repository';
import type { Principal } from '../../../services/auth';
import { ignoreChanges } from '../../../services/changes';
import { createModelStore } from '../../../models/model-store';
import { changeBacklog as backlogOf, changeStreamKey } from '../../../services/matches/change-stream';
import { createMatchesProducer, type MatchesProducer } from '../../../services/queue/change.producer';
import { createNeed } from '../../../services/needs';
import { createOrganisation } from '../../../services/organisations';
import { matchesQueueName } from '../../../services/queue/queues';
import { bullConnectionFromUrl, redisOptionsFromUrl } from '../../../services/queue/redis-options';
import { createStartup } from '../../../services/startups';
import { waitFor } from './wait';

const WORDS = (
  'digital tillsyn skola vård omsorg energi transport mobil plattform data analys sensor vatten avfall bygg trafik ' +
  'kollektivtrafik e-tjänst maskininlärning kommun region invånare hälsa äldre barn utbildning säkerhet kamera drönare ' +
  'karta belysning parkering bibliotek cykel laddning solenergi fjärrvärme översvämning klimat skog jordbruk turism ' +
  'inspection mobile platform analytics sensors water waste building traffic health elderly children education safety ' +
  'camera drones maps lighting parking library bicycle charging solar heating flooding climate forest farming tourism'
).split(' ');

/** Deterministic pseudo-random text of `count` words. */
export function textOf(seed: number, count: number): string {
  let state = (seed * 2654435761) >>> 0 || 1;
  const words: string[] = [];
  for (let i = 0; i < count; i += 1) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    words.push(WORDS[state % WORDS.length] as string);
  }
  return words.join(' ');
}

/**
 * The same rankings in a canonical order (score, then id): calibrated scores can tie (at 1, say)
 * where the blended scores behind them do not, so the order of equal scores is not comparable.
 */
export function canonical(rankings: Map<string, RankingView[]>): Map<string, RankingView[]> {
  return new Map(
    [...rankings.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([needId, list]) => [
        needId,
        [...list].sort((a, b) => b.score - a.score || (a.startupId < b.startupId ? -1 : 1)),
      ]),
  );
}

/** One need's ranking as compared in tests. */
export interface RankingView {
  startupId: string;
  score: number;
}

/** A test file's own database, queue prefix, producer and data helpers. */
export interface Harness {
  dbName: string;
  prefix: string;
  db: Connection;
  producer: MatchesProducer;
  /** Shard 0's matches queue. */
  queue: Queue;
  /** Every shard's matches queue. */
  queues: Queue[];
  /** Environment of a worker process working on this harness's database and prefix. */
  workerEnv(extra?: Record<string, string>): Record<string, string>;
  /**
   * Stores a need of the harness's organisation with text from `seed`, through the need service as
   * the API would (no change is published: the test publishes when it wants).
   */
  insertNeed(seed: number, overrides?: Partial<NeedInput>): Promise<string>;
  /** Stores a startup with text from `seed`, like {@link Harness.insertNeed}. */
  insertStartup(seed: number, overrides?: Partial<StartupInput>): Promise<string>;
  /** Sets fields (adding 1 to the version) and returns the new version. */
  update(kind: 'need' | 'startup', id: string, set: Record<string, unknown>): Promise<number>;
  remove(kind: 'need' | 'startup', id: string): Promise<number>;
  publish(kind: 'need' | 'startup', id: string, version: number, deleted?: boolean): Promise<void>;
  /** Change stream entries of every shard not yet acknowledged by its owner: delivered (being applied) and not yet delivered. */
  changeBacklog(): Promise<{ delivered: number; undelivered: number }>;
  /** Waits until no change waits in a stream or is being applied, and no rebuild job waits, runs or is delayed (checked twice in a row). */
  waitForQuiet(timeoutMs?: number): Promise<void>;
  /** What a clean full recompute under the stored current model gives, per need. */
  expected(): Promise<Map<string, RankingView[]>>;
  /** The stored rankings as readers get them, per need with a non-empty ranking, in stored order. */
  storedRankings(): Promise<Map<string, RankingView[]>>;
  cleanup(): Promise<void>;
}

const COLLECTIONS = { need: 'needs', startup: 'startups' } as const;
/** Matches kept per need in worker tests (small, so rankings change often). */
export const TEST_TOP_K = 5;

/** Lease of the test workers (MATCH_LEASE_MS): short, so take-overs in tests take seconds. Milliseconds. */
export const TEST_LEASE_MS = 2_000;

/** Creates a harness over the shared servers (or `uris` when given), with `shards` shards (default 1). */
export async function createHarness(
  uris: { mongodb?: string; redis?: string } = {},
  shards = 1,
): Promise<Harness> {
  const config = getConfig();
  const mongodbUri = uris.mongodb ?? config.MONGODB_URI;
  const redisUrl = uris.redis ?? config.REDIS_URL;
  const dbName = `test-${randomUUID()}`;
  const prefix = `test-${randomUUID()}`;
  const db = await mongoose
    .createConnection(mongodbUri, { dbName, serverSelectionTimeoutMS: 5_000, autoIndex: false })
    .asPromise();
  const producer = createMatchesProducer({
    redisUrl,
    prefix,
    policy: { attempts: 8, backoffMs: 200 },
    timeoutMs: 2_000,
    shards,
  });
  const queues = Array.from({ length: shards }, (_, shard) => {
    const each = new Queue(matchesQueueName(shard), {
      connection: bullConnectionFromUrl(redisUrl, 'blocking'),
      prefix,
    });
    each.on('error', () => undefined);
    return each;
  });
  const queue = queues[0] as Queue;
  const redis = new Redis(redisOptionsFromUrl(redisUrl, 'blocking'));
  redis.on('error', () => undefined);

  async function changeBacklog(): Promise<{ delivered: number; undelivered: number }> {
    let delivered = 0;
    let undelivered = 0;
    for (let shard = 0; shard < shards; shard += 1) {
      const each = await backlogOf(redis, changeStreamKey(prefix, shard));
      delivered += each.delivered;
      undelivered += each.undelivered;
    }
    return { delivered, undelivered };
  }
  // Records are written through the services (the API's validation and host records) by a
  // facilitator, publishing nothing: each test publishes the changes it means to.
  const deps = { db, repos: getRepositories(db), changes: ignoreChanges, logger: pino({ level: 'silent' }) };
  const writer: Principal = { role: 'facilitator', name: 'test harness', keyId: 'test-harness' };
  const organisationId = (await createOrganisation(deps, writer, buildOrganisation({ name: 'Testkommun' })))
    .id;

  /** What still keeps the shards busy (changes not acknowledged, rebuild jobs by state), or undefined when nothing does. */
  async function busyNow(): Promise<string | undefined> {
    const busy: string[] = [];
    const backlog = await changeBacklog();
    if (backlog.delivered + backlog.undelivered > 0)
      busy.push(`changes delivered ${backlog.delivered}, undelivered ${backlog.undelivered}`);
    for (const each of queues) {
      const counts = await each.getJobCounts(
        'waiting',
        'active',
        'delayed',
        'prioritized',
        'waiting-children',
      );
      const nonZero = Object.entries(counts).filter(([, count]) => count > 0);
      if (nonZero.length === 0) continue;
      // The first few jobs of those states: which try, since when, and why the last failed.
      const jobs = (await each.getJobs(nonZero.map(([state]) => state) as JobType[], 0, 4)).map(
        (job) =>
          `${job.id} ${job.name} ${JSON.stringify(job.data)} tries ${job.attemptsMade}` +
          `${job.processedOn ? ` started ${new Date(job.processedOn).toISOString()}` : ''}` +
          `${job.failedReason ? ` last failure: ${job.failedReason}` : ''}`,
      );
      busy.push(
        `queue ${each.name}: ${nonZero.map(([state, count]) => `${state} ${count}`).join(', ')} (${jobs.join('; ')})`,
      );
    }
    return busy.length > 0 ? busy.join('; ') : undefined;
  }

  return {
    dbName,
    prefix,
    db,
    producer,
    queue,
    queues,
    changeBacklog,
    workerEnv(extra = {}) {
      return {
        MONGODB_URI: `${mongodbUri.replace(/\/[^/]*$/, '')}/${dbName}`,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        MATCHES_TOP_K: String(TEST_TOP_K),
        WORKER_LOCK_MS: '2000',
        MATCH_LEASE_MS: String(TEST_LEASE_MS),
        MATCH_SHARDS: String(shards),
        WORKER_BACKOFF_MS: '200',
        RECONCILE_INTERVAL_MS: '60000',
        // Rankings compared with `expected()`, the lexical and LSA channels; tests of the dense channel turn it on.
        MATCH_DENSE: 'off',
        ...extra,
      };
    },
    async insertNeed(seed, overrides = {}) {
      const need = buildNeed({
        organisationId,
        title: textOf(seed, 5),
        description: textOf(seed + 1000, 40),
        language: 'sv',
        department: 'Stadsbyggnad',
        owner: { name: 'Karin Berg', email: 'karin.berg@example.se' },
        budgetSek: { min: 1, max: 2 },
        timeframe: { start: '2026-01-01', end: '2026-12-31' },
        tags: [],
        meetings: { min: 1, max: 4 },
        ...overrides,
      });
      return (await createNeed(deps, writer, need)).value.id;
    },
    async insertStartup(seed, overrides = {}) {
      const startup = buildStartup({
        name: `Startup ${seed}`,
        oneLiner: textOf(seed + 7000, 8),
        description: textOf(seed + 9000, 50),
        offering: textOf(seed + 11000, 10),
        tags: [],
        languages: ['sv'],
        language: 'sv',
        teamSize: 5,
        website: 'https://example.se',
        references: [],
        contact: { name: 'Ali Hassan', email: 'ali@example.se' },
        maxMeetings: 4,
        ...overrides,
      });
      return (await createStartup(deps, writer, startup)).value.id;
    },
    async update(kind, id, set) {
      const updated = await db
        .collection(COLLECTIONS[kind])
        .findOneAndUpdate(
          { _id: new Types.ObjectId(id) },
          { $set: { ...set, updatedAt: new Date() }, $inc: { version: 1 } },
          { returnDocument: 'after' },
        );
      if (!updated) throw new Error(`${kind} ${id} not found`);
      return Number(updated.version);
    },
    async remove(kind, id) {
      const deleted = await db
        .collection(COLLECTIONS[kind])
        .findOneAndDelete({ _id: new Types.ObjectId(id) });
      if (!deleted) throw new Error(`${kind} ${id} not found`);
      return Number(deleted.version);
    },
    publish(kind, id, version, deleted = false) {
      return producer.publish({ kind, id, version, deleted });
    },
    async waitForQuiet(timeoutMs = 60_000) {
      await waitFor(
        'the matches queue to be quiet',
        async (note) => {
          const busy = (await busyNow()) ?? (await new Promise((r) => setTimeout(r, 300)).then(busyNow));
          if (busy === undefined) return true;
          note(`busy: ${busy}`);
          return undefined;
        },
        timeoutMs,
        200,
      );
    },
    async expected() {
      const pointer = await createModelStore(db).loadOrCreate(async () => {
        throw new Error('no model stored yet');
      });
      const source = getRepositories(db).scoringInput;
      const index = new ScoringIndex(pointer.model);
      const [needs, startups] = await Promise.all([source.allNeeds(), source.allStartups()]);
      for (const startup of startups) index.upsertStartup(startup.doc);
      const out = new Map<string, RankingView[]>();
      for (const need of needs.filter((item) => item.rankable)) index.upsertNeed(need.doc);
      for (const need of needs.filter((item) => item.rankable)) {
        const ranking = index.rankStartups(need.doc.id, { topK: TEST_TOP_K });
        if (ranking.length > 0)
          out.set(
            need.doc.id,
            ranking.map((match) => ({ startupId: match.startupId, score: match.score })),
          );
      }
      return out;
    },
    async storedRankings() {
      const out = new Map<string, RankingView[]>();
      for (const match of await createMatchRepository(db).listAll())
        out.set(match.needId, [
          ...(out.get(match.needId) ?? []),
          { startupId: match.startupId, score: match.score },
        ]);
      return out;
    },
    async cleanup() {
      await producer.close();
      for (const each of queues) await each.obliterate({ force: true }).catch(() => undefined);
      // The workers' own keys under the queue's namespace (leases, fence counters) are not BullMQ's to remove.
      const client = new Redis(redisOptionsFromUrl(redisUrl, 'blocking'));
      client.on('error', () => undefined);
      const keys = await client.keys(`${prefix}:matches:*`).catch(() => []);
      if (keys.length > 0) await client.del(...keys).catch(() => undefined);
      client.disconnect();
      redis.disconnect();
      for (const each of queues) await each.close();
      await db.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
}
