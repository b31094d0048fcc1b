/**
 * Signing in by e-mail link, over HTTP against the real app, Redis sessions, the real mail worker
 * process and the development mail server (MailDev), whose HTTP API the test reads the links from.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eventCreateSchema, getRepositories, type Person } from '../../models';
import { issueApiKey } from '../../services/api-keys';
import { issueSignInLink } from '../../services/people';
import { hashTokenSecret } from '../../services/tokens';
import { CookieClient, csrfTokenIn, type PageResponse } from '../support/browser-less-session';
import { signInLinkIn, waitForEmails, emailsTo } from '../support/mail-inbox';
import { buildEvent, buildNeed } from '../support';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../support/people-app';

let app: PeopleApp;
let facilitator: Person;
let organisationId: string;
let otherOrganisationId: string;

beforeAll(async () => {
  app = await startPeopleApp();
  const organisations = getRepositories(app.db).organisations;
  organisationId = (await organisations.create({ name: 'Västerås stad', kind: 'municipality' })).id;
  otherOrganisationId = (await organisations.create({ name: 'Region Uppsala', kind: 'region' })).id;
  facilitator = await app.createPerson({
    role: 'facilitator',
    name: 'Frida Lind',
    email: uniqueEmail('frida'),
    language: 'sv',
  });
});

afterAll(async () => {
  await app.destroy();
});

/** Asks for a sign-in link for `email` and returns the newest link the mail server got for it. */
async function requestLink(client: CookieClient, email: string): Promise<string> {
  const before = (await emailsTo(email)).length;
  const form = await client.get('/sign-in');
  const sent = await client.postForm('/sign-in', form, { email });
  expect(sent.status).toBe(303);
  expect(sent.location).toBe('/sign-in/sent');
  const emails = await waitForEmails(email, before + 1);
  return signInLinkIn(emails[emails.length - 1]!);
}

/** Opens a link and presses "Logga in"; returns the answer to the press. */
async function useLink(client: CookieClient, link: string): Promise<PageResponse> {
  const page = await client.get(link.replace(app.publicUrl, ''));
  if (page.status === 303) return useLink(client, page.location!);
  if (page.status !== 200) return page;
  const token = /name="token" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  return client.postForm('/sign-in/link', page, { token });
}

async function signedIn(email: string): Promise<CookieClient> {
  const client = new CookieClient(app.baseUrl);
  const answer = await useLink(client, await requestLink(client, email));
  expect(answer.status).toBe(303);
  expect(answer.location).toBe('/app/');
  return client;
}

function headingOf(page: PageResponse): string {
  return /<h1>([^<]*)<\/h1>/.exec(page.text)?.[1] ?? '';
}

