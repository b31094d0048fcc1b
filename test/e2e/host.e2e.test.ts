/**
 * A development head's day in Debian's Chromium (playwright-core) against the real app, Redis,
 * FerretDB, the real worker process (matches and mail queues) and the development mail server:
 * she signs in from the e-mailed link, submits a Swedish need (after a form with problems), sees
 * the startups that fit it ranked with names and reasons, changes it, and gives her availability at
 * the event. Every page is checked with axe-core at desktop width and at 375 px (no sideways
 * scroll) and screenshotted under out/e2e/host/.
 */
import type { Browser, Page } from 'playwright-core';
import { startups as sampleStartups } from '../../fixtures';
import { getRepositories, type Person } from '../../models';
import { issueApiKey } from '../../services/api-keys';
import { buildEvent } from '../support';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../support/people-app';
import { Journey, launchChromium } from './support/browser';
import { signInThroughEmail } from './support/sign-in';
import { until, fetchWithKey } from '../support/until';

jest.setTimeout(300_000);

/** Sample startups posted before the need (enough for a ranking with several languages). */
const STARTUPS = 30;

const NEED_DESCRIPTION =
  'I våra förskolor leker, äter och vilar barnen på golvet, men under höst och vinter bärs grus, vatten och lera in från gården. Personalen torkar golv flera gånger om dagen i stället för att vara med barnen, och blöta hallar ger halkrisk och fuktskador. Lokalvården städar efter ett fast schema och vet inte var eller när smutsen faktiskt kommer in. Vi söker en lösning som håller smuts och väta kvar vid entrén eller som visar när och var det behövs städning.';

