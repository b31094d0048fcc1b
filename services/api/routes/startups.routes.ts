import { Router } from 'express';
import type { ServiceDeps } from '../../service-deps';
import { createStartup, deleteStartup, getStartup, listStartups, updateStartup } from '../../startups';
import { expectedVersion, principalOf, sendWritten, setVersionTag } from '../middleware';
import { reviewStartup } from '../../registrations';
import { sendWrittenWithRepairs } from './schedule-repairs';
import { publishedTiesOfCaller } from '../../schedules';
import { readerOf, startupAsSeenBy } from '../../visibility';

/**
 * `/startups`: list (facilitator, development head), read (those two, and a startup its own),
 * create/delete (facilitator), update (facilitator, a startup its own), review a registered
 * profile (facilitator: approve, or reject with a reason). Writes need `If-Match`.
 */
export function createStartupsRouter(deps: ServiceDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const principal = principalOf(res);
    const page = await listStartups(deps, principal, req.query);
    // The contact person as services/visibility allows (to a development head only after a published meeting).
    const ties = await publishedTiesOfCaller(deps, principal);
    res.json({
      ...page,
      items: page.items.map((startup) => startupAsSeenBy(readerOf(principal), startup, ties)),
    });
  });
  router.post('/', async (req, res) => {
    const written = await createStartup(deps, principalOf(res), req.body);
    res.location(`${req.baseUrl}/${written.value.id}`);
    sendWritten(res, 201, written);
  });
  router.get('/:id', async (req, res) => {
    const principal = principalOf(res);
    const startup = await getStartup(deps, principal, req.params.id);
    setVersionTag(res, startup.version);
    res.json(startupAsSeenBy(readerOf(principal), startup, await publishedTiesOfCaller(deps, principal)));
  });
  router.patch('/:id', async (req, res) => {
    sendWritten(
      res,
      200,
      await updateStartup(deps, principalOf(res), req.params.id, expectedVersion(req), req.body),
    );
  });
  router.post('/:id/review', async (req, res) => {
    sendWrittenWithRepairs(
      res,
      200,
      await reviewStartup(deps, principalOf(res), req.params.id, expectedVersion(req), req.body, new Date()),
    );
  });
  router.delete('/:id', async (req, res) => {
    sendWrittenWithRepairs(
      res,
      204,
      await deleteStartup(deps, principalOf(res), req.params.id, expectedVersion(req)),
    );
  });
  return router;
}
