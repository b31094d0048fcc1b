import os from 'node:os';
import { Redis } from 'ioredis';
import { getConfig } from '../config';
import { getRepositories, type Repositories } from '../models';
import { ScoringIndex } from '../scoring';
import { changeBacklog, changeStreamKey } from '../services/matches/change-stream';
import { redisOptionsFromUrl } from '../services/queue/redis-options';
import { startTestApp } from '../test/support';
import { canonical, type RankingView } from '../test/workers/support/harness';
import { jsonLinesOf, spawnWorker, type WorkerProcess } from '../test/workers/support/worker-process';
import { loadMatchesCorpus } from './matches-corpus';
import { openBenchMatches } from './matches-queue';

/**
 * Take-over of a shard against the real servers, at the freshness bench's scale: an owner and a
 * standby worker process on one shard, the API in process. Each round kills the owner (kill -9)
 * while 200 profiles change through the API, and times, from the kill:
 * - the standby taking the lease (bounded by MATCH_LEASE_MS: the owner renews every third of it,
 *   the standby looks again when the lease it found would expire), and how long after the lease's
 *   expiry (read from Redis at the kill) that was;
 * - the standby loaded (model, profiles, the shard's needs, cached top-2K lists) and its take-over
 *   done (every ranking written under its fence);
 * - the first fresh ranking served: a profile changed right after the kill, reworded as a need's
 *   text, showing on that need's match list (GET /needs/:id/matches);
 * - every ranking equal to a clean rebuild (every change applied, rankings compared with a full
 *   ranking of every need under the stored model).
 * The standby of the next round is started beside the new owner. BENCH_STANDBY=cold,warm starts
 * standbys of each kind in turn (MATCH_STANDBY; cold is all a worker knows unless warm is built),
 * BENCH_ROUNDS rounds (default 4), BENCH_LEASE_MS the lease (default: the worker's, 5 s).
 * Own database and queue prefix; everything is removed afterwards.
 */
const NEEDS = 150;
const STARTUPS = 1_500;
const CHANGES = 200;
/** The owner is killed just before this change (so changes are under way on both sides of the kill). */
const KILL_AT = 60;
const POLL_MS = 25;
const ROUNDS = Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? 4)));
const MODES = (process.env.BENCH_STANDBY ?? 'cold').split(',').filter((mode) => mode !== '');

