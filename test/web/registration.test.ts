/**
 * Startups register themselves on an event's public sign-up page and a facilitator approves them:
 * over HTTP against the real app, Redis (sessions, rate-limit counters), the real mail worker
 * process and the development mail server (MailDev), whose HTTP API the test reads the links from.
 */
import { getRepositories, type Person } from '../../models';
import { registrationClaimModelOf } from '../../models/registration-claim.model';
import { tokenModelOf } from '../../models/token.model';
import { issueApiKey } from '../../services/api-keys';
import { issueSignInLink } from '../../services/people';
import { issueToken } from '../../services/tokens';
import { CookieClient, type PageResponse } from '../support/browser-less-session';
import { emailsTo, signInLinkIn, waitForEmails, type ReceivedEmail } from '../support/mail-inbox';
import { buildEvent, buildNeed } from '../support';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../support/people-app';

const SIGN_UPS_PER_HOUR = 20;

let app: PeopleApp;
let facilitator: Person;
let facilitatorKey: string;
let developmentHeadKey: string;
let eventId: string;
let needId: string;
const slug = 'ignite-vasteras-2027';

async function api(method: string, path: string, key: string, body?: unknown): Promise<Response> {
  return fetch(`${app.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  app = await startPeopleApp({ signUpsPerHour: SIGN_UPS_PER_HOUR });
  facilitator = await app.createPerson({
    role: 'facilitator',
    name: 'Frida Lind',
    email: uniqueEmail('frida'),
    language: 'sv',
  });
  facilitatorKey = (await issueApiKey(getRepositories(app.db), { role: 'facilitator', name: 'Test' })).key;
  const organisation = await (
    await api('POST', '/organisations', facilitatorKey, { name: 'Västerås stad', kind: 'municipality' })
  ).json();
  developmentHeadKey = (
    await issueApiKey(getRepositories(app.db), {
      role: 'development_head',
      name: 'Karin',
      organisationId: organisation.id,
    })
  ).key;
  const need = await (
    await api('POST', '/needs', facilitatorKey, buildNeed({ organisationId: organisation.id }))
  ).json();
  needId = need.id;
  const event = await (
    await api('POST', '/events', facilitatorKey, buildEvent({ needIds: [needId], signUpSlug: slug }))
  ).json();
  eventId = event.id;
});

afterAll(async () => {
  await app.destroy();
});

beforeEach(async () => {
  // Every test starts with a fresh sign-up allowance for 127.0.0.1.
  const keys = await app.redis.keys(`${app.prefix}:rate-limit:sign-up:*`);
  if (keys.length > 0) await app.redis.del(...keys);
});

/** Everything a sign-up or a confirmation could write, to compare before and after. */
async function storedState(): Promise<Record<string, unknown>> {
  const repositories = getRepositories(app.db);
  const event = await repositories.events.findById(eventId);
  return {
    startups: (await repositories.startups.list({}, { limit: 100, page: 1 })).items.map((s) => [
      s.id,
      s.version,
    ]),
    people: (await repositories.people.list()).map((p) => p.id),
    tokens: (await tokenModelOf(app.db).find({}).lean()).map((t) => [t._id, t.revokedAt ?? null]),
    claims: (await registrationClaimModelOf(app.db).find({}).lean()).map((c) => c._id),
    enrolled: event?.startupIds,
  };
}

function validSignUp(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    companyName: 'Lumen Analys AB',
    country: 'SE',
    registrationNumber: '556036-0793',
    website: 'lumen-analys.example',
    contactName: 'Sara Ek',
    email: uniqueEmail('sara'),
    consent: 'yes',
    ...overrides,
  };
}

async function signUp(client: CookieClient, fields: Record<string, string>): Promise<PageResponse> {
  const form = await client.get(`/e/${slug}/anmalan`);
  expect(form.status).toBe(200);
  return client.postForm(`/e/${slug}/anmalan`, form, fields);
}

function confirmationLinkIn(email: ReceivedEmail): string {
  const link = /^(https?:\/\/\S+\/e\/anmalan\/bekrafta\?\S+)$/m.exec(email.text)?.[1];
  if (!link) throw new Error(`no confirmation link in "${email.subject}"`);
  return link;
}

/** Opens a link (following the language redirect) and presses its one button. */
async function pressLink(client: CookieClient, link: string, action: string): Promise<PageResponse> {
  let page = await client.get(link.replace(app.publicUrl, ''));
  while (page.status === 303 && page.location) page = await client.get(page.location);
  if (page.status !== 200) return page;
  const token = /name="token" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  return client.postForm(action, page, { token });
}

/** The message shown next to `field` ('' when none). */
function fieldError(page: PageResponse, field: string): string {
  return new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`).exec(page.text)?.[1] ?? '';
}

