import { Router, type Response } from 'express';
import type { Job, Queue, QueueEvents } from 'bullmq';
import { AppError } from '../../app-error';
import type { Principal } from '../../auth';
import { isSchedulesJobId } from '../../queue/schedules.producer';
import type { AppDeps } from '../app-deps';
import { principalOf } from '../middleware';

/** How often an idle event stream sends a comment, so proxies keep it open. Milliseconds. */
const HEARTBEAT_MS = 15_000;

/** What both producers offer the job routes. */
interface JobSource {
  readonly queue: Queue;
  readonly events: QueueEvents | undefined;
}

/** The queue a job id belongs to: schedules job ids carry a prefix, matches job ids are plain counters. */
function sourceOf(deps: Pick<AppDeps, 'matchesQueue' | 'schedulesQueue'>, id: string): JobSource {
  const [name, producer] = isSchedulesJobId(id)
    ? (['schedules', deps.schedulesQueue] as const)
    : (['matches', deps.matchesQueue] as const);
  if (!producer)
    throw new AppError('queue_unavailable', `This API runs without the ${name} queue.`, { httpStatus: 503 });
  return producer;
}

/**
 * A job as the API shows it; 404 when there is none. The state is read before the job, so a
 * finished state never comes with the job's fields from before it finished (attempts, result).
 */
async function viewOf(source: JobSource, id: string) {
  const state = await source.queue.getJobState(id);
  const job: Job | undefined = state === 'unknown' ? undefined : await source.queue.getJob(id);
  if (!job) throw new AppError('not_found', `No job with id ${id}.`, { httpStatus: 404 });
  return {
    id: job.id,
    queue: job.queueName,
    name: job.name,
    state,
    progress: job.progress,
    attemptsMade: job.attemptsMade,
    data: job.data as unknown,
    result: job.returnvalue as unknown,
    failedReason: job.failedReason,
    createdAt: new Date(job.timestamp).toISOString(),
    startedAt: job.processedOn ? new Date(job.processedOn).toISOString() : null,
    finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

/**
 * A caller sees the jobs its own requests started. Only facilitators' requests start jobs (a
 * rebuild, a large build or repair); the recomputes that other roles' writes cause are the
 * system's, and their payloads name every change (drafts too). So others get the same 404 as for
 * a job that does not exist.
 */
function assertMaySeeJob(principal: Principal, id: string): void {
  if (principal.role !== 'facilitator')
    throw new AppError('not_found', `No job with id ${id}.`, { httpStatus: 404 });
}

function send(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * `GET /jobs/:id` (a job's state, progress and result) and `GET /jobs/:id/events` (server-sent
 * events: `state` once, then `progress` as it moves, then `completed` or `failed`, after which the
 * stream ends), for jobs of both queues: ids starting `schedules-` are schedules jobs, the others
 * matches jobs. Facilitators only (see {@link assertMaySeeJob}); others get 404.
 */
export function createJobsRouter(deps: Pick<AppDeps, 'matchesQueue' | 'schedulesQueue'>): Router {
  const router = Router();
  router.get('/:id', async (req, res) => {
    assertMaySeeJob(principalOf(res), req.params.id);
    res.json(await viewOf(sourceOf(deps, req.params.id), req.params.id));
  });
  router.get('/:id/events', async (req, res) => {
    assertMaySeeJob(principalOf(res), req.params.id);
    const producer = sourceOf(deps, req.params.id);
    const events = producer.events;
    if (!events)
      throw new AppError('queue_unavailable', 'This API does not listen to queue events.', {
        httpStatus: 503,
      });
    const jobId = req.params.id;

    // Listen before reading the job, so nothing that happens in between is missed; but hold what
    // arrives until the job's state is sent, so the stream keeps its order (state, progress,
    // completed or failed) even when the job finishes during the read.
    type Pending = { event: 'progress' | 'completed' | 'failed'; data: unknown };
    let pending: Pending[] | undefined = [];
    let closed = false;
    let heartbeat: NodeJS.Timeout | undefined = undefined;
    const deliver = (event: Pending['event'], data: unknown) => {
      if (pending) pending.push({ event, data });
      else if (event === 'progress') send(res, event, data);
      else finish(event, data);
    };
    const onProgress = ({ jobId: id, data }: { jobId: string; data: unknown }) => {
      if (id === jobId) deliver('progress', { jobId, progress: data });
    };
    const onCompleted = ({ jobId: id, returnvalue }: { jobId: string; returnvalue: unknown }) => {
      if (id === jobId) deliver('completed', { jobId, result: returnvalue });
    };
    const onFailed = ({ jobId: id, failedReason }: { jobId: string; failedReason: string }) => {
      if (id === jobId) deliver('failed', { jobId, failedReason });
    };
    function cleanup(): void {
      closed = true;
      clearInterval(heartbeat);
      events?.off('progress', onProgress);
      events?.off('completed', onCompleted);
      events?.off('failed', onFailed);
    }
    function finish(event: 'completed' | 'failed', data: unknown): void {
      if (closed) return;
      send(res, event, data);
      cleanup();
      res.end();
    }
    events.on('progress', onProgress);
    events.on('completed', onCompleted);
    events.on('failed', onFailed);
    req.on('close', cleanup);

    let view: Awaited<ReturnType<typeof viewOf>>;
    try {
      view = await viewOf(producer, jobId);
    } catch (error) {
      cleanup(); // 404 (or Redis away): answered as a problem, no stream opened
      throw error;
    }
    if (closed) return;
    res.status(200).set({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    send(res, 'state', view);
    if (view.state === 'completed') return finish('completed', { jobId, result: view.result });
    if (view.state === 'failed') return finish('failed', { jobId, failedReason: view.failedReason });
    // What arrived during the read, in order, then live.
    const held = pending;
    pending = undefined;
    for (const { event, data } of held) deliver(event, data);
  });
  return router;
}
