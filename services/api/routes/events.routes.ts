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
import { eventsAsSeenBy } from '../../events/event-visibility';
import type { Principal } from '../../auth';
import type { MatchmakingEvent } from '../../../models';
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
  /** One event as the caller may see it (services/visibility). */
  const asSeen = async (principal: Principal, event: MatchmakingEvent) =>
    (await eventsAsSeenBy(deps, principal, [event]))[0];
  router.get('/', async (req, res) => {
    const principal = principalOf(res);
    const page = await listEvents(deps, principal, req.query);
    res.json({ ...page, items: await eventsAsSeenBy(deps, principal, page.items) });
  });
  router.post('/', async (req, res) => {
    const event = await createEvent(deps, principalOf(res), req.body);
    setVersionTag(res, event.version);
    res.status(201).location(`${req.baseUrl}/${event.id}`).json(event);
  });
  router.get('/:id', async (req, res) => {
    const principal = principalOf(res);
    const event = await getEvent(deps, principal, req.params.id);
    setVersionTag(res, event.version);
    res.json(await asSeen(principal, event));
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
    const principal = principalOf(res);
    const event = await setAvailability(deps, principal, req.params.id, req.body);
    setVersionTag(res, event.version);
    res.json(await asSeen(principal, event));
  });
  router.delete('/:id/availability/:kind/:participantId', async (req, res) => {
    const principal = principalOf(res);
    const event = await clearAvailability(
      deps,
      principal,
      req.params.id,
      req.params.kind,
      req.params.participantId,
    );
    setVersionTag(res, event.version);
    res.json(await asSeen(principal, event));
  });
  return router;
}
