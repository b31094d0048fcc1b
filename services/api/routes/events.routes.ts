import { Router } from 'express';
import {
  clearAvailability,
  createEvent,
  deleteEvent,
  enrol,
  getEvent,
  listEvents,
  setAvailability,
  unenrol,
  updateEvent,
} from '../../events';
import type { ServiceDeps } from '../../service-deps';
import { expectedVersion, principalOf, setVersionTag } from '../middleware';

/**
 * `/events`: read (every role); create/update/delete and enrolments (facilitator; update and delete
 * need `If-Match`); availability (facilitator any, startup itself, development head the hosts of
 * their organisation's needs). Enrolment and availability changes need no `If-Match`: they are
 * applied to the current state and retried on conflict.
 */
export function createEventsRouter(deps: ServiceDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await listEvents(deps, principalOf(res), req.query));
  });
  router.post('/', async (req, res) => {
    const event = await createEvent(deps, principalOf(res), req.body);
    setVersionTag(res, event.version);
    res.status(201).location(`${req.baseUrl}/${event.id}`).json(event);
  });
  router.get('/:id', async (req, res) => {
    const event = await getEvent(deps, principalOf(res), req.params.id);
    setVersionTag(res, event.version);
    res.json(event);
  });
  router.patch('/:id', async (req, res) => {
    const event = await updateEvent(deps, principalOf(res), req.params.id, expectedVersion(req), req.body);
    setVersionTag(res, event.version);
    res.json(event);
  });
  router.delete('/:id', async (req, res) => {
    await deleteEvent(deps, principalOf(res), req.params.id, expectedVersion(req));
    res.status(204).end();
  });
  router.post('/:id/enrolments', async (req, res) => {
    const event = await enrol(deps, principalOf(res), req.params.id, req.body);
    setVersionTag(res, event.version);
    res.json(event);
  });
  router.delete('/:id/enrolments/:kind/:participantId', async (req, res) => {
    const event = await unenrol(
      deps,
      principalOf(res),
      req.params.id,
      req.params.kind,
      req.params.participantId,
    );
    setVersionTag(res, event.version);
    res.json(event);
  });
  router.put('/:id/availability', async (req, res) => {
    const event = await setAvailability(deps, principalOf(res), req.params.id, req.body);
    setVersionTag(res, event.version);
    res.json(event);
  });
  router.delete('/:id/availability/:kind/:participantId', async (req, res) => {
    const event = await clearAvailability(
      deps,
      principalOf(res),
      req.params.id,
      req.params.kind,
      req.params.participantId,
    );
    setVersionTag(res, event.version);
    res.json(event);
  });
  return router;
}
