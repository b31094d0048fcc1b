import { buildOrganisation, startTestApp, type TestApp } from '../support';
import { canonical, createHarness, textOf, type Harness } from './support/harness';
import { seedRankedThroughApi } from './support/ranked-through-api';
import { waitFor } from './support/wait';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

interface MatchListBody {
  version: number;
  appliedVersion: number;
  stale: boolean;
  items: {
    needId: string;
    startupId: string;
    score: number;
    rank: number;
    explanation: { terms: unknown[] };
    modelVersion: string;
    startupVersion: number;
  }[];
}

/** Words only one need uses, so a profile that takes them up clearly enters that need's ranking. */
const DISTINCT = [
  'läckagedetektion ljudsensorer vattenledningar',
  'snöröjning ruttoptimering vinterväghållning',
  'skolskjuts schemaläggning elevresor',
  'matsvinn skolkök prognoser',
];

describe('matches API: the API enqueues on every write and serves fresh, explained matches', () => {
  let harness: Harness;
  let app: TestApp;
  let worker: WorkerProcess;
  let organisationId: string;
  let needIds: string[];
  let startupIds: string[];

  beforeAll(async () => {
    harness = await createHarness();
    // `matchesQueue` rides along to createApp (the queue routes read it); the app also publishes through it.
    const options = { dbName: harness.dbName, changes: harness.producer, matchesQueue: harness.producer };
    app = await startTestApp(options);
    worker = spawnWorker(harness.workerEnv());
    ({ organisationId, needIds, startupIds } = await seedRankedThroughApi(app, harness, worker, {
      needs: 4,
      startups: 12,
      distinctOf: (i) => DISTINCT[i] as string,
    }));
  });

  afterAll(async () => {
    await worker.stop();
    await app.destroy();
    await harness.cleanup();
  });

  it('GET /needs/:id/matches gives the ranked, explained top K, not stale once applied', async () => {
    const needId = needIds[0] as string;
    const response = await app.request<MatchListBody>('GET', `/needs/${needId}/matches`, {
      key: app.facilitatorKey,
    });
    expect(response.status).toBe(200);
    expect(response.body.stale).toBe(false);
    expect(response.body.items.map((item) => item.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(response.body.items[0]?.explanation.terms).toEqual(expect.any(Array));
    expect(response.body.items.map((item) => item.startupId)).toEqual(
      (await harness.expected()).get(needId)?.map((entry) => entry.startupId),
    );
  });

  it('a profile edited through the API shows up in its matches at the new version', async () => {
    const startupId = startupIds[3] as string;
    const need = (
      await app.request<{ title: string; description: string }>('GET', `/needs/${needIds[1]}`, {
        key: app.facilitatorKey,
      })
    ).body;
    const patched = await app.request<{ version: number }>('PATCH', `/startups/${startupId}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { description: `${need.title} ${need.description}` },
    });
    expect(patched.status).toBe(200);
    const startupKey = await app.createKey({ role: 'startup', startupId });
    const fresh = await waitFor('the profile’s matches to reflect version 2', async () => {
      const response = await app.request<MatchListBody>('GET', `/startups/${startupId}/matches`, {
        key: startupKey,
      });
      return !response.body.stale &&
        response.body.items.some((item) => item.needId === needIds[1] && item.startupVersion === 2)
        ? response.body
        : undefined;
    });
    expect(fresh.appliedVersion).toBe(2);
  });

  it('roles: a development head reads their organisation’s needs only; a startup only its own profile', async () => {
    const otherOrganisation = (
      await app.request<{ id: string }>('POST', '/organisations', {
        key: app.facilitatorKey,
        body: buildOrganisation({ name: 'Uppsala kommun', municipalityCode: '0380' }),
      })
    ).body.id;
    const ownHead = await app.createKey({ role: 'development_head', organisationId });
    const otherHead = await app.createKey({ role: 'development_head', organisationId: otherOrganisation });
    const startupKey = await app.createKey({ role: 'startup', startupId: startupIds[0] as string });
    expect((await app.request('GET', `/needs/${needIds[0]}/matches`, { key: ownHead })).status).toBe(200);
    expect((await app.request('GET', `/needs/${needIds[0]}/matches`, { key: otherHead })).status).toBe(403);
    expect((await app.request('GET', `/needs/${needIds[0]}/matches`, { key: startupKey })).status).toBe(403);
    expect((await app.request('GET', `/startups/${startupIds[1]}/matches`, { key: startupKey })).status).toBe(
      403,
    );
    expect((await app.request('GET', `/needs/${needIds[0]}/matches`)).status).toBe(401);
  });

  it('POST /matches/rebuild returns a job whose state and completion stream over server-sent events', async () => {
    const queued = await app.request<{ jobId: string }>('POST', '/matches/rebuild', {
      key: app.facilitatorKey,
    });
    expect(queued.status).toBe(202);
    const response = await fetch(`${app.baseUrl}/jobs/${queued.body.jobId}/events`, {
      headers: { authorization: `Bearer ${app.facilitatorKey}` },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    expect(text).toMatch(/^event: state$/m);
    expect(text).toMatch(/^event: completed$/m);
    const job = await app.request<{ state: string; progress: number; result: { needsWritten: number } }>(
      'GET',
      `/jobs/${queued.body.jobId}`,
      { key: app.facilitatorKey },
    );
    expect(job.body).toMatchObject({
      state: 'completed',
      progress: 1,
      result: { needsWritten: needIds.length },
    });
    expect((await app.request('GET', '/jobs/does-not-exist', { key: app.facilitatorKey })).status).toBe(404);
    await harness.waitForQuiet();
    expect(canonical(await harness.storedRankings())).toEqual(canonical(await harness.expected()));
  });

  it('a startup sees its matches with open needs only, and no job it did not start', async () => {
    const startupId = startupIds[3] as string;
    const draftNeedId = needIds[1] as string;
    const startupKey = await app.createKey({ role: 'startup', startupId });
    const ownHead = await app.createKey({ role: 'development_head', organisationId });
    const drafted = await app.request('PATCH', `/needs/${draftNeedId}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { status: 'draft' },
    });
    expect(drafted.status).toBe(200);
    await harness.waitForQuiet();
    const asFacilitator = await app.request<MatchListBody>('GET', `/startups/${startupId}/matches`, {
      key: app.facilitatorKey,
    });
    expect(asFacilitator.body.items.map((item) => item.needId)).toContain(draftNeedId);
    const asStartup = await app.request<MatchListBody>('GET', `/startups/${startupId}/matches`, {
      key: startupKey,
    });
    expect(asStartup.status).toBe(200);
    expect(asStartup.body.items).toEqual(
      asFacilitator.body.items.filter((item) => item.needId !== draftNeedId),
    );
    expect((await app.request('GET', `/needs/${draftNeedId}`, { key: startupKey })).status).toBe(404);

    const queued = await app.request<{ jobId: string }>('POST', '/matches/rebuild', {
      key: app.facilitatorKey,
    });
    expect(queued.status).toBe(202);
    for (const key of [startupKey, ownHead]) {
      expect((await app.request('GET', `/jobs/${queued.body.jobId}`, { key })).status).toBe(404);
      expect((await app.request('GET', `/jobs/${queued.body.jobId}/events`, { key })).status).toBe(404);
    }
    expect((await app.request('GET', `/jobs/${queued.body.jobId}`, { key: app.facilitatorKey })).status).toBe(
      200,
    );
    await harness.waitForQuiet();
  });

  it('GET /metrics shows the change stream backlog and lag, queue depth, job durations, latency and failures in Prometheus format', async () => {
    const metric = async (line: RegExp) => {
      const response = await app.request<string>('GET', '/metrics', { key: app.facilitatorKey });
      expect(response.status).toBe(200);
      return Number(line.exec(response.body)?.[1]);
    };
    const pending = /^matchmaker_change_stream_entries\{shard="0",state="pending"\} (\S+)$/m;
    const undelivered = /^matchmaker_change_stream_entries\{shard="0",state="undelivered"\} (\S+)$/m;
    /** Entries not acknowledged: a stopped owner blocked in XREADGROUP still gets the first one delivered. */
    const unacknowledged = async () => (await metric(pending)) + (await metric(undelivered));
    const lag = /^matchmaker_change_stream_lag_seconds\{shard="0"\} (\S+)$/m;
    const unchanged = startupIds[11] as string;
    const matchesOf = (id: string) =>
      app.request<MatchListBody>('GET', `/startups/${id}/matches`, { key: app.facilitatorKey });
    await harness.waitForQuiet();
    expect(await unacknowledged()).toBe(0);
    expect(await metric(lag)).toBe(0);
    expect((await matchesOf(unchanged)).body).toMatchObject({ version: 1, appliedVersion: 1, stale: false });

    // The owner stopped while a profile changes: the change waits in the stream, and ages.
    worker.child.kill('SIGSTOP');
    try {
      const patched = await app.request('PATCH', `/startups/${startupIds[10]}`, {
        key: app.facilitatorKey,
        headers: { 'if-match': '"1"' },
        body: { description: textOf(77, 40) },
      });
      expect(patched.status).toBe(200);
      // A change of a version already applied: only its unacknowledged entry makes the list stale.
      await harness.publish('startup', unchanged, 1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await unacknowledged()).toBe(2);
      expect(await metric(lag)).toBeGreaterThanOrEqual(0.3);
      expect((await matchesOf(unchanged)).body).toMatchObject({ version: 1, appliedVersion: 1, stale: true });
    } finally {
      worker.child.kill('SIGCONT');
    }
    await harness.waitForQuiet();
    expect(await unacknowledged()).toBe(0);
    expect((await matchesOf(unchanged)).body).toMatchObject({ appliedVersion: 1, stale: false });

    const response = await app.request<string>('GET', '/metrics', { key: app.facilitatorKey });
    for (const name of [
      'matchmaker_queue_jobs',
      'matchmaker_job_duration_seconds_bucket',
      'matchmaker_recompute_latency_seconds_count',
      'matchmaker_job_failures_total',
    ]) {
      expect(response.body).toContain(name);
    }
  });
});
