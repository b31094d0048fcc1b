import type { Principal } from '../auth';
import type { ServiceDeps } from '../service-deps';
import { NO_TIES, publishedTiesOf, readerOf, type PublishedTies } from '../visibility';
import { allEvents, organisationNeedIds } from './personal-agenda.service';

/**
 * The caller's ties in every event's current published schedule (services/visibility): the hosts a
 * startup meets, the startups that meet a development head's organisation. A facilitator needs
 * none (the rule shows it everything).
 */
export async function publishedTiesOfCaller(deps: ServiceDeps, principal: Principal): Promise<PublishedTies> {
  const reader = readerOf(principal);
  if (reader.role === 'facilitator') return NO_TIES;
  const ownNeeds =
    reader.role === 'development_head' ? await organisationNeedIds(deps, reader.organisationId) : null;
  const organisationOfNeed = (needId: string) =>
    reader.role === 'development_head' && ownNeeds?.has(needId) ? reader.organisationId : undefined;
  const repository = deps.repos.schedules;
  const hostEmails = new Set<string>();
  const startupIds = new Set<string>();
  for (const event of await allEvents(deps)) {
    const pointer = await repository.pointer(event.id);
    if (pointer.publishedVersion === 0) continue;
    const published = await repository.version(event.id, pointer.publishedVersion);
    const ties = publishedTiesOf(reader, published?.meetings ?? [], organisationOfNeed);
    for (const email of ties.hostEmails) hostEmails.add(email);
    for (const id of ties.startupIds) startupIds.add(id);
  }
  return { hostEmails, startupIds };
}
