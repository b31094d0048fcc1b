import { Router } from 'express';
import { AppError } from '../../app-error';
import { recordChange } from '../../audit';
import { assertRole } from '../../auth';
import { listNeedMatches, listStartupMatches } from '../../matches/match-read.service';
import type { ServiceDeps } from '../../service-deps';
import type { AppDeps } from '../app-deps';
import { principalOf } from '../middleware';
import { createMatchListJson } from './match-list-json';

/**
 * Match reads and the rebuild trigger, mounted at the root: `GET /needs/:id/matches`,
 * `GET /startups/:id/matches` (both with `?limit=`), `POST /matches/rebuild` (facilitator; 202
 * with the job id to follow at `/jobs/:id/events`).
 */
export function createMatchesRouter(
  deps: ServiceDeps,
  { matchesQueue: producer }: Pick<AppDeps, 'matchesQueue'>,
): Router {
  const router = Router();
  const listJson = createMatchListJson();
  router.get('/needs/:id/matches', async (req, res) => {
    const list = await listNeedMatches(deps, producer, principalOf(res), req.params.id, req.query);
    res.type('json').send(listJson(list));
  });
  router.get('/startups/:id/matches', async (req, res) => {
    const list = await listStartupMatches(deps, producer, principalOf(res), req.params.id, req.query);
    res.type('json').send(listJson(list));
  });
  router.post('/matches/rebuild', async (_req, res) => {
    const principal = principalOf(res);
    assertRole(principal, 'facilitator');
    if (!producer)
      throw new AppError('queue_unavailable', 'This API runs without the matches queue.', {
        httpStatus: 503,
      });
    // The generation asked at: shard owners that find a newer model take it instead of fitting again.
    const generation = (await deps.repos.scoringModels.pointer())?.generation ?? 0;
    let jobId: string;
    try {
      jobId = await producer.enqueue({ type: 'rebuild', reason: 'requested', generation });
    } catch (error) {
      throw new AppError('queue_unavailable', 'The matches queue cannot be reached; try again shortly.', {
        httpStatus: 503,
        cause: error,
      });
    }
    // No use-case behind this route: it only queues the rebuild, so it records the request itself.
    await recordChange(deps, principal, {
      action: 'rebuild',
      record: { kind: 'matches', id: 'all' },
      after: { jobId },
    });
    res
      .status(202)
      .location(`/jobs/${jobId}`)
      .json({ jobId, status: `/jobs/${jobId}`, events: `/jobs/${jobId}/events` });
  });
  return router;
}
