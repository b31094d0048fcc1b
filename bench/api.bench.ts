import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuSecondsOf } from './process-cpu';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { getConfig } from '../config';
import * as sampleData from '../fixtures';
import { Redis } from 'ioredis';
import { openDatabase, type Database } from '../models';
import { issueApiKey } from '../services/api-keys';
import type { Principal } from '../services/auth';
import { ignoreChanges } from '../services/changes';
import { createNeed } from '../services/needs';
import { createOrganisation } from '../services/organisations';
import type { ServiceDeps } from '../services/service-deps';
import { createStartup } from '../services/startups';
import { spawnWorker, type WorkerProcess } from '../test/workers/support/worker-process';

/**
 * The API under load, on the real stack of this machine: API process(es) (`services/api/server.ts`),
 * a matches worker, Redis and FerretDB. Loads the sample fixtures scaled to 200 needs and 2,000
 * profiles into a database of its own, waits for the worker's first rankings, then runs autocannon
 * (bounded: a fixed number of connections for a fixed time, 127.0.0.1 only) on
 *
 * - `GET /needs` (a page of 20), without filters, with filters, and a deep page;
 * - `GET /needs/:id/matches` and `GET /startups/:id/matches` (random need or profile each request);
 * - a mixed load: 200 clients each reading the list, reading a need and writing it back with
 *   `If-Match` (read-modify-write of a counter in `department`, over 20 needs), then counting lost
 *   updates: the counters must equal the writes the API accepted.
 *
 * BENCH_SECONDS (10) per load, BENCH_API_PROCESSES (1): with more, each load's connections are
 * split over the processes (one autocannon each) and req/s are added up, latencies are the worst
 * process's. BENCH_LOG_LEVEL (warn) is the API's LOG_LEVEL (at info it logs every request).
 * BENCH_CPU_PROF=<dir> has each API process write a V8 CPU profile (`--cpu-prof`) into <dir>.
 * BENCH_MIXED_FIELD=description has each mixed write also change the need's description (a
 * revision number at its end), text scoring reads, so every write is ranked again; by default
 * (`department`) the writes change nothing scoring reads.
 */
const NEEDS = 200;
const STARTUPS = 2_000;
const PAGE = 20;
const CONNECTIONS = 50;
const MIXED_CLIENTS = 200;
const MIXED_NEEDS = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const API_PROCESSES = Math.max(1, Math.floor(Number(process.env.BENCH_API_PROCESSES ?? 1)));
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const MIXED_FIELD = process.env.BENCH_MIXED_FIELD === 'description' ? 'description' : 'department';
/** The revision a mixed write of the description leaves at its end. */
const REVISION = / \(rev \d+\)$/;
const ROOT = path.join(__dirname, '..');

