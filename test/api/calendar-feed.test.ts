/**
 * A person's agenda as a calendar feed at a secret address (`/cal/<token>.ics`), against the real
 * app, Redis sessions and the MongoDB-protocol server: made and revoked on the agenda page, parsed
 * with ical.js, following a cancellation that is published (same UID, STATUS:CANCELLED, SEQUENCE up).
 */
import { getRepositories } from '../../models';
import type { Meeting } from '../../scheduling';
import { parseCalendar } from '../schedules/ical';
import type { CookieClient } from '../support/browser-less-session';
import {
  AGENDA_PUBLIC_URL,
  cancelAndRepublish,
  pathOf,
  signedIn,
  startAgendaWorld,
  shownMeetings,
  type AgendaWorld,
} from './agenda-world';

let world: AgendaWorld;

beforeAll(async () => {
  world = await startAgendaWorld();
});

afterAll(async () => {
  await world?.destroy();
});

/** Presses "Skapa kalenderlänk" (or renew) on the agenda page; returns the address it shows once. */
async function createCalendarLink(client: CookieClient): Promise<{ web: string; webcal: string }> {
  const page = await client.get('/app/agenda');
  expect(page.status).toBe(200);
  const created = await client.postForm('/app/agenda/calendar', page, {});
  expect(created.status).toBe(303);
  const shown = await client.get('/app/agenda');
  const web = /id="calendar-url"[^>]*value="([^"]+)"/s.exec(shown.text)?.[1];
  const webcal = /href="(webcal:[^"]+)"/.exec(shown.text)?.[1];
  if (!web || !webcal) throw new Error('the agenda page shows no calendar address');
  // Shown once: the next visit no longer has it (only its hash is stored).
  expect((await client.get('/app/agenda')).text).not.toContain(web);
  return { web, webcal };
}

async function feed(path: string): Promise<Response> {
  return fetch(`${world.app.baseUrl}${path}`);
}

describe('the calendar feed at a secret address', () => {
  it('parses with ical.js and holds the startup’s meetings; a published cancellation comes back with the same UID, CANCELLED and a higher SEQUENCE', async () => {
    const client = await signedIn(world.app, world.startupPerson);
    const address = await createCalendarLink(client);
    expect(address.web).toMatch(new RegExp(`^${AGENDA_PUBLIC_URL}/cal/mmt_[A-Za-z0-9_-]{43}\\.ics$`));
    expect(address.webcal).toBe(address.web.replace(/^http:/, 'webcal:'));

    const startupId = world.startupPerson.role === 'startup' ? world.startupPerson.startupId : '';
    const own = world.meetings.filter((meeting) => meeting.startupId === startupId);
    expect(own.length).toBeGreaterThan(0);

    const first = await feed(pathOf(address.web));
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('no-store');
    const firstText = await first.text();
    const before = parseCalendar(firstText);
    expect([...before.keys()].sort()).toEqual(own.map((meeting) => `${meeting.id}@matchmaker`).sort());
    for (const meeting of own)
      expect(before.get(`${meeting.id}@matchmaker`)).toMatchObject({
        sequence: 0,
        status: 'CONFIRMED',
        start: new Date(`${meeting.date}T${meeting.start}:00+02:00`).toISOString(),
      });
    expect(firstText).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT60M');

    const cancelled = own[0] as Meeting;
    await cancelAndRepublish(world.app, world.world.eventId, cancelled.id);
    const after = parseCalendar(await (await feed(pathOf(address.web))).text());
    expect(after.get(`${cancelled.id}@matchmaker`)).toMatchObject({ sequence: 1, status: 'CANCELLED' });
    for (const meeting of own.slice(1))
      expect(after.get(`${meeting.id}@matchmaker`)).toMatchObject({ status: 'CONFIRMED' });

    // The agenda page shows only what takes place: the cancelled meeting is gone from it.
    const shown = shownMeetings((await client.get('/app/agenda')).text);
    const needOf = (summary: string) => summary.split(' ↔ ')[0];
    const confirmed = [...after.values()].filter((event) => event.status === 'CONFIRMED');
    expect(shown.map((meeting) => meeting.need).sort()).toEqual(
      confirmed.map((event) => needOf(event.summary)).sort(),
    );
    expect(shown.map((meeting) => meeting.need)).not.toContain(
      needOf(before.get(`${cancelled.id}@matchmaker`)?.summary ?? ''),
    );
  });

  it('a renewed address replaces the old one, a revoked one stops, and an unknown one gets a bare 404', async () => {
    const client = await signedIn(world.app, world.developmentHead);
    const first = await createCalendarLink(client);
    expect((await feed(pathOf(first.web))).status).toBe(200);

    const renewed = await createCalendarLink(client);
    expect(renewed.web).not.toBe(first.web);
    const old = await feed(pathOf(first.web));
    expect(old.status).toBe(404);
    expect(await old.text()).toBe('');
    expect((await feed(pathOf(renewed.web))).status).toBe(200);

    const page = await client.get('/app/agenda');
    expect(page.text).toContain('Du har en kalenderlänk sedan');
    const revoked = await client.postForm('/app/agenda/calendar/revoke', page, {});
    expect(revoked.status).toBe(303);
    expect((await client.get('/app/agenda')).text).toContain('Du har ingen kalenderlänk.');
    for (const path of [
      pathOf(renewed.web),
      `/cal/mmt_${'A'.repeat(43)}.ics`,
      '/cal/not-a-token.ics',
      '/cal/',
    ]) {
      const answer = await feed(path);
      expect({ path, status: answer.status, body: await answer.text() }).toEqual({
        path,
        status: 404,
        body: '',
      });
    }
  });

  it('a calendar address is made only with the page’s CSRF token, and not for a facilitator', async () => {
    const client = await signedIn(world.app, world.startupPerson);
    const tokens = getRepositories(world.app.db).tokens;
    const before = await tokens.listActive('calendar', world.startupPerson.id, new Date());
    const refused = await client.request('POST', '/app/agenda/calendar', { form: {} });
    expect(refused.status).toBe(403);
    expect(await tokens.listActive('calendar', world.startupPerson.id, new Date())).toEqual(before);

    const facilitator = await getRepositories(world.app.db).people.create({
      role: 'facilitator',
      name: 'Frida Lind',
      email: 'frida.lind@matchmaker.test',
      language: 'sv',
    });
    const facilitatorClient = await signedIn(world.app, facilitator!);
    const page = await facilitatorClient.get('/app/agenda');
    expect(page.status).toBe(403);
    const home = await facilitatorClient.get('/app/');
    expect((await facilitatorClient.postForm('/app/agenda/calendar', home, {})).status).toBe(403);
    expect(
      await getRepositories(world.app.db).tokens.listActive('calendar', facilitator!.id, new Date()),
    ).toEqual([]);
  });
});
