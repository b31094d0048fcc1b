import { Router } from 'express';
import { createApiKey, listApiKeys, revokeApiKey } from '../../api-keys';
import type { ServiceDeps } from '../../service-deps';
import { principalOf } from '../middleware';

/** `/api-keys` (facilitator): issue (the key is in the 201 body, once), list without secrets, revoke. */
export function createApiKeysRouter(deps: ServiceDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await listApiKeys(deps.repos, principalOf(res)));
  });
  router.post('/', async (req, res) => {
    const issued = await createApiKey(deps, principalOf(res), req.body);
    res.status(201).set('Cache-Control', 'no-store').json(issued);
  });
  router.delete('/:id', async (req, res) => {
    await revokeApiKey(deps, principalOf(res), req.params.id, new Date());
    res.status(204).end();
  });
  return router;
}
