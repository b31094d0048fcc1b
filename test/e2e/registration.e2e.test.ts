/**
 * A startup registers itself, in Debian's Chromium (playwright-core) against the real app, Redis,
 * FerretDB, the real worker process (matches and mail queues) and the development mail server,
 * whose HTTP API gives the links. Every page of the flow is checked with axe-core at desktop width
 * and at 375 px (no sideways scroll) and screenshotted under out/e2e/registration/.
 */
import type { Browser } from 'playwright-core';
import { getRepositories, type Person } from '../../models';
import { createMatchRepository } from '../../models/match.repository';
import { issueApiKey } from '../../services/api-keys';
import { buildEvent, buildNeed } from '../support';
import { waitForEmails, type ReceivedEmail } from '../support/mail-inbox';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../support/people-app';
import { Journey, launchChromium } from './support/browser';
import { signInThroughEmail } from './support/sign-in';
import { until, fetchWithKey } from '../support/until';

jest.setTimeout(240_000);

const slug = 'ignite-vasteras';

function confirmationLinkIn(email: ReceivedEmail): string {
  const link = /^(https?:\/\/\S+\/e\/anmalan\/bekrafta\?\S+)$/m.exec(email.text)?.[1];
  if (!link) throw new Error(`no confirmation link in "${email.subject}"`);
  return link;
}

