import { Router } from 'express';
import { erasePersonalData, exportPersonalData, type QueuedMailWithdrawal } from '../../privacy';
import type { ServiceDeps } from '../../service-deps';
import { principalOf } from '../middleware';
import { signOut } from '../middleware/session.middleware';

/**
 * `/personal-data`: a person's data protection rights. `GET` exports the signed-in person's own
 * data as JSON; `POST /export` and `POST /erasure` take `{ email }` (facilitators: anyone's) or `{}`
 * (a signed-in person: their own). Erasing one's own data also ends the session at once.
 */
export function createPersonalDataRouter(
  deps: ServiceDeps & { mail?: QueuedMailWithdrawal | undefined },
): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await exportPersonalData(deps, principalOf(res), {}, new Date()));
  });
  router.post('/export', async (req, res) => {
    res.json(await exportPersonalData(deps, principalOf(res), req.body, new Date()));
  });
  router.post('/erasure', async (req, res) => {
    const principal = principalOf(res);
    const report = await erasePersonalData(deps, principal, req.body, new Date(), deps.mail);
    const ownSessionGone =
      principal.personId !== undefined && !(await deps.repos.people.findById(principal.personId));
    if (ownSessionGone && req.session) await signOut(req);
    res.json(report);
  });
  return router;
}
