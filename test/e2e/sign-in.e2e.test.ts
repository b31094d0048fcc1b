/**
 * People signing in, in Debian's Chromium (playwright-core) against the real app, Redis, FerretDB,
 * the real mail worker process and the development mail server, whose HTTP API gives the links.
 * Every page visited is checked with axe-core at desktop width and at 375 px (no sideways scroll)
 * and screenshotted under out/e2e/. The invitation journey runs on http://matchmaker.test:<port>:
 * plain HTTP on a host that is not localhost, mapped to 127.0.0.1 inside the browser.
 */
import type { Browser } from 'playwright-core';
import { getRepositories, type Person } from '../../models';
import { issueApiKey } from '../../services/api-keys';
import { buildEvent, buildNeed, buildStartup } from '../support';
import { issueSignInLink } from '../../services/people';
import { signInLinkIn, waitForEmails } from '../support/mail-inbox';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../support/people-app';
import { Journey, launchChromium } from './support/browser';
import { openLinkAndSignIn, signInThroughEmail } from './support/sign-in';

jest.setTimeout(180_000);

/** An event with two needs of `organisationId` and two startups, made through the API with a key. */
async function seedEvent(app: PeopleApp, organisationId: string): Promise<string> {
  const { key } = await issueApiKey(getRepositories(app.db), { role: 'facilitator', name: 'Seed' });
  const post = async (path: string, body: unknown): Promise<{ id: string }> => {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  const needs = [
    await post('/needs', buildNeed({ organisationId, status: 'open' })),
    await post(
      '/needs',
      buildNeed({
        organisationId,
        status: 'open',
        title: 'Smartare snöröjning',
        description: 'Vi vill planera snöröjningen efter väder, trafik och sensordata från våra fordon.',
      }),
    ),
  ];
  const startups = [
    await post('/startups', buildStartup()),
    await post(
      '/startups',
      buildStartup({ name: 'Snowgrid AB', contact: { name: 'Eva Ek', email: 'eva@snowgrid.example' } }),
    ),
  ];
  const event = await post('/events', buildEvent());
  await post(`/events/${event.id}/enrolments`, {
    needIds: needs.map((need) => need.id),
    startupIds: startups.map((startup) => startup.id),
  });
  return event.id;
}

describe('on http://matchmaker.test: a facilitator invites a development head, who signs in from the e-mail', () => {
  let app: PeopleApp;
  let browser: Browser;
  let facilitator: Person;
  let eventId: string;
  const journey = new Journey('invite-and-sign-in');

  beforeAll(async () => {
    app = await startPeopleApp({ publicHost: 'matchmaker.test' });
    const vasteras = await getRepositories(app.db).organisations.create({
      name: 'Västerås stad',
      kind: 'municipality',
    });
    await getRepositories(app.db).organisations.create({ name: 'Region Uppsala', kind: 'region' });
    eventId = await seedEvent(app, vasteras.id);
    facilitator = await app.createPerson({
      role: 'facilitator',
      name: 'Frida Lind',
      email: uniqueEmail('frida'),
      language: 'sv',
    });
    browser = await launchChromium(['--host-resolver-rules=MAP matchmaker.test 127.0.0.1']);
  });

  afterAll(async () => {
    journey.save();
    await browser?.close();
    await app?.destroy();
  });

  it('invitation, sign-in from the link, Swedish pages, sign-out, and a reused link refused', async () => {
    expect(app.publicUrl).toMatch(/^http:\/\/matchmaker\.test:\d+$/);
    const frida = await (await browser.newContext()).newPage();
    await signInThroughEmail(frida, journey, app.publicUrl, facilitator.email, 'facilitator');
    expect(await frida.getAttribute('html', 'lang')).toBe('sv');
    await frida.getByRole('heading', { level: 1, name: 'Evenemang' }).waitFor();
    await journey.step(frida, 'facilitator-home');

    await frida.getByRole('link', { name: 'Matchmaking Mälardalen 2026' }).click();
    await frida.getByRole('heading', { level: 2, name: 'Behov och deras rankade matchningar' }).waitFor();
    await frida.locator('details.need').first().waitFor();
    // Each need's matches load when it is opened, not all at once.
    expect(await frida.locator('details.need').count()).toBe(2);
    expect(await frida.locator('details.need[open]').count()).toBe(0);
    expect(new URL(frida.url()).pathname).toBe(`/app/events/${eventId}`);
    await frida.getByText('Digital tillsyn av livsmedelsverksamheter').click();
    await frida.locator('details.need[open] p, details.need[open] table').first().waitFor();
    await journey.step(frida, 'event-tool');
    await frida.getByRole('link', { name: 'Alla evenemang' }).click();

    await frida.getByRole('link', { name: 'Bjud in en person' }).click();
    await frida.getByRole('heading', { level: 1, name: 'Bjud in en person' }).waitFor();
    await journey.step(frida, 'invite-form');
    await frida.getByRole('button', { name: 'Skicka inbjudan' }).click();
    await frida.getByRole('heading', { name: 'Det finns ett problem' }).waitFor();
    await journey.step(frida, 'invite-errors');

    const karinEmail = uniqueEmail('karin');
    await frida.getByLabel('Namn', { exact: true }).fill('Karin Berg');
    await frida.getByLabel('E-postadress').fill(karinEmail);
    await frida.getByLabel('Utvecklingschef').check();
    await frida.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Västerås stad' });
    await frida.getByRole('button', { name: 'Skicka inbjudan' }).click();
    await frida.getByText(`Inbjudan skickad till Karin Berg (${karinEmail})`).waitFor();
    await journey.step(frida, 'invited');

    const [invitation] = await waitForEmails(karinEmail);
    expect(invitation!.subject).toBe('Frida Lind har bjudit in dig till Matchmaker');
    const link = signInLinkIn(invitation!);
    expect(link.startsWith(`${app.publicUrl}/sign-in/link?token=`)).toBe(true);

    const karin = await (await browser.newContext()).newPage();
    await openLinkAndSignIn(karin, journey, link, 'development-head');
    expect(await karin.getAttribute('html', 'lang')).toBe('sv');
    await karin.getByRole('heading', { level: 1, name: 'Mina behov' }).waitFor();
    await karin.getByText('Behov som Västerås stad har lämnat in.').waitFor();
    await journey.step(karin, 'development-head-home');

    await karin.getByRole('button', { name: 'Logga ut' }).click();
    await karin.getByText('Du är utloggad.').waitFor();
    await journey.step(karin, 'signed-out');
    await karin.goto(`${app.publicUrl}/app/`);
    expect(new URL(karin.url()).pathname).toBe('/sign-in');

    await karin.goto(link);
    await karin.getByRole('heading', { level: 1, name: 'Länken är redan använd' }).waitFor();
    await journey.step(karin, 'reused-link');
    expect(new URL(karin.url()).pathname).toBe('/sign-in/link');
  });
});

describe('on http://127.0.0.1: English at a click, keyboard only, and links that cannot sign in', () => {
  let app: PeopleApp;
  let browser: Browser;
  let facilitator: Person;
  const journey = new Journey('language-keyboard-links');

  beforeAll(async () => {
    app = await startPeopleApp();
    facilitator = await app.createPerson({
      role: 'facilitator',
      name: 'Frida Lind',
      email: uniqueEmail('frida'),
      language: 'sv',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    journey.save();
    await browser?.close();
    await app?.destroy();
  });

  it('a person signs in with the keyboard alone; the focus is visible and the skip link comes first', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${app.publicUrl}/sign-in`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hoppa till innehållet');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
    await journey.step(page, 'skip-link-focused');
    await page.keyboard.press('Enter');
    // Tab from main to the e-mail field, type, and send with Enter.
    for (let i = 0; i < 5 && (await page.evaluate(() => document.activeElement?.id)) !== 'email'; i++)
      await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
    await page.keyboard.type(facilitator.email);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Kolla din e-post' }).waitFor();
    const [message] = await waitForEmails(facilitator.email);
    await page.goto(signInLinkIn(message!));
    await page.keyboard.press('Tab'); // skip link
    for (
      let i = 0;
      i < 6 && (await page.evaluate(() => document.activeElement?.textContent?.trim())) !== 'Logga in';
      i++
    )
      await page.keyboard.press('Tab');
    await journey.step(page, 'sign-in-button-focused');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/app\/$/);
    await page.getByRole('heading', { level: 1, name: 'Evenemang' }).waitFor();
  });

  it('"In English" shows the same page in English and back', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${app.publicUrl}/sign-in`);
    await page.getByRole('link', { name: 'In English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await journey.step(page, 'sign-in-english');
    await page.getByRole('link', { name: 'På svenska' }).click();
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  });

  it('an expired link and an unknown link each get a page saying so, with the way to a new link', async () => {
    const page = await (await browser.newContext()).newPage();
    const expired = await issueSignInLink(
      getRepositories(app.db),
      facilitator,
      new Date(Date.now() - 25 * 3600 * 1000),
    );
    await page.goto(`${app.publicUrl}/sign-in/link?token=${expired.secret}`);
    await page.getByRole('heading', { level: 1, name: 'Länken har gått ut' }).waitFor();
    await journey.step(page, 'expired-link');
    await page.goto(`${app.publicUrl}/sign-in/link?token=mmt_not-a-real-token`);
    await page.getByRole('heading', { level: 1, name: 'Länken fungerar inte' }).waitFor();
    await journey.step(page, 'unknown-link');
    await page.getByRole('link', { name: 'Skicka en ny inloggningslänk' }).click();
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  });

  it('the accessibility statement is linked from every page', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${app.publicUrl}/sign-in`);
    await page.getByRole('link', { name: 'Tillgänglighetsredogörelse' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tillgänglighetsredogörelse' }).waitFor();
    await journey.step(page, 'accessibility-statement');
  });
});
