import type { Meeting } from '../../scheduling';
import type { ScheduleLabels } from '../exports';
import type { ServiceDeps } from '../service-deps';
import { publishedTiesOf, visibleHostContact, visibleStartupContact, type Reader } from '../visibility';
import { loadFormerParticipants, type ScheduleContext } from './schedule-context';

/**
 * Names for the exports of `meetings` as `reader` may see them: every contact field goes through
 * the rule of services/visibility, with the reader's ties in `publishedMeetings` (the event's
 * current published schedule; empty when nothing is published).
 */
export async function visibleLabelsOf(
  deps: ServiceDeps,
  reader: Reader,
  context: ScheduleContext,
  meetings: readonly Meeting[],
  publishedMeetings: readonly Meeting[],
): Promise<ScheduleLabels> {
  const former = await loadFormerParticipants(deps, context, [...meetings, ...publishedMeetings]);
  const needs = [...former.needs, ...context.needs];
  const startups = [...former.startups, ...context.startups];
  const organisationIds = [...new Set(needs.map((need) => need.organisationId))];
  const repositories = deps.repos;
  const organisations = new Map<string, string>();
  for (const id of organisationIds) {
    const organisation = await repositories.organisations.findById(id);
    if (organisation) organisations.set(id, organisation.name);
  }
  const organisationOfNeed = new Map(needs.map((need) => [need.id, need.organisationId]));
  const ties = publishedTiesOf(reader, publishedMeetings, (needId) => organisationOfNeed.get(needId));
  return {
    needs: new Map(
      needs.map((need) => {
        const host = visibleHostContact(reader, { ...need.owner, organisationId: need.organisationId }, ties);
        const organisation = organisations.get(need.organisationId);
        return [
          need.id,
          {
            title: need.title,
            ...(organisation === undefined ? {} : { organisation }),
            ...(host.name === undefined ? {} : { hostName: host.name }),
            ...(host.email === undefined ? {} : { hostEmail: host.email }),
            ...(host.phone === undefined ? {} : { hostPhone: host.phone }),
          },
        ];
      }),
    ),
    startups: new Map(
      startups.map((startup) => {
        const contact = visibleStartupContact(reader, startup, ties);
        return [startup.id, { name: startup.name, ...(Object.keys(contact).length > 0 ? { contact } : {}) }];
      }),
    ),
    rooms: new Map(context.event.rooms.map((room) => [room.id, room.name])),
  };
}
