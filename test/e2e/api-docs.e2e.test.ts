/**
 * The API reference at /docs in Debian's Chromium (playwright-core) against the real app: the page
 * a person who integrates reads, checked with axe-core at desktop width and at 375 px (no sideways
 * scroll), in Swedish and, at a click, in English; screenshots under out/e2e/api-docs/.
 */
import type { Browser } from 'playwright-core';
import { startPeopleApp, type PeopleApp } from '../support/people-app';
import { Journey, launchChromium } from './support/browser';

jest.setTimeout(180_000);

describe('the API reference at /docs', () => {
  let app: PeopleApp;
  let browser: Browser;
  const journey = new Journey('api-docs');

  beforeAll(async () => {
    app = await startPeopleApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    journey.save();
    await browser?.close();
    await app?.destroy();
  });

  it('lists the operations, links each response to its schema, and switches to English', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${app.baseUrl}/docs`);
    await page.getByRole('heading', { level: 1, name: /API-referens/ }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'GET /needs/{id}', exact: true }).waitFor();
    await journey.step(page, 'docs-swedish');

    await page.locator('#getNeedsId').getByRole('link', { name: 'Need', exact: true }).first().click();
    await page.waitForURL(/#schema-Need$/);
    await page.locator('#schema-Need').getByRole('rowheader', { name: 'owner' }).waitFor();

    await page.getByRole('link', { name: 'In English' }).click();
    await page.getByRole('heading', { level: 1, name: /API reference/ }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await journey.step(page, 'docs-english');
  });
});
