import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { getConfig } from '../../config';
import { readBilingualFixture } from '../../fixtures/bilingual-fixture';
import { fitModel, type StartupDocument } from '../../scoring';
import { createChangeLog, type ChangeLog } from '../../services/matches/change-log';
import type { EntitySource, StoredNeed, StoredStartup } from '../../models/entity-source';
import { MatchEngine } from '../../services/matches/match-engine';
import type { CurrentModel, ModelStore } from '../../models/model-store';
import { redisOptionsFromUrl } from '../../services/queue/redis-options';

/**
 * Two match engines (two workers' indexes) sharing one change log on the real Redis. The database
 * side is an in-memory EntitySource and ModelStore (the engine's own interfaces), which count what
 * each engine reads, so the test can tell a mirrored change from one read again from the store.
 */
const TOP_K = 5;

function memoryStore(needs: StoredNeed[], startups: Map<string, StoredStartup>) {
  const reads = { need: 0, startup: 0 };
  const source: EntitySource = {
    async need(id) {
      reads.need += 1;
      return needs.find((need) => need.doc.id === id) ?? null;
    },
    async startup(id) {
      reads.startup += 1;
      return startups.get(id) ?? null;
    },
    async allNeeds() {
      return needs;
    },
    async allStartups() {
      return [...startups.values()];
    },
    async needVersions() {
      return needs.map((need) => ({ id: need.doc.id, version: need.version, rankable: need.rankable }));
    },
    async startupVersions() {
      return [...startups.values()].map((startup) => ({
        id: startup.doc.id,
        version: startup.version,
        rankable: true,
      }));
    },
  };
  return { source, reads };
}

function sharedModels(): ModelStore {
  let current: CurrentModel | undefined;
  return {
    async pointer() {
      return current
        ? {
            _id: 'current',
            snapshotId: current.snapshotId,
            modelVersion: current.model.version,
            generation: current.generation,
            publishedAt: new Date(0),
          }
        : null;
    },
    async loadOrCreate(fit) {
      current ??= { model: await fit(), snapshotId: 'snapshot-1', generation: 1 };
      return current;
    },
    async publish() {
      throw new Error('not used here');
    },
  };
}

describe('mirroring changes between workers through the change log (real Redis)', () => {
  const redis = new Redis(redisOptionsFromUrl(getConfig().REDIS_URL, 'blocking'));
  const prefix = `test-${randomUUID()}`;
  const fixture = readBilingualFixture();
  const needs: StoredNeed[] = fixture.needs.map((doc) => ({ doc, version: 1, rankable: true }));
  const startups = new Map<string, StoredStartup>(
    fixture.startups.map((doc) => [doc.id, { doc, version: 1 }]),
  );
  const models = sharedModels();
  let log: ChangeLog;

  function engineOn(source: EntitySource): MatchEngine {
    return new MatchEngine({
      source,
      log,
      models,
      topK: TOP_K,
      fit: (n, s) =>
        fitModel(
          n.map((need) => need.doc),
          s.map((startup) => startup.doc),
        ),
    });
  }

  /** Every need's top K as (startup, score) pairs. */
  function rankings(engine: MatchEngine): Record<string, [string, number][]> {
    return Object.fromEntries(
      engine
        .rankableNeedIds()
        .sort()
        .map((needId) => [
          needId,
          engine.topFor(needId).map((match) => [match.startupId, match.score] as [string, number]),
        ]),
    );
  }

  /** The rankings of an index built afresh from the store as it is now. */
  async function freshRankings(): Promise<Record<string, [string, number][]>> {
    const fresh = engineOn(memoryStore(needs, startups).source);
    await fresh.start();
    return rankings(fresh);
  }

  /** A profile rewritten to echo a need's text, at `version`. */
  function echoing(startupId: string, needIndex: number, version: number): StoredStartup {
    const need = fixture.needs[needIndex % fixture.needs.length];
    const doc = startups.get(startupId)?.doc as StartupDocument;
    return {
      doc: { ...doc, description: `${need?.title ?? ''} ${need?.description ?? ''} v${version}` },
      version,
    };
  }

  beforeAll(() => {
    log = createChangeLog(redis, prefix);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('a change one worker logs with its document is mirrored by the other without reading the database, and both rank alike', async () => {
    const storeA = memoryStore(needs, startups);
    const storeB = memoryStore(needs, startups);
    const a = engineOn(storeA.source);
    const b = engineOn(storeB.source);
    await Promise.all([a.start(), b.start()]);

    const ids = [...startups.keys()].slice(0, 6);
    expect(startups.size).toBeGreaterThan(16);
    for (const [n, startupId] of ids.entries()) {
      const changed = echoing(startupId, n, 2);
      startups.set(startupId, changed);
      await log.append({ kind: 'startup', id: startupId, version: 2, stored: changed });
      await a.sync();
    }
    const deleted = [...startups.keys()][15] as string;
    startups.delete(deleted);
    await log.append({ kind: 'startup', id: deleted, version: Number.MAX_SAFE_INTEGER, stored: null });
    await Promise.all([a.sync(), b.sync()]);

    expect(storeA.reads.startup + storeB.reads.startup).toBe(0);
    expect(b.versionOf('startup', ids[0] as string)).toBe(2);
    expect(b.startupIdsInIndex()).not.toContain(deleted);
    expect(rankings(b)).toEqual(rankings(a));
    // And both equal an index built afresh from the store.
    expect(rankings(a)).toEqual(await freshRankings());
  });

  it('two versions of one profile logged out of order: the reader keeps the newer', async () => {
    const store = memoryStore(needs, startups);
    const engine = engineOn(store.source);
    await engine.start();
    const startupId = [...startups.keys()][8] as string;
    const newer = echoing(startupId, 3, 5);
    const older = echoing(startupId, 7, 4);
    startups.set(startupId, newer);
    await log.append({ kind: 'startup', id: startupId, version: 5, stored: newer });
    await log.append({ kind: 'startup', id: startupId, version: 4, stored: older });
    await engine.sync();
    expect(engine.versionOf('startup', startupId)).toBe(5);
    expect(rankings(engine)).toEqual(await freshRankings());
  });

  it('an entry without its document (or with one it cannot read) is read from the database', async () => {
    const store = memoryStore(needs, startups);
    const engine = engineOn(store.source);
    await engine.start();
    const [first, second] = [...startups.keys()].slice(10, 12) as [string, string];
    startups.set(first, echoing(first, 1, 3));
    startups.set(second, echoing(second, 2, 3));
    await log.append({ kind: 'startup', id: first, version: 3 });
    await redis.xadd(
      `${prefix}:matches:index-log`,
      '*',
      'kind',
      'startup',
      'id',
      second,
      'version',
      '3',
      'stored',
      '{"not a document"',
    );
    await engine.sync();
    expect(store.reads.startup).toBe(2);
    expect(engine.versionOf('startup', first)).toBe(3);
    expect(engine.versionOf('startup', second)).toBe(3);
  });
});