function log(message: string): void {
  process.stderr.write(`[api.bench] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs `task` over `items` with `concurrency` at a time. */
async function pool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next] as T;
        next += 1;
        await task(item);
      }
    }),
  );
}

/** The sample fixtures, scaled: needs and profiles repeated with a numbered title or name. */
async function load(db: Database): Promise<{ needIds: string[]; startupIds: string[] }> {
  const deps: ServiceDeps = { repos: db.repos, changes: ignoreChanges, logger: pino({ level: 'silent' }) };
  const principal: Principal = { role: 'facilitator', name: 'bench', keyId: 'bench' };
  const organisationIds = new Map<string, string>();
  for (const { key, ...organisation } of sampleData.organisations) {
    const created = await createOrganisation(deps, principal, organisation);
    organisationIds.set(key, created.id);
  }
  const needIds: string[] = [];
  const needs = Array.from({ length: NEEDS }, (_, i) => i);
  // One at a time first per owner (hosts are made from the owners), then in parallel.
  const fixtureNeeds = sampleData.needs;
  await pool(needs, 4, async (i) => {
    const { key: _key, organisationKey, ...need } = fixtureNeeds[i % fixtureNeeds.length]!;
    const round = Math.floor(i / fixtureNeeds.length);
    const created = await createNeed(deps, principal, {
      ...need,
      title: `${need.title} · ${round + 1}`,
      department: 'Bench 0',
      status: i % 5 === 4 ? 'draft' : 'open',
      organisationId: organisationIds.get(organisationKey),
    });
    needIds[i] = created.value.id;
  });
  const startupIds: string[] = [];
  const fixtureStartups = sampleData.startups;
  await pool(
    Array.from({ length: STARTUPS }, (_, i) => i),
    8,
    async (i) => {
      const { key: _key, ...startup } = fixtureStartups[i % fixtureStartups.length]!;
      const round = Math.floor(i / fixtureStartups.length);
      const created = await createStartup(deps, principal, {
        ...startup,
        name: `${startup.name} ${round + 1}`,
        contact: { ...startup.contact, email: `${round + 1}.${startup.contact.email}` },
      });
      startupIds[i] = created.value.id;
      if (i % 500 === 499) log(`${i + 1} profiles loaded`);
    },
  );
  return { needIds, startupIds };
}

interface ApiProcess {
  url: string;
  child: ChildProcess;
  output(): string;
}

async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      // BENCH_CPU_PROF=<dir>: each API process writes a V8 CPU profile there when it stops.
      ...(CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF_DIR] : []),
      '--import',
      'tsx',
      path.join(ROOT, 'services', 'api', 'server.ts'),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited (${child.exitCode}):\n${text}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`API not ready after 120 s:\n${text}`);
    await sleep(250);
  }
  return { url, child, output: () => text };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The pid of the first process whose command line starts with a program named `name` (FerretDB, Redis). */
function pidOfProgram(name: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const program = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] ?? '';
      if (path.basename(program).startsWith(name)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

/** What one load measured. */
interface Measured {
  name: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Socket errors and timeouts (autocannon counts a timeout as an error too) and answers other than expected. */
  errors: number;
  requests: number;
  /** CPU milliseconds a request, per process (API, worker, FerretDB, Redis), over the load. */
  cpuPerRequest: Record<string, number>;
}

type Requests = autocannon.Request[];

/** Processes whose CPU each load reports (the API processes come with each run). */
const watched: { worker?: number; ferretdb?: number; redis?: number } = {};

/** One bounded autocannon run per API process (connections split), added up. */
async function run(
  apis: readonly ApiProcess[],
  name: string,
  connections: number,
  requests: () => Requests,
  key: string,
  expectedNon2xx = 0,
): Promise<Measured> {
  const processes: Record<string, number | undefined> = {
    ...Object.fromEntries(apis.map((api, n) => [`API ${n + 1}`, api.child.pid])),
    worker: watched.worker,
    FerretDB: watched.ferretdb,
    Redis: watched.redis,
  };
  const cpuBefore = Object.fromEntries(
    Object.entries(processes).map(([name, pid]) => [name, cpuSecondsOf(pid)]),
  );
  const results = await Promise.all(
    apis.map((api, index) =>
      autocannon({
        url: api.url,
        connections: Math.floor(connections / apis.length) + (index < connections % apis.length ? 1 : 0),
        duration: SECONDS,
        timeout: 10,
        headers: { authorization: `Bearer ${key}` },
        requests: requests(),
      }),
    ),
  );
  const total = (pickValue: (result: autocannon.Result) => number) =>
    results.reduce((sum, result) => sum + pickValue(result), 0);
  const requestCount = total((result) => result.requests.total);
  const cpuPerRequest: Record<string, number> = {};
  for (const [name, pid] of Object.entries(processes)) {
    const before = cpuBefore[name];
    const after = cpuSecondsOf(pid);
    if (before !== undefined && after !== undefined && requestCount > 0)
      cpuPerRequest[name] = ((after - before) * 1000) / requestCount;
  }
  return {
    name,
    connections,
    requestsPerSecond: total((result) => result.requests.total) / SECONDS,
    p50: Math.max(...results.map((result) => result.latency.p50)),
    p99: Math.max(...results.map((result) => result.latency.p99)),
    errors: total((result) => result.errors + result.non2xx) - expectedNon2xx,
    requests: requestCount,
    cpuPerRequest,
  };
}

async function getJson<T>(url: string, key: string): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

interface ListPage {
  items: { id: string }[];
  nextCursor?: string | null;
  nextPage?: number | null;
}

/** The query of the list's last page: by cursor when the API gives one, else by page number. */
async function lastPageQuery(url: string, key: string): Promise<string> {
  let query = `limit=${PAGE}`;
  let last = query;
  for (let n = 0; n < 100; n += 1) {
    const page = await getJson<ListPage>(`${url}/needs?${query}`, key);
    last = query;
    if (page.nextCursor) query = `limit=${PAGE}&cursor=${encodeURIComponent(page.nextCursor)}`;
    else if (page.nextPage) query = `limit=${PAGE}&page=${page.nextPage}`;
    else break;
  }
  return last;
}

/** Deletes the bench's keys (queue, rate limits, sessions) from Redis. */
async function removeKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  const config = getConfig();
  const dbName = `bench-api-${randomUUID()}`;
  const prefix = `bench-api-${randomUUID()}`;
  const mongoUri = `${config.MONGODB_URI.replace(/\/[^/]*$/, '')}/${dbName}`;
  const db = await openDatabase(mongoUri);
  const apis: ApiProcess[] = [];
  let worker: WorkerProcess | undefined;
  const loadAtStart = os.loadavg()[0]?.toFixed(1);
  try {
    await db.ensureIndexes();
    const loadStarted = Date.now();
    const { needIds, startupIds } = await load(db);
    const key = (await issueApiKey(db.repos, { role: 'facilitator', name: 'bench' })).key;
    log(`${NEEDS} needs and ${STARTUPS} profiles loaded in ${Date.now() - loadStarted} ms`);

    const env = {
      MONGODB_URI: mongoUri,
      REDIS_URL: config.REDIS_URL,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL,
      NODE_ENV: 'test',
      RATE_LIMIT_PER_MINUTE: '100000000',
      RECONCILE_INTERVAL_MS: '600000',
      WORKER_QUEUES: 'matches',
      REFIT_MIN_INTERVAL_MS: '86400000',
      // Lexical rankings only (embedding every loaded profile would take the machine for minutes);
      // the dense channel's lag is measured by freshness-dense.bench.ts.
      MATCH_DENSE: 'off',
    };
    worker = spawnWorker({ ...env, LOG_LEVEL: 'info' }, 300_000);
    await worker.ready;
    watched.worker = worker.child.pid;
    watched.ferretdb = pidOfProgram('ferretdb');
    watched.redis = pidOfProgram('redis-server');
    for (let n = 0; n < API_PROCESSES; n += 1) apis.push(await startApi(env));
    const first = apis[0] as ApiProcess;
    const rankedStarted = Date.now();
    for (;;) {
      const applied = await Promise.all(
        needIds.map((id) => db.repos.matches.appliedState('need', id).then((state) => state !== null)),
      );
      if (applied.every(Boolean)) break;
      if (Date.now() - rankedStarted > 600_000) throw new Error('the first rankings took over 10 minutes');
      await sleep(1_000);
    }
    log(`first rankings of every need after ${Date.now() - rankedStarted} ms`);

    const alone = performance.now();
    await getJson(`${first.url}/needs?limit=${PAGE}`, key);
    log(`one GET /needs alone: ${(performance.now() - alone).toFixed(0)} ms`);
    const deepQuery = await lastPageQuery(first.url, key);
    const loads: Measured[] = [];
    const measure = async (result: Promise<Measured>) => {
      const measured = await result;
      loads.push(measured);
      log(
        `${measured.name}: ${measured.requestsPerSecond.toFixed(0)} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms, ${measured.errors} errors`,
      );
    };
    // A short untimed warm-up of each route, so compiling and first loads are not measured.
    await run(apis, 'warm-up', 10, () => [{ method: 'GET', path: `/needs?limit=${PAGE}` }], key);
    await run(
      apis,
      'warm-up',
      10,
      () => [
        { setupRequest: (request) => ({ ...request, path: `/needs/${pick(needIds)}/matches` }) },
        { setupRequest: (request) => ({ ...request, path: `/startups/${pick(startupIds)}/matches` }) },
      ],
      key,
    );

    await measure(
      run(apis, `GET /needs?limit=${PAGE}`, CONNECTIONS, () => [{ path: `/needs?limit=${PAGE}` }], key),
    );
    await measure(
      run(
        apis,
        `GET /needs?limit=${PAGE}&status=open&language=sv`,
        CONNECTIONS,
        () => [{ path: `/needs?limit=${PAGE}&status=open&language=sv` }],
        key,
      ),
    );
    await measure(
      run(
        apis,
        `GET /needs?limit=${PAGE}&q=förskola (text filter)`,
        CONNECTIONS,
        () => [{ path: `/needs?limit=${PAGE}&q=${encodeURIComponent('förskola')}` }],
        key,
      ),
    );
    await measure(
      run(
        apis,
        `GET /needs (last page: ${deepQuery.includes('cursor') ? 'cursor' : 'page'})`,
        CONNECTIONS,
        () => [{ path: `/needs?${deepQuery}` }],
        key,
      ),
    );
    await measure(
      run(
        apis,
        'GET /needs/:id/matches',
        CONNECTIONS,
        () => [
          {
            setupRequest: (request) => ({ ...request, path: `/needs/${pick(needIds)}/matches` }),
          },
        ],
        key,
      ),
    );
    await measure(
      run(
        apis,
        'GET /startups/:id/matches',
        CONNECTIONS,
        () => [
          {
            setupRequest: (request) => ({ ...request, path: `/startups/${pick(startupIds)}/matches` }),
          },
        ],
        key,
      ),
    );

    // Mixed: read the list, read a need, write it back with If-Match (read-modify-write).
    const hot = needIds.slice(0, MIXED_NEEDS);
    const accepted = new Map<string, number>();
    let conflicts = 0;
    let unexpected = 0;
    interface Client {
      needId?: string;
      version?: number;
      counter?: number;
      description?: string;
      /** When the client's current request was set up (autocannon sends it right after). */
      sentAt?: number;
    }
    // Each step's latencies (from the request's setup to its answer), to see which step the p99 is.
    const stepLatencies = new Map<string, number[]>();
    const timed = (context: Client, step: string) => {
      if (context.sentAt === undefined) return;
      const list = stepLatencies.get(step) ?? [];
      list.push(performance.now() - context.sentAt);
      stepLatencies.set(step, list);
    };
    const mixed = await run(
      apis,
      `mixed: ${MIXED_CLIENTS} clients, list + read + PATCH of ${MIXED_FIELD} with If-Match`,
      MIXED_CLIENTS,
      () => [
        {
          method: 'GET',
          path: `/needs?limit=${PAGE}`,
          setupRequest: (request, context: Client) => {
            context.sentAt = performance.now();
            return request;
          },
          onResponse: (_status, _body, context: Client) => timed(context, 'GET /needs'),
        },
        {
          method: 'GET',
          setupRequest: (request, context: Client) => {
            context.needId = pick(hot);
            delete context.version;
            context.sentAt = performance.now();
            return { ...request, method: 'GET', path: `/needs/${context.needId}` };
          },
          onResponse: (status, body, context: Client) => {
            timed(context, 'GET /needs/:id');
            if (status !== 200) return;
            const need = JSON.parse(body) as { version: number; department: string; description: string };
            context.version = need.version;
            context.counter = Number(need.department.replace('Bench ', ''));
            context.description = need.description.replace(REVISION, '');
          },
        },
        {
          method: 'PATCH',
          setupRequest: (request, context: Client) => {
            context.sentAt = performance.now();
            return {
              ...request,
              method: 'PATCH',
              path: `/needs/${context.needId}`,
              headers: {
                ...request.headers,
                'content-type': 'application/json',
                'if-match': `"${context.version ?? 0}"`,
              },
              body: JSON.stringify({
                department: `Bench ${(context.counter ?? 0) + 1}`,
                ...(MIXED_FIELD === 'description'
                  ? { description: `${context.description ?? ''} (rev ${(context.counter ?? 0) + 1})` }
                  : {}),
              }),
            };
          },
          onResponse: (status, _body, context: Client) => {
            timed(context, `PATCH ${status}`);
            if (status === 200 && context.needId)
              accepted.set(context.needId, (accepted.get(context.needId) ?? 0) + 1);
            else if (status === 409) conflicts += 1;
            else unexpected += 1;
          },
        },
      ],
      key,
    );
    // 409s are the expected answer to a stale If-Match; only other failures are errors.
    mixed.errors = mixed.errors - conflicts;
    loads.push(mixed);
    // Each write the API accepted raised the need's version by one (from 1) and should have raised
    // its counter by one: a lost update shows as a version ahead of the counter. (Writes still in
    // flight when autocannon stopped are accepted without autocannon seeing the answer.)
    await sleep(2_000);
    let counted = 0;
    let written = 0;
    for (const id of hot) {
      const need = await getJson<{ department: string; version: number }>(`${first.url}/needs/${id}`, key);
      counted += Number(need.department.replace('Bench ', ''));
      written += need.version - 1;
    }
    const acceptedTotal = [...accepted.values()].reduce((sum, n) => sum + n, 0);
    const lost = written - counted;
    log(`mixed: ${written} writes stored, ${conflicts} conflicts, ${lost} lost`);

    const targets: Record<string, string> = {
      [`GET /needs?limit=${PAGE}`]: '≥ 500 req/s, p99 < 100 ms',
      'GET /needs/:id/matches': '≥ 1,000 req/s',
      'GET /startups/:id/matches': '≥ 1,000 req/s',
    };
    console.log(
      `\nAPI under load (${NEEDS} needs, ${STARTUPS} profiles; ${API_PROCESSES} API process(es), a matches worker, Redis and FerretDB on this machine; ${SECONDS} s a load; API LOG_LEVEL ${LOG_LEVEL})\n`,
    );
    console.log('| load | connections | req/s | p50 | p99 | errors | target |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const measured of loads)
      console.log(
        `| ${measured.name} | ${measured.connections} | ${measured.requestsPerSecond.toFixed(0)} | ${measured.p50} ms | ${measured.p99} ms | ${measured.errors} | ${targets[measured.name] ?? (measured.name.startsWith('mixed') ? 'p99 < 500 ms, 0 lost' : '')} |`,
      );
    console.log(
      '\nCPU a request (ms), each process, over each load (FerretDB and Redis are shared with whatever else runs on the machine):\n',
    );
    const names = Object.keys(loads[0]?.cpuPerRequest ?? {});
    console.log(`| load | ${names.join(' | ')} |`);
    console.log(`| --- | ${names.map(() => '---').join(' | ')} |`);
    for (const measured of loads)
      console.log(
        `| ${measured.name} | ${names.map((name) => measured.cpuPerRequest[name]?.toFixed(2) ?? '–').join(' | ')} |`,
      );
    console.log(
      `\nMixed load: ${written} writes stored (${acceptedTotal} of them answered before autocannon stopped), ${conflicts} refused as stale (409), ${unexpected} other answers to a write; lost updates: ${lost} (must be 0).`,
    );
    console.log(
      '\nMixed load by step (ms, from the request set up to its answer, as the bench process saw it):\n',
    );
    console.log('| step | answers | p50 | p90 | p99 | max |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const [step, latencies] of stepLatencies) {
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (share: number) =>
        (sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0).toFixed(0);
      console.log(`| ${step} | ${sorted.length} | ${at(0.5)} | ${at(0.9)} | ${at(0.99)} | ${at(1)} |`);
    }
    console.log(
      `Machine: ${os.cpus().length} cores; load average at the start ${loadAtStart}, at the end ${os.loadavg()[0]?.toFixed(1)}.`,
    );
    if (lost !== 0) process.exitCode = 1;
  } finally {
    await Promise.all(apis.map((api) => stopProcess(api.child)));
    await worker?.stop();
    await db.drop().catch(() => undefined);
    await db.close();
    await removeKeys(config.REDIS_URL, prefix);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
