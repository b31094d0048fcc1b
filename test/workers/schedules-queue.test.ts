import { getConfig } from '../../config';
import { getRepositories } from '../../models';
import type { Meeting } from '../../scheduling';
import { createSchedulesProducer, type SchedulesProducer } from '../../services/queue/schedules.producer';
import { scheduleSizeOf } from '../../services/schedules';
import { startTestApp, type TestApp } from '../support';
import { createScheduleWorld, type ScheduleWorld } from '../schedules/schedule-setup';
import { createHarness, type Harness } from './support/harness';
import { waitFor } from './support/wait';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

interface Draft {
  version: number;
  status: string;
  meetings: Meeting[];
  objective: number;
  shortfalls: unknown[];
  draftVersion: number;
  build: { candidates: number };
}
interface Queued {
  jobId: string;
  status: string;
  events: string;
  size: number;
  asyncMinSize: number;
}
interface JobView {
  id: string;
  queue: string;
  name: string;
  state: string;
  progress: unknown;
  attemptsMade: number;
  failedReason?: string;
  result: {
    action: string;
    eventId: string;
    version: number;
    versionId: string;
    meetings: number;
    repair?: { kept: number; moved: number; added: number; dropped: number };
  } | null;
}

/** Builds with every stored match as a candidate, so the worker's real scores give a full schedule. */
const BUILD = { minScore: 0, relevanceFloor: 0, seed: 7 };

