/**
 * The facilitator's event page, in Debian's Chromium (playwright-core) against the real app, Redis,
 * FerretDB, the real worker process (matches and mail queues) and the development mail server. A
 * facilitator signs in through the e-mailed link, opens the event, opens one need's matches, builds
 * a draft, reads the shortfalls and the scouting list with the event's sign-up link, cancels a
 * meeting, and switches to English. Every step is checked with axe-core at 1280 px and at 375 px
 * (no sideways scroll) and screenshotted under out/e2e/facilitator/. The page must show Swedish
 * words from the catalogue, dates as "måndag 29 mars 2027", names and never ids.
 */
import type { Browser, Page } from 'playwright-core';
import type { z } from 'zod';
import * as sampleData from '../../fixtures';
import {
  needCreateSchema,
  organisationCreateSchema,
  startupCreateSchema,
  type Person,
  getRepositories,
} from '../../models';
import { issueApiKey } from '../../services/api-keys';
import { formatCalendarDate } from '../../web/i18n';
import { buildEvent } from '../support';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../support/people-app';
import { Journey, launchChromium, messageSays } from './support/browser';
import { signInThroughEmail } from './support/sign-in';
import { until, fetchWithKey } from '../support/until';

jest.setTimeout(300_000);

const SLUG = 'matchmaking-tomelilla';
const NEEDS = ['rena-golv-forskola', 'samnyttjande-lokaler', 'overskottsenergi'];
const STARTUPS = ['fuktvakt', 'occupi-sense', 'stepclean', 'lokalpoolen', 'heatloop', 'energidelning-norr'];

function fieldsOf(record: object, schema: z.ZodObject): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([field]) => field in schema.shape));
}

