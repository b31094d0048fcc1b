/**
 * "Mina uppgifter" in Debian's Chromium against the real app, Redis and FerretDB: a startup person
 * finds the page from the header, reads it in Swedish and English, downloads their data, is asked
 * to confirm the erasure (refused without the box ticked), erases it and is signed out. Every page
 * is checked with axe-core at desktop width and at 375 px and screenshotted under out/e2e/my-data/.
 */
import type { Browser } from 'playwright-core';
import { getRepositories } from '../../models';
import { issueSignInLink } from '../../services/people';
import { startAgendaWorld, type AgendaWorld } from '../api/agenda-world';
import { Journey, launchChromium } from './support/browser';
import { openLinkAndSignIn } from './support/sign-in';

jest.setTimeout(240_000);

describe('a person downloads and erases their own data', () => {
  let world: AgendaWorld;
  let browser: Browser;
  const journey = new Journey('my-data');

  beforeAll(async () => {
    world = await startAgendaWorld();
    browser = await launchChromium();
  });

  afterAll(async () => {
    journey.save();
    await browser?.close();
    await world?.destroy();
  });

  it('from the header to a confirmed erasure, in Swedish and English', async () => {
    const person = world.startupPerson;
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    page.setDefaultTimeout(90_000);
    const link = await issueSignInLink(getRepositories(world.app.db), person, new Date());
    await openLinkAndSignIn(
      page,
      journey,
      `${world.app.baseUrl}/sign-in/link?token=${encodeURIComponent(link.secret)}`,
      'startup',
    );
    await page.getByRole('link', { name: 'Mina uppgifter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mina uppgifter' }).waitFor();
    await page.getByText(person.email).waitFor();
    await journey.step(page, 'my-data');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Ladda ner mina uppgifter' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('mina-uppgifter.json');

    await page.getByRole('link', { name: 'In English' }).click();
    await page.getByRole('heading', { level: 1, name: 'My data' }).waitFor();
    await journey.step(page, 'my-data-english');
    await page.getByRole('link', { name: 'På svenska' }).click();

    await page.getByRole('link', { name: 'Radera mina uppgifter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vill du radera dina uppgifter?' }).waitFor();
    await journey.step(page, 'confirm');
    await page.getByRole('button', { name: 'Ja, radera mina uppgifter' }).click();
    await page.getByRole('alert').getByText('Kryssa i rutan').waitFor();
    await journey.step(page, 'confirm-refused');
    expect(await getRepositories(world.app.db).people.findById(person.id)).not.toBeNull();

    await page.getByLabel('Jag förstår att raderingen inte går att ångra').check();
    await page.getByRole('button', { name: 'Ja, radera mina uppgifter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dina uppgifter är raderade' }).waitFor();
    await journey.step(page, 'erased');
    expect(await getRepositories(world.app.db).people.findById(person.id)).toBeNull();
    await page.goto(`${world.app.baseUrl}/app/my-data`);
    await page.waitForURL(/\/sign-in$/);
  });
});
