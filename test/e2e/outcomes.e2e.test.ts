/**
 * The facilitator's outcomes report in Debian's Chromium (playwright-core) against the real app,
 * Redis and FerretDB: an event whose meetings were published and recorded through the API, read
 * as a person signed in. Checked with axe-core at 1280 and 375 px (no sideways scroll), in Swedish
 * and English, with its charts' titles and tables, its print layout and its CSV.
 */
import type { Browser, Page } from 'playwright-core';
import { getRepositories, type Person } from '../../models';
import type { Meeting } from '../../scheduling';
import { issueOutcomeLink } from '../../services/outcomes';
import type { ScheduleWorld } from '../schedules/schedule-setup';
import type { PeopleApp } from '../support/people-app';
import { Journey, launchChromium } from './support/browser';
import { expectStatus, signedInPage, startPublishedEvent } from './support/published-event';

jest.setTimeout(180_000);

describe("a facilitator reads what an event's meetings led to", () => {
  let app: PeopleApp;
  let browser: Browser;
  let facilitator: Person;
  let world: ScheduleWorld;
  let meetings: Meeting[];
  const journey = new Journey('outcomes-report');

  beforeAll(async () => {
    const event = await startPublishedEvent();
    ({ app, world, meetings, facilitator } = event);
    const { api, key } = event;
    const record = (meeting: Meeting, side: string, body: Record<string, unknown>) =>
      expectStatus(
        api.request(
          'PUT',
          `/events/${world.eventId}/meetings/${encodeURIComponent(meeting.id)}/outcomes/${side}`,
          {
            key,
            body,
          },
        ),
        201,
      );
    await record(meetings[0]!, 'facilitator', {
      attendance: 'held',
      interest: 'yes',
      nextStep: 'pilot_proposal',
    });
    await record(meetings[1]!, 'startup', { attendance: 'no_show', absent: ['host'] });
    await record(meetings[2]!, 'host', { attendance: 'held', interest: 'maybe', nextStep: 'demo' });
    await record(meetings[3]!, 'host', { attendance: 'held', interest: 'no', nextStep: 'none' });
    await expectStatus(
      api.request('POST', '/pilots', {
        key,
        body: {
          eventId: world.eventId,
          meetingId: meetings[0]!.id,
          budgetKSek: 75,
          start: '2027-05-01',
          end: '2027-09-30',
          status: 'running',
        },
      }),
      201,
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    journey.save();
    await browser?.close();
    await app?.destroy();
  });

  function signedIn(): Promise<Page> {
    return signedInPage(browser, app, journey, facilitator, 'facilitator');
  }

  it('in Swedish first: key figures, the follow-up rate defined, charts with their tables; 0 axe violations', async () => {
    const page = await signedIn();
    await page.goto(`${app.publicUrl}/app/events/${world.eventId}/report`);
    await page.getByRole('heading', { level: 1, name: 'Utfall: Matchmakingdag, test' }).waitFor();
    await journey.step(page, 'report-sv');

    const figure = (term: string) =>
      page
        .locator('.figures__item', { has: page.getByText(term, { exact: true }) })
        .locator('dd')
        .textContent();
    expect(await figure('Hållna möten')).toBe(String(Number(await figure('Planerade möten')) - 1));
    expect(await figure('Möten där någon uteblev')).toBe('1');
    expect(await page.locator('#follow-up-definition').textContent()).toMatch(/delat med alla hållna möten/);

    // Every chart is an image named by its title, with the table behind it captioned the same.
    const charts = page.locator('figure.chart');
    expect(await charts.count()).toBeGreaterThanOrEqual(3);
    for (const chart of await charts.all()) {
      const title = (await chart.locator('svg > title').textContent())?.trim();
      expect(title).toBeTruthy();
      expect(await chart.getByRole('img', { name: title! }).count()).toBe(1);
      expect((await chart.locator('table caption').textContent())?.trim()).toBe(title);
      expect(await chart.locator('tbody tr').count()).toBe(await chart.locator('svg g').count());
    }
    const byPriority = page.getByRole('table', { name: 'Uppföljningsgrad per behovets prioritet' });
    expect(await byPriority.getByRole('rowheader', { name: 'Prioritet 1' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Uteblivna per person' }).getByRole('row').count()).toBe(2);

    // Printable: the header and links go, the charts stay.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('figure.chart').first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    const csv = await page.request.get(`${app.publicUrl}/events/${world.eventId}/report?format=csv`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\r\n')[1]).toMatch(/^event,"Matchmakingdag, test",/);
  });

  it("the event's page links to its report, which says how well the scores foretold it and links back", async () => {
    const page = await signedIn();
    await page.goto(`${app.publicUrl}/app/events/${world.eventId}`);
    await page.getByRole('link', { name: 'Vad mötena ledde till: utfall, uppföljning och piloter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Utfall: Matchmakingdag, test' }).waitFor();
    expect(page.url()).toBe(`${app.publicUrl}/app/events/${world.eventId}/report`);
    expect(await page.locator('#prediction-words').textContent()).toMatch(
      /matchningspoäng i \d+\s% av paren \(i en slumpvis ordning \d+\s%\)/,
    );
    await page.getByRole('link', { name: 'Till evenemanget' }).click();
    await page.waitForURL(`${app.publicUrl}/app/events/${world.eventId}`);
  });

  it('in English at a click, on the same page', async () => {
    const page = await signedIn();
    await page.goto(`${app.publicUrl}/app/events/${world.eventId}/report`);
    await page.getByRole('link', { name: 'In English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outcomes: Matchmakingdag, test' }).waitFor();
    expect(page.url()).toBe(`${app.publicUrl}/app/events/${world.eventId}/report`);
    await journey.step(page, 'report-en');
  });

  it('a participant records the outcome from the e-mailed link, without signing in, with problems named first', async () => {
    const meeting = meetings[meetings.length - 1]!;
    const now = new Date();
    const { secret } = await issueOutcomeLink(
      getRepositories(app.db),
      { eventId: world.eventId, meetingId: meeting.id, side: 'host', name: 'Anna Lindqvist', language: 'sv' },
      now,
      now,
    );
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${app.publicUrl}/outcome?token=${encodeURIComponent(secret)}`);
    await page.getByRole('heading', { level: 1, name: 'Vad ledde mötet till?' }).waitFor();
    await journey.step(page, 'outcome-link');

    await page.getByRole('button', { name: 'Spara svaret' }).click();
    await page.getByRole('heading', { name: 'Det finns ett problem' }).waitFor();
    expect(await page.locator('.error-summary li').allTextContents()).toEqual(['Välj om mötet blev av']);
    await journey.step(page, 'outcome-link-problem');

    await page.getByLabel('Ja, mötet blev av').check();
    await page
      .getByRole('group', { name: /vill ni gå vidare/ })
      .getByLabel('Ja')
      .check();
    await page.getByLabel('Ett förslag till pilot').check();
    await page.getByLabel('Kort anteckning (frivillig)').fill('Pilot i två skolor till hösten');
    await page.getByRole('button', { name: 'Spara svaret' }).click();
    await page.getByText('Tack! Ditt svar är sparat.').waitFor();
    await journey.step(page, 'outcome-link-saved');
    const stored = await getRepositories(app.db).outcomes.listByEvent(world.eventId);
    expect(stored.filter((o) => o.meetingId === meeting.id)).toEqual([
      expect.objectContaining({
        side: 'host',
        attendance: 'held',
        interest: 'yes',
        nextStep: 'pilot_proposal',
      }),
    ]);
  });
});
