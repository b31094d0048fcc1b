import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Repositories } from '../models';
import { AppError } from '../services/app-error';
import { schedulesJobSchema, type SchedulesJob } from '../services/queue/queues';
import { runBuild, runRepair, type RepairView, type ScheduleView } from '../services/schedules';
import type { ServiceDeps } from '../services/service-deps';

/**
 * Lock of a schedules job. Solving runs on the event loop and can hold it for as long as an exact
 * solve's time limit (at most 120 s), during which BullMQ cannot renew the lock; a shorter lock
 * would hand the job to a second worker mid-solve. The price: a killed worker's job is taken over
 * after this long. Milliseconds.
 */
export const SCHEDULES_LOCK_MS = 150_000;

/** What the schedules processor calls. */
export interface SchedulesProcessorDeps {
  repos: Repositories;
  logger: Logger;
}

/** Result stored on a completed schedules job (shown by `GET /jobs/:id`). */
export interface SchedulesJobResult {
  action: SchedulesJob['action'];
  eventId: string;
  /** Number of the new draft: `GET /events/:eventId/schedule?version=<version>`. */
  version: number;
  /** Its `_id` in `schedule_versions`. */
  versionId: string;
  meetings: number;
  shortfalls: number;
  unmetPins: number;
  droppedLocked: number;
  /** Candidate pairs the instance had. */
  candidates: number;
  objective: number;
  /** Repairs only: how many meetings stayed, moved, were added or dropped. */
  repair?: { kept: number; moved: number; added: number; dropped: number };
}

function resultOf(action: SchedulesJob['action'], view: ScheduleView | RepairView): SchedulesJobResult {
  return {
    action,
    eventId: view.eventId,
    version: view.version,
    versionId: `${view.eventId}:${view.version}`,
    meetings: view.meetings.length,
    shortfalls: view.shortfalls.length,
    unmetPins: view.unmetPins.length,
    droppedLocked: view.droppedLocked.length,
    candidates: view.build?.candidates ?? 0,
    objective: view.objective,
    ...('kept' in view
      ? {
          repair: {
            kept: view.kept,
            moved: view.moved.length,
            added: view.added.length,
            dropped: view.dropped.length,
          },
        }
      : {}),
  };
}

/**
 * A request error (400 bad change, 404 event gone, 403) cannot succeed on retry; a conflict (409:
 * another build, publish or repair got in first) can, on top of the newer draft.
 */
function isPermanent(error: unknown): error is AppError {
  return (
    error instanceof AppError && error.httpStatus >= 400 && error.httpStatus < 500 && error.httpStatus !== 409
  );
}

/**
 * The thin processor of the `schedules` queue: validates the payload (a bad one throws
 * `UnrecoverableError`, so it fails once instead of retrying), then runs the same build or repair
 * as the request path. A permanent application error fails at once too; anything else is retried
 * with exponential backoff.
 */
export function createSchedulesProcessor(deps: SchedulesProcessorDeps) {
  const services: ServiceDeps = {
    repos: deps.repos,
    logger: deps.logger,
    // Building and repairing schedules write no needs or profiles.
    changes: { publish: () => Promise.reject(new Error('the schedules processor publishes no changes')) },
  };
  return async function processSchedulesJob(
    job: Job<unknown, SchedulesJobResult>,
  ): Promise<SchedulesJobResult> {
    const parsed = schedulesJobSchema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(
        `invalid schedules job payload: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
    }
    const data = parsed.data;
    // From here on, a new build request for this event gets a job of its own (this one has read nothing yet, but will shortly).
    if (data.action === 'build') await job.removeDeduplicationKey();
    await job.updateProgress(0.05);
    const progress = (fraction: number) => job.updateProgress(fraction);
    try {
      const view =
        data.action === 'build'
          ? await runBuild(services, data.eventId, data, progress)
          : await runRepair(services, data.eventId, data.change, progress);
      await job.updateProgress(1);
      return resultOf(data.action, view);
    } catch (error) {
      if (isPermanent(error)) throw new UnrecoverableError(`${error.code}: ${error.message}`);
      throw error;
    }
  };
}
