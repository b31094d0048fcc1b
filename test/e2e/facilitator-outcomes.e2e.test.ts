/**
 * The facilitator records what an event's meetings led to, in Debian's Chromium (playwright-core)
 * against the real app, Redis and FerretDB: a no-show where the host said the meeting was held
 * (the disagreement shown, the facilitator's record deciding), a follow-up edited once (its history
 * kept), a pilot created from the meeting and its status changed, with problems named next to
 * their fields and nothing typed lost; the report's figures change with it, and the audit log has
 * every write. Checked with axe-core at 1280 and 375 px (no sideways scroll), Swedish and English.
 */
import type { Browser, Page } from 'playwright-core';
import { getRepositories, type Person } from '../../models';
import type { Meeting } from '../../scheduling';
import type { ScheduleWorld } from '../schedules/schedule-setup';
import { uniqueEmail, type PeopleApp } from '../support/people-app';
import type { TestApp } from '../support';
import { Journey, launchChromium } from './support/browser';
import { expectStatus, signedInPage, startPublishedEvent } from './support/published-event';

jest.setTimeout(240_000);

const percent = (share: number) =>
  new Intl.NumberFormat('sv-SE', { style: 'percent', maximumFractionDigits: 0 }).format(share);

describe('a facilitator records outcomes and pilots of an event', () => {
  let app: PeopleApp;
  let api: TestApp;
  let key: string;
  let browser: Browser;
  let facilitator: Person;
  let developmentHead: Person;
  let world: ScheduleWorld;
  let meetings: Meeting[];
  const journey = new Journey('facilitator-outcomes');

  beforeAll(async () => {
    const event = await startPublishedEvent();
    ({ app, api, key, world, facilitator } = event);
    meetings = [...event.meetings].sort(
      (a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start),
    );
    // The host says the first meeting was held and led nowhere; the facilitator will say otherwise.
    await expectStatus(
      api.request(
        'PUT',
        `/events/${world.eventId}/meetings/${encodeURIComponent(meetings[0]!.id)}/outcomes/host`,
        { key, body: { attendance: 'held', interest: 'no', nextStep: 'none' } },
      ),
      201,
    );
    const email = uniqueEmail('anna');
    const host = await api.request<{ id: string }>('POST', '/hosts', {
      key,
      body: { name: 'Anna Lindqvist', email, organisationId: world.organisationIds[0] },
    });
    developmentHead = await app.createPerson({
      role: 'development_head',
      name: 'Anna Lindqvist',
      email,
      language: 'sv',
      organisationId: world.organisationIds[0],
      hostId: host.body.id,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    journey.save();
    await browser?.close();
    await app?.destroy();
  });

  function signedIn(person: Person, label: string): Promise<Page> {
    return signedInPage(browser, app, journey, person, label);
  }

  async function figure(page: Page, term: string): Promise<string> {
    const value = await page
      .locator('.figures__item', { has: page.getByText(term, { exact: true }) })
      .locator('dd')
      .textContent();
    return (value ?? '').trim();
  }

  async function reportFigures(page: Page) {
    await page.goto(`${app.publicUrl}/app/events/${world.eventId}/report`);
    await page.getByRole('heading', { level: 1, name: 'Utfall: Matchmakingdag, test' }).waitFor();
    return {
      held: await figure(page, 'Hållna möten'),
      noShows: await figure(page, 'Möten där någon uteblev'),
      followUpRate: await figure(page, 'Uppföljningsgrad'),
      pilots: await figure(page, 'Piloter: föreslagna, startade, avslutade'),
      kSek: await figure(page, 'Pilotbudget: föreslagen, startad, avslutad'),
    };
  }

  it('records a no-show and a follow-up, creates a pilot from the meeting, changes its status; the report follows', async () => {
    const repos = getRepositories(app.db);
    const page = await signedIn(facilitator, 'facilitator');
    const total = meetings.length;
    const before = await reportFigures(page);
    expect(before).toEqual({
      held: String(total),
      noShows: '0',
      followUpRate: percent(0),
      pilots: '0, 0, 0',
      kSek: '0, 0, 0 tkr',
    });

    // From the event's page to its outcomes: every published meeting, the host's answer on the first.
    await page.goto(`${app.publicUrl}/app/events/${world.eventId}`);
    await page.getByRole('link', { name: 'Registrera mötenas utfall' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mötenas utfall: Matchmakingdag, test' }).waitFor();
    expect(await page.locator('.meeting-card').count()).toBe(total);
    await journey.step(page, 'meetings');

    const first = meetings[0]!;
    const firstPath = `/app/events/${world.eventId}/outcomes/${encodeURIComponent(first.id)}`;
    await page.locator(`a[href="${firstPath}"]`).click();
    await page.getByRole('heading', { level: 1, name: /^Utfall: / }).waitFor();
    expect(await page.locator('#record-host .record__answer').textContent()).toBe(
      'mötet blev av, intresse: nej, nästa steg: inget',
    );
    await journey.step(page, 'meeting');

    // Nothing chosen: the problem is named at the top and next to the question.
    await page.getByRole('button', { name: 'Spara processledarens uppgift' }).click();
    await page.getByRole('heading', { name: 'Det finns ett problem' }).waitFor();
    expect(await page.locator('.error-summary li').allTextContents()).toEqual(['Välj om mötet blev av']);
    expect(await page.locator('#attendance-error').textContent()).toBe('Välj om mötet blev av');

    // A no-show without saying who: named, and the note typed is still there.
    await page.getByLabel('Nej, någon uteblev').check();
    await page.getByLabel('Kort anteckning (frivillig)').fill('Startupen hörde av sig efteråt');
    await page.getByRole('button', { name: 'Spara processledarens uppgift' }).click();
    await page.getByRole('heading', { name: 'Det finns ett problem' }).waitFor();
    expect(await page.locator('.error-summary li').allTextContents()).toEqual(['Välj vem som uteblev']);
    expect(await page.locator('#absent-error').textContent()).toBe('Välj vem som uteblev');
    expect(await page.getByLabel('Nej, någon uteblev').isChecked()).toBe(true);
    expect(await page.getByLabel('Kort anteckning (frivillig)').inputValue()).toBe(
      'Startupen hörde av sig efteråt',
    );
    await journey.step(page, 'meeting-problem');

    await page.getByLabel(/^Startupen \(/).check();
    await page.getByRole('button', { name: 'Spara processledarens uppgift' }).click();
    await page
      .getByText(
        'Processledarens uppgift är sparad: startupen uteblev. Mötet räknas nu som: startupen uteblev.',
      )
      .waitFor();
    expect(await page.locator('.disagreement').textContent()).toMatch(
      /Parterna är oeniga om mötet blev av\.\s+Processledarens uppgift avgör\./,
    );
    await journey.step(page, 'meeting-no-show');

    // The second meeting: held with a follow-up, then corrected once; the earlier answer stays.
    const second = meetings[1]!;
    const secondPath = `/app/events/${world.eventId}/outcomes/${encodeURIComponent(second.id)}`;
    await page.goto(`${app.publicUrl}${secondPath}`);
    await page.getByLabel('Ja, mötet blev av').check();
    await page
      .getByRole('group', { name: /vill parterna gå vidare/ })
      .getByLabel('Kanske')
      .check();
    await page.getByLabel('En demonstration').check();
    await page.getByRole('button', { name: 'Spara processledarens uppgift' }).click();
    await page.getByText(/Processledarens uppgift är sparad: mötet blev av, intresse: kanske/).waitFor();
    await page
      .getByRole('group', { name: /vill parterna gå vidare/ })
      .getByLabel('Ja')
      .check();
    await page.getByLabel('Ett uppföljande möte').check();
    await page.getByRole('button', { name: 'Spara processledarens uppgift' }).click();
    await page
      .getByText(
        'Processledarens uppgift är sparad: mötet blev av, intresse: ja, nästa steg: uppföljande möte. Mötet räknas nu som: mötet blev av, nästa steg: uppföljande möte.',
      )
      .waitFor();
    await page.getByText('Tidigare svar (1)').click();
    expect(await page.locator('#record-facilitator .history li').textContent()).toMatch(
      /Frida Lind \(inloggad\): mötet blev av, intresse: kanske, nästa steg: demonstration/,
    );
    await journey.step(page, 'meeting-follow-up');

    // A pilot from that meeting: its need and startup filled in; bad input named by field, kept.
    await page.getByRole('link', { name: 'Skapa en pilot från mötet' }).click();
    await page.getByRole('heading', { level: 1, name: /^Ny pilot: / }).waitFor();
    await journey.step(page, 'pilot-new');
    await page.getByLabel('Budget i tusental kronor (tkr)').fill('åttio');
    await page.getByLabel('Startdatum').fill('2027-05-01');
    await page.getByLabel('Slutdatum').fill('2027-04-01');
    await page.getByLabel('Lärdomar (frivilligt)').fill('Skolorna vill testa i två klasser först');
    await page.getByRole('button', { name: 'Skapa piloten' }).click();
    await page.getByRole('heading', { name: 'Det finns ett problem' }).waitFor();
    expect(await page.locator('.error-summary li').allTextContents()).toEqual([
      'Skriv budgeten i tusental kronor, ett tal från 0 till 100 000',
      'Skriv slutdatumet som ÅÅÅÅ-MM-DD, samma dag som startdatumet eller senare',
    ]);
    expect(await page.locator('#budgetKSek-error').textContent()).toBe(
      'Skriv budgeten i tusental kronor, ett tal från 0 till 100 000',
    );
    expect(await page.getByLabel('Budget i tusental kronor (tkr)').inputValue()).toBe('åttio');
    expect(await page.getByLabel('Slutdatum').inputValue()).toBe('2027-04-01');
    expect(await page.getByLabel('Lärdomar (frivilligt)').inputValue()).toBe(
      'Skolorna vill testa i två klasser först',
    );
    await journey.step(page, 'pilot-problem');
    await page.getByLabel('Budget i tusental kronor (tkr)').fill('80');
    await page.getByRole('button', { name: 'Skapa piloten' }).click();
    await page.getByRole('heading', { name: 'Det finns ett problem' }).waitFor();
    expect(await page.locator('#end-error').textContent()).toBe(
      'Skriv slutdatumet som ÅÅÅÅ-MM-DD, samma dag som startdatumet eller senare',
    );
    expect(await repos.pilots.listByEvent(world.eventId)).toEqual([]);
    await page.getByLabel('Slutdatum').fill('2027-09-30');
    await page.getByRole('button', { name: 'Skapa piloten' }).click();
    await page
      .getByText(
        'Piloten är skapad: Föreslagen, 80 tkr, 2027-05-01 – 2027-09-30. Den räknas i evenemangets rapport.',
      )
      .waitFor();
    await page.getByLabel('Status').selectOption({ label: 'Pågår' });
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();
    await page.getByText('Ändringarna är sparade: Pågår, 80 tkr, 2027-05-01 – 2027-09-30.').waitFor();
    await journey.step(page, 'pilot-saved');

    const pilots = await repos.pilots.listByEvent(world.eventId);
    expect(pilots).toEqual([
      expect.objectContaining({
        meetingId: second.id,
        needId: second.needId,
        startupId: second.startupId,
        budgetKSek: 80,
        status: 'running',
        learnings: 'Skolorna vill testa i två klasser först',
      }),
    ]);

    await page.getByRole('link', { name: 'Till piloterna' }).click();
    await page.getByRole('heading', { level: 1, name: 'Piloter: Matchmakingdag, test' }).waitFor();
    expect(await page.locator('.card').textContent()).toMatch(/Pågår, 80 tkr/);
    await journey.step(page, 'pilots');

    // The report: one meeting fewer held, one no-show, one follow-up, one pilot started.
    expect(await reportFigures(page)).toEqual({
      held: String(total - 1),
      noShows: '1',
      followUpRate: percent(1 / (total - 1)),
      pilots: '1, 1, 0',
      kSek: '80, 80, 0 tkr',
    });

    // Every write is in the audit log under the facilitator signed in.
    const audit = await repos.audit.list({ actorId: facilitator.id }, { limit: 100, page: 1 });
    const entries = audit.items.map((entry) => `${entry.record.kind} ${entry.action}`).sort();
    expect(entries).toEqual([
      'outcome create',
      'outcome create',
      'outcome update',
      'pilot create',
      'pilot update',
    ]);
  });

  it('in English at a click, on the same page', async () => {
    const page = await signedIn(facilitator, 'facilitator-en');
    const path = `/app/events/${world.eventId}/outcomes/${encodeURIComponent(meetings[0]!.id)}`;
    await page.goto(`${app.publicUrl}${path}`);
    await page.getByRole('link', { name: 'In English' }).click();
    await page.getByRole('heading', { level: 1, name: /^Outcome: / }).waitFor();
    expect(new URL(page.url()).pathname).toBe(path);
    expect(await page.locator('#verdict').textContent()).toMatch(/Counts as: the startup did not come/);
    await journey.step(page, 'meeting-en');
  });

  it('a save after someone else’s is refused with what was typed kept; saving again replaces it', async () => {
    const target = meetings[3]!;
    const put = (body: Record<string, unknown>, status: number) =>
      expectStatus(
        api.request(
          'PUT',
          `/events/${world.eventId}/meetings/${encodeURIComponent(target.id)}/outcomes/facilitator`,
          { key, body },
        ),
        status,
      );
    await put({ attendance: 'cancelled_late' }, 201);
    const page = await signedIn(facilitator, 'facilitator-conflict');
    await page.goto(`${app.publicUrl}/app/events/${world.eventId}/outcomes/${encodeURIComponent(target.id)}`);
    expect(await page.getByLabel('Nej, mötet ställdes in i sista stund').isChecked()).toBe(true);
    // Another facilitator saves while this one is writing.
    await put({ attendance: 'no_show', absent: ['host'] }, 200);
    await page.getByLabel('Ja, mötet blev av').check();
    await page
      .getByRole('group', { name: /vill parterna gå vidare/ })
      .getByLabel('Ja')
      .check();
    await page.getByLabel('Ett förslag till pilot').check();
    await page.getByLabel('Kort anteckning (frivillig)').fill('Skrivet samtidigt');
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Spara processledarens uppgift' }).click(),
    ]);
    expect(answer.status()).toBe(409);
    await page.getByText(/Någon annan sparade processledarens uppgift medan du skrev/).waitFor();
    expect(await page.locator('#record-facilitator .record__answer').textContent()).toBe('värden uteblev');
    expect(await page.getByLabel('Ja, mötet blev av').isChecked()).toBe(true);
    expect(await page.getByLabel('Ett förslag till pilot').isChecked()).toBe(true);
    expect(await page.getByLabel('Kort anteckning (frivillig)').inputValue()).toBe('Skrivet samtidigt');
    await journey.step(page, 'meeting-conflict');

    await page.getByRole('button', { name: 'Spara processledarens uppgift' }).click();
    await page
      .getByText(/Processledarens uppgift är sparad: mötet blev av, intresse: ja, nästa steg: pilotförslag/)
      .waitFor();
    const stored = (await getRepositories(app.db).outcomes.listByEvent(world.eventId)).find(
      (outcome) => outcome.meetingId === target.id && outcome.side === 'facilitator',
    );
    expect(stored).toMatchObject({
      attendance: 'held',
      nextStep: 'pilot_proposal',
      note: 'Skrivet samtidigt',
    });
    expect(stored?.history.map((entry) => entry.attendance)).toEqual(['cancelled_late', 'no_show']);
  });

  it('a development head gets the refusal, and her forms store nothing', async () => {
    const page = await signedIn(developmentHead, 'development-head');
    for (const path of [
      `/app/events/${world.eventId}/outcomes`,
      `/app/events/${world.eventId}/pilots`,
      `/app/events/${world.eventId}/outcomes/${encodeURIComponent(meetings[2]!.id)}`,
    ]) {
      const response = await page.goto(`${app.publicUrl}${path}`);
      expect(response?.status()).toBe(403);
    }
    await page.getByRole('heading', { level: 1, name: 'Du har inte behörighet till sidan' }).waitFor();
    const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
    const posted = await page.request.post(
      `${app.publicUrl}/app/events/${world.eventId}/outcomes/${encodeURIComponent(meetings[2]!.id)}`,
      { form: { _csrf: csrf ?? '', attendance: 'no_show', absent: 'startup' } },
    );
    expect(posted.status()).toBe(403);
    const stored = await getRepositories(app.db).outcomes.listByEvent(world.eventId);
    expect(stored.filter((outcome) => outcome.meetingId === meetings[2]!.id)).toEqual([]);

    const anonymous = await (await browser.newContext()).newPage();
    await anonymous.goto(`${app.publicUrl}/app/events/${world.eventId}/outcomes`);
    expect(new URL(anonymous.url()).pathname).toBe('/sign-in');
  });
});
