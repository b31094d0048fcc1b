/**
 * A startup's pages in Debian's Chromium (playwright-core) against the real app, Redis, FerretDB,
 * the real worker process (matches and mail queues) and the development mail server: sign in from
 * the e-mail, the start page, the open needs that match (never a draft), "Visa fler", one need,
 * and the same in English. Every page is checked with axe-core at desktop width and at 375 px (no
 * sideways scroll) and screenshotted under out/e2e/startup/.
 */
import type { Browser } from 'playwright-core';
import type { Person } from '../../models';
import { createMatchRepository } from '../../models/match.repository';
import { issueApiKey } from '../../services/api-keys';
import { buildNeed, buildStartup } from '../support';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../support/people-app';
import { Journey, launchChromium } from './support/browser';
import { signInThroughEmail } from './support/sign-in';
import { getRepositories } from '../../models';
import { until } from '../support/until';

jest.setTimeout(240_000);

const OPEN_NEEDS = 12;
const DRAFT_TITLE = 'Utkast: mobil inspektion av livsmedelsbutiker';

describe('a startup finds the open needs that fit it, and why', () => {
  let app: PeopleApp;
  let browser: Browser;
  let key: string;
  let person: Person;
  const journey = new Journey('startup');

  async function api(method: string, path: string, body?: unknown): Promise<{ id: string }> {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  }

  beforeAll(async () => {
    app = await startPeopleApp({ matches: true });
    key = (await issueApiKey(getRepositories(app.db), { role: 'facilitator', name: 'Test' })).key;
    const organisation = await api('POST', '/organisations', { name: 'Västerås stad', kind: 'municipality' });
    const startup = await api('POST', '/startups', buildStartup());
    const places = ['restauranger', 'butiker', 'skolkök', 'caféer', 'bagerier', 'kiosker'];
    const needIds: string[] = [];
    for (let n = 0; n < OPEN_NEEDS; n += 1)
      needIds.push(
        (
          await api(
            'POST',
            '/needs',
            buildNeed({
              organisationId: organisation.id,
              title: `Digital tillsyn av ${places[n % 6]} ${n + 1}`,
            }),
          )
        ).id,
      );
    const draft = await api(
      'POST',
      '/needs',
      buildNeed({ organisationId: organisation.id, title: DRAFT_TITLE, status: 'draft' }),
    );
    person = await app.createPerson({
      role: 'startup',
      name: 'Ali Hassan',
      email: uniqueEmail('ali'),
      language: 'sv',
      startupId: startup.id,
    });
    await until('the profile to be ranked, the draft too', async () => {
      const ranked = new Set(
        (await createMatchRepository(app.db).startupView(startup.id)).items.map((match) => match.needId),
      );
      return [...needIds, draft.id].every((id) => ranked.has(id)) ? true : undefined;
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    journey.save();
    await browser?.close();
    await app?.destroy();
  });

  it('start page → all matches → show more → one need → in English; never the draft', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughEmail(page, journey, app.publicUrl, person.email, 'startup');
    await page.getByRole('heading', { level: 1, name: 'Behov som passar er' }).waitFor();
    await page.getByText('Er profil är godkänd.').waitFor();
    expect(await page.getByText(DRAFT_TITLE).count()).toBe(0);
    await journey.step(page, 'home');

    await page.getByRole('link', { name: `Visa alla ${OPEN_NEEDS} behov som passar er` }).click();
    await page.getByText(`Visar 10 av ${OPEN_NEEDS} behov.`).waitFor();
    expect(await page.getByRole('heading', { level: 2 }).count()).toBe(10);
    await page
      .getByText('Behovet är skrivet på svenska och er profil på engelska', { exact: false })
      .first()
      .waitFor();
    expect(await page.getByText(DRAFT_TITLE).count()).toBe(0);
    await journey.step(page, 'matches');

    await page.getByRole('link', { name: 'Visa fler behov' }).click();
    await page.getByText(`Visar ${OPEN_NEEDS} av ${OPEN_NEEDS} behov.`).waitFor();
    expect(await page.getByRole('heading', { level: 2 }).count()).toBe(OPEN_NEEDS);
    expect(await page.getByText(DRAFT_TITLE).count()).toBe(0);
    await journey.step(page, 'matches-all');

    const first = page.getByRole('heading', { level: 2 }).first();
    const title = (await first.textContent())?.trim() ?? '';
    await first.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText('E-post och telefon visas när ett schema med ett möte').waitFor();
    expect(await page.getByText('karin.berg@vasteras.se').count()).toBe(0);
    await journey.step(page, 'need');

    await page.getByRole('link', { name: 'In English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Why it fits you' }).waitFor();
    await journey.step(page, 'need-en');
    await page.getByRole('link', { name: 'Back to the needs that fit you' }).click();
    await page.getByRole('heading', { level: 1, name: 'Needs that fit you' }).waitFor();
    await journey.step(page, 'matches-en');
    expect(journey.tally.violations).toBe(0);
  });
});
