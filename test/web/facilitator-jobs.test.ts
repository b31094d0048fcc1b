import { randomUUID } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { translator } from '../../web/i18n';
import type { SchedulesProducer } from '../../services/queue/schedules.producer';
import { startTestApp, type TestApp } from '../support';
import { createScheduleWorld, type ScheduleWorld } from '../schedules/schedule-setup';
import { createHarness, type Harness } from '../workers/support/harness';
import { spawnWorker, type WorkerProcess } from '../workers/support/worker-process';
import { testSchedulesProducer } from '../workers/support/schedules-producer';

interface JobView {
  state: string;
  progress: unknown;
  attemptsMade: number;
  failedReason?: string;
}
interface JobResult {
  eventId: string;
  version: number;
  meetings: number;
  repair?: { kept: number; moved: number; added: number; dropped: number };
}
/** What web/app/jobs.js defines (as `window.MatchmakerJobs` in the browser). */
interface MatchmakerJobs {
  describeJob(job: JobView, text: Translate): string;
  followJob(
    getJson: (path: string) => Promise<unknown>,
    statusPath: string,
    options: { text: Translate; onUpdate?: (job: JobView) => void; intervalMs?: number; timeoutMs?: number },
  ): Promise<JobResult>;
}
/** The page's words in English and Swedish, from the catalogue, as app.js hands them to jobs.js. */
type Translate = (key: string, params?: Record<string, string | number>) => string;
const english = translator('en') as Translate;
const swedish = translator('sv') as Translate;

