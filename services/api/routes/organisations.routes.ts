import { Router } from 'express';
import {
  createOrganisation,
  deleteOrganisation,
  getOrganisation,
  listOrganisations,
  updateOrganisation,
} from '../../organisations';
import type { ServiceDeps } from '../../service-deps';
import { expectedVersion, principalOf, setVersionTag } from '../middleware';

/** `/organisations`: read (every role), create/update/delete (facilitator; writes need `If-Match`). */
export function createOrganisationsRouter(deps: ServiceDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await listOrganisations(deps, principalOf(res), req.query));
  });
  router.post('/', async (req, res) => {
    const organisation = await createOrganisation(deps, principalOf(res), req.body);
    setVersionTag(res, organisation.version);
    res.status(201).location(`${req.baseUrl}/${organisation.id}`).json(organisation);
  });
  router.get('/:id', async (req, res) => {
    const organisation = await getOrganisation(deps, principalOf(res), req.params.id);
    setVersionTag(res, organisation.version);
    res.json(organisation);
  });
  router.patch('/:id', async (req, res) => {
    const organisation = await updateOrganisation(
      deps,
      principalOf(res),
      req.params.id,
      expectedVersion(req),
      req.body,
    );
    setVersionTag(res, organisation.version);
    res.json(organisation);
  });
  router.delete('/:id', async (req, res) => {
    await deleteOrganisation(deps, principalOf(res), req.params.id, expectedVersion(req));
    res.status(204).end();
  });
  return router;
}
