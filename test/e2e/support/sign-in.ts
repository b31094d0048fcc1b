import type { Page } from 'playwright-core';
import { signInLinkIn, waitForEmails, emailsTo } from '../../support/mail-inbox';
import type { Journey } from './browser';

/**
 * Signs `email` in the way a person does: asks for a link at `origin`/sign-in, reads the e-mail
 * from the mail server's API, opens the link and presses "Logga in". Each page is a journey step.
 * Returns the link (to try it again later).
 */
export async function signInThroughEmail(
  page: Page,
  journey: Journey,
  origin: string,
  email: string,
  label: string,
): Promise<string> {
  const before = (await emailsTo(email)).length;
  await page.goto(`${origin}/sign-in`);
  await journey.step(page, `${label}-sign-in`);
  await page.getByLabel('E-postadress').fill(email);
  await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
  await page.getByRole('heading', { name: 'Kolla din e-post' }).waitFor();
  await journey.step(page, `${label}-check-email`);
  const emails = await waitForEmails(email, before + 1);
  const link = signInLinkIn(emails[emails.length - 1]!);
  await openLinkAndSignIn(page, journey, link, label);
  return link;
}

/** Opens a sign-in link and presses "Logga in"; waits for the person's start page. */
export async function openLinkAndSignIn(
  page: Page,
  journey: Journey,
  link: string,
  label: string,
): Promise<void> {
  await page.goto(link);
  await page.getByRole('heading', { name: 'Logga in i Matchmaker' }).waitFor();
  await journey.step(page, `${label}-link`);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/\/app\/$/);
}
