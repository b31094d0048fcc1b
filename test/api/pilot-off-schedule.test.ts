/**
 * A pilot whose meeting has left the published schedule (cancelled and repaired after the pilot
 * was recorded), against the real app, FerretDB and Redis: the facilitator's pilot page still shows
 * when the meeting was (as last published), says in Swedish and in English that it is no longer on
 * the schedule, and links no meeting page that would not be found.
 */
import { getRepositories, type Person } from '../../models';
import type { Meeting } from '../../scheduling';
import { formatCalendarDate } from '../../web/i18n';
import { cancelAndRepublish, signedIn, startAgendaWorld, type AgendaWorld } from './agenda-world';

let agenda: AgendaWorld;
let swedish: Person;
let english: Person;

beforeAll(async () => {
  agenda = await startAgendaWorld();
  const people = getRepositories(agenda.app.db).people;
  swedish = (await people.create({
    role: 'facilitator',
    name: 'Fia Facilitator',
    email: `fia-${agenda.prefix}@matchmaker.test`,
    language: 'sv',
  }))!;
  english = (await people.create({
    role: 'facilitator',
    name: 'Fay Facilitator',
    email: `fay-${agenda.prefix}@matchmaker.test`,
    language: 'en',
  }))!;
}, 180_000);

afterAll(async () => {
  await agenda.destroy();
});

/** The sentence under the pilot page's heading that names its meeting, as plain text. */
function meetingLead(page: string): string {
  const lead = /<p class="lead" id="meetingId">([\s\S]*?)<\/p>/.exec(page)?.[1] ?? '';
  return lead.replace(/\s+/g, ' ').trim();
}

describe('the pilot page of a meeting that left the schedule', () => {
  it('shows the time it was last published and says it is no longer on the schedule', async () => {
    const meeting: Meeting = agenda.meetings[1]!;
    const created = await agenda.app.request<{ id: string }>('POST', '/pilots', {
      key: agenda.app.facilitatorKey,
      body: {
        eventId: agenda.world.eventId,
        meetingId: meeting.id,
        budgetKSek: 120,
        start: '2027-05-01',
        end: '2027-09-30',
      },
    });
    expect(created.status).toBe(201);
    const path = `/app/events/${agenda.world.eventId}/pilots/${created.body.id}`;
    const before = meetingLead((await (await signedIn(agenda.app, swedish)).get(path)).text);
    expect(before).toContain(`kl. ${meeting.start}–${meeting.end}`);
    expect(before).toContain('href=');

    const after = await cancelAndRepublish(agenda.app, agenda.world.eventId, meeting.id);
    expect(after.map((m) => m.id)).not.toContain(meeting.id);

    const page = await (await signedIn(agenda.app, swedish)).get(path);
    expect(page.status).toBe(200);
    const lead = meetingLead(page.text);
    expect(lead).toContain(
      `Från mötet ${formatCalendarDate(meeting.date, 'sv')} kl. ${meeting.start}–${meeting.end}:`,
    );
    expect(lead).toContain('Mötet finns inte längre i det publicerade schemat.');
    expect(lead).not.toContain('href=');

    const inEnglish = meetingLead((await (await signedIn(agenda.app, english)).get(path)).text);
    expect(inEnglish).toContain(
      `From the meeting on ${formatCalendarDate(meeting.date, 'en')}, ${meeting.start}–${meeting.end}:`,
    );
    expect(inEnglish).toContain('The meeting is no longer on the published schedule.');
  });
});