describe('a development head submits a Swedish need, sees the startups that fit it and why, and gives her availability', () => {
  let app: PeopleApp;
  let browser: Browser;
  let karin: Person;
  let karinHostId: string;
  let key: string;
  let eventId: string;
  const journey = new Journey('host');

  function api(method: string, path: string, body?: unknown): Promise<Response> {
    return fetchWithKey(app.baseUrl, key, method, path, body);
  }

  beforeAll(async () => {
    app = await startPeopleApp({ matches: true });
    key = (await issueApiKey(getRepositories(app.db), { role: 'facilitator', name: 'Test' })).key;
    const organisation = (await (
      await api('POST', '/organisations', { name: 'Tomelilla kommun', kind: 'municipality' })
    ).json()) as { id: string };
    const email = uniqueEmail('karin');
    const host = (await (
      await api('POST', '/hosts', { name: 'Karin Berg', email, organisationId: organisation.id })
    ).json()) as { id: string };
    karinHostId = host.id;
    karin = await app.createPerson({
      role: 'development_head',
      name: 'Karin Berg',
      email,
      language: 'sv',
      organisationId: organisation.id,
      hostId: host.id,
    });
    const startupIds: string[] = [];
    for (const { key: _key, ...startup } of sampleStartups.slice(0, STARTUPS)) {
      const created = await api('POST', '/startups', startup);
      expect(created.status).toBe(201);
      startupIds.push(((await created.json()) as { id: string }).id);
    }
    const event = await api(
      'POST',
      '/events',
      buildEvent({
        name: 'Matchmaking Skåne 2027',
        startupIds,
        days: [
          {
            date: '2027-03-16',
            sessions: [
              { start: '09:00', end: '12:00' },
              { start: '13:00', end: '16:00' },
            ],
          },
        ],
      }),
    );
    expect(event.status).toBe(201);
    eventId = ((await event.json()) as { id: string }).id;
    browser = await launchChromium();
  });

  afterAll(async () => {
    journey.save();
    await browser?.close();
    await app?.destroy();
  });

  async function fillNeed(page: Page): Promise<void> {
    await page.getByLabel('Rubrik').fill('Rena och torra golv i förskolan');
    await page.getByLabel('Beskrivning').fill(NEED_DESCRIPTION);
    await page.getByLabel('Förvaltning eller avdelning').fill('Barn- och utbildningsförvaltningen');
    await page.getByLabel('Prioritet', { exact: true }).selectOption('2');
    await page.getByLabel(/^Öppet:/).check();
    await page.getByLabel('Lägst (kr)').fill('40 000');
    await page.getByLabel('Högst (kr)').fill('80 000');
    await page.getByLabel('Från och med').fill('2027-04-01');
    await page.getByLabel('Till och med').fill('2027-10-31');
  }

  it('sign-in from the e-mail → Mina behov → a need with problems, then saved → ranked startups with why → changed → availability', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughEmail(page, journey, app.publicUrl, karin.email, 'development-head');
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await page.getByRole('heading', { level: 1, name: 'Mina behov' }).waitFor();
    await journey.step(page, 'home-empty');

    await page.getByRole('link', { name: 'Lämna in ett nytt behov' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lämna in ett behov' }).waitFor();
    await journey.step(page, 'new-need');

    // A first try with a short title and the budget the wrong way round.
    await fillNeed(page);
    await page.getByLabel('Rubrik').fill('Go');
    await page.getByLabel('Lägst (kr)').fill('90 000');
    await page.getByRole('button', { name: 'Spara behovet' }).click();
    await page.getByRole('heading', { name: 'Det finns ett problem' }).waitFor();
    await page.getByRole('link', { name: 'Skriv en rubrik (3–200 tecken)' }).waitFor();
    await page.getByRole('link', { name: /Skriv högsta budget/ }).waitFor();
    expect(await page.getByLabel('Beskrivning').inputValue()).toBe(NEED_DESCRIPTION);
    await journey.step(page, 'new-need-errors');

    await page.getByLabel('Rubrik').fill('Rena och torra golv i förskolan');
    await page.getByLabel('Lägst (kr)').fill('40 000');
    await page.getByRole('button', { name: 'Spara behovet' }).click();
    await page.getByText('Behovet ”Rena och torra golv i förskolan” är sparat.').waitFor();
    const needId = new URL(page.url()).pathname.split('/').at(-1)!;
    const stored = await getRepositories(app.db).needs.findById(needId);
    expect(stored).toMatchObject({ language: 'sv', status: 'open', priority: 2, hostId: karinHostId });
    await journey.step(page, 'need-saved');

    // The worker ranks the need; the page shows the startups once it has.
    await until('the need to be ranked', async () => {
      await page.reload();
      return (await page.getByText('Plats 1', { exact: false }).count()) > 0 &&
        (await page.getByText('Matchningarna beräknas').count()) === 0 &&
        (await page.getByText('räknas om').count()) === 0
        ? true
        : undefined;
    });
    await page.getByRole('heading', { level: 2, name: 'Startups som passar behovet' }).waitFor();
    const names = await page.locator('h3.card__title').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThanOrEqual(10);
    // The startups written for this need are among the best, by name.
    expect(names.slice(0, 5)).toEqual(expect.arrayContaining(['Fuktvakt']));
    const fuktvakt = page.locator('li.card', { has: page.getByRole('heading', { name: 'Fuktvakt' }) });
    await fuktvakt
      .getByText('Sensorer som larmar när golv i entréer och hallar blir blöta eller smutsiga.')
      .waitFor();
    await fuktvakt.getByRole('link', { name: 'Webbplats: fuktvakt.example' }).waitFor();
    await fuktvakt.getByText(/Behovet och profilen handlar båda om/).waitFor();
    await fuktvakt.getByText(/(Mycket god|God|Svag) matchning \(\d,\d\d\)/).waitFor();
    await journey.step(page, 'need-ranked');

    await page.getByRole('link', { name: 'In English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Startups that fit the need' }).waitFor();
    await page
      .getByText(/The need and the profile are both about/)
      .first()
      .waitFor();
    await journey.step(page, 'need-ranked-english');
    await page.getByRole('link', { name: 'På svenska' }).click();
    await page.getByRole('heading', { level: 2, name: 'Startups som passar behovet' }).waitFor();

    await page.getByRole('link', { name: 'Ändra behovet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ändra behovet' }).waitFor();
    await journey.step(page, 'edit-need');
    await page.getByLabel('Prioritet', { exact: true }).selectOption('1');
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();
    await page.getByText('Ändringarna i ”Rena och torra golv i förskolan” är sparade.').waitFor();
    await page.getByText('Prioritet 1').first().waitFor();
    expect((await getRepositories(app.db).needs.findById(needId))?.priority).toBe(1);

    // A facilitator enrols the need in the event; Karin says when she can meet.
    expect((await api('POST', `/events/${eventId}/enrolments`, { needIds: [needId] })).status).toBe(200);
    await page.getByRole('link', { name: 'Tillbaka till Mina behov' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mina behov' }).waitFor();
    await page.getByRole('link', { name: 'Rena och torra golv i förskolan' }).waitFor();
    await journey.step(page, 'home-with-need');
    await page.getByRole('link', { name: 'Min tillgänglighet på evenemang' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tillgänglighet på evenemang' }).waitFor();
    await page.getByText('Kan hela evenemanget').waitFor();
    await journey.step(page, 'availability-events');
    await page.getByRole('link', { name: 'Ange tider för Karin Berg' }).click();
    await page.getByRole('heading', { level: 1, name: 'När kan Karin Berg ha möten?' }).waitFor();
    await journey.step(page, 'availability-form');
    await page.getByRole('group', { name: 'Pass 09:00–12:00' }).getByLabel('En del av passet').check();
    await page.getByLabel('Från, pass 09:00–12:00 (TT:MM)').fill('10:00');
    await page.getByLabel('Till, pass 09:00–12:00 (TT:MM)').fill('11:20');
    await page.getByRole('group', { name: 'Pass 13:00–16:00' }).getByLabel('Inte alls').check();
    await page.getByRole('button', { name: 'Spara tiderna' }).click();
    await page.getByText('Tiderna för Karin Berg på Matchmaking Skåne 2027 är sparade.').waitFor();
    await page.getByText(/Kan vissa tider: tisdag 16 mars 2027 10:00–11:20/).waitFor();
    await journey.step(page, 'availability-saved');
    const event = await getRepositories(app.db).events.findById(eventId);
    expect(event?.availability).toEqual([
      {
        participantKind: 'host',
        participantId: karin.email,
        windows: [{ date: '2027-03-16', start: '10:00', end: '11:20' }],
      },
    ]);
    expect(journey.tally.violations).toBe(0);
  });
});
