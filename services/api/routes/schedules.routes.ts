import { Router, type Request, type Response } from 'express';
import { AppError } from '../../app-error';
import type { SchedulesJobInput } from '../../queue/queues';
import type { SchedulesProducer } from '../../queue/schedules.producer';
import type { ServiceDeps } from '../../service-deps';
import {
  changePair,
  declineMeeting,
  moveMeeting,
  undoCancellation,
  listPairings,
  planBuild,
  recordScheduleChange,
  planCancellation,
  publishDraft,
  readAgenda,
  readScouting,
  readSchedule,
  runBuild,
  runRepair,
  type Rendered,
  type ScheduleFormat,
} from '../../schedules';
import { signUpPath } from '../../../web/pages';
import type { MatchmakingEvent } from '../../../models';
import type { AppDeps } from '../app-deps';
import { principalOf } from '../middleware';

/** Instance size (needs × startups × slots) from which builds and repairs go to the queue when `scheduleAsyncMinSize` is not given. */
export const DEFAULT_SCHEDULE_ASYNC_MIN_SIZE = 1_000_000;

function send(res: Response, rendered: Rendered): void {
  if (rendered.kind === 'json') {
    res.json(rendered.value);
    return;
  }
  res.type(rendered.contentType);
  if (rendered.filename) res.attachment(rendered.filename);
  res.send(rendered.body);
}

/** Format from `?format=`, else the Accept header (text/csv, text/calendar, text/html), else JSON. */
function negotiated(req: Request, allowed: readonly ScheduleFormat[]): ScheduleFormat {
  const query = typeof req.query.format === 'string' ? req.query.format : undefined;
  if (query && (allowed as readonly string[]).includes(query)) return query as ScheduleFormat;
  const accept = req.get('accept') ?? '';
  if (allowed.includes('csv') && /text\/csv/.test(accept)) return 'csv';
  if (allowed.includes('ics') && /text\/calendar/.test(accept)) return 'ics';
  if (allowed.includes('html') && /text\/html/.test(accept) && !/application\/json/.test(accept))
    return 'html';
  return 'json';
}

/** Enqueues `job` and answers 202 with where to follow it; 503 when the queue cannot be reached. Returns the job id. */
async function sendQueued(
  res: Response,
  queue: SchedulesProducer,
  job: SchedulesJobInput,
  size: number,
  asyncMinSize: number,
): Promise<string> {
  let jobId: string;
  try {
    jobId = await queue.enqueue(job);
  } catch (error) {
    throw new AppError('queue_unavailable', 'The schedules queue cannot be reached; try again shortly.', {
      httpStatus: 503,
      cause: error,
    });
  }
  res
    .status(202)
    .location(`/jobs/${jobId}`)
    .json({ jobId, status: `/jobs/${jobId}`, events: `/jobs/${jobId}/events`, size, asyncMinSize });
  return jobId;
}

/**
 * Schedules of an event, mounted at the root: build, publish, cancellations, pins and bans
 * (facilitators), the schedule as JSON / CSV / iCalendar / HTML (facilitators) and a participant's
 * own agenda (JSON / iCalendar / HTML). A build or a cancellation's repair whose instance size
 * (needs × startups × slots) reaches `scheduleAsyncMinSize`, and every exact-mode build
 * (`exactTimeLimitMs`), is checked in the request (auth, body, 404, 400, 409) and then run on the
 * `schedules` queue: 202 with the job id and `Location: /jobs/:id`.
 */
