import type { ScheduleChange } from '../../scheduling';
import { AppError } from '../app-error';
import type { ServiceDeps } from '../service-deps';
import { runRepair } from './schedule.service';

/** A need or startup profile that leaves the events it was enrolled in. */
export interface Departure {
  readonly kind: 'need' | 'startup';
  readonly id: string;
  /** What happened to it (a rejected startup is the profile review's word). */
  readonly what: 'deleted' | 'closed' | 'rejected';
  /** Its name for people (need title, startup name): the record may be gone when it is read. */
  readonly label: string;
}

/** What a departure did to one event's schedule: the repaired draft, or why it could not be made. */
export type DepartureRepair =
  | {
      readonly eventId: string;
      readonly ok: true;
      readonly draftVersion: number;
      readonly kept: number;
      readonly added: number;
      readonly dropped: number;
    }
  | { readonly eventId: string; readonly ok: false; readonly detail: string };

/** Ids of the events that enrol the participant now (call it before the participant is taken out of them). */
export async function eventIdsEnrolling(
  deps: ServiceDeps,
  kind: Departure['kind'],
  id: string,
): Promise<string[]> {
  const events = deps.repos.events;
  const field = kind === 'need' ? 'needIds' : 'startupIds';
  const ids: string[] = [];
  for (let page = 1; ; page += 1) {
    const found = await events.list({ [field]: id }, { limit: 100, page });
    ids.push(...found.items.map((event) => event.id));
    if (found.nextPage === null) return ids;
  }
}

function changeOf(departure: Departure): ScheduleChange {
  return departure.kind === 'need'
    ? { kind: 'cancel-need', needId: departure.id }
    : { kind: 'cancel-startup', startupId: departure.id };
}

/** True when the event's current draft or published schedule has a meeting of the participant. */
async function hasMeetings(deps: ServiceDeps, eventId: string, departure: Departure): Promise<boolean> {
  const repository = deps.repos.schedules;
  const pointer = await repository.pointer(eventId);
  const field = departure.kind === 'need' ? 'needId' : 'startupId';
  for (const version of new Set([pointer.draftVersion, pointer.publishedVersion])) {
    if (version === 0) continue;
    const stored = await repository.version(eventId, version);
    if (stored?.meetings.some((m) => m[field] === departure.id)) return true;
  }
  return false;
}

/**
 * The hook to call when a need or startup leaves (deleted, closed, rejected): in each of
 * `eventIds` whose current draft or published schedule holds a meeting of it, records the departure
 * as a cancellation (applied to every later build, with its name, so no later build reports a bare
 * id) and repairs the draft at once: its meetings go, nobody else moves, freed places are refilled.
 * The departure itself has already been stored, so a repair that fails is reported (and logged),
 * never thrown. Events without such meetings are left alone and not listed.
 */
export async function repairAfterDeparture(
  deps: ServiceDeps,
  departure: Departure,
  eventIds: readonly string[],
): Promise<DepartureRepair[]> {
  const repairs: DepartureRepair[] = [];
  const noun = departure.kind === 'need' ? 'Need' : 'Startup';
  for (const eventId of eventIds) {
    try {
      if (!(await hasMeetings(deps, eventId, departure))) continue;
      const repaired = await runRepair(deps, eventId, changeOf(departure), undefined, {
        reason: `${noun} "${departure.label}" was ${departure.what}.`,
        label: departure.label,
        departure: true,
      });
      repairs.push({
        eventId,
        ok: true,
        draftVersion: repaired.version,
        kept: repaired.kept,
        added: repaired.added.length,
        dropped: repaired.dropped.length,
      });
    } catch (error) {
      deps.logger.error({ err: error, eventId, departure }, 'schedule not repaired after a departure');
      repairs.push({
        eventId,
        ok: false,
        detail:
          error instanceof AppError
            ? `${error.message} Build a new draft to take the departure into account.`
            : 'The schedule could not be repaired; build a new draft to take the departure into account.',
      });
    }
  }
  return repairs;
}

/**
 * A closed need reopened: its recorded closures stop applying, so the next build schedules it
 * again. Its meetings are not restored by themselves (the facilitator builds or repairs).
 */
export async function liftNeedClosure(deps: ServiceDeps, needId: string, eventIds: readonly string[]) {
  const repository = deps.repos.schedules;
  for (const eventId of eventIds) {
    const { cancellations } = await repository.pairings(eventId);
    for (const cancellation of cancellations)
      if (
        cancellation.id !== undefined &&
        cancellation.change.kind === 'cancel-need' &&
        cancellation.change.needId === needId
      )
        await repository.markUndone(eventId, cancellation.id);
  }
}
