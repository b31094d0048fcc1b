import type { Person } from '../../models';
import { principalOfPerson } from '../auth';
import { renderIcsCalendar } from '../exports';
import { personalAgenda } from '../schedules';
import type { ServiceDeps } from '../service-deps';

/** How often calendar apps are asked to fetch a feed again, in minutes. */
export const FEED_REFRESH_MINUTES = 60;

/**
 * A person's agenda as one iCalendar feed across events: the same UIDs and SEQUENCEs as the
 * iCalendar export, cancelled meetings as STATUS:CANCELLED, contacts as services/visibility allows.
 */
export async function renderCalendarFeed(deps: ServiceDeps, person: Person, now: Date): Promise<string> {
  const agendas = await personalAgenda(deps, principalOfPerson(person));
  return renderIcsCalendar(
    agendas.map((agenda) => ({ event: agenda.event, entries: agenda.entries, labels: agenda.labels })),
    { now, calendarName: `Matchmaker – ${person.name}`, refreshMinutes: FEED_REFRESH_MINUTES },
  );
}
