import { readFileSync } from 'node:fs';
import os from 'node:os';
import { cpuSecondsOf, pidListeningOn } from './process-cpu';
import { Redis } from 'ioredis';
import { getConfig } from '../config';
import { getRepositories } from '../models';
import { changeBacklog, changeStreamKey } from '../services/matches/change-stream';
import { redisOptionsFromUrl } from '../services/queue/redis-options';
import { redisGenerations } from '../services/read-models';
import { openBenchMatches } from './matches-queue';
import { buildStartup, startTestApp } from '../test/support';
import { spawnWorker, type WorkerProcess } from '../test/workers/support/worker-process';
import { limitCpu, type CpuLimit } from './cpu-limit';
import { loadMatchesCorpus } from './matches-corpus';
import { registeredStartupTexts } from './synthetic-text';

/**
 * End-to-end freshness and throughput of the matches pipeline against the real servers:
 * API (in process) → the change stream → worker process(es) → FerretDB → API read.
 *
 * - Freshness: 1,500 profiles and 150 needs loaded; 200 times, a profile is edited through the API
 *   and its matches are polled until the edit is applied (`appliedVersion` reached, not stale).
 * - Throughput: after an untimed warm-up (profiles registered and deleted), a backlog of profile registrations made through the API
 *   (POST /startups) while the worker processes are stopped (SIGSTOP), then timed from SIGCONT until every one is applied;
 *   one worker owning the one shard, then two workers with two shards (`MATCH_SHARDS=2`, one each), each round with the
 *   same profiles (deleted again after the round).
 * The API runs as server.ts runs it: its read models share their generations through Redis with the workers, so a GET
 * reads the rankings again only after a worker wrote some.
 * Own database and queue prefix; everything is removed afterwards.
 */
const NEEDS = 150;
const STARTUPS = 1_500;
const UPDATES = 200;
/** Registrations per throughput round (each round's backlog is applied in full and timed). */
const REGISTRATIONS = 400;
/**
 * Registrations applied and deleted again, untimed, before each throughput round (see
 * `registrations`): enough for a worker process started just before the round to have compiled its
 * code (with 100, the second worker's jobs took about twice the CPU of the first's).
 */
const WARM_UP_REGISTRATIONS = Number(process.env.BENCH_WARM_UP ?? 300);
const POLL_MS = 25;
/** Time budget of the freshness phase: it stops early (and says so) rather than run for ever on a slow machine. */
const FRESHNESS_BUDGET_MS = 120_000;
/**
 * BENCH_WORKER_CPUS=0.5 confines each worker process to half a core (a cgroup CPU quota), as if each
 * worker ran on a small machine of its own: the throughput rounds then show how the work spreads
 * over workers, which two cores shared with the database, Redis and the API cannot show.
 */
const WORKER_CPUS = process.env.BENCH_WORKER_CPUS ? Number(process.env.BENCH_WORKER_CPUS) : undefined;
/**
 * BENCH_FRESH_WORKERS=1: each throughput round starts from worker processes started for it (like
 * for like). By default the one-worker round runs on the worker that served the freshness phase,
 * and the two-worker round adds a worker started just before it: a worker started minutes ago
 * spends more CPU per job (measured: 18 against 13–15 ms), so the default favours round one.
 */
const FRESH_WORKERS = process.env.BENCH_FRESH_WORKERS === '1';
/** BENCH_PAIRS=N: N pairs of throughput rounds (one worker, then two), medians reported; 0: freshness only. */
const PAIRS = Math.max(0, Math.floor(Number(process.env.BENCH_PAIRS ?? 1)));
function log(message: string): void {
  process.stderr.write(`[freshness.bench] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

/** Pid of the server listening at `url`'s port on this machine (whichever checkout started it), when found. */
function servicePid(url: string, defaultPort: number): number | undefined {
  return pidListeningOn(Number(new URL(url).port || defaultPort));
}

/**
 * The scheduler's autogroup of a process (Linux, with sched_autogroup_enabled): CPU time is shared
 * fairly between autogroups first, so a process's own nice only orders it within its autogroup.
 */
function autogroupOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/autogroup`, 'utf8').trim();
  } catch {
    return 'autogroup unknown';
  }
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

