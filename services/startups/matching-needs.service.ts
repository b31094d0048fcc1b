import type { Match, Need } from '../../models';
import { assertRole, type Principal } from '../auth';
import { listStartupMatches } from '../matches/match-read.service';
import { getNeed } from '../needs';
import type { MatchesProducer } from '../queue/change.producer';
import type { ServiceDeps } from '../service-deps';
import { publishedTiesOf, readerOf, visibleHostContact, type VisibleContact } from '../visibility';

/** A need as a startup may see it: never its owner's contact (see {@link NeedForStartup.contact}). */
export type NeedSeenByStartup = Omit<Need, 'owner' | 'hostId'>;

/** One of a startup's matching needs, with what its page shows. */
export interface MatchingNeed {
  match: Match;
  need: NeedSeenByStartup;
  organisationName: string;
}

/** A page of a startup's matching needs, best first. */
export interface MatchingNeeds {
  /** Open needs matching the profile in all (the page shows the first `items.length`). */
  total: number;
  /** True while the profile's matches are being recomputed. */
  stale: boolean;
  items: MatchingNeed[];
}

/** The profile a startup principal speaks for (403 for every other role). */
function startupIdOf(principal: Principal): string {
  assertRole(principal, 'startup');
  return (principal as Extract<Principal, { role: 'startup' }>).startupId;
}

function withoutOwner(need: Need): NeedSeenByStartup {
  const { owner: _owner, hostId: _hostId, ...seen } = need;
  return seen;
}

async function organisationNames(deps: ServiceDeps, ids: readonly string[]): Promise<Map<string, string>> {
  const organisations = deps.repos.organisations;
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => organisations.findById(id)));
  return new Map(unique.map((id, index) => [id, found[index]?.name ?? '']));
}

/**
 * The open needs that match a startup, best first, the first `limit` of them with their need and
 * organisation. The list is `GET /startups/:id/matches` for the startup itself (open needs only:
 * never a draft, a matched or a closed need).
 */
export async function listMatchingNeeds(
  deps: ServiceDeps,
  producer: MatchesProducer | undefined,
  principal: Principal,
  limit: number,
): Promise<MatchingNeeds> {
  const startupId = startupIdOf(principal);
  const list = await listStartupMatches(deps, producer, principal, startupId, {});
  const shown = list.items.slice(0, limit);
  const needs = await Promise.all(shown.map((match) => getNeed(deps, principal, match.needId)));
  const names = await organisationNames(
    deps,
    needs.map((need) => need.organisationId),
  );
  return {
    total: list.items.length,
    stale: list.stale,
    items: shown.map((match, index) => {
      const need = needs[index] as Need;
      return { match, need: withoutOwner(need), organisationName: names.get(need.organisationId) ?? '' };
    }),
  };
}

/** One open need as a startup sees it. */
export interface NeedForStartup {
  need: NeedSeenByStartup;
  organisationName: string;
  /** The startup's match with the need, when the need is among its matches. */
  match?: Match;
  /**
   * The need's host as the contact rule (services/visibility) lets the startup see it: the name
   * always, the e-mail and phone once a published schedule holds a meeting of the startup with
   * that host.
   */
  contact: VisibleContact;
}

/** The meetings of the startup in the current published schedule of each event it is enrolled in. */
async function publishedMeetingsOf(
  deps: ServiceDeps,
  startupId: string,
): Promise<{ needId: string; hostId: string; startupId: string }[]> {
  const meetings: { needId: string; hostId: string; startupId: string }[] = [];
  for (let page = 1; ; page += 1) {
    const found = await deps.repos.events.list({ startupIds: startupId }, { limit: 100, page });
    for (const event of found.items) {
      const pointer = await deps.repos.schedules.pointer(event.id);
      if (pointer.publishedVersion === 0) continue;
      const published = await deps.repos.schedules.version(event.id, pointer.publishedVersion);
      meetings.push(...(published?.meetings ?? []).filter((meeting) => meeting.startupId === startupId));
    }
    if (found.nextPage === null) return meetings;
  }
}

/**
 * An open need for a startup's page (404 for any other need, as at `GET /needs/:id`): the need
 * without its owner, its organisation, the startup's match with it if any, and the host's contact
 * as the contact rule allows.
 */
export async function readNeedForStartup(
  deps: ServiceDeps,
  principal: Principal,
  needId: string,
): Promise<NeedForStartup> {
  const startupId = startupIdOf(principal);
  const need = await getNeed(deps, principal, needId);
  const [names, matches, meetings] = await Promise.all([
    organisationNames(deps, [need.organisationId]),
    listStartupMatches(deps, undefined, principal, startupId, {}),
    publishedMeetingsOf(deps, startupId),
  ]);
  const reader = readerOf(principal);
  // A startup's ties do not depend on organisations (only a development head's do).
  const ties = publishedTiesOf(reader, meetings, () => undefined);
  const match = matches.items.find((item) => item.needId === need.id);
  return {
    need: withoutOwner(need),
    organisationName: names.get(need.organisationId) ?? '',
    ...(match ? { match } : {}),
    contact: visibleHostContact(reader, { ...need.owner, organisationId: need.organisationId }, ties),
  };
}
