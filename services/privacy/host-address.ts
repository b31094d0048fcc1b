import type { MatchmakingEvent } from '../../models';
import { AppError } from '../app-error';
import { allEvents } from '../schedules';
import type { ServiceDeps } from '../service-deps';

/** Tries at writing one event's availability when other writers get in between. */
const MAX_EVENT_ATTEMPTS = 3;

/** What {@link renameHostAddress} changed. */
export interface HostAddressRenamed {
  /** Events whose availability named the host by an old address. */
  availabilityRenamed: number;
  /** Schedule versions, pointers and pairings that named the host by an old address. */
  scheduleDocumentsRenamed: number;
}

/**
 * Renames a host's address (any of `from`) to `to` wherever records are keyed by it: the events'
 * availability and every stored schedule version, pointer and pairing (both name hosts by
 * address). Each step only touches what still has an old address, so running it again finishes
 * a rename cut short and changes nothing after a finished one. The erasure and a host's change of
 * e-mail both use it. 409 `event_busy` when an event keeps changing under it.
 */
export async function renameHostAddress(
  deps: ServiceDeps,
  from: readonly string[],
  to: string,
  events?: readonly MatchmakingEvent[],
): Promise<HostAddressRenamed> {
  const addresses = new Set(from.map((address) => address.trim().toLowerCase()));
  const named = (a: MatchmakingEvent['availability'][number]) =>
    a.participantKind === 'host' && addresses.has(a.participantId.trim().toLowerCase());
  const all = events ?? (await allEvents(deps));
  const renamed: HostAddressRenamed = { availabilityRenamed: 0, scheduleDocumentsRenamed: 0 };
  for (const stored of all) {
    let event: MatchmakingEvent | null = stored;
    for (let attempt = 1; event?.availability.some(named); attempt += 1) {
      const availability = event.availability.map((a) => (named(a) ? { ...a, participantId: to } : a));
      const written = await deps.repos.events.update(event.id, event.version, { availability });
      if (written.ok) {
        renamed.availabilityRenamed += 1;
        break;
      }
      if (attempt === MAX_EVENT_ATTEMPTS)
        throw new AppError('event_busy', 'An event kept changing while an address was renamed; ask again.', {
          httpStatus: 409,
        });
      event = await deps.repos.events.findById(event.id);
    }
  }
  const eventIds = all.map((event) => event.id);
  for (const address of addresses)
    renamed.scheduleDocumentsRenamed += await deps.repos.schedules.replaceValue(eventIds, address, to);
  return renamed;
}
