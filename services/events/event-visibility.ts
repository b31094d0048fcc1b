import type { MatchmakingEvent } from '../../models';
import type { Principal } from '../auth';
import { publishedTiesOfCaller } from '../schedules';
import type { ServiceDeps } from '../service-deps';
import { availabilityHostEmails, eventAsSeenBy, readerOf } from '../visibility';

/**
 * Events as the caller may see them (services/visibility's FIELD_RULE): a development head and a
 * startup get the availability of only those hosts whose e-mail CONTACT_RULE shows them (a startup
 * also its own), and a startup no list of the enrolled startups.
 */
export async function eventsAsSeenBy(
  deps: ServiceDeps,
  principal: Principal,
  events: readonly MatchmakingEvent[],
): Promise<Partial<MatchmakingEvent>[]> {
  const reader = readerOf(principal);
  if (reader.role === 'facilitator')
    return events.map((event) =>
      eventAsSeenBy(reader, event, { hostEmails: new Set(), startupIds: new Set() }, () => undefined),
    );
  const ties = await publishedTiesOfCaller(deps, principal);
  const organisations = new Map<string, string>();
  for (const email of availabilityHostEmails(events)) {
    const host = await deps.repos.hosts.findByEmail(email);
    if (host) organisations.set(email, host.organisationId);
  }
  return events.map((event) => eventAsSeenBy(reader, event, ties, (email) => organisations.get(email)));
}