describe('the facilitator page follows a queued build or repair (202) by polling GET /jobs/:id with the key', () => {
  let harness: Harness;
  let producer: SchedulesProducer;
  let worker: WorkerProcess;
  let app: TestApp;
  let world: ScheduleWorld;
  let jobs: MatchmakerJobs;

  /** What the page's `api('GET', path)` does: the bearer key, JSON, an Error on an HTTP error. */
  async function getJson(path: string): Promise<unknown> {
    const response = await app.request('GET', path, { key: app.facilitatorKey });
    if (response.status >= 400) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  beforeAll(async () => {
    harness = await createHarness();
    producer = testSchedulesProducer(harness.prefix, 2);
    app = await startTestApp({ dbName: harness.dbName, schedulesQueue: producer, scheduleAsyncMinSize: 0 });
    world = await createScheduleWorld(app);
    worker = spawnWorker(harness.workerEnv());
    await worker.ready;
    await harness.waitForQuiet();
    // The script exactly as the page loads it, run in a context of its own like a browser's window.
    const script = await app.request<string>('GET', '/app/jobs.js');
    expect(script.status).toBe(200);
    const context: { setTimeout: typeof setTimeout; MatchmakerJobs?: MatchmakerJobs } = { setTimeout };
    runInNewContext(script.body, context);
    if (!context.MatchmakerJobs) throw new Error('jobs.js defined no MatchmakerJobs');
    jobs = context.MatchmakerJobs;
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.stop();
    await producer?.queue.obliterate({ force: true }).catch(() => undefined);
    await producer?.close();
    await harness?.cleanup();
  });

  it('the page loads jobs.js before app.js', async () => {
    const page = await app.request<string>('GET', '/app/');
    expect(page.body.indexOf('<script src="jobs.js" defer></script>')).toBeGreaterThan(0);
    expect(page.body.indexOf('<script src="jobs.js" defer></script>')).toBeLessThan(
      page.body.indexOf('<script src="app.js" defer></script>'),
    );
  });

  it('a build answered with 202 is followed to its result, which names the draft the page then loads', async () => {
    const accepted = await app.request<{ status: string }>('POST', `/events/${world.eventId}/schedule`, {
      key: app.facilitatorKey,
      body: { minScore: 0 },
    });
    expect(accepted.status).toBe(202);
    const lines: string[] = [];
    const result = await jobs.followJob(getJson, accepted.body.status, {
      intervalMs: 50,
      text: english,
      onUpdate: (job) => lines.push(jobs.describeJob(job, english)),
    });
    expect(lines.at(-1)).toBe('completed');
    expect(lines.every((line) => /^(queued|running(, \d+ %)?|completed)$/.test(line))).toBe(true);

    const draft = await app.request<{ version: number; status: string; meetings: unknown[] }>(
      'GET',
      `/events/${result.eventId}/schedule?version=${result.version}`,
      { key: app.facilitatorKey },
    );
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ version: result.version, status: 'draft' });
    expect(draft.body.meetings).toHaveLength(result.meetings);
  });

  it("a cancellation's repair answered with 202 is followed to the counts the repair report shows", async () => {
    const accepted = await app.request<{ status: string }>('POST', `/events/${world.eventId}/cancellations`, {
      key: app.facilitatorKey,
      body: { kind: 'startup', startupId: world.startupIds[1] },
    });
    expect(accepted.status).toBe(202);
    const result = await jobs.followJob(getJson, accepted.body.status, { text: english, intervalMs: 50 });
    expect(result.repair).toEqual({
      kept: expect.any(Number),
      moved: expect.any(Number),
      added: expect.any(Number),
      dropped: expect.any(Number),
    });
  });

  it('a job that fails rejects with its reason, which the page shows as an error', async () => {
    const jobId = await producer.enqueue({ action: 'build', eventId: '0123456789abcdef01234567' });
    const failure = await jobs.followJob(getJson, `/jobs/${jobId}`, { text: english, intervalMs: 50 }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/^The job failed: not_found: /);
  });

  it('an unknown job rejects with the 404 instead of polling forever', async () => {
    const failure = await jobs
      .followJob(getJson, '/jobs/schedules-00000000-0000-0000-0000-000000000000', {
        text: english,
        intervalMs: 50,
      })
      .then(
        () => undefined,
        (error: Error) => error.message,
      );
    expect(failure).toMatch(/^404 /);
  });

  it('stops polling a job that does not finish within its time limit, and says so', async () => {
    // Delayed for a minute: it stays unfinished for as long as the page follows it.
    const job = await producer.queue.add(
      'build',
      { action: 'build', eventId: world.eventId, minScore: 0 },
      { jobId: `schedules-${randomUUID()}`, delay: 60_000 },
    );
    try {
      let polls = 0;
      const failure = await jobs
        .followJob(getJson, `/jobs/${job.id}`, {
          text: english,
          intervalMs: 50,
          timeoutMs: 300,
          onUpdate: () => (polls += 1),
        })
        .then(
          () => undefined,
          (error: Error) => error.message,
        );
      expect(failure).toBe(
        'The job is still queued after 1 s: stopped following it. It may still finish; reload the schedule later.',
      );
      expect(polls).toBeGreaterThanOrEqual(1);
      expect(polls).toBeLessThanOrEqual(7);
    } finally {
      await job.remove();
    }
  });

  it('describes a job waiting to retry with the reason of the failed attempt', () => {
    expect(
      jobs.describeJob(
        { state: 'delayed', progress: 0.3, attemptsMade: 1, failedReason: 'conflict' },
        english,
      ),
    ).toBe('waiting to retry (attempt 1 failed: conflict)');
    expect(jobs.describeJob({ state: 'active', progress: 0.3, attemptsMade: 0 }, english)).toBe(
      'running, 30 %',
    );
    expect(jobs.describeJob({ state: 'waiting', progress: 0, attemptsMade: 0 }, english)).toBe('queued');
  });

  it('words a job in Swedish on a Swedish page, from the catalogue', () => {
    expect(
      jobs.describeJob(
        { state: 'delayed', progress: 0.3, attemptsMade: 2, failedReason: 'conflict' },
        swedish,
      ),
    ).toBe('väntar på nytt försök (försök 2 misslyckades: conflict)');
    expect(jobs.describeJob({ state: 'active', progress: 0.5, attemptsMade: 0 }, swedish)).toBe(
      'pågår, 50 %',
    );
    expect(jobs.describeJob({ state: 'waiting', progress: 0, attemptsMade: 0 }, swedish)).toBe('i kö');
  });
});
