import { buildSlotGrid } from '../../scheduling';
import type { MatchmakingEvent } from '../../models';

/**
 * The size of an event's scheduling instance: enrolled needs × enrolled startups × meeting slots
 * (time slots of the grid, rooms not counted). The API runs a build or repair inside the request
 * below a configured size and on the `schedules` queue from it up; counted from the event alone, so
 * deciding costs one read.
 */
export function scheduleSizeOf(
  event: Pick<
    MatchmakingEvent,
    'id' | 'timezone' | 'needIds' | 'startupIds' | 'meetingMinutes' | 'changeoverMinutes' | 'days' | 'rooms'
  >,
): number {
  const slots = buildSlotGrid({
    id: event.id,
    timezone: event.timezone,
    meetingMinutes: event.meetingMinutes,
    changeoverMinutes: event.changeoverMinutes,
    days: event.days,
    rooms: event.rooms,
  }).length;
  return event.needIds.length * event.startupIds.length * slots;
}
