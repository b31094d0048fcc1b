import { Router } from 'express';
import {
  createHost,
  deleteHost,
  getHost,
  listHosts,
  updateHost,
  type QueuedMailReaddress,
} from '../../hosts';
import type { ServiceDeps } from '../../service-deps';
import { expectedVersion, principalOf, setVersionTag } from '../middleware';

/**
 * `/hosts`: the people who sit in the meetings of one organisation's needs. Facilitators every
 * host; a development head the hosts of their own organisation (others are 404); startups none.
 * Writes need `If-Match`.
 */
export function createHostsRouter(deps: ServiceDeps & { mail?: QueuedMailReaddress | undefined }): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await listHosts(deps, principalOf(res), req.query));
  });
  router.post('/', async (req, res) => {
    const host = await createHost(deps, principalOf(res), req.body);
    setVersionTag(res, host.version);
    res.status(201).location(`${req.baseUrl}/${host.id}`).json(host);
  });
  router.get('/:id', async (req, res) => {
    const host = await getHost(deps, principalOf(res), req.params.id);
    setVersionTag(res, host.version);
    res.json(host);
  });
  router.patch('/:id', async (req, res) => {
    const host = await updateHost(
      deps,
      principalOf(res),
      req.params.id,
      expectedVersion(req),
      req.body,
      deps.mail,
    );
    setVersionTag(res, host.version);
    res.json(host);
  });
  router.delete('/:id', async (req, res) => {
    await deleteHost(deps, principalOf(res), req.params.id, expectedVersion(req));
    res.status(204).end();
  });
  return router;
}
