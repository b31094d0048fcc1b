/**
 * The day of matchmaking, end to end in Debian's Chromium (playwright-core) on the sample data of
 * fixtures/ (seeded, then ranked by the worker), against the real app, Redis, FerretDB, the real
 * worker process (matches and mail queues) and the development mail server. A development head
 * creates a Swedish need (a draft first, then open) and sees ranked startups with names and
 * reasons; the startup finds it among its matches only once it is open, and never the fixtures'
 * draft; both give availability; the facilitator builds and publishes; both see the meeting on
 * their agenda; each calendar feed parses (ical.js) with the meeting in it, and after the
 * facilitator cancels it and publishes again, shows it cancelled. Every page is checked with
 * axe-core at desktop width and at 375 px (no sideways scroll) and screenshotted under
 * out/e2e/dayflow/. The enrolment of the new need and the startup goes through the API.
 */
import type { Browser, Page } from 'playwright-core';
import { getRepositories, type Person } from '../../models';
import { sampleSeedFixtures, seedFixtures } from '../../scripts/seed';
import { issueApiKey } from '../../services/api-keys';
import { shownMeetings } from '../api/agenda-world';
import { parseCalendar, type ParsedEvent } from '../schedules/ical';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../support/people-app';
import { Journey, launchChromium, messageSays } from './support/browser';
import { signInThroughEmail } from './support/sign-in';
import { until, fetchWithKey } from '../support/until';

jest.setTimeout(600_000);

/** The fixtures' draft need (Uppsala's): a startup never sees it. */
const FIXTURE_DRAFT_TITLE = 'Tjänst för att låna, byta och sälja mellan kommuner';
const NEED_TITLE = 'Mindre matsvinn i äldreomsorgens kök';
const NEED_DESCRIPTION =
  'Äldreomsorgens storkök lagar mat till alla våra boenden, och en stor del slängs som tallrikssvinn, serveringssvinn och kökssvinn. Vi vill mäta matsvinnet varje dag med uppkopplade vågar, få statistik per rätt och dag som hjälper kockarna att planera portioner, och kunna jämföra köken. Lösningen ska fungera med vårt menyplaneringssystem och inte samla uppgifter om enskilda boende.';
const STARTUP_NAME = 'Svinnkollen';

