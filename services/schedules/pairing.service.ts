import { recordScheduleChange } from './schedule-audit';
import { assertRole, type Principal } from '../auth';
import type { ServiceDeps } from '../service-deps';
import { invalidFields, parseInput } from '../validation';
import { notFound } from '../versioning';
import { pairBodySchema } from './schedule.schemas';

/** Pins and bans of an event as the API returns them. */
export interface PairingsView {
  eventId: string;
  pins: { needId: string; startupId: string }[];
  bans: { needId: string; startupId: string }[];
  cancellations: unknown[];
}

async function view(deps: ServiceDeps, eventId: string): Promise<PairingsView> {
  const { pins, bans, cancellations } = await deps.repos.schedules.pairings(eventId);
  return { eventId, pins, bans, cancellations };
}

/** `GET /events/:id/pairings` (facilitator): pins, bans and recorded cancellations. */
export async function listPairings(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
): Promise<PairingsView> {
  assertRole(principal, 'facilitator');
  if (!(await deps.repos.events.findById(eventId))) throw notFound('event', eventId);
  return view(deps, eventId);
}

/**
 * `POST` / `DELETE /events/:id/pins|bans` (facilitator): adds or removes one pair. Both must be
 * enrolled in the event (400 naming the field). Takes effect at the next build.
 */
export async function changePair(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  kind: 'pins' | 'bans',
  action: 'add' | 'remove',
  body: unknown,
): Promise<PairingsView> {
  assertRole(principal, 'facilitator');
  const pair = parseInput(pairBodySchema, body);
  const event = await deps.repos.events.findById(eventId);
  if (!event) throw notFound('event', eventId);
  const problems = [
    ...(event.needIds.includes(pair.needId)
      ? []
      : [{ path: 'needId', message: 'not enrolled in this event' }]),
    ...(event.startupIds.includes(pair.startupId)
      ? []
      : [{ path: 'startupId', message: 'not enrolled in this event' }]),
  ];
  if (action === 'add' && problems.length > 0) throw invalidFields(problems);
  const repository = deps.repos.schedules;
  if (action === 'add') await repository.addPair(eventId, kind, pair);
  else if (!(await repository.removePair(eventId, kind, pair))) {
    throw notFound(kind === 'pins' ? 'pin' : 'ban', `${pair.needId}/${pair.startupId}`);
  }
  await recordScheduleChange(deps, principal, eventId, `${action}_${kind === 'pins' ? 'pin' : 'ban'}`, pair);
  return view(deps, eventId);
}