function log(message: string): void {
  process.stderr.write(`[takeover.bench] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

async function untilTrue(what: string, probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** One pino line a worker printed. */
interface LogLine {
  time: number;
  msg: string;
  fence?: number;
  ms?: number;
}

/** The first line `worker` logged with this message. */
function line(worker: WorkerProcess, msg: string): LogLine | undefined {
  return jsonLinesOf<LogLine>(worker).find((each) => each.msg === msg);
}

/** What a clean rebuild under the stored current model gives: every rankable need's top K. */
async function cleanRebuild(repos: Repositories, topK: number): Promise<Map<string, RankingView[]>> {
  const current = await repos.scoringModels.loadOrCreate(() => Promise.reject(new Error('no model stored')));
  const [needs, startups] = await Promise.all([
    repos.scoringInput.allNeeds(),
    repos.scoringInput.allStartups(),
  ]);
  const index = new ScoringIndex(current.model);
  for (const startup of startups) index.upsertStartup(startup.doc);
  const rankable = needs.filter((need) => need.rankable);
  for (const need of rankable) index.upsertNeed(need.doc);
  const out = new Map<string, RankingView[]>();
  for (const need of rankable) {
    const ranking = index.rankStartups(need.doc.id, { topK });
    if (ranking.length > 0)
      out.set(
        need.doc.id,
        ranking.map((match) => ({ startupId: match.startupId, score: match.score })),
      );
  }
  return out;
}

/** The stored rankings as readers get them. */
async function storedRankings(repos: Repositories): Promise<Map<string, RankingView[]>> {
  const out = new Map<string, RankingView[]>();
  for (const match of await repos.matches.listAll())
    out.set(match.needId, [
      ...(out.get(match.needId) ?? []),
      { startupId: match.startupId, score: match.score },
    ]);
  return out;
}

/** What one round measured, in milliseconds from the kill unless said otherwise. */
interface Round {
  mode: string;
  lease: number;
  /** The owner's lease expired → lease taken. */
  late: number;
  /** Lease taken → loaded (the stamp, then the load). */
  loaded: number;
  /** The load alone (model, profiles, needs, cached lists; for a warm standby what is left to load). */
  loadMs: number;
  /** Lease taken → take-over done (stamp, load, every ranking written, leftovers removed). */
  takeOverMs: number;
  fresh: number;
  equal: number;
}

/** The median (the mean of the middle two of an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(): Promise<void> {
  const config = getConfig();
  const matches = openBenchMatches(config.REDIS_URL);
  const { dbName, prefix, producer } = matches;
  const streamClient = new Redis(redisOptionsFromUrl(config.REDIS_URL, 'blocking'));
  streamClient.on('error', () => undefined);
  const app = await startTestApp({ dbName, changes: producer, matchesQueue: producer });
  const repos = getRepositories(app.db);
  const leaseMs = Number(process.env.BENCH_LEASE_MS ?? config.MATCH_LEASE_MS);
  const workerEnv = {
    MONGODB_URI: `${config.MONGODB_URI.replace(/\/[^/]*$/, '')}/${dbName}`,
    REDIS_URL: config.REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'info',
    MATCH_LEASE_MS: String(leaseMs),
    RECONCILE_INTERVAL_MS: '600000',
    WORKER_QUEUES: 'matches',
    REFIT_MIN_INTERVAL_MS: '86400000',
    // Lexical rankings only, as in the freshness bench (the dense channel has a bench of its own).
    MATCH_DENSE: 'off',
  };
  const workers: WorkerProcess[] = [];
  const start = (mode: string): WorkerProcess => {
    const worker = spawnWorker({ ...workerEnv, MATCH_STANDBY: mode }, 180_000);
    workers.push(worker);
    return worker;
  };
  const quiet = async () => {
    const backlog = await changeBacklog(streamClient, changeStreamKey(prefix, 0));
    return backlog.delivered + backlog.undelivered === 0;
  };
  const loadAtStart = os.loadavg()[0]?.toFixed(2);
  const rounds: Round[] = [];
  try {
    const { startupIds } = await loadMatchesCorpus(repos, NEEDS, STARTUPS);
    const needs = await repos.needs.allFields(['title', 'description']);
    let owner = start(MODES[0] as string);
    await owner.ready;
    await untilTrue(
      'the initial rankings',
      async () => (await repos.rankings.appliedVersions(0)).size === STARTUPS && (await quiet()),
      180_000,
    );
    log(`initial rankings written; ${ROUNDS} rounds, standbys ${MODES.join(', ')}, lease ${leaseMs} ms`);
    const versions = new Map(startupIds.map((id) => [id, 1]));
    const patch = async (startupId: string, description: string) => {
      const patched = await app.request<{ version: number }>('PATCH', `/startups/${startupId}`, {
        key: app.facilitatorKey,
        headers: { 'if-match': `"${versions.get(startupId) ?? 1}"` },
        body: { description },
      });
      if (patched.status !== 200) throw new Error(`PATCH answered ${patched.status}`);
      versions.set(startupId, patched.body.version);
    };
    /** The profiles on a need's match list (a GET that fails on a closed keep-alive socket is tried again). */
    const listed = async (needId: string): Promise<string[]> => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const answer = await app.request<{ items: { startupId: string }[] }>(
            'GET',
            `/needs/${needId}/matches`,
            {
              key: app.facilitatorKey,
            },
          );
          return answer.body.items.map((item) => item.startupId);
        } catch (error) {
          if (attempt >= 3) throw error;
        }
      }
    };

    for (let round = 0; round < ROUNDS; round += 1) {
      const mode = MODES[round % MODES.length] as string;
      const standby = start(mode);
      await standby.ready;
      // A warm standby says when it holds the shard's state; the kill comes after that.
      if (mode === 'warm')
        await untilTrue(
          'the warm standby to load',
          async () => line(standby, 'standby loaded') !== undefined,
          180_000,
        );
      await untilTrue('a quiet stream', quiet, 120_000);
      // Each round its own profiles, from the start again once every profile had its turn.
      const changed = Array.from(
        { length: CHANGES },
        (_, i) => startupIds[(round * CHANGES + i) % startupIds.length] as string,
      );
      // The probe: a profile not on a need's list, reworded as that need's text right after the kill.
      const probeNeed = needs[round % needs.length];
      const probeNeedId = String(probeNeed?.id);
      const before = new Set(await listed(probeNeedId));
      const probe = changed.find((id, i) => i >= KILL_AT && !before.has(id)) as string;
      log(
        `round ${round + 1} (${mode} standby): ${CHANGES} profile changes, the owner killed before change ${KILL_AT}`,
      );
      let killedAt = 0;
      let fresh: Promise<number> = Promise.resolve(Number.NaN);
      let killed: Promise<void> = Promise.resolve();
      let expiresAt: Promise<number> = Promise.resolve(Number.NaN);
      for (let i = 0; i < CHANGES; i += 1) {
        if (i === KILL_AT) {
          killedAt = Date.now();
          killed = owner.kill();
          // When the dead owner's lease expires (estimated early by the round trip, if at all).
          const askedAt = Date.now();
          expiresAt = streamClient.pttl(`${prefix}:matches:lease:0`).then((ms) => askedAt + ms);
          await patch(probe, `${String(probeNeed?.title)} ${String(probeNeed?.description)}`);
          fresh = (async () => {
            for (;;) {
              if ((await listed(probeNeedId)).includes(probe)) return Date.now() - killedAt;
              if (Date.now() - killedAt > 180_000) throw new Error('the probe was not served within 180 s');
              await sleep(POLL_MS);
            }
          })();
          // Awaited after the changes; a failure meanwhile must not end the process before the clean-up.
          fresh.catch(() => undefined);
        }
        const startupId = changed[i] as string;
        if (startupId === probe) continue;
        const need = needs[(i * 31 + round) % needs.length];
        await patch(startupId, `${String(need?.title)} ${String(need?.description)} ${round}.${i}`);
      }
      await killed;
      const freshMs = await fresh;
      // Every change applied (acknowledged, and each profile's applied version reached), then compared.
      await untilTrue(
        'every change to be applied',
        async () => {
          if (!(await quiet())) return false;
          const applied = await repos.rankings.appliedVersions(0);
          return changed.every((id) => (applied.get(id)?.appliedVersion ?? 0) >= (versions.get(id) ?? 1));
        },
        180_000,
      );
      const appliedMs = Date.now() - killedAt;
      const expected = canonical(await cleanRebuild(repos, config.MATCHES_TOP_K));
      const stored = canonical(await storedRankings(repos));
      if (JSON.stringify([...stored]) !== JSON.stringify([...expected]))
        throw new Error(
          `round ${round + 1}: the rankings differ from a clean rebuild once every change was applied`,
        );
      const leaseTaken = line(standby, 'lease taken');
      const loaded = line(standby, 'index loaded');
      const taken = line(standby, 'shard taken over');
      if (!leaseTaken || !loaded || !taken)
        throw new Error(`round ${round + 1}: the standby did not log its take-over`);
      rounds.push({
        mode,
        lease: leaseTaken.time - killedAt,
        late: leaseTaken.time - (await expiresAt),
        loaded: loaded.time - leaseTaken.time,
        loadMs: loaded.ms ?? Number.NaN,
        takeOverMs: taken.ms ?? Number.NaN,
        fresh: freshMs,
        equal: appliedMs,
      });
      log(`round ${round + 1}: ${JSON.stringify(rounds[rounds.length - 1])}`);
      workers.splice(workers.indexOf(owner), 1);
      owner = standby;
    }

    console.log(
      `\nTake-over (${NEEDS} needs, ${STARTUPS} profiles, top ${config.MATCHES_TOP_K}, MATCH_LEASE_MS ${leaseMs}; owner kill -9'd before change ${KILL_AT} of ${CHANGES}; API, workers, Redis and FerretDB on this machine)\n`,
    );
    console.log(
      '| round | standby | kill → lease taken (after its expiry) | lease → loaded (the load alone) | lease → take-over done | kill → first fresh ranking served | kill → every ranking equal to a clean rebuild |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    rounds.forEach((r, i) =>
      console.log(
        `| ${i + 1} | ${r.mode} | ${r.lease} ms (${r.late} ms) | ${r.loaded} ms (${r.loadMs} ms) | ${r.takeOverMs} ms | ${r.fresh} ms | ${r.equal} ms |`,
      ),
    );
    console.log('\n| standby | rounds | measure | median | max |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const mode of MODES) {
      const mine = rounds.filter((r) => r.mode === mode);
      const measures: [string, (r: Round) => number][] = [
        ['kill → lease taken', (r) => r.lease],
        ['lease expired → lease taken', (r) => r.late],
        ['lease → loaded', (r) => r.loaded],
        ['the load alone', (r) => r.loadMs],
        ['lease → take-over done', (r) => r.takeOverMs],
        ['kill → first fresh ranking served', (r) => r.fresh],
        ['kill → every ranking equal to a clean rebuild', (r) => r.equal],
      ];
      for (const [name, value] of measures) {
        const values = mine.map(value);
        console.log(
          `| ${mode} | ${mine.length} | ${name} | ${median(values).toFixed(0)} ms | ${Math.max(...values)} ms |`,
        );
      }
    }
    console.log(
      `\nMachine: ${os.cpus().length} cores; load average at the start ${loadAtStart}, at the end ${os.loadavg()[0]?.toFixed(2)}.`,
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    streamClient.disconnect();
    // Last: the API announces writes under the prefix until it is gone.
    await app.destroy();
    await matches.remove();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