describe('signing in with a link sent by e-mail', () => {
  it('a facilitator invites a development head; she signs in from the e-mailed link and lands on "Mina behov" in Swedish', async () => {
    const frida = await signedIn(facilitator.email);
    const home = await frida.get('/app/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<html lang="sv">');
    expect(headingOf(home)).toBe('Evenemang');
    // The start page leads to every job a facilitator has: inviting people and reviewing registrations.
    expect(home.text).toContain('href="/app/people/invite"');
    expect(home.text).toContain('href="/app/registrations"');

    const karinEmail = uniqueEmail('karin');
    const form = await frida.get('/app/people/invite');
    expect(form.text).toMatch(
      new RegExp(`<option value="${organisationId}"\\s*>\\s*Västerås stad\\s*</option>`),
    );
    const invited = await frida.postForm('/app/people/invite', form, {
      name: 'Karin Berg',
      email: karinEmail,
      role: 'development_head',
      organisationId,
      language: 'sv',
    });
    expect(invited.status).toBe(303);
    const confirmed = await frida.get('/app/');
    expect(confirmed.text).toContain(`Inbjudan skickad till Karin Berg (${karinEmail})`);

    const [invitation] = await waitForEmails(karinEmail);
    expect(invitation!.subject).toBe('Frida Lind har bjudit in dig till Matchmaker');
    expect(invitation!.text).toContain('som utvecklingschef');
    expect(invitation!.html).toContain('<html lang="sv">');
    expect(invitation!.html).toContain(signInLinkIn(invitation!).replace(/&/g, '&amp;'));

    const karin = new CookieClient(app.baseUrl);
    expect((await useLink(karin, signInLinkIn(invitation!))).location).toBe('/app/');
    const mine = await karin.get('/app/');
    expect(headingOf(mine)).toBe('Mina behov');
    expect(mine.text).toContain('Behov som Västerås stad har lämnat in.');
    expect(mine.text).toContain('Inloggad som Karin Berg (Utvecklingschef)');

    // She is the organisation's host record, the one the API knows.
    const stored = await getRepositories(app.db).people.findByEmail(karinEmail);
    const host = await getRepositories(app.db).hosts.findByEmail(karinEmail);
    expect(stored).toMatchObject({ role: 'development_head', organisationId, hostId: host!.id });
  });

  it('the e-mail comes in the recipient’s language, as plain text and HTML', async () => {
    const frida = await signedIn(facilitator.email);
    const email = uniqueEmail('erik');
    const form = await frida.get('/app/people/invite');
    await frida.postForm('/app/people/invite', form, {
      name: 'Erik Svensson',
      email,
      role: 'facilitator',
      language: 'en',
    });
    const [message] = await waitForEmails(email);
    expect(message!.subject).toBe('Frida Lind has invited you to Matchmaker');
    expect(message!.text).toMatch(/^Hello Erik Svensson,/);
    expect(message!.text).toMatch(
      /The link is valid until \w+day, \d+ \w+ \d{4} at \d\d:\d\d and can be used once\./,
    );
    expect(message!.html).toContain('<html lang="en">');
    // Erik's pages are in English until he picks Swedish.
    const erik = new CookieClient(app.baseUrl);
    await useLink(erik, signInLinkIn(message!));
    const home = await erik.get('/app/');
    expect(home.text).toContain('<html lang="en">');
    expect(headingOf(home)).toBe('Events');
  });

  it('a link works once: used again it gets the "already used" page (410) and no session', async () => {
    const client = new CookieClient(app.baseUrl);
    const link = await requestLink(client, facilitator.email);
    expect((await useLink(client, link)).location).toBe('/app/');

    const other = new CookieClient(app.baseUrl);
    const again = await other.get(link.replace(app.publicUrl, ''));
    const page = again.status === 303 ? await other.get(again.location!) : again;
    expect(page.status).toBe(410);
    expect(headingOf(page)).toBe('Länken är redan använd');
    const pressed = await other.postForm('/sign-in/link', page, {
      token: new URL(link).searchParams.get('token')!,
    });
    expect(pressed.status).toBe(410);
    expect((await other.get('/app/')).location).toBe('/sign-in');
  });

  it('an expired link gets the "expired" page and stays unredeemed; an unknown one gets "does not work" (404)', async () => {
    const dayAndAHourAgo = new Date(Date.now() - 25 * 3600 * 1000);
    const link = await issueSignInLink(getRepositories(app.db), facilitator, dayAndAHourAgo);
    const client = new CookieClient(app.baseUrl);
    const opened = await client.get(`/sign-in/link?token=${link.secret}`);
    expect(opened.status).toBe(410);
    expect(headingOf(opened)).toBe('Länken har gått ut');
    const pressed = await client.postForm('/sign-in/link', opened, { token: link.secret });
    expect(pressed.status).toBe(410);
    const stored = await getRepositories(app.db).tokens.findByHash(hashTokenSecret(link.secret));
    expect(stored?.redeemedAt).toBeUndefined();

    const unknown = await client.get('/sign-in/link?token=mmt_nothing');
    expect(unknown.status).toBe(404);
    expect(headingOf(unknown)).toBe('Länken fungerar inte');
  });

  it('an address nobody has gets the same "check your e-mail" page, and no e-mail is sent', async () => {
    const client = new CookieClient(app.baseUrl);
    const email = uniqueEmail('nobody');
    const form = await client.get('/sign-in');
    const sent = await client.postForm('/sign-in', form, { email });
    expect(sent.location).toBe('/sign-in/sent');
    expect((await client.get('/sign-in/sent')).text).toContain(`Om ${email} finns hos oss`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await emailsTo(email)).toHaveLength(0);
  });

  it('a wrong e-mail address gets the error summary linked to the field, with what was typed kept', async () => {
    const client = new CookieClient(app.baseUrl);
    const form = await client.get('/sign-in');
    const page = await client.postForm('/sign-in', form, { email: 'karin.berg@' });
    expect(page.status).toBe(400);
    expect(page.text).toContain('<a href="#email">Skriv en e-postadress i rätt format');
    expect(page.text).toContain('value="karin.berg@"');
    expect(page.text).toContain('aria-describedby="email-hint email-error"');
  });

  it('the invitation form names each missing field and keeps what was typed', async () => {
    const frida = await signedIn(facilitator.email);
    const form = await frida.get('/app/people/invite');
    const page = await frida.postForm('/app/people/invite', form, {
      name: 'Karin',
      email: 'not-an-address',
      role: 'development_head',
    });
    expect(page.status).toBe(400);
    expect(page.text).toContain('<a href="#email">');
    expect(page.text).toContain('<a href="#organisationId">Välj organisationen');
    expect(page.text).toContain('value="Karin"');

    const empty = await frida.postForm('/app/people/invite', form, { name: '', email: '', language: 'sv' });
    expect(empty.status).toBe(400);
    const named = [...empty.text.matchAll(/<li><a href="#(\w+)">/g)].map((match) => match[1]);
    expect(named).toEqual(['name', 'email', 'role']);

    const taken = await frida.postForm('/app/people/invite', form, {
      name: 'Frida igen',
      email: facilitator.email,
      role: 'facilitator',
      language: 'sv',
    });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('Det finns redan en person med den e-postadressen');
  });

  it('only a facilitator may invite: a development head gets the "no access" page', async () => {
    const email = uniqueEmail('dh');
    await app.createPerson({
      role: 'development_head',
      name: 'Dana Holm',
      email,
      language: 'sv',
      organisationId,
      hostId: organisationId,
    });
    const dana = await signedIn(email);
    const page = await dana.get('/app/people/invite');
    expect(page.status).toBe(403);
    expect(headingOf(page)).toBe('Du har inte behörighet till sidan');
  });
});

