import { Router, type Response } from 'express';
import type { Job, Queue, QueueEvents } from 'bullmq';
import { AppError } from '../../app-error';
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

function send(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * `GET /jobs/:id` (a job's state, progress and result) and `GET /jobs/:id/events` (server-sent
 * events: `state` once, then `progress` as it moves, then `completed` or `failed`, after which the
 * stream ends), for jobs of both queues: ids starting `schedules-` are schedules jobs, the others
 * matches jobs. Any authenticated caller: jobs carry ids, versions and build options only.
 */
export function createJobsRouter(deps: Pick<AppDeps, 'matchesQueue' | 'schedulesQueue'>): Router {
  const router = Router();
  router.get('/:id', async (req, res) => {
    principalOf(res);
    res.json(await viewOf(sourceOf(deps, req.params.id), req.params.id));
  });
  router.get('/:id/events', async (req, res) => {
    principalOf(res);
    const producer = sourceOf(deps, req.params.id);
    const events = producer.events;
    if (!events)
      throw new AppError('queue_unavailable', 'This API does not listen to queue events.', {
        httpStatus: 503,
      });
    const jobId = req.params.id;
    const before = await viewOf(producer, jobId);
    res.status(200).set({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();

    let closed = false;
    const onProgress = ({ jobId: id, data }: { jobId: string; data: unknown }) => {
      if (id === jobId) send(res, 'progress', { jobId, progress: data });
    };
    const onCompleted = ({ jobId: id, returnvalue }: { jobId: string; returnvalue: unknown }) => {
      if (id === jobId) finish('completed', { jobId, result: returnvalue });
    };
    const onFailed = ({ jobId: id, failedReason }: { jobId: string; failedReason: string }) => {
      if (id === jobId) finish('failed', { jobId, failedReason });
    };
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
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
    // Listen first, then read the state: a job that finishes in between is still reported.
    events.on('progress', onProgress);
    events.on('completed', onCompleted);
    events.on('failed', onFailed);
    req.on('close', cleanup);
    // Removed meanwhile (retention): show what was there when the stream opened.
    const view = await viewOf(producer, jobId).catch(() => before);
    if (closed) return;
    send(res, 'state', view);
    if (view.state === 'completed') finish('completed', { jobId, result: view.result });
    else if (view.state === 'failed') finish('failed', { jobId, failedReason: view.failedReason });
  });
  return router;
}
