/**
 * Agendas in Debian's Chromium (playwright-core) against the real app, Redis and FerretDB, on a
 * published schedule: a development head's and a startup's "Min agenda", the calendar link made on
 * the page and its feed parsed with ical.js, the printable agendas, and the facilitator page's
 * printable schedule opening at its real address. Every page is checked with axe-core at desktop
 * width and at 375 px (no sideways scroll) and screenshotted under out/e2e/agenda/.
 */
import type { Browser, Page } from 'playwright-core';
import { getRepositories, type Person } from '../../models';
import { issueSignInLink } from '../../services/people';
import { pathOf, shownMeetings, startAgendaWorld, type AgendaWorld } from '../api/agenda-world';
import { parseCalendar } from '../schedules/ical';
import { Journey, launchChromium } from './support/browser';
import { openLinkAndSignIn } from './support/sign-in';

jest.setTimeout(240_000);

describe('agendas people use: on screen, on paper and in their calendar', () => {
  let world: AgendaWorld;
  let browser: Browser;
  let facilitator: Person;
  const journey = new Journey('agenda');

  beforeAll(async () => {
    world = await startAgendaWorld();
    facilitator = (await getRepositories(world.app.db).people.create({
      role: 'facilitator',
      name: 'Frida Lind',
      email: 'frida.lind@matchmaker.test',
      language: 'sv',
    }))!;
    browser = await launchChromium();
  });

  afterAll(async () => {
    journey.save();
    await browser?.close();
    await world?.destroy();
  });

  async function signedInPage(person: Person, label: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    // The machine running the tests may be busy: a slow answer is not a failure.
    page.setDefaultTimeout(90_000);
    const link = await issueSignInLink(getRepositories(world.app.db), person, new Date());
    await openLinkAndSignIn(
      page,
      journey,
      `${world.app.baseUrl}/sign-in/link?token=${encodeURIComponent(link.secret)}`,
      label,
    );
    return page;
  }

  it('a development head sees her agenda, subscribes to it, prints it, and reads it in English', async () => {
    const page = await signedInPage(world.developmentHead, 'development-head');
    await page.goto(`${world.app.baseUrl}/app/agenda`);
    await page.getByRole('heading', { level: 1, name: 'Min agenda' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'måndag 29 mars 2027' }).waitFor();
    const own = world.meetings.filter((meeting) => meeting.hostId === world.world.hostEmails[0]);
    expect(shownMeetings(await page.content())).toHaveLength(own.length);
    await journey.step(page, 'development-head-agenda');

    await page.getByRole('button', { name: 'Skapa kalenderlänk' }).click();
    await page.getByText('Kalenderlänken är skapad.').waitFor();
    const address = await page.getByLabel('Din kalenderadress').inputValue();
    expect(await page.getByRole('link', { name: 'Öppna i kalenderprogrammet' }).getAttribute('href')).toBe(
      address.replace(/^http:/, 'webcal:'),
    );
    await journey.step(page, 'development-head-calendar-link');
    const feed = await fetch(`${world.app.baseUrl}${pathOf(address)}`);
    expect(feed.status).toBe(200);
    const calendar = parseCalendar(await feed.text());
    expect([...calendar.keys()].sort()).toEqual(own.map((meeting) => `${meeting.id}@matchmaker`).sort());

    await page.getByRole('link', { name: 'Utskriftsvänlig agenda' }).click();
    await page.getByRole('heading', { level: 1, name: 'Agenda för Dora Dahl' }).waitFor();
    await journey.step(page, 'development-head-print');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('link', { name: 'Tillbaka' }).click();
    await page.getByRole('link', { name: 'In English' }).click();
    await page.getByRole('heading', { level: 1, name: 'My agenda' }).waitFor();
    expect(page.url()).toBe(`${world.app.baseUrl}/app/agenda`);
    await journey.step(page, 'development-head-agenda-english');
  });

  it('a startup sees its meetings with the host’s e-mail and phone', async () => {
    const page = await signedInPage(world.startupPerson, 'startup');
    await page.goto(`${world.app.baseUrl}/app/agenda`);
    await page.getByRole('heading', { level: 1, name: 'Min agenda' }).waitFor();
    const startupId = world.startupPerson.role === 'startup' ? world.startupPerson.startupId : '';
    const own = world.meetings.filter((meeting) => meeting.startupId === startupId);
    const shown = shownMeetings(await page.content());
    expect(shown).toHaveLength(own.length);
    for (const meeting of own) {
      const phone = world.hostPhones[meeting.hostId === world.world.hostEmails[0] ? 0 : 1];
      await page.getByRole('link', { name: meeting.hostId }).first().waitFor();
      await page.getByRole('link', { name: phone }).first().waitFor();
    }
    await journey.step(page, 'startup-agenda');
    await page.goto(`${world.app.baseUrl}/app/agenda/print`);
    await page.getByRole('heading', { level: 1, name: 'Agenda för Sam Startup' }).waitFor();
    await journey.step(page, 'startup-print');
  });

  it('the facilitator page’s printable schedule opens at its real address', async () => {
    const page = await signedInPage(facilitator, 'facilitator');
    await page.goto(`${world.app.baseUrl}/app/events/${world.world.eventId}`);
    // The button answers once the page has loaded the event (before that it asks to pick one).
    const button = page.getByRole('button', { name: 'Utskriftsvänlig sida' });
    let print: Page | undefined;
    for (let tries = 0; print === undefined && tries < 30; tries += 1) {
      const popup = page.waitForEvent('popup', { timeout: 3_000 }).catch(() => undefined);
      await button.click();
      print = await popup;
    }
    if (!print) throw new Error('the printable schedule never opened');
    print.setDefaultTimeout(90_000);
    await print.waitForLoadState();
    expect(print.url()).toBe(`${world.app.baseUrl}/app/events/${world.world.eventId}/print?version=draft`);
    await print.getByRole('heading', { level: 1, name: 'Agenda: Matchmakingdag, test' }).waitFor();
    expect(shownMeetings(await print.content())).toHaveLength(world.meetings.length);
    await journey.step(print, 'facilitator-event-print');
  });
});