describe('sessions', () => {
  it('sign-out ends the session in Redis: the old cookie opens nothing any more', async () => {
    const client = await signedIn(facilitator.email);
    const stolen = new CookieClient(app.baseUrl);
    stolen.copyCookiesFrom(client);
    const home = await client.get('/app/');
    const out = await client.postForm('/sign-out', home, {});
    expect(out.location).toBe('/sign-in?signed-out=1');
    expect((await client.get('/sign-in?signed-out=1')).text).toContain('Du är utloggad.');
    expect((await stolen.get('/app/')).location).toBe('/sign-in');
    expect((await stolen.request('GET', '/organisations')).status).toBe(401);
  });

  it('the cookie is httpOnly and SameSite=Lax, and not Secure on a plain-http origin', async () => {
    const client = new CookieClient(app.baseUrl);
    const response = await fetch(`${app.baseUrl}/sign-in`);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('mm_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(client).toBeDefined();
  });

  it('a form posted without its CSRF token is refused (403) and signs nobody out', async () => {
    const client = await signedIn(facilitator.email);
    const refused = await client.request('POST', '/sign-out', { form: {} });
    expect(refused.status).toBe(403);
    expect(headingOf(refused)).toBe('Sidan har gått ut');
    expect((await client.get('/app/')).status).toBe(200);
  });

  it('the API accepts the session for reads, and for writes only with X-CSRF-Token', async () => {
    const client = await signedIn(facilitator.email);
    expect((await client.request('GET', '/organisations')).status).toBe(200);
    const body = { name: 'Gävle kommun', kind: 'municipality' };
    const refused = await client.request('POST', '/organisations', { json: body });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'csrf_failed' });
    expect(
      (await getRepositories(app.db).organisations.list({ name: 'Gävle kommun' }, { limit: 5, page: 1 }))
        .total,
    ).toBe(0);
    const page = await client.get('/app/');
    const created = await client.request('POST', '/organisations', {
      json: body,
      headers: { 'x-csrf-token': csrfTokenIn(page) },
    });
    expect(created.status).toBe(201);
  });

  it('role and binding come from the person’s record: a development head cannot write for another organisation', async () => {
    const email = uniqueEmail('dh2');
    await app.createPerson({
      role: 'development_head',
      name: 'Dag Ek',
      email,
      language: 'sv',
      organisationId,
      hostId: organisationId,
    });
    const dag = await signedIn(email);
    const token = csrfTokenIn(await dag.get('/app/'));
    const organisation = await dag.request('POST', '/organisations', {
      json: { name: 'Egen kommun', kind: 'municipality', role: 'facilitator' },
      headers: { 'x-csrf-token': token, 'x-role': 'facilitator' },
    });
    expect(organisation.status).toBe(403);
    const need = await dag.request('POST', '/needs', {
      json: buildNeed({ organisationId: otherOrganisationId }),
      headers: { 'x-csrf-token': token },
    });
    expect(need.status).toBe(403);
  });

  it('API keys keep working for integrations beside sessions', async () => {
    const { key } = await issueApiKey(getRepositories(app.db), { role: 'facilitator', name: 'Integration' });
    const response = await fetch(`${app.baseUrl}/organisations`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(200);
    const written = await fetch(`${app.baseUrl}/organisations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Umeå kommun', kind: 'municipality' }),
    });
    expect(written.status).toBe(201);
  });

  it('?lang=en switches to English and stays on the same page; the choice is remembered', async () => {
    const client = new CookieClient(app.baseUrl);
    const switched = await client.get('/sign-in?lang=en');
    expect(switched.status).toBe(303);
    expect(switched.location).toBe('/sign-in');
    const page = await client.get('/sign-in');
    expect(page.text).toContain('<html lang="en">');
    expect(headingOf(page)).toBe('Sign in');
    expect(page.text).toContain('href="/sign-in?lang=sv"');
  });

  it('the facilitator’s schedule page is signed in and Swedish; a development head may not open it', async () => {
    const event = await getRepositories(app.db).events.create(eventCreateSchema.parse(buildEvent()));
    const frida = await signedIn(facilitator.email);
    const page = await frida.get(`/app/events/${event.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="sv">');
    expect(page.text).toContain('data-lazy-matches="true"');
    expect(page.text).toContain('"script.noDraft":"Inget utkast ännu."');
    expect(page.text).not.toContain('key-input');
    // Every element app.js looks up (outside the API-key form) is on the page: a missing one stops the script.
    const script = readFileSync(path.join(__dirname, '..', '..', 'web', 'app', 'app.js'), 'utf8');
    const ids = new Set([...script.matchAll(/(?:\$|field)\('([\w-]+)'\)/g)].map((match) => match[1]!));
    const missing = [...ids].filter((id) => !id.startsWith('key-') && !page.text.includes(`id="${id}"`));
    expect(missing).toEqual([]);
    expect((await frida.get('/app/events/000000000000000000000000')).status).toBe(404);

    const email = uniqueEmail('dh3');
    await app.createPerson({
      role: 'development_head',
      name: 'Disa Falk',
      email,
      language: 'sv',
      organisationId,
      hostId: organisationId,
    });
    expect((await (await signedIn(email)).get(`/app/events/${event.id}`)).status).toBe(403);
    expect((await new CookieClient(app.baseUrl).get(`/app/events/${event.id}`)).location).toBe('/sign-in');
  });
});