describe('a startup registers on the event’s sign-up page, is approved, and ranks against the event’s needs', () => {
  let app: PeopleApp;
  let browser: Browser;
  let facilitator: Person;
  let key: string;
  let needId: string;
  const journey = new Journey('registration');

  function api(method: string, path: string, body?: unknown): Promise<Response> {
    return fetchWithKey(app.baseUrl, key, method, path, body);
  }

  beforeAll(async () => {
    app = await startPeopleApp({ matches: true });
    facilitator = await app.createPerson({
      role: 'facilitator',
      name: 'Frida Lind',
      email: uniqueEmail('frida'),
      language: 'sv',
    });
    key = (await issueApiKey(getRepositories(app.db), { role: 'facilitator', name: 'Test' })).key;
    const organisation = (await (
      await api('POST', '/organisations', { name: 'Västerås stad', kind: 'municipality' })
    ).json()) as { id: string };
    const need = (await (
      await api('POST', '/needs', buildNeed({ organisationId: organisation.id }))
    ).json()) as { id: string };
    needId = need.id;
    const event = await api('POST', '/events', buildEvent({ needIds: [needId], signUpSlug: slug }));
    expect(event.status).toBe(201);
    browser = await launchChromium();
  });

  afterAll(async () => {
    journey.save();
    await browser?.close();
    await app?.destroy();
  });

  it('register → confirm from the e-mail → English profile → approved → ranked; a second registration creates nothing', async () => {
    const sara = await (await browser.newContext()).newPage();
    await sara.goto(`${app.publicUrl}/e/${slug}/anmalan`);
    expect(await sara.getAttribute('html', 'lang')).toBe('sv');
    await sara.getByRole('heading', { level: 1, name: 'Anmäl er startup' }).waitFor();
    await journey.step(sara, 'sign-up');

    await sara.getByLabel('Företagets namn').fill('Inspekta Nordic AB');
    await sara.getByLabel('Organisationsnummer eller registreringsnummer').fill('556036-0794');
    await sara.getByRole('button', { name: 'Skicka anmälan' }).click();
    await sara.getByRole('heading', { name: 'Det finns ett problem' }).waitFor();
    await sara.getByRole('link', { name: /Organisationsnumret stämmer inte/ }).waitFor();
    await sara.getByRole('link', { name: /godkänna integritetsmeddelandet/ }).waitFor();
    expect(await sara.getByLabel('Företagets namn').inputValue()).toBe('Inspekta Nordic AB');
    await journey.step(sara, 'sign-up-errors');

    await sara.getByRole('link', { name: /Läs integritetsmeddelandet/ }).click();
    await sara.getByRole('heading', { level: 1, name: 'Integritetsmeddelande' }).waitFor();
    await journey.step(sara, 'privacy');
    await sara.goBack();

    const email = uniqueEmail('sara');
    await sara.getByLabel('Organisationsnummer eller registreringsnummer').fill('556036-0793');
    await sara.getByLabel('Webbplats').fill('inspekta.example');
    await sara.getByLabel('Namn', { exact: true }).fill('Sara Ek');
    await sara.getByLabel('E-postadress').fill(email);
    await sara.getByLabel(/Jag har läst integritetsmeddelandet/).check();
    await sara.getByRole('button', { name: 'Skicka anmälan' }).click();
    await sara.getByRole('heading', { level: 1, name: 'Kolla er e-post' }).waitFor();
    await journey.step(sara, 'check-email');
    expect(await getRepositories(app.db).people.findByEmail(email)).toBeNull();

    const [confirmation] = await waitForEmails(email);
    await sara.goto(confirmationLinkIn(confirmation!));
    await sara.getByRole('heading', { level: 1, name: 'Bekräfta anmälan' }).waitFor();
    await journey.step(sara, 'confirm');
    await sara.getByRole('button', { name: 'Bekräfta och skapa konto' }).click();
    await sara.waitForURL(/\/app\/profile$/);
    await journey.step(sara, 'profile-empty');

    await sara.getByRole('link', { name: 'In English' }).click();
    await sara.getByRole('heading', { level: 1, name: /Your profile/ }).waitFor();
    await sara.getByLabel('English').first().check();
    await sara
      .getByLabel('What do you do, in one sentence?')
      .fill('Digital inspections of restaurants and shops');
    await sara
      .getByLabel('Describe what you do')
      .fill(
        'A mobile solution for inspectors in the field: digital supervision and inspection of food businesses such as restaurants and shops, with reports made on site.',
      );
    await sara
      .getByLabel('For whom?')
      .fill('Environmental departments of municipalities that inspect food businesses');
    await sara
      .getByRole('group', { name: /Which languages/ })
      .getByLabel('English')
      .check();
    await sara.getByLabel('How far have you come?').selectOption('seed');
    await sara.getByLabel('How many are you in the team?').fill('6');
    await sara.getByRole('button', { name: 'Save the profile' }).click();
    await sara.getByText('The profile is saved.').waitFor();
    await journey.step(sara, 'profile-saved');

    const person = (await getRepositories(app.db).people.findByEmail(email)) as Extract<
      Person,
      { role: 'startup' }
    >;
    const startupId = person.startupId;
    // The matches worker ranks the pending profile (its saved version) against the event's need.
    const fit = await until('the pending profile to be ranked', async () => {
      const { items } = await createMatchRepository(app.db).startupView(startupId);
      return items.find((match) => match.needId === needId && match.startupVersion >= 2);
    });
    expect(fit).toMatchObject({ needId, startupId, rank: 1 });

    const frida = await (await browser.newContext()).newPage();
    await signInThroughEmail(frida, journey, app.publicUrl, facilitator.email, 'facilitator');
    await frida.goto(`${app.publicUrl}/app/registrations`);
    await frida.getByRole('heading', { level: 2, name: 'Inspekta Nordic AB' }).waitFor();
    await frida.getByText('Digital tillsyn av livsmedelsverksamheter').waitFor();
    await journey.step(frida, 'review-list');
    await frida.getByRole('button', { name: 'Godkänn Inspekta Nordic AB' }).click();
    await frida.getByText('Inspekta Nordic AB är godkänd').waitFor();
    await journey.step(frida, 'approved');

    const approvedMail = (await waitForEmails(email, 2)).at(-1)!;
    expect(approvedMail.subject).toBe('Inspekta Nordic AB är godkänd i Matchmaker');
    const ranked = (await (await api('GET', `/needs/${needId}/matches`)).json()) as {
      items: { startupId: string }[];
    };
    expect(ranked.items.map((match) => match.startupId)).toContain(startupId);

    // The same organisationsnummer again, from someone else: "check your e-mail", nothing new.
    const startupsBefore = (await getRepositories(app.db).startups.list({}, { limit: 100, page: 1 })).total;
    const peopleBefore = (await getRepositories(app.db).people.list()).length;
    const other = await (await browser.newContext()).newPage();
    await other.goto(`${app.publicUrl}/e/${slug}/anmalan`);
    await other.getByLabel('Företagets namn').fill('Inspekta Kopia AB');
    await other.getByLabel('Organisationsnummer eller registreringsnummer').fill('5560360793');
    await other.getByLabel('Webbplats').fill('kopia.example');
    await other.getByLabel('Namn', { exact: true }).fill('Olle Kopia');
    const otherEmail = uniqueEmail('olle');
    await other.getByLabel('E-postadress').fill(otherEmail);
    await other.getByLabel(/Jag har läst integritetsmeddelandet/).check();
    await other.getByRole('button', { name: 'Skicka anmälan' }).click();
    await other.getByRole('heading', { level: 1, name: 'Kolla er e-post' }).waitFor();
    await journey.step(other, 'second-registration');
    const signInMail = (await waitForEmails(email, 3)).at(-1)!;
    expect(signInMail.subject).toBe('Din inloggningslänk till Matchmaker');
    expect((await getRepositories(app.db).startups.list({}, { limit: 100, page: 1 })).total).toBe(
      startupsBefore,
    );
    expect((await getRepositories(app.db).people.list()).length).toBe(peopleBefore);
    expect(journey.tally.violations).toBe(0);
  });
});