describe('the schedules queue: large builds and repairs run on a worker, small ones in the request', () => {
  let harness: Harness;
  let producer: SchedulesProducer;
  let worker: WorkerProcess;
  let world: ScheduleWorld;
  let size: number;
  /** Sends builds and repairs of the world's size to the queue (threshold = size). */
  let queued: TestApp;
  /** Runs them in the request (threshold = size + 1), with the queue available all the same. */
  let inline: TestApp;

  async function finished(app: TestApp, jobId: string): Promise<JobView> {
    return waitFor(`job ${jobId} to finish`, async () => {
      const response = await app.request<JobView>('GET', `/jobs/${jobId}`, { key: app.facilitatorKey });
      return response.body.state === 'completed' || response.body.state === 'failed'
        ? response.body
        : undefined;
    });
  }

  function stateOf(jobId: string): Promise<string> {
    return producer.queue.getJobState(jobId);
  }

  beforeAll(async () => {
    harness = await createHarness();
    producer = createSchedulesProducer({
      redisUrl: getConfig().REDIS_URL,
      prefix: harness.prefix,
      policy: { attempts: 3, backoffMs: 200 },
      timeoutMs: 2_000,
    });
    inline = await startTestApp({
      dbName: harness.dbName,
      schedulesQueue: producer,
      scheduleAsyncMinSize: Number.MAX_SAFE_INTEGER,
    });
    world = await createScheduleWorld(inline);
    const event = await getRepositories(inline.db).events.findById(world.eventId);
    if (!event) throw new Error('event not stored');
    size = scheduleSizeOf(event);
    await inline.stop();
    inline = await startTestApp({
      dbName: harness.dbName,
      schedulesQueue: producer,
      scheduleAsyncMinSize: size + 1,
    });
    queued = await startTestApp({
      dbName: harness.dbName,
      schedulesQueue: producer,
      scheduleAsyncMinSize: size,
    });
    // The worker also ranks the world's records for real (it replaces the stored test rankings);
    // every build below starts after it has gone quiet, so all of them read the same matches.
    worker = spawnWorker(harness.workerEnv());
    await worker.ready;
    await harness.waitForQuiet();
  });

  afterAll(async () => {
    await worker?.stop();
    await queued?.stop();
    await inline?.stop();
    await producer?.queue.obliterate({ force: true }).catch(() => undefined);
    await producer?.close();
    await harness?.cleanup();
  });

  it('below the threshold the build answers 201 with the draft; from the threshold up, 202 with the job and Location /jobs/:id', async () => {
    // Three needs × four startups × three 20-minute slots (09:00–10:00).
    expect(size).toBe(3 * 4 * 3);
    const small = await inline.request<Draft>('POST', `/events/${world.eventId}/schedule`, {
      key: inline.facilitatorKey,
      body: BUILD,
    });
    expect(small.status).toBe(201);
    expect(small.body.status).toBe('draft');

    const large = await queued.request<Queued>('POST', `/events/${world.eventId}/schedule`, {
      key: queued.facilitatorKey,
      body: BUILD,
    });
    expect(large.status).toBe(202);
    expect(large.body).toEqual({
      jobId: expect.stringMatching(/^schedules-/),
      status: `/jobs/${large.body.jobId}`,
      events: `/jobs/${large.body.jobId}/events`,
      size,
      asyncMinSize: size,
    });
    expect(large.headers.get('location')).toBe(`/jobs/${large.body.jobId}`);
    expect((await finished(queued, large.body.jobId)).state).toBe('completed');
  });

  it('an exact-mode build goes to the queue at any size: the API never solves it on its event loop', async () => {
    const exact = await inline.request<Queued>('POST', `/events/${world.eventId}/schedule`, {
      key: inline.facilitatorKey,
      body: { ...BUILD, exactTimeLimitMs: 5_000 },
    });
    expect(exact.status).toBe(202);
    expect(exact.body.size).toBeLessThan(exact.body.asyncMinSize);
    const job = await finished(inline, exact.body.jobId);
    expect(job.state).toBe('completed');
    const draft = await inline.request<Draft>(
      'GET',
      `/events/${world.eventId}/schedule?version=${job.result?.version}`,
      { key: inline.facilitatorKey },
    );
    expect(draft.status).toBe(200);
    expect(draft.body.meetings.length).toBeGreaterThan(0);
  });

  it('a build run by the worker stores the same draft as the build in the request with the same seed', async () => {
    const inRequest = await inline.request<Draft>('POST', `/events/${world.eventId}/schedule`, {
      key: inline.facilitatorKey,
      body: BUILD,
    });
    expect(inRequest.status).toBe(201);
    expect(inRequest.body.meetings.length).toBeGreaterThanOrEqual(3);

    const jobId = await producer.enqueue({ action: 'build', eventId: world.eventId, ...BUILD });
    await waitFor('the build job to complete', async () =>
      (await stateOf(jobId)) === 'completed' ? true : undefined,
    );
    const version = ((await producer.queue.getJob(jobId))?.returnvalue as { version: number }).version;
    expect(version).toBeGreaterThan(inRequest.body.version);

    const stored = await inline.request<Draft>(
      'GET',
      `/events/${world.eventId}/schedule?version=${version}`,
      { key: inline.facilitatorKey },
    );
    expect(stored.status).toBe(200);
    expect(stored.body.meetings).toEqual(inRequest.body.meetings);
    expect(stored.body.objective).toBe(inRequest.body.objective);
    expect(stored.body.shortfalls).toEqual(inRequest.body.shortfalls);
  });

  it('202, then GET /jobs/:id and its event stream follow the build to completion; its result names the new draft', async () => {
    const accepted = await queued.request<Queued>('POST', `/events/${world.eventId}/schedule`, {
      key: queued.facilitatorKey,
      body: BUILD,
    });
    expect(accepted.status).toBe(202);
    const { jobId } = accepted.body;

    const stream = await fetch(`${queued.baseUrl}/jobs/${jobId}/events`, {
      headers: { authorization: `Bearer ${queued.facilitatorKey}` },
    });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await stream.text();
    expect(text).toMatch(/^event: state$/m);
    expect(text).toMatch(/^event: completed$/m);

    const job = await finished(queued, jobId);
    expect(job).toMatchObject({
      id: jobId,
      queue: 'schedules',
      name: 'build',
      state: 'completed',
      progress: 1,
      attemptsMade: 1,
    });
    const draft = await queued.request<Draft>('GET', `/events/${world.eventId}/schedule?version=draft`, {
      key: queued.facilitatorKey,
    });
    expect(job.result).toEqual({
      action: 'build',
      eventId: world.eventId,
      version: draft.body.version,
      versionId: `${world.eventId}:${draft.body.version}`,
      meetings: draft.body.meetings.length,
      shortfalls: draft.body.shortfalls.length,
      unmetPins: 0,
      droppedLocked: 0,
      candidates: draft.body.build.candidates,
      objective: draft.body.objective,
    });
    expect(
      (
        await queued.request('GET', '/jobs/schedules-00000000-0000-0000-0000-000000000000', {
          key: queued.facilitatorKey,
        })
      ).status,
    ).toBe(404);
  });

  it('a burst of build requests for one event coalesces into the build still waiting; a repair never does', async () => {
    await producer.queue.pause();
    let ids: string[];
    try {
      ids = await Promise.all(
        Array.from({ length: 5 }, () =>
          producer.enqueue({ action: 'build', eventId: world.eventId, ...BUILD }),
        ),
      );
      expect(new Set(ids).size).toBe(1);
      expect(await stateOf(ids[0] as string)).toBe('waiting');
      const through = await queued.request<Queued>('POST', `/events/${world.eventId}/schedule`, {
        key: queued.facilitatorKey,
        body: BUILD,
      });
      expect(through.body.jobId).toBe(ids[0]);
      const repairs = await Promise.all(
        [0, 1].map(() =>
          producer.enqueue({
            action: 'repair',
            eventId: world.eventId,
            change: { kind: 'add-ban', needId: world.needIds[2], startupId: world.startupIds[3] },
          }),
        ),
      );
      expect(new Set([...repairs, ids[0]]).size).toBe(3);
      for (const repairId of repairs) await producer.queue.remove(repairId);
    } finally {
      await producer.queue.resume();
    }
    await waitFor('the coalesced build to complete', async () =>
      (await stateOf(ids[0] as string)) === 'completed' ? true : undefined,
    );
  });

  it('a job with an invalid payload fails once (UnrecoverableError) and the job behind it still runs', async () => {
    const options = { attempts: 5, backoff: { type: 'exponential' as const, delay: 100 } };
    const poison = await producer.queue.add(
      'build',
      { action: 'build', eventId: 'not-an-id', seed: 'x' },
      { ...options, jobId: 'schedules-poison' },
    );
    const healthy = await producer.enqueue({ action: 'build', eventId: world.eventId, ...BUILD });
    // The state first, then the job: a job read before it failed would show its attempts from before.
    const failed = await waitFor('the poison job to fail', async () =>
      (await stateOf(poison.id as string)) === 'failed'
        ? producer.queue.getJob(poison.id as string)
        : undefined,
    );
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/^invalid schedules job payload: .*eventId/);
    await waitFor('the healthy job to complete', async () =>
      (await stateOf(healthy)) === 'completed' ? true : undefined,
    );
  });

  it('a build of an event that does not exist fails once, without retries, and says why', async () => {
    const jobId = await producer.enqueue({ action: 'build', eventId: '0123456789abcdef01234567' });
    const job = await finished(queued, jobId);
    expect(job).toMatchObject({ state: 'failed', attemptsMade: 1 });
    expect(job.failedReason).toMatch(/^not_found: /);
  });

  it('a cancellation of a large event is repaired on the worker: 202, then the result counts kept, moved, added and dropped meetings', async () => {
    const before = await queued.request<Draft>('GET', `/events/${world.eventId}/schedule?version=draft`, {
      key: queued.facilitatorKey,
    });
    const cancelled = world.startupIds[0];
    const accepted = await queued.request<Queued>('POST', `/events/${world.eventId}/cancellations`, {
      key: queued.facilitatorKey,
      body: { kind: 'startup', startupId: cancelled },
    });
    expect(accepted.status).toBe(202);
    const job = await finished(queued, accepted.body.jobId);
    expect(job).toMatchObject({
      state: 'completed',
      name: 'repair',
      result: { action: 'repair', version: expect.any(Number) },
    });

    const lost = before.body.meetings.filter((meeting) => meeting.startupId === cancelled).length;
    expect(lost).toBeGreaterThan(0);
    expect(job.result?.repair).toEqual({
      kept: before.body.meetings.length - lost,
      moved: expect.any(Number),
      added: expect.any(Number),
      dropped: lost,
    });
    const after = await queued.request<Draft>('GET', `/events/${world.eventId}/schedule?version=draft`, {
      key: queued.facilitatorKey,
    });
    expect(after.body.version).toBe(job.result?.version);
    expect(after.body.meetings.some((meeting) => meeting.startupId === cancelled)).toBe(false);
    const pairings = await queued.request<{ cancellations: { change: unknown }[] }>(
      'GET',
      `/events/${world.eventId}/pairings`,
      { key: queued.facilitatorKey },
    );
    expect(pairings.body.cancellations.map((entry) => entry.change)).toEqual([
      { kind: 'cancel-startup', startupId: cancelled },
    ]);

    const invalid = await queued.request<{ code: string }>('POST', `/events/${world.eventId}/cancellations`, {
      key: queued.facilitatorKey,
      body: { kind: 'room', roomId: 'no-such-room' },
    });
    expect(invalid.status).toBe(400);
  });
});