export function createSchedulesRouter(
  deps: ServiceDeps,
  queueDeps: Pick<AppDeps, 'schedulesQueue' | 'scheduleAsyncMinSize' | 'afterPublish'> = {},
): Router {
  const router = Router();
  const queue = queueDeps.schedulesQueue;
  const asyncMinSize = queueDeps.scheduleAsyncMinSize ?? DEFAULT_SCHEDULE_ASYNC_MIN_SIZE;
  // Builds and repairs run here or on the queue (without a caller there), so these two routes
  // record their audit entry themselves: the draft made, or the job that will make it.
  router.post('/events/:id/schedule', async (req, res) => {
    const principal = principalOf(res);
    const plan = await planBuild(deps, principal, req.params.id, req.body);
    // An exact solve is CPU work of up to its time limit at any size: never on the API's event loop.
    const exact = plan.options.exactTimeLimitMs !== undefined;
    if (queue && (exact || plan.size >= asyncMinSize)) {
      const jobId = await sendQueued(
        res,
        queue,
        { action: 'build', eventId: plan.eventId, ...plan.options },
        plan.size,
        asyncMinSize,
      );
      await recordScheduleChange(deps, principal, plan.eventId, 'build', plan.options, { jobId });
      return;
    }
    const draft = await runBuild(deps, plan.eventId, plan.options);
    await recordScheduleChange(deps, principal, plan.eventId, 'build', plan.options, {
      draftVersion: draft.version,
    });
    res.status(201).json(draft);
  });
  router.post('/events/:id/schedule/publish', async (req, res) => {
    res.json(await publishDraft(deps, principalOf(res), req.params.id, req.body, queueDeps.afterPublish));
  });
  router.post('/events/:id/cancellations', async (req, res) => {
    const principal = principalOf(res);
    const plan = await planCancellation(deps, principal, req.params.id, req.body);
    // One meeting's cancellation locks every other meeting: quick enough for the request at any size.
    if (queue && plan.size >= asyncMinSize && plan.note === undefined) {
      const jobId = await sendQueued(
        res,
        queue,
        { action: 'repair', eventId: plan.eventId, change: plan.change },
        plan.size,
        asyncMinSize,
      );
      await recordScheduleChange(deps, principal, plan.eventId, 'cancel', plan.change, { jobId });
      return;
    }
    const repaired = await runRepair(deps, plan.eventId, plan.change, undefined, plan.note);
    await recordScheduleChange(deps, principal, plan.eventId, 'cancel', plan.change, {
      draftVersion: repaired.version,
    });
    res.status(201).json(repaired);
  });
  router.post('/events/:id/cancellations/:cancellationId/undo', async (req, res) => {
    res
      .status(201)
      .json(await undoCancellation(deps, principalOf(res), req.params.id, req.params.cancellationId));
  });
  router.post('/events/:id/meetings/:meetingId/decline', async (req, res) => {
    res
      .status(201)
      .json(await declineMeeting(deps, principalOf(res), req.params.id, req.params.meetingId, req.body));
  });
  router.post('/events/:id/meetings/:meetingId/move', async (req, res) => {
    res
      .status(201)
      .json(await moveMeeting(deps, principalOf(res), req.params.id, req.params.meetingId, req.body));
  });
  for (const kind of ['pins', 'bans'] as const) {
    router.post(`/events/:id/${kind}`, async (req, res) => {
      res.status(201).json(await changePair(deps, principalOf(res), req.params.id, kind, 'add', req.body));
    });
    router.delete(`/events/:id/${kind}`, async (req, res) => {
      res.json(await changePair(deps, principalOf(res), req.params.id, kind, 'remove', req.body));
    });
  }
  router.get('/events/:id/pairings', async (req, res) => {
    res.json(await listPairings(deps, principalOf(res), req.params.id));
  });
  router.get('/events/:id/schedule.csv', async (req, res) => {
    send(res, await readSchedule(deps, principalOf(res), req.params.id, req.query, 'csv', new Date()));
  });
  router.get('/events/:id/schedule.ics', async (req, res) => {
    send(res, await readSchedule(deps, principalOf(res), req.params.id, req.query, 'ics', new Date()));
  });
  router.get('/events/:id/schedule', async (req, res) => {
    const format = negotiated(req, ['json', 'csv', 'ics', 'html']);
    send(res, await readSchedule(deps, principalOf(res), req.params.id, req.query, format, new Date()));
  });
  router.get('/events/:id/scouting.csv', async (req, res) => {
    send(res, await readScouting(deps, principalOf(res), req.params.id, req.query, 'csv', signUpUrlOf(req)));
  });
  router.get('/events/:id/scouting', async (req, res) => {
    const format = negotiated(req, ['json', 'csv']) as 'json' | 'csv';
    send(res, await readScouting(deps, principalOf(res), req.params.id, req.query, format, signUpUrlOf(req)));
  });
  router.get('/events/:id/agenda.ics', async (req, res) => {
    send(res, await readAgenda(deps, principalOf(res), req.params.id, req.query, 'ics', new Date()));
  });
  router.get('/events/:id/agenda', async (req, res) => {
    const format = negotiated(req, ['json', 'ics', 'html']) as 'json' | 'ics' | 'html';
    send(res, await readAgenda(deps, principalOf(res), req.params.id, req.query, format, new Date()));
  });
  return router;
}

/** The event's public sign-up page on the origin the request came to (null when it has none). */
function signUpUrlOf(req: Request): (event: MatchmakingEvent) => string | null {
  return (event) =>
    event.signUpSlug === undefined ? null : `${req.protocol}://${req.get('host') ?? ''}${signUpPath(event)}`;
}
