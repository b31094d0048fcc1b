/**
 * "Min agenda" and the printable agendas, over HTTP against the real app, Redis sessions and the
 * MongoDB-protocol server, on a published schedule: who sees which meetings, when (Stockholm time,
 * Swedish dates), which table, need, organisation, host and startup, and which contacts.
 */
import { getRepositories, type Person } from '../../models';
import type { Meeting } from '../../scheduling';
import { signedIn, shownMeetings, startAgendaWorld, type AgendaWorld } from '../api/agenda-world';
import { CookieClient } from '../support/browser-less-session';

let world: AgendaWorld;
let facilitator: Person;
let needTitles: Map<string, string>;
let startupNames: Map<string, string>;

beforeAll(async () => {
  world = await startAgendaWorld();
  const repositories = getRepositories(world.app.db);
  facilitator = (await repositories.people.create({
    role: 'facilitator',
    name: 'Frida Lind',
    email: 'frida.lind@matchmaker.test',
    language: 'sv',
  }))!;
  needTitles = new Map(
    await Promise.all(
      world.world.needIds.map(async (id) => [id, (await repositories.needs.findById(id))!.title] as const),
    ),
  );
  startupNames = new Map(
    await Promise.all(
      world.world.startupIds.map(
        async (id) => [id, (await repositories.startups.findById(id))!.name] as const,
      ),
    ),
  );
});

afterAll(async () => {
  await world?.destroy();
});

function sortedShown(meetings: readonly Meeting[]): { time: string; table: string; need: string }[] {
  return [...meetings]
    .sort((a, b) => a.start.localeCompare(b.start) || a.roomId.localeCompare(b.roomId))
    .map((meeting) => ({
      time: `${meeting.start}–${meeting.end}`,
      table: meeting.roomId === 'bord-1' ? 'Bord 1' : 'Bord 2',
      need: needTitles.get(meeting.needId) ?? '',
    }));
}

describe('my agenda', () => {
  it('a development head sees her organisation’s published meetings, with the startups’ contacts and her hosts’ phones', async () => {
    const client = await signedIn(world.app, world.developmentHead);
    const page = await client.get('/app/agenda');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="sv">');
    expect(page.text).toContain('<h1>Min agenda</h1>');
    expect(page.text).toContain('måndag 29 mars 2027');
    const [needA1, needA2] = world.world.needIds;
    const own = world.meetings.filter((meeting) => meeting.needId === needA1 || meeting.needId === needA2);
    expect(own.length).toBeGreaterThan(0);
    const shown = shownMeetings(page.text);
    expect(shown.map(({ time, table, need }) => ({ time, table, need }))).toEqual(sortedShown(own));
    for (const [index, meeting] of [...own]
      .sort((a, b) => a.start.localeCompare(b.start) || a.roomId.localeCompare(b.roomId))
      .entries()) {
      const startupName = startupNames.get(meeting.startupId) ?? '';
      expect(shown[index]).toMatchObject({
        organisation: 'Tomelilla kommun',
        host: `Anna Lindqvist anna.lindqvist@tomelilla.se · ${world.hostPhones[0]}`,
      });
      expect(shown[index]?.startup).toBe(
        `${startupName} Kontakt ${startupName.split(' ')[0]?.toLowerCase()}@example.se`,
      );
    }
    // Organisation B's host and its meetings are not hers.
    expect(page.text).not.toContain('johan.berglund@helsingborg.se');
    expect(page.text).not.toContain(world.hostPhones[1]);
  });

  it('a startup sees its own published meetings with the need, organisation, host and the host’s e-mail and phone', async () => {
    const client = await signedIn(world.app, world.startupPerson);
    const page = await client.get('/app/agenda');
    expect(page.status).toBe(200);
    const startupId = world.startupPerson.role === 'startup' ? world.startupPerson.startupId : '';
    const own = world.meetings.filter((meeting) => meeting.startupId === startupId);
    const shown = shownMeetings(page.text);
    expect(shown.map(({ time, table, need }) => ({ time, table, need }))).toEqual(sortedShown(own));
    for (const meeting of own) {
      const host = meeting.hostId === world.world.hostEmails[0] ? 0 : 1;
      const item = shown.find((candidate) => candidate.need === needTitles.get(meeting.needId));
      expect(item?.host).toContain(`${world.world.hostEmails[host]} · ${world.hostPhones[host]}`);
      expect(item?.organisation).toBe(host === 0 ? 'Tomelilla kommun' : 'Helsingborgs stad');
    }
    // Its own name and contact are not repeated on every meeting.
    expect(shown.every((item) => item.startup === '')).toBe(true);
    const ownEmail = `${startupNames.get(startupId)?.split(' ')[0]?.toLowerCase()}@example.se`;
    expect(page.text).not.toContain(ownEmail);
    expect((await client.get('/app/agenda/print')).text).not.toContain(ownEmail);
    // Other startups' meetings and contacts are not shown.
    const others = world.meetings.filter((meeting) => meeting.startupId !== startupId);
    for (const meeting of others)
      expect(page.text).not.toContain(
        `${startupNames.get(meeting.startupId)?.split(' ')[0]?.toLowerCase()}@example.se`,
      );
  });

  it('English at a click keeps the person on the agenda; a facilitator and a signed-out visitor are turned away', async () => {
    const client = await signedIn(world.app, world.startupPerson);
    const switched = await client.get('/app/agenda?lang=en');
    expect(switched.status).toBe(303);
    expect(switched.location).toBe('/app/agenda');
    const english = await client.get('/app/agenda');
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('<h1>My agenda</h1>');
    expect(english.text).toContain('Monday, 29 March 2027');

    const facilitatorClient = await signedIn(world.app, facilitator);
    expect((await facilitatorClient.get('/app/agenda')).status).toBe(403);
    const anonymous = new CookieClient(world.app.baseUrl);
    for (const path of ['/app/agenda', '/app/agenda/print', `/app/events/${world.world.eventId}/print`]) {
      const answer = await anonymous.get(path);
      expect({ path, status: answer.status, location: answer.location }).toEqual({
        path,
        status: 303,
        location: '/sign-in',
      });
    }
  });
});