describe('the facilitator’s event page, signed in, in Swedish first', () => {
  let app: PeopleApp;
  let browser: Browser;
  let facilitator: Person;
  let key: string;
  let eventId: string;
  const ids = new Map<string, string>();
  const journey = new Journey('facilitator');

  function api(method: string, path: string, body?: unknown): Promise<Response> {
    return fetchWithKey(app.baseUrl, key, method, path, body);
  }
  async function create(path: string, body: Record<string, unknown>): Promise<string> {
    const response = await api('POST', path, body);
    if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  }
  const id = (recordKey: string) => ids.get(recordKey) ?? '';

  beforeAll(async () => {
    app = await startPeopleApp({ matches: true });
    facilitator = await app.createPerson({
      role: 'facilitator',
      name: 'Frida Lind',
      email: uniqueEmail('frida'),
      language: 'sv',
    });
    key = (await issueApiKey(getRepositories(app.db), { role: 'facilitator', name: 'Test' })).key;
    for (const organisation of sampleData.organisations.filter((o) =>
      ['tomelilla', 'skelleftea'].includes(o.key),
    ))
      ids.set(
        organisation.key,
        await create('/organisations', fieldsOf(organisation, organisationCreateSchema)),
      );
    for (const need of sampleData.needs.filter((n) => NEEDS.includes(n.key)))
      ids.set(
        need.key,
        await create('/needs', {
          ...fieldsOf(need, needCreateSchema),
          organisationId: id(need.organisationKey),
        }),
      );
    for (const startup of sampleData.startups.filter((s) => STARTUPS.includes(s.key)))
      ids.set(startup.key, await create('/startups', fieldsOf(startup, startupCreateSchema)));
    eventId = await create(
      '/events',
      buildEvent({
        name: 'Matchmakingdag Tomelilla–Skellefteå',
        signUpSlug: SLUG,
        days: [{ date: '2027-03-29', sessions: [{ start: '09:00', end: '11:00' }] }],
        rooms: [
          { id: 'bord-1', name: 'Bord 1' },
          { id: 'bord-2', name: 'Bord 2' },
        ],
        needIds: NEEDS.map(id),
        startupIds: STARTUPS.map(id).filter((startupId) => startupId !== ''),
      }),
    );
    // The worker ranks every need before the page is opened.
    for (const needKey of NEEDS)
      await until(`matches of ${needKey}`, async () => {
        const page = (await (await api('GET', `/needs/${id(needKey)}/matches`)).json()) as {
          items?: unknown[];
        };
        return (page.items ?? []).length > 0 ? true : undefined;
      });
    browser = await launchChromium();
  });

  afterAll(async () => {
    journey.save();
    await browser?.close();
    await app?.destroy();
  });

  /** The text a person reads in the tool (what is visible, not attributes). */
  const shownText = (page: Page) => page.locator('#tool').innerText();

  /** Words that must never reach people: ISO dates and raw ids (24 hex digits). */
  function expectNoIdsOrIsoDates(text: string): void {
    expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(text).not.toMatch(/\b[0-9a-f]{24}\b/);
  }

  it('signs in, builds a draft, reads shortfalls and scouting with the sign-up link, cancels a meeting, pins, publishes, records a cancellation, in Swedish; English at a click', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const matchRequests: string[] = [];
    page.on('request', (request) => {
      if (/\/needs\/[^/]+\/matches/.test(request.url())) matchRequests.push(request.url());
    });
    await signInThroughEmail(page, journey, app.baseUrl, facilitator.email, 'facilitator');

    await page.goto(`${app.baseUrl}/app/events/${eventId}`);
    await page.getByRole('heading', { level: 1, name: 'Matchmakingdag Tomelilla–Skellefteå' }).waitFor();
    await page.locator('#event-summary').filter({ hasText: 'måndag 29 mars 2027' }).waitFor();
    await page.locator('#schedule-status').filter({ hasText: 'Inget utkast ännu.' }).waitFor();
    expect(await page.locator('#event-summary').innerText()).toBe(
      `${NEEDS.length} behov · ${STARTUPS.length} startups · 2 rum · måndag 29 mars 2027`,
    );
    await journey.step(page, 'event');
    // No need's matches are loaded until it is opened.
    expect(matchRequests).toEqual([]);

    const firstNeed = sampleData.needs.find((n) => n.key === NEEDS[0])!;
    await page.locator('summary').filter({ hasText: firstNeed.title }).click();
    const matchesTable = page.locator(`details[data-need-id="${id(NEEDS[0]!)}"] table`);
    await matchesTable.waitFor();
    expect(matchRequests).toHaveLength(1);
    expect(await matchesTable.locator('thead').innerText()).toMatch(/Startup\s+Poäng\s+Varför/);
    // Scores in Swedish notation ("0,62").
    expect(await matchesTable.locator('td.score').first().innerText()).toMatch(/^\d,\d\d$/);
    await journey.step(page, 'need-opened');

    await page.getByRole('button', { name: 'Bygg utkast' }).click();
    await messageSays(page, 'Utkast 1 är byggt.');
    const status = await page.locator('#schedule-status').innerText();
    expect(status).toMatch(
      /^Utkast 1: \d+ möten · målvärde [\d\s ,]+ av högst [\d\s ,]+ \(gap \d+,\d %\) · inget publicerat ännu$/,
    );
    expect(await page.locator('#grid h3').first().innerText()).toBe('måndag 29 mars 2027');
    expect(await page.locator('#grid th').first().innerText()).toBe('Tid');
    // Shortfalls and the scouting list, from reason codes, in Swedish, with names.
    const shortfalls = page.locator('#shortfalls');
    await shortfalls.getByRole('heading', { name: 'Behov under sitt minimum' }).waitFor();
    expect(await shortfalls.innerText()).toMatch(/ av \d möten – /);
    const scouting = page.locator('#scouting');
    await scouting.getByRole('heading', { name: 'Behov som saknar startups som passar väl' }).waitFor();
    const signUp = scouting.locator('a.sign-up-link');
    expect(await signUp.getAttribute('href')).toBe(`${app.baseUrl}/e/${SLUG}/anmalan`);
    expect(await scouting.innerText()).toContain(
      'Skicka evenemangets anmälningslänk till startups ni hittar:',
    );
    expect(await scouting.innerText()).toMatch(/passar behovet väl; minimum är \d/);
    expectNoIdsOrIsoDates(await shownText(page));
    await journey.step(page, 'draft-built');

    // One meeting: its controls, then a cancellation that repairs the draft.
    await page.locator('#grid button.meeting').first().click();
    const title = await page.locator('#meeting-title').innerText();
    expect(title).toMatch(/ ↔ .+, måndag 29 mars 2027 \d\d:\d\d–\d\d:\d\d, Bord \d$/);
    await journey.step(page, 'meeting-selected');
    await page.getByLabel('Orsak').fill('Startupen är sjuk');
    await page.getByRole('button', { name: 'Ställ in mötet' }).click();
    await messageSays(page, 'Mötet är inställt.');
    expect(await page.locator('#repair-report').innerText()).toMatch(
      /^Lagat utkast 2: \d+ möten ligger kvar, \d+ flyttade, \d+ tillagda, \d+ borttagna\. Publicera för att skicka kalenderuppdateringarna\.$/,
    );
    const cancelled = page.locator('#cancelled-meetings');
    await cancelled.getByRole('heading', { name: 'Inställda möten' }).waitFor();
    expect(await cancelled.innerText()).toMatch(
      /, måndag 29 mars 2027 \d\d:\d\d, Bord \d: inställt \(Startupen är sjuk\)/,
    );
    await cancelled
      .getByRole('button', { name: /^Ångra: / })
      .first()
      .waitFor();
    expectNoIdsOrIsoDates(await shownText(page));
    await journey.step(page, 'meeting-cancelled');

    // Pin a pair from the opened need's matches, publish the draft shown, record a startup's cancellation.
    await matchesTable.getByRole('button', { name: 'Fäst' }).first().click();
    await messageSays(page, 'Paret är fäst. Bygg ett nytt utkast för att det ska gälla.');
    await matchesTable.getByRole('button', { name: 'Lossa' }).first().waitFor();
    await page.getByRole('button', { name: 'Publicera utkastet' }).click();
    await messageSays(page, /^Publicerat som version \d+\.$/);
    await page
      .locator('#schedule-status')
      .filter({ hasText: / · publicerad version \d+$/ })
      .waitFor();
    await journey.step(page, 'pinned-and-published');
    await page.getByLabel('Vem eller vad').selectOption('startup');
    await page.getByRole('button', { name: 'Registrera återbud och laga schemat' }).click();
    await messageSays(page, 'Återbudet är registrerat.');
    expect(await page.locator('#repair-report').innerText()).toMatch(
      /^Lagat utkast \d+: \d+ möten ligger kvar, /,
    );
    expectNoIdsOrIsoDates(await shownText(page));
    await journey.step(page, 'startup-cancelled');

    // English at a click, on the same page.
    await page.getByRole('link', { name: 'In English' }).click();
    await page.waitForURL(`${app.baseUrl}/app/events/${eventId}`);
    await page
      .locator('#schedule-status')
      .filter({ hasText: /^Draft version \d+: / })
      .waitFor();
    expect(await page.locator('#grid h3').first().innerText()).toBe(formatCalendarDate('2027-03-29', 'en'));
    await page
      .locator('#scouting')
      .getByRole('heading', { name: 'Needs short of startups that fit well' })
      .waitFor();
    expect(await page.locator('#scouting').innerText()).toMatch(/fits? this need well; the minimum is \d/);
    expectNoIdsOrIsoDates(await shownText(page));
    await journey.step(page, 'english');
    await context.close();
  });

  it('builds the draft of the page’s own event when “Bygg utkast” is pressed while the event is still loading', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughEmail(page, journey, app.baseUrl, facilitator.email, 'facilitator');
    // The page loads the list of events, then its event one request per startup; on a busy server
    // that takes seconds, and a facilitator who presses the button meanwhile must get the draft, not
    // "pick an event first". Both steps are held here.
    let held = 0;
    await page.route(/\/(events\?limit=|startups\/[^/?]+$)/, async (route) => {
      held += 1;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    await page.goto(`${app.baseUrl}/app/events/${eventId}`);
    await page.getByRole('button', { name: 'Bygg utkast' }).click();
    await messageSays(page, /^Utkast \d+ är byggt\.$/);
    expect(held).toBeGreaterThan(0);
    await page
      .locator('#schedule-status')
      .filter({ hasText: /^Utkast \d+: \d+ möten/ })
      .waitFor();
    await context.close();
  });
});