describe('Must show: a need, its matches, availability, a published schedule, agendas and a calendar that follows a cancellation', () => {
  let app: PeopleApp;
  let browser: Browser;
  let key: string;
  let ids: Record<string, string>;
  let facilitator: Person;
  let head: Person;
  let founder: Person;
  const journey = new Journey('dayflow');

  function api(method: string, path: string, body?: unknown): Promise<Response> {
    return fetchWithKey(app.baseUrl, key, method, path, body);
  }

  function idOf(kind: string, fixtureKey: string): string {
    const id = ids[`${kind}:${fixtureKey}`];
    if (!id) throw new Error(`no ${kind} ${fixtureKey} among ${Object.keys(ids).slice(0, 5).join(', ')}…`);
    return id;
  }

  async function newPage(): Promise<Page> {
    return (await browser.newContext()).newPage();
  }

  beforeAll(async () => {
    app = await startPeopleApp({ matches: true });
    key = (await issueApiKey(getRepositories(app.db), { role: 'facilitator', name: 'Test' })).key;
    ids = (await seedFixtures(getRepositories(app.db), sampleSeedFixtures())).ids;
    // The seed publishes no changes: rank the sample data once, as a facilitator would after a seed.
    const rebuild = await api('POST', '/matches/rebuild');
    expect(rebuild.status).toBe(202);
    const { jobId } = (await rebuild.json()) as { jobId: string };
    await until('the first ranking', async () => {
      const job = (await (await api('GET', `/jobs/${jobId}`)).json()) as { state: string };
      if (job.state === 'failed') throw new Error('the rebuild failed');
      return job.state === 'completed' ? true : undefined;
    });
    facilitator = await app.createPerson({
      role: 'facilitator',
      name: 'Frida Lind',
      email: uniqueEmail('frida'),
      language: 'sv',
    });
    const headEmail = uniqueEmail('ulla');
    const host = await api('POST', '/hosts', {
      name: 'Ulla Sten',
      email: headEmail,
      phone: '018-727 00 00',
      organisationId: idOf('organisation', 'uppsala'),
    });
    expect(host.status).toBe(201);
    head = await app.createPerson({
      role: 'development_head',
      name: 'Ulla Sten',
      email: headEmail,
      language: 'sv',
      organisationId: idOf('organisation', 'uppsala'),
      hostId: ((await host.json()) as { id: string }).id,
    });
    founder = await app.createPerson({
      role: 'startup',
      name: 'Sofia Svinn',
      email: uniqueEmail('sofia'),
      language: 'sv',
      startupId: idOf('startup', 'svinnkollen'),
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    journey.save();
    await browser?.close();
    await app?.destroy();
  });

  /** A signed-in person's page (a busy machine may answer slowly: that is no failure). */
  async function signedInPage(person: Person, label: string): Promise<Page> {
    const page = await newPage();
    page.setDefaultTimeout(90_000);
    await signInThroughEmail(page, journey, app.publicUrl, person.email, label);
    return page;
  }

  /** Creates (or renews) the person's calendar link on "Min agenda"; returns the feed's path. */
  async function calendarFeedPath(page: Page, label: string): Promise<string> {
    await page.getByRole('button', { name: /^Skapa (ny )?kalenderlänk$/ }).click();
    await page.getByText('Kalenderlänken är skapad.', { exact: false }).waitFor();
    const address = await page.getByLabel('Din kalenderadress').inputValue();
    expect(await page.getByRole('link', { name: 'Öppna i kalenderprogrammet' }).getAttribute('href')).toBe(
      address.replace(/^https?:/, 'webcal:'),
    );
    await journey.step(page, `${label}-calendar-link`);
    const url = new URL(address);
    expect(url.pathname).toMatch(/^\/cal\/[^/]+\.ics$/);
    return url.pathname;
  }

  /** The feed, fetched as a calendar program does (no cookie, no key) and parsed by ical.js. */
  async function feedMeeting(path: string): Promise<ParsedEvent> {
    const response = await fetch(`${app.baseUrl}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    const meetings = [...parseCalendar(await response.text()).values()].filter((meeting) =>
      meeting.summary.includes(NEED_TITLE),
    );
    expect(meetings).toHaveLength(1);
    return meetings[0]!;
  }

  it('a need is created and ranked, a startup finds it (never a draft), both give availability, the schedule is published, both see their agenda and calendar, which follows a cancellation', async () => {
    const eventId = idOf('event', 'matchmakingdag-valfard-2027');
    const svinnkollenId = idOf('startup', 'svinnkollen');

    // 1. The development head creates a Swedish need, first as a draft, and sees ranked startups
    //    with names and reasons.
    const ulla = await signedInPage(head, 'head');
    await ulla.getByRole('heading', { level: 1, name: 'Mina behov' }).waitFor();
    await journey.step(ulla, 'head-home');
    await ulla.getByRole('link', { name: 'Lämna in ett nytt behov' }).click();
    await ulla.getByRole('heading', { level: 1, name: 'Lämna in ett behov' }).waitFor();
    await ulla.getByLabel('Rubrik').fill(NEED_TITLE);
    await ulla.getByLabel('Beskrivning').fill(NEED_DESCRIPTION);
    await ulla.getByLabel('Förvaltning eller avdelning').fill('Vård- och omsorgsförvaltningen');
    await ulla.getByLabel('Prioritet', { exact: true }).selectOption('1');
    await ulla.getByLabel(/^Utkast:/).check();
    await ulla.getByLabel('Lägst (kr)').fill('300 000');
    await ulla.getByLabel('Högst (kr)').fill('900 000');
    await ulla.getByLabel('Från och med').fill('2027-04-01');
    await ulla.getByLabel('Till och med').fill('2027-12-31');
    await journey.step(ulla, 'head-new-need');
    await ulla.getByRole('button', { name: 'Spara behovet' }).click();
    await ulla.getByText(`Behovet ”${NEED_TITLE}” är sparat.`).waitFor();
    const needId = new URL(ulla.url()).pathname.split('/').at(-1)!;
    const stored = await getRepositories(app.db).needs.findById(needId);
    expect(stored).toMatchObject({ title: NEED_TITLE, language: 'sv', status: 'draft' });
    await until('the need to be ranked on its page', async () => {
      await ulla.reload();
      return (await ulla.getByText('Plats 1', { exact: false }).count()) > 0 &&
        (await ulla.getByText('Matchningarna beräknas').count()) === 0 &&
        (await ulla.getByText('räknas om').count()) === 0
        ? true
        : undefined;
    });
    await ulla.getByRole('heading', { level: 2, name: 'Startups som passar behovet' }).waitFor();
    const names = await ulla.locator('h3.card__title').allTextContents();
    expect(names.slice(0, 3).map((name) => name.trim())).toContain(STARTUP_NAME);
    const card = ulla.locator('li.card', { has: ulla.getByRole('heading', { name: STARTUP_NAME }) });
    await card.getByText(/Behovet och profilen handlar båda om/).waitFor();
    await card.getByText(/(Mycket god|God|Svag) matchning \(\d,\d\d\)/).waitFor();
    await journey.step(ulla, 'head-need-ranked');

    // 2. The startup's matches: neither this draft nor the fixtures' draft.
    const sofia = await signedInPage(founder, 'startup');
    await sofia.getByRole('heading', { level: 1, name: 'Behov som passar er' }).waitFor();
    await journey.step(sofia, 'startup-home');
    await sofia.getByRole('link', { name: 'Alla behov som passar er' }).click();
    await sofia.getByRole('heading', { level: 1, name: 'Behov som passar er' }).waitFor();
    expect(await sofia.getByText(NEED_TITLE).count()).toBe(0);
    expect(await sofia.getByText(FIXTURE_DRAFT_TITLE).count()).toBe(0);
    await journey.step(sofia, 'startup-matches-draft-hidden');

    // 3. The development head opens the need; the startup now finds it among its matches.
    await ulla.getByRole('link', { name: 'Ändra behovet' }).click();
    await ulla.getByRole('heading', { level: 1, name: 'Ändra behovet' }).waitFor();
    await ulla.getByLabel(/^Öppet:/).check();
    await ulla.getByRole('button', { name: 'Spara ändringarna' }).click();
    await ulla.getByText(`Ändringarna i ”${NEED_TITLE}” är sparade.`).waitFor();
    await journey.step(ulla, 'head-need-opened');
    await sofia.reload();
    const needLink = sofia.getByRole('link', { name: NEED_TITLE });
    await needLink.waitFor();
    expect(await sofia.getByText(FIXTURE_DRAFT_TITLE).count()).toBe(0);
    await journey.step(sofia, 'startup-matches');
    await needLink.click();
    await sofia.getByRole('heading', { level: 1, name: NEED_TITLE }).waitFor();
    await sofia.getByText('Uppsala kommun').waitFor();
    expect(await sofia.getByText(head.email).count()).toBe(0);
    await journey.step(sofia, 'startup-need');

    // The facilitator enrols the need and the startup in the event (the API; no page for it yet).
    const enrolled = await api('POST', `/events/${eventId}/enrolments`, {
      needIds: [needId],
      startupIds: [svinnkollenId],
    });
    expect(enrolled.status).toBe(200);

    // 4. Both give availability: the head only the first day, the startup only its mornings.
    await ulla.goto(`${app.publicUrl}/app/`);
    await ulla.getByRole('link', { name: 'Min tillgänglighet på evenemang' }).click();
    await ulla.getByRole('heading', { level: 1, name: 'Tillgänglighet på evenemang' }).waitFor();
    await ulla.getByRole('link', { name: `Ange tider för ${head.name}` }).click();
    await ulla.getByRole('heading', { level: 1, name: `När kan ${head.name} ha möten?` }).waitFor();
    const secondDay = ulla.getByRole('group', { name: 'onsdag 17 mars 2027' });
    await secondDay.getByRole('group', { name: 'Pass 09:00–12:00' }).getByLabel('Inte alls').check();
    await secondDay.getByRole('group', { name: 'Pass 13:00–16:30' }).getByLabel('Inte alls').check();
    await journey.step(ulla, 'head-availability');
    await ulla.getByRole('button', { name: 'Spara tiderna' }).click();
    await ulla.getByText(`Tiderna för ${head.name} på Matchmakingdag Välfärd 2027 är sparade.`).waitFor();
    await journey.step(ulla, 'head-availability-saved');

    await sofia.goto(`${app.publicUrl}/app/`);
    await sofia.getByRole('link', { name: 'Er tillgänglighet' }).click();
    await sofia.getByRole('heading', { level: 1, name: 'Tillgänglighet på evenemang' }).waitFor();
    await sofia.getByRole('link', { name: `Ange tider för ${STARTUP_NAME}` }).click();
    for (const day of ['tisdag 16 mars 2027', 'onsdag 17 mars 2027'])
      await sofia
        .getByRole('group', { name: day })
        .getByRole('group', { name: 'Pass 13:00–16:30' })
        .getByLabel('Inte alls')
        .check();
    await journey.step(sofia, 'startup-availability');
    await sofia.getByRole('button', { name: 'Spara tiderna' }).click();
    await sofia.getByText(`Tiderna för ${STARTUP_NAME} på Matchmakingdag Välfärd 2027 är sparade.`).waitFor();
    await journey.step(sofia, 'startup-availability-saved');

    // 5. The facilitator builds and publishes.
    const frida = await signedInPage(facilitator, 'facilitator');
    await frida.goto(`${app.publicUrl}/app/events/${eventId}`);
    await frida.getByRole('button', { name: 'Bygg utkast' }).waitFor();
    await journey.step(frida, 'event');
    await frida.getByRole('button', { name: 'Bygg utkast' }).click();
    await messageSays(frida, 'Utkast 1 är byggt.');
    const meetingButton = frida.getByRole('button', { name: new RegExp(`^${NEED_TITLE} ↔ ${STARTUP_NAME}`) });
    await meetingButton.waitFor();
    await journey.step(frida, 'draft');
    await frida.getByRole('button', { name: 'Publicera utkastet' }).click();
    const firstPublished = await messageSays(frida, /^Publicerat som version \d+\.$/);
    await journey.step(frida, 'published');

    // 6. Both see their agenda: the meeting on the first day before lunch, its need, organisation,
    //    host and table; the calendar feed parses with the meeting in it.
    await ulla.goto(`${app.publicUrl}/app/agenda`);
    await ulla.getByRole('heading', { level: 1, name: 'Min agenda' }).waitFor();
    const ullaMeeting = shownMeetings(await ulla.content()).find((meeting) => meeting.need === NEED_TITLE);
    expect(ullaMeeting).toMatchObject({ organisation: 'Uppsala kommun' });
    expect(ullaMeeting?.startup).toContain(STARTUP_NAME);
    expect(ullaMeeting?.table).toMatch(/^Bord \d$/);
    await journey.step(ulla, 'head-agenda');
    const ullaFeed = await calendarFeedPath(ulla, 'head');

    await sofia.goto(`${app.publicUrl}/app/`);
    await sofia.getByRole('link', { name: 'Er agenda' }).click();
    await sofia.getByRole('heading', { level: 1, name: 'Min agenda' }).waitFor();
    const sofiaMeeting = shownMeetings(await sofia.content()).find((meeting) => meeting.need === NEED_TITLE);
    expect(sofiaMeeting).toMatchObject({ organisation: 'Uppsala kommun', table: ullaMeeting?.table });
    expect(sofiaMeeting?.host).toContain(head.name);
    expect(sofiaMeeting?.host).toContain(head.email);
    expect(sofiaMeeting?.time).toBe(ullaMeeting?.time);
    await journey.step(sofia, 'startup-agenda');
    const sofiaFeed = await calendarFeedPath(sofia, 'startup');

    const before = await feedMeeting(sofiaFeed);
    expect(before.status).toBe('CONFIRMED');
    expect((await feedMeeting(ullaFeed)).uid).toBe(before.uid);
    // Stockholm is UTC+1 in March: the first day's morning is 08:00–11:00 UTC.
    expect(before.start.slice(0, 10)).toBe('2027-03-16');
    expect(Number(before.start.slice(11, 13))).toBeLessThan(11);
    // The host's e-mail and phone now show on the need's page too (a published meeting with her).
    await sofia.goto(`${app.publicUrl}/app/matches/${needId}`);
    await sofia.getByRole('link', { name: head.email }).waitFor();
    await journey.step(sofia, 'startup-need-contact');

    // 7. The facilitator cancels the meeting and publishes: both feeds show it cancelled.
    await meetingButton.click();
    await frida.getByLabel('Orsak').fill('Kocken är sjuk');
    await journey.step(frida, 'cancel-meeting');
    await frida.getByRole('button', { name: 'Ställ in mötet' }).click();
    await messageSays(frida, 'Mötet är inställt.');
    await frida.getByRole('button', { name: 'Publicera utkastet' }).click();
    const firstVersion = /\d+/.exec(firstPublished)?.[0];
    await messageSays(frida, new RegExp(`^Publicerat som version (?!${firstVersion}\\.)\\d+\\.$`));
    await journey.step(frida, 'republished');
    for (const feed of [sofiaFeed, ullaFeed]) {
      const after = await feedMeeting(feed);
      expect(after).toMatchObject({ uid: before.uid, status: 'CANCELLED' });
      expect(after.sequence).toBeGreaterThan(before.sequence);
    }
    await sofia.goto(`${app.publicUrl}/app/agenda`);
    await sofia.getByRole('heading', { level: 1, name: 'Min agenda' }).waitFor();
    expect(shownMeetings(await sofia.content()).some((meeting) => meeting.need === NEED_TITLE)).toBe(false);
    await journey.step(sofia, 'startup-agenda-after-cancellation');

    expect(journey.tally.violations).toBe(0);
    expect(journey.tally.axeRuns).toBe(journey.tally.screenshots.length);
  });
});