describe('printable agendas at real addresses', () => {
  it('a person’s printable agenda has the print stylesheet and the same meetings as the agenda page', async () => {
    const client = await signedIn(world.app, world.startupPerson);
    const print = await client.get('/app/agenda/print');
    expect(print.status).toBe(200);
    expect(print.headers.get('cache-control')).toBe('no-store');
    expect(print.text).toContain('<link rel="stylesheet" href="/assets/agenda.css" />');
    expect(print.text).toContain('<h1>Agenda för Sam Startup</h1>');
    expect(shownMeetings(print.text)).toEqual(shownMeetings((await client.get('/app/agenda')).text));
    const css = await fetch(`${world.app.baseUrl}/assets/agenda.css`);
    expect(css.status).toBe(200);
    expect(await css.text()).toMatch(/@media print \{[^}]*\.site-header/);
  });

  it('an event’s printable agenda is the facilitator’s, with every meeting of the chosen version', async () => {
    const client = await signedIn(world.app, facilitator);
    const print = await client.get(`/app/events/${world.world.eventId}/print?version=published`);
    expect(print.status).toBe(200);
    expect(print.text).toContain('<h1>Agenda: Matchmakingdag, test</h1>');
    expect(print.text).toContain(`Publicerat schema, version ${world.publishedVersion}.`);
    expect(
      shownMeetings(print.text)
        .map(({ time, table, need }) => ({ time, table, need }))
        .sort(byKey),
    ).toEqual(sortedShown(world.meetings).sort(byKey));
    // A facilitator sees every contact.
    expect(print.text).toContain('johan.berglund@helsingborg.se');
    expect(print.text).toContain(world.hostPhones[1]);

    expect((await client.get(`/app/events/${world.world.eventId}/print?version=99`)).status).toBe(404);
    const developmentHead = await signedIn(world.app, world.developmentHead);
    expect((await developmentHead.get(`/app/events/${world.world.eventId}/print`)).status).toBe(403);
  });
});

function byKey(a: { time: string; table: string }, b: { time: string; table: string }): number {
  return a.time.localeCompare(b.time) || a.table.localeCompare(b.table);
}