async function untilTrue(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

async function main(): Promise<void> {
  const config = getConfig();
  const matches = openBenchMatches(config.REDIS_URL);
  const { dbName, prefix, producer, queue } = matches;
  const streamClient = new Redis(redisOptionsFromUrl(config.REDIS_URL, 'blocking'));
  streamClient.on('error', () => undefined);
  const generations = redisGenerations(streamClient, prefix, (error) =>
    log(`generation not shared: ${String(error)}`),
  );
  const appOptions = { dbName, changes: producer, matchesQueue: producer, generations };
  const app = await startTestApp(appOptions);
  const repos = getRepositories(app.db);
  const workers: WorkerProcess[] = [];
  // Refits held off: the rounds' registrations drift the model past its refit threshold after a
  // few pairs, and a refit inside a timed round recomputes every need (seen: one round 0.57×).
  const workerEnv = {
    MONGODB_URI: `${config.MONGODB_URI.replace(/\/[^/]*$/, '')}/${dbName}`,
    REDIS_URL: config.REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'info',
    RECONCILE_INTERVAL_MS: '600000',
    // Worker processes are stopped (SIGSTOP) while a backlog is registered: a lease longer than
    // that keeps the owner from losing its shard meanwhile.
    MATCH_LEASE_MS: '600000',
    WORKER_QUEUES: 'matches',
    REFIT_MIN_INTERVAL_MS: '86400000',
    // Lexical rankings only (embedding every loaded profile would take the machine for minutes);
    // the dense channel's lag is measured by freshness-dense.bench.ts. BENCH_MATCH_DENSE=on runs the
    // worker's dense pass too (EMBEDDINGS_URL, else the service's), to see the lexical figures with it.
    MATCH_DENSE: process.env.BENCH_MATCH_DENSE === 'on' ? 'on' : 'off',
  };
  const limits: CpuLimit[] = [];
  /** Starts a worker process for the producer's shard count (confined to WORKER_CPUS cores when set). */
  const startWorker = (): WorkerProcess => {
    const worker = spawnWorker({ ...workerEnv, MATCH_SHARDS: String(matches.shards()) }, 180_000);
    workers.push(worker);
    if (WORKER_CPUS !== undefined && worker.child.pid !== undefined)
      limits.push(limitCpu(worker.child.pid, WORKER_CPUS, `matchmaker-bench-${worker.child.pid}`));
    return worker;
  };
  const quiet = async () => {
    const backlogs = await Promise.all(
      Array.from({ length: matches.shards() }, (_, shard) =>
        changeBacklog(streamClient, changeStreamKey(prefix, shard)),
      ),
    );
    return (
      backlogs.every((backlog) => backlog.delivered + backlog.undelivered === 0) &&
      Object.values(await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).every(
        (count) => count === 0,
      )
    );
  };
  /** Stops (SIGSTOP) or continues (SIGCONT) every worker process: a backlog builds while they are stopped. */
  const signalWorkers = (signal: 'SIGSTOP' | 'SIGCONT') => {
    for (const worker of workers) worker.child.kill(signal);
  };
  /** Changes each worker applied since `marks` (its output's length then), from its 'changes applied' log lines. */
  const appliedSince = (marks: Map<WorkerProcess, number>) =>
    new Map(
      workers.map((worker) => [
        worker,
        [
          ...worker
            .output()
            .slice(marks.get(worker) ?? 0)
            .matchAll(/"applied":(\d+),"msg":"changes applied"/g),
        ].reduce((sum, match) => sum + Number(match[1]), 0),
      ]),
    );
  const loadAtStart = os.loadavg()[0]?.toFixed(2);
  const embeddingServerPid =
    workerEnv.MATCH_DENSE === 'on' ? servicePid(config.EMBEDDINGS_URL, 80) : undefined;
  try {
    const loadStarted = Date.now();
    const { startupIds } = await loadMatchesCorpus(repos, NEEDS, STARTUPS);
    const loadMs = Date.now() - loadStarted;

    const firstStarted = Date.now();
    await startWorker().ready;
    await untilTrue(
      'the initial rankings',
      async () => (await repos.rankings.appliedVersions(0)).size === STARTUPS && (await quiet()),
      180_000,
    );
    const initialMs = Date.now() - firstStarted;

    // Freshness: edit a profile through the API, poll its matches until the edit is applied.
    const versions = new Map(startupIds.map((id) => [id, 1]));
    const needs = await repos.needs.allFields(['title', 'description']);
    const latencies: number[] = [];
    // Where each edit's time goes: the PATCH, and the rest (the stream, the owner's write, polling and read-back).
    const parts = { patch: [] as number[], after: [] as number[] };
    const freshnessStarted = Date.now();
    log(`initial rankings after ${initialMs} ms; ${UPDATES} profile edits`);
    for (let i = 0; i < UPDATES && Date.now() - freshnessStarted < FRESHNESS_BUDGET_MS; i += 1) {
      if (i % 20 === 0) log(`edit ${i}`);
      const startupId = startupIds[(i * 7919) % startupIds.length] as string;
      const need = needs[(i * 31) % needs.length];
      const version = versions.get(startupId) ?? 1;
      const started = performance.now();
      const patched = await app.request<{ version: number }>('PATCH', `/startups/${startupId}`, {
        key: app.facilitatorKey,
        headers: { 'if-match': `"${version}"` },
        body: { description: `${String(need?.title)} ${String(need?.description)} ${i}` },
      });
      if (patched.status !== 200) throw new Error(`PATCH answered ${patched.status}`);
      const patchedAt = performance.now();
      versions.set(startupId, patched.body.version);
      for (;;) {
        const matches = await app.request<{ appliedVersion: number; stale: boolean }>(
          'GET',
          `/startups/${startupId}/matches`,
          { key: app.facilitatorKey },
        );
        if (!matches.body.stale && matches.body.appliedVersion >= patched.body.version) break;
        if (performance.now() - started > 120_000) throw new Error(`update ${i} not applied after 120 s`);
        await sleep(POLL_MS);
      }
      const total = performance.now() - started;
      latencies.push(total);
      parts.patch.push(patchedAt - started);
      parts.after.push(total - (patchedAt - started));
    }
    for (const list of Object.values(parts)) list.sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);

    // Throughput: a backlog of registrations made through the API while the workers are stopped, then
    // the time the worker(s) take to apply all of it (registrations per minute, sustained).
    const roundNotes: string[] = [];
    /**
     * Registers `count` profiles through the API while the workers are stopped; returns their ids.
     * Texts depend on `seed` alone, so both rounds register the same profiles and do the same work.
     */
    async function register(label: string, count: number, seed: number): Promise<string[]> {
      await untilTrue('a quiet queue', quiet, 120_000);
      signalWorkers('SIGSTOP');
      const created: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          while (next < count) {
            const n = next;
            next += 1;
            const response = await app.request<{ id: string }>('POST', '/startups', {
              key: app.facilitatorKey,
              body: buildStartup({
                name: `${label} ${n}`,
                ...registeredStartupTexts(n, seed),
                tags: [],
                language: 'sv',
              }),
            });
            if (response.status !== 201) throw new Error(`POST /startups answered ${response.status}`);
            created.push(response.body.id);
          }
        }),
      );
      return created;
    }

    /**
     * Deletes what a round registered and waits until the workers applied it, so the next round
     * starts from the same profiles (a round after a larger corpus would place its profiles in
     * fewer top Ks and write less) and its identical texts tie with nothing.
     */
    async function unregister(ids: readonly string[]): Promise<void> {
      signalWorkers('SIGCONT');
      for (const id of ids) {
        const response = await app.request('DELETE', `/startups/${id}`, {
          key: app.facilitatorKey,
          headers: { 'if-match': '"1"' },
        });
        if (response.status !== 204) throw new Error(`DELETE /startups/${id} answered ${response.status}`);
      }
      await untilTrue('the deletions to be applied', quiet, 600_000, 100);
    }

    /** What one throughput round measured. */
    interface Round {
      perMinute: number;
      wallMs: number;
      /** CPU seconds of every measured process (API and bench, workers, FerretDB, Redis) during the round. */
      cpuSeconds: number;
      /** CPU seconds of the worker processes alone. */
      workerCpuSeconds: number;
      /** CPU seconds of the embedding server (NaN with the dense pass off, or when it was not found). */
      embeddingCpuSeconds: number;
    }

    async function registrations(round: string): Promise<Round> {
      // Warm up first, untimed: a worker process that just started runs slower until its code is
      // compiled, and the round measures sustained throughput.
      const warmUp = await register(`${round} warm-up`, WARM_UP_REGISTRATIONS, 50_000);
      signalWorkers('SIGCONT');
      await untilTrue(`round ${round} warm-up to be applied`, quiet, 600_000, 100);
      // Deleted again before the timed round, so that round starts from the same profiles.
      await unregister(warmUp);
      const created = await register(round, REGISTRATIONS, 60_000);
      const processes = {
        'API and bench': process.pid,
        ...Object.fromEntries(workers.map((worker, n) => [`worker ${n + 1}`, worker.child.pid])),
        FerretDB: servicePid(config.MONGODB_URI, 27017),
        Redis: servicePid(config.REDIS_URL, 6379),
        // With the dense pass on, the server the workers ask (it embeds beside the round).
        ...(workerEnv.MATCH_DENSE === 'on' ? { 'embedding server': embeddingServerPid } : {}),
      };
      const cpuBefore = Object.fromEntries(
        Object.entries(processes).map(([name, pid]) => [name, cpuSecondsOf(pid)]),
      );
      const marks = new Map(workers.map((worker) => [worker, worker.output().length]));
      const started = Date.now();
      signalWorkers('SIGCONT');
      await untilTrue(`round ${round} to be applied`, quiet, 600_000, 100);
      const elapsedMs = Date.now() - started;
      const cpuAfter = Object.fromEntries(
        Object.entries(processes).map(([name, pid]) => [name, cpuSecondsOf(pid)]),
      );
      const appliedBy = appliedSince(marks);
      const jobsByPid = new Map(
        workers.map((worker) => [String(worker.child.pid), appliedBy.get(worker) ?? 0]),
      );
      const cpu = Object.entries(processes)
        .map(([name, pid]) => {
          const before = cpuBefore[name];
          const after = cpuAfter[name];
          const jobs = jobsByPid.get(String(pid)) || undefined;
          return before === undefined || after === undefined
            ? undefined
            : `${name} ${(after - before).toFixed(1)} s${jobs === undefined ? '' : ` (${jobs} changes, ${(((after - before) * 1000) / jobs).toFixed(1)} ms each)`}`;
        })
        .filter((part) => part !== undefined);
      roundNotes.push(`${round} worker(s): ${(elapsedMs / 1000).toFixed(1)} s wall; CPU ${cpu.join(', ')}`);
      const states = await Promise.all(created.map((id) => repos.matches.appliedState('startup', id)));
      const applied = states.filter((state) => (state?.appliedVersion ?? 0) >= 1).length;
      if (applied !== created.length)
        throw new Error(
          `round ${round}: ${created.length - applied} of ${created.length} registrations not applied once the queue was quiet`,
        );
      log(`round ${round}: ${applied} registrations applied in ${elapsedMs} ms`);
      await unregister(created);
      const used = (name: string) => (cpuAfter[name] ?? Number.NaN) - (cpuBefore[name] ?? Number.NaN);
      const names = Object.keys(processes);
      return {
        perMinute: (applied / elapsedMs) * 60_000,
        wallMs: elapsedMs,
        cpuSeconds: names.reduce((sum, name) => sum + used(name), 0),
        workerCpuSeconds: names
          .filter((name) => name.startsWith('worker'))
          .reduce((sum, name) => sum + used(name), 0),
        embeddingCpuSeconds: used('embedding server'),
      };
    }
    /** Stops the worker that has run so far and starts another in its place. */
    async function replaceFirstWorker(): Promise<void> {
      await workers.shift()?.stop();
      await startWorker().ready;
    }

    /**
     * Stops every worker, then runs two shards with a worker each: the producer adds changes to
     * both shards' streams from now on, and both workers take a shard over (writing its rankings
     * and applied versions) before the round.
     */
    async function twoShards(): Promise<void> {
      while (workers.length > 0) await workers.pop()?.stop();
      matches.useShards(2);
      const started = Date.now();
      const pair = [startWorker(), startWorker()];
      await Promise.all(pair.map((worker) => worker.ready));
      await untilTrue(
        'each of two workers to take a shard over',
        async () =>
          pair.every((worker) => /"msg":"shard taken over"/.test(worker.output())) &&
          (await repos.rankings.appliedVersions(1)).size >= STARTUPS &&
          (await quiet()),
        300_000,
      );
      log(`two shards taken over by two workers after ${Date.now() - started} ms`);
    }

    // Rounds with one worker, then with two (one shard each), repeated: run-to-run spread on this
    // machine is large (see the README), so the figures below are medians over the pairs, with
    // every value listed. Every one-worker round runs before the shards are split: a database
    // that had two shards keeps shard 1's documents, which a single shard's readers would count.
    const ones: Round[] = [];
    for (let pair = 1; pair <= PAIRS; pair += 1) {
      log(`${latencies.length} edits measured; round ${pair} of ${PAIRS}: registrations with one worker`);
      if (FRESH_WORKERS) await replaceFirstWorker();
      ones.push(await registrations('one'));
    }
    if (PAIRS > 0) await twoShards();
    const pairs: { one: Round; two: Round }[] = [];
    for (const one of ones) {
      log('registrations with two workers, one shard each');
      pairs.push({ one, two: await registrations('two') });
    }

    const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
    console.log(
      `\nMatches freshness and throughput (${NEEDS} needs, ${STARTUPS} profiles, top ${config.MATCHES_TOP_K}; API, worker(s), Redis and FerretDB on this machine${WORKER_CPUS === undefined ? '' : `; each worker confined to ${WORKER_CPUS} cores`}; worker dense pass ${workerEnv.MATCH_DENSE})\n`,
    );
    console.log('| measure | value | target |');
    console.log('| --- | --- | --- |');
    console.log(`| load ${NEEDS + STARTUPS} documents (createMany) | ${fmt(loadMs)} | |`);
    console.log(`| first worker: fit, index, initial rankings | ${fmt(initialMs)} | |`);
    console.log(
      `| freshness p50 (PATCH profile → its matches applied; ${latencies.length} of ${UPDATES} edits within the ${FRESHNESS_BUDGET_MS / 1000} s budget) | ${fmt(quantile(latencies, 0.5))} | |`,
    );
    console.log(`| freshness p95 | ${fmt(quantile(latencies, 0.95))} | < 200 ms |`);
    console.log(`| freshness max | ${fmt(latencies[latencies.length - 1] ?? Number.NaN)} | |`);
    console.log(
      `| of which, p50 / p95: PATCH answered | ${fmt(quantile(parts.patch, 0.5))} / ${fmt(quantile(parts.patch, 0.95))} | |`,
    );
    console.log(
      `| rest: change stream, the owner's write, polling, read-back | ${fmt(quantile(parts.after, 0.5))} / ${fmt(quantile(parts.after, 0.95))} | |`,
    );
    const cores = os.cpus().length;
    const workerMs = (round: Round) => (round.workerCpuSeconds * 1000) / REGISTRATIONS;
    /** The median over the pairs, then every pair's value in run order. */
    const over = (value: (pair: { one: Round; two: Round }) => number, digits: number, unit = '') => {
      const values = pairs.map(value);
      const text = `${quantile(
        [...values].sort((a, b) => a - b),
        0.5,
      ).toFixed(digits)}${unit}`;
      return values.length === 1
        ? text
        : `${text} (${values.map((v) => `${v.toFixed(digits)}${unit}`).join(', ')})`;
    };
    // BENCH_PAIRS=0: freshness only.
    if (pairs.length > 0) {
      const pairsSaid = PAIRS === 1 ? '' : `, median of ${PAIRS} pairs of rounds`;
      console.log(
        `| registrations applied / min, one worker (backlog of ${REGISTRATIONS} via POST /startups, all applied${pairsSaid}) | ${over((p) => p.one.perMinute, 0)} | |`,
      );
      console.log(
        `| registrations applied / min, two workers (MATCH_SHARDS=2, one shard each) | ${over((p) => p.two.perMinute, 0)} | |`,
      );
      console.log(
        `| speed-up, two workers / one (each pair's own) | ${over((p) => p.two.perMinute / p.one.perMinute, 2, '×')} | ≥ 1.8× |`,
      );
      console.log(`| worker CPU a registration, one worker | ${over((p) => workerMs(p.one), 1, ' ms')} | |`);
      if (pairs.every((p) => Number.isFinite(p.one.embeddingCpuSeconds)))
        console.log(
          `| embedding server CPU a registration, one-worker round (it embeds beside the round, not for it alone) | ${over((p) => (p.one.embeddingCpuSeconds * 1000) / REGISTRATIONS, 1, ' ms')} | |`,
        );
      console.log(
        `| worker CPU a registration, two workers (both together: each reads every profile and scores it against its shard's needs) | ${over((p) => workerMs(p.two), 1, ' ms')} | |`,
      );
      // Bounds of the speed-up. With each worker confined to a CPU quota, the workers' own: each has
      // the quota the one had and spends what it spends per registration. Unconfined, the machine's:
      // two workers need at least the CPU one worker's round used, on the same cores, whatever they do.
      if (WORKER_CPUS !== undefined)
        console.log(
          `| most the workers' CPU allows: 2 × one / two worker CPU a registration | ${over((p) => (2 * workerMs(p.one)) / workerMs(p.two), 2, '×')} | |`,
        );
      else if (pairs.every((p) => Number.isFinite(p.one.cpuSeconds)))
        console.log(
          `| most this machine allows: ${cores} cores / cores busy in the one-worker round (all processes) | ${over((p) => cores / (p.one.cpuSeconds / (p.one.wallMs / 1000)), 2, '×')} | |`,
        );
      else
        console.log(
          `| most this machine allows | not measured (FerretDB or Redis not found listening on this machine) | |`,
        );
    }
    console.log(
      `\nMachine: ${os.cpus().length} cores; load average at the start ${loadAtStart}, at the end ${os.loadavg()[0]?.toFixed(2)}.`,
    );
    for (const note of roundNotes) console.log(`Throughput round, ${note}.`);
    if (embeddingServerPid !== undefined)
      console.log(
        `Embedding server: pid ${embeddingServerPid}, nice ${os.getPriority(embeddingServerPid)}, ${autogroupOf(embeddingServerPid)}; this bench: ${autogroupOf(process.pid)}.`,
      );
  } finally {
    signalWorkers('SIGCONT');
    await Promise.all(workers.map((worker) => worker.stop()));
    for (const limit of limits) limit.release();
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