/** Registers `fields` and confirms from the e-mail; returns the signed-in client and the person. */
async function registerAndConfirm(
  fields: Record<string, string>,
): Promise<{ client: CookieClient; person: Person }> {
  const client = new CookieClient(app.baseUrl);
  const sent = await signUp(client, fields);
  expect(sent.status).toBe(303);
  const [mail] = await waitForEmails(fields.email!);
  const confirmed = await pressLink(client, confirmationLinkIn(mail!), '/e/anmalan/bekrafta');
  expect(confirmed.status).toBe(303);
  expect(confirmed.location).toBe('/app/profile');
  const person = await getRepositories(app.db).people.findByEmail(fields.email!);
  return { client, person: person! };
}

async function signedInFacilitator(): Promise<CookieClient> {
  const client = new CookieClient(app.baseUrl);
  const link = await issueSignInLink(getRepositories(app.db), facilitator, new Date());
  const answer = await pressLink(
    client,
    `/sign-in/link?token=${encodeURIComponent(link.secret)}`,
    '/sign-in/link',
  );
  expect(answer.location).toBe('/app/');
  return client;
}

describe('a startup registers through the event’s sign-up page', () => {
  it('nothing is stored until the e-mail is confirmed; then a pending profile and its person are, enrolled in the event', async () => {
    const client = new CookieClient(app.baseUrl);
    const form = await client.get(`/e/${slug}/anmalan`);
    expect(form.text).toContain('<html lang="sv">');
    expect(form.text).toContain('Anmäl er startup');
    const fields = validSignUp({ registrationNumber: '5560360793' });
    const before = await storedState();
    const sent = await client.postForm(`/e/${slug}/anmalan`, form, fields);
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/e/${slug}/anmalan/skickad`);
    const page = await client.get(sent.location!);
    expect(page.text).toContain(`Vi har skickat ett meddelande till ${fields.email}`);

    const [mail] = await waitForEmails(fields.email!);
    expect(mail!.subject).toBe(`Bekräfta anmälan till ${buildEvent().name as string}`);
    const after = await storedState();
    // Only the confirmation token is new: no profile, no person, no claim, no enrolment.
    expect({ ...after, tokens: undefined }).toEqual({ ...before, tokens: undefined });
    expect((after.tokens as unknown[]).length).toBe((before.tokens as unknown[]).length + 1);

    const landing = await client.get(confirmationLinkIn(mail!).replace(app.publicUrl, ''));
    const opened = landing.status === 303 ? await client.get(landing.location!) : landing;
    expect(opened.text).toContain('Bekräfta och skapa konto');
    expect(await storedState()).toEqual(after); // opening the link changes nothing

    const confirmed = await pressLink(client, confirmationLinkIn(mail!), '/e/anmalan/bekrafta');
    expect(confirmed.location).toBe('/app/profile');
    const person = await getRepositories(app.db).people.findByEmail(fields.email!);
    expect(person).toMatchObject({ role: 'startup', name: 'Sara Ek', language: 'sv' });
    const startup = await getRepositories(app.db).startups.findById(
      (person as Extract<Person, { role: 'startup' }>).startupId,
    );
    expect(startup).toMatchObject({
      name: 'Lumen Analys AB',
      status: 'pending',
      website: 'https://lumen-analys.example',
      contact: { name: 'Sara Ek', email: fields.email },
      registration: { eventId, country: 'SE', registrationNumber: '556036-0793' },
    });
    expect((await getRepositories(app.db).events.findById(eventId))!.startupIds).toContain(startup!.id);
    const profile = await client.get('/app/profile');
    expect(profile.status).toBe(200);
    expect(profile.text).toContain('En processledare granskar er profil');

    // The link works once: a second press is refused and changes nothing.
    const stored = await storedState();
    const again = await pressLink(
      new CookieClient(app.baseUrl),
      confirmationLinkIn(mail!),
      '/e/anmalan/bekrafta',
    );
    expect(again.status).toBe(410);
    expect(again.text).toContain('Länken är redan använd');
    expect(await storedState()).toEqual(stored);
  });

  it('registering again with the same number or e-mail says "check your e-mail", mails the account a sign-in link and stores nothing new', async () => {
    const first = validSignUp({ registrationNumber: '212000-0142', companyName: 'Norrsken Data AB' });
    const { person } = await registerAndConfirm(first);
    const stored = await storedState();

    const sameNumber = validSignUp({ registrationNumber: '2120000142', companyName: 'Someone Else AB' });
    const client = new CookieClient(app.baseUrl);
    const answer = await signUp(client, sameNumber);
    expect(answer.status).toBe(303);
    expect((await client.get(answer.location!)).text).toContain(
      `Vi har skickat ett meddelande till ${sameNumber.email}`,
    );
    const [signInMail] = await waitForEmails(person.email, 2);
    expect(signInLinkIn((await emailsTo(person.email)).at(-1)!)).toContain('/sign-in/link?token=');
    expect(await emailsTo(sameNumber.email!)).toHaveLength(0);
    expect(signInMail).toBeDefined();

    const sameEmail = validSignUp({ email: first.email!, registrationNumber: '802002-4280' });
    const again = await signUp(new CookieClient(app.baseUrl), sameEmail);
    expect(again.status).toBe(303);
    await waitForEmails(person.email, 3);
    const now = await storedState();
    // New sign-in links are the only new records.
    expect({ ...now, tokens: undefined }).toEqual({ ...stored, tokens: undefined });
    const purposes = await tokenModelOf(app.db)
      .find({ _id: { $nin: (stored.tokens as [string][]).map(([id]) => id) } })
      .lean();
    expect(purposes.map((token) => token.purpose)).toEqual(['sign_in', 'sign_in']);
  });

  it('two confirmation links for one number: the second creates nothing', async () => {
    const one = validSignUp({ registrationNumber: '559125-9998' });
    const two = validSignUp({ registrationNumber: one.registrationNumber! });
    const clientOne = new CookieClient(app.baseUrl);
    const clientTwo = new CookieClient(app.baseUrl);
    const sentOne = await signUp(clientOne, one);
    const sentTwo = await signUp(clientTwo, two);
    expect([sentOne.status, sentTwo.status]).toEqual([303, 303]);
    const [mailOne] = await waitForEmails(one.email!);
    const [mailTwo] = await waitForEmails(two.email!);
    expect((await pressLink(clientOne, confirmationLinkIn(mailOne!), '/e/anmalan/bekrafta')).location).toBe(
      '/app/profile',
    );
    const stored = await storedState();
    const second = await pressLink(clientTwo, confirmationLinkIn(mailTwo!), '/e/anmalan/bekrafta');
    expect(second.status).toBe(200);
    expect(second.text).toContain('Anmälan har redan tagits emot');
    const now = await storedState();
    expect({ ...now, tokens: undefined }).toEqual({ ...stored, tokens: undefined });
    expect(await getRepositories(app.db).people.findByEmail(two.email!)).toBeNull();
  });
});

describe('bad input on the sign-up page: a message next to the field in the person’s language, and nothing stored changes', () => {
  it.each([
    [{ registrationNumber: '556036-0794' }, 'registrationNumber', 'Organisationsnumret stämmer inte'],
    [{ registrationNumber: '55603-60793' }, 'registrationNumber', 'Skriv organisationsnumret med 10 siffror'],
    [{ consent: '' }, 'consent', 'Ni måste godkänna integritetsmeddelandet'],
    [{ email: 'sara-at-lumen' }, 'email', 'Skriv en e-postadress i rätt format'],
    [{ companyName: '' }, 'companyName', 'Skriv företagets namn'],
  ])('%j', async (override, field, message) => {
    const before = await storedState();
    const fields = validSignUp(override);
    const answer = await signUp(new CookieClient(app.baseUrl), fields);
    expect(answer.status).toBe(400);
    expect(fieldError(answer, field)).toContain(message);
    expect(answer.text).toContain(`<li><a href="#${field}">${message}`);
    // What was typed is kept.
    expect(answer.text).toContain(`value="${fields.contactName}"`);
    expect(await storedState()).toEqual(before);
  });

  it('in English after "In English"', async () => {
    const client = new CookieClient(app.baseUrl);
    await client.get(`/e/${slug}/anmalan?lang=en`);
    const before = await storedState();
    const answer = await signUp(client, validSignUp({ registrationNumber: '556036-0794' }));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('<html lang="en">');
    expect(fieldError(answer, 'registrationNumber')).toContain('The organisation number is not valid');
    expect(await storedState()).toEqual(before);
  });

  it('the privacy notice says the contact person erases the details under "Mina uppgifter" / "My data"', async () => {
    const client = new CookieClient(app.baseUrl);
    const swedish = await client.get(`/e/${slug}/integritet`);
    expect(swedish.status).toBe(200);
    expect(swedish.text).toContain('<a href="/app/my-data">Mina uppgifter</a>');
    expect(swedish.text).toMatch(/ladda ner uppgifterna eller radera dem själv/);
    expect(swedish.text).not.toMatch(/Skriv till \S+ så raderar vi/);
    expect(swedish.text).toContain('Frågor om era uppgifter? Skriv till tillganglighet@matchmaker.test.');
    await client.get(`/e/${slug}/integritet?lang=en`);
    const english = await client.get(`/e/${slug}/integritet`);
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('<a href="/app/my-data">My data</a>');
    expect(english.text).toMatch(/download the details or erase them at any time/);
    expect(english.text).not.toMatch(/we will delete the profile/);
    // Where the link leads: My data asks a visitor to sign in first.
    const myData = await client.get('/app/my-data');
    expect(myData.status).toBe(303);
  });

  it('another country’s number is free text', async () => {
    const fields = validSignUp({ country: 'NO', registrationNumber: '923 609 016', companyName: 'Fjord AS' });
    const answer = await signUp(new CookieClient(app.baseUrl), fields);
    expect(answer.status).toBe(303);
    const [mail] = await waitForEmails(fields.email!);
    expect(mail!.text).toContain('Fjord AS');
  });

  it('a form over the size limit gets 413', async () => {
    const before = await storedState();
    const answer = await signUp(
      new CookieClient(app.baseUrl),
      validSignUp({ companyName: 'x'.repeat(20_000) }),
    );
    expect(answer.status).toBe(413);
    expect(answer.text).toContain('Anmälan är för stor');
    expect(await storedState()).toEqual(before);
  });

  it(`more than ${SIGN_UPS_PER_HOUR} sign-ups an hour from one address get 429, counted in Redis`, async () => {
    const client = new CookieClient(app.baseUrl);
    const form = await client.get(`/e/${slug}/anmalan`);
    const before = await storedState();
    for (let i = 0; i < SIGN_UPS_PER_HOUR; i += 1) {
      const answer = await client.postForm(`/e/${slug}/anmalan`, form, validSignUp({ consent: '' }));
      expect(answer.status).toBe(400);
    }
    const refused = await client.postForm(`/e/${slug}/anmalan`, form, validSignUp());
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('För många anmälningar');
    expect(await storedState()).toEqual(before);
    const keys = await app.redis.keys(`${app.prefix}:rate-limit:sign-up:*`);
    expect(keys).toHaveLength(1);
    expect(Number(await app.redis.get(keys[0]!))).toBe(SIGN_UPS_PER_HOUR + 1);
  });

  it('an expired confirmation link is refused and creates nothing', async () => {
    const dayAgo = new Date(Date.now() - 25 * 3600 * 1000);
    const email = uniqueEmail('late');
    const { secret } = await issueToken(getRepositories(app.db), {
      purpose: 'registration',
      subject: email,
      ttlMs: 24 * 3600 * 1000,
      singleUse: true,
      payload: {
        eventId,
        companyName: 'Sen AB',
        country: 'SE',
        registrationNumber: '802002-4280',
        contactName: 'Sen Person',
        email,
        website: 'https://sen.example',
        language: 'sv',
        consentedAt: dayAgo.toISOString(),
      },
      now: dayAgo,
    });
    const before = await storedState();
    const client = new CookieClient(app.baseUrl);
    const opened = await client.get(`/e/anmalan/bekrafta?token=${encodeURIComponent(secret)}`);
    expect(opened.status).toBe(410);
    expect(opened.text).toContain('Länken har gått ut');
    const form = await client.get(`/e/${slug}/anmalan`);
    const pressed = await client.postForm('/e/anmalan/bekrafta', form, { token: secret });
    expect(pressed.status).toBe(410);
    expect(await storedState()).toEqual(before);
    expect(await getRepositories(app.db).people.findByEmail(email)).toBeNull();
  });
});

describe('the profile, and the facilitator’s review', () => {
  it('the startup fills in an English profile; pending, it is hidden from development heads; approved, they see it; rejected, it is told why in its language', async () => {
    const fields = validSignUp({ registrationNumber: '802002-4280', companyName: 'Inspecta Nordic AB' });
    const { client, person } = await registerAndConfirm(fields);
    const startupId = (person as Extract<Person, { role: 'startup' }>).startupId;

    const page = await client.get('/app/profile');
    const bad = await client.postForm('/app/profile', page, {
      language: 'en',
      oneLiner: 'x',
      teamSize: 'many',
    });
    expect(bad.status).toBe(400);
    expect(fieldError(bad, 'description')).toContain('Beskriv vad ni gör');
    expect(fieldError(bad, 'teamSize')).toContain('Skriv hur många ni är med siffror');
    expect(fieldError(bad, 'languages')).toContain('Välj minst ett språk');
    expect(bad.text).toContain('value="many"');

    const saved = await client.postForm('/app/profile', page, {
      language: 'en',
      oneLiner: 'Mobile inspection checklists for food safety inspectors',
      description:
        'An offline-first mobile app that food safety inspectors use to plan, perform and report inspections of restaurants and shops.',
      offering: 'Municipal environmental and health departments that inspect food businesses',
      languages: 'en',
      stage: 'seed',
      teamSize: '6',
      reference1Customer: 'Region Örebro län',
      reference1Summary: 'Digital inspection checklists for 40 inspectors',
      reference1Year: '2025',
    });
    expect(saved.status).toBe(303);
    const stored = await getRepositories(app.db).startups.findById(startupId);
    expect(stored).toMatchObject({
      language: 'en',
      languages: ['en'],
      stage: 'seed',
      teamSize: 6,
      status: 'pending',
      references: [
        {
          customer: 'Region Örebro län',
          summary: 'Digital inspection checklists for 40 inspectors',
          year: 2025,
        },
      ],
    });
    expect(stored!.registration!.profileCompletedAt).toBeInstanceOf(Date);

    // Pending: never shown to development heads.
    expect((await api('GET', `/startups/${startupId}`, developmentHeadKey)).status).toBe(404);
    const listed = await (await api('GET', '/startups?limit=100', developmentHeadKey)).json();
    expect(listed.items.map((s: { id: string }) => s.id)).not.toContain(startupId);
    expect((await api('GET', `/startups/${startupId}`, facilitatorKey)).status).toBe(200);

    const frida = await signedInFacilitator();
    const list = await frida.get('/app/registrations');
    expect(list.text).toContain('Inspecta Nordic AB');
    expect(list.text).toContain('Mobile inspection checklists for food safety inspectors');
    const noReason = await frida.postForm(`/app/registrations/${startupId}/review`, list, {
      decision: 'reject',
      version: String(stored!.version),
      [`reason-${startupId}`]: '',
    });
    expect(noReason.status).toBe(400);
    expect(fieldError(noReason, `reason-${startupId}`)).toContain('Skriv skälet');
    expect((await getRepositories(app.db).startups.findById(startupId))!.status).toBe('pending');

    const approved = await frida.postForm(`/app/registrations/${startupId}/review`, list, {
      decision: 'approve',
      version: String(stored!.version),
    });
    expect(approved.status).toBe(303);
    expect((await frida.get('/app/registrations')).text).toContain('Inspecta Nordic AB är godkänd');
    expect((await api('GET', `/startups/${startupId}`, developmentHeadKey)).status).toBe(200);
    const approvedMail = (await waitForEmails(fields.email!, 2)).at(-1)!;
    // The startup registered from Swedish pages: its e-mail is Swedish.
    expect(approvedMail.subject).toBe('Inspecta Nordic AB är godkänd i Matchmaker');

    const current = await getRepositories(app.db).startups.findById(startupId);
    const rejected = await frida.postForm(`/app/registrations/${startupId}/review`, list, {
      decision: 'reject',
      version: String(current!.version),
      [`reason-${startupId}`]: 'The event is for companies in Västmanland.',
    });
    expect(rejected.status).toBe(303);
    const after = await getRepositories(app.db).startups.findById(startupId);
    expect(after).toMatchObject({
      status: 'rejected',
      registration: { reviewReason: 'The event is for companies in Västmanland.' },
    });
    expect((await getRepositories(app.db).events.findById(eventId))!.startupIds).not.toContain(startupId);
    const rejectedMail = (await waitForEmails(fields.email!, 3)).at(-1)!;
    expect(rejectedMail.subject).toBe('Anmälan av Inspecta Nordic AB godkändes inte');
    expect(rejectedMail.text).toContain('The event is for companies in Västmanland.');
    expect((await api('GET', `/startups/${startupId}`, developmentHeadKey)).status).toBe(404);
  });
});
