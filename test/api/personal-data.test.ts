/**
 * Personal data end to end, against the real app, FerretDB and Redis: a person's export, and an
 * erasure's effect on every collection that held their data (people, hosts, needs, startups,
 * events, schedules, outcomes, tokens, API keys, sessions), and what is refused afterwards.
 */
import { getRepositories, type AuditEntry, type Repositories } from '../../models';
import { issueCalendarLink } from '../../services/calendars';
import { issueOutcomeLink, openOutcomeLink } from '../../services/outcomes';
import { issueSignInLink, personOfSignInLink } from '../../services/people';
import { ERASED_NAME } from '../../services/privacy';
import { hashTokenSecret } from '../../services/tokens';
import { setHostWindow, signedIn, startAgendaWorld, type AgendaWorld } from './agenda-world';
import { csrfTokenIn, type CookieClient } from '../support/browser-less-session';

let agenda: AgendaWorld;
let repos: Repositories;

interface Export {
  email: string;
  person: { id: string; name: string } | null;
  host: { id: string; name: string; email: string; phone?: string } | null;
  hostedNeeds: { id: string; title: string }[];
  startupContacts: { startupId: string; contact: { email: string } }[];
  availability: { eventId: string; windows: unknown[] }[];
  meetings: { meetingId: string; side: string }[];
  outcomesRecorded: { key: string; recordedBy: { name: string } }[];
  links: { purpose: string; revokedAt?: string }[];
  changesMade: AuditEntry[];
}

const ANNA = 'anna.lindqvist@tomelilla.se';

function facilitator(method: string, path: string, body?: unknown) {
  return agenda.app.request<Record<string, unknown>>(method, path, {
    key: agenda.app.facilitatorKey,
    ...(body === undefined ? {} : { body }),
  });
}

/** A JSON request made with a person's session cookie and the CSRF token of their start page. */
async function asPerson(client: CookieClient, method: string, path: string, json?: unknown) {
  const page = await client.get('/app/');
  const response = await client.request(method, path, {
    ...(json === undefined ? {} : { json }),
    headers: { 'x-csrf-token': csrfTokenIn(page) },
  });
  return {
    status: response.status,
    body: response.text === '' ? undefined : (JSON.parse(response.text) as unknown),
  };
}

beforeAll(async () => {
  agenda = await startAgendaWorld();
  repos = getRepositories(agenda.app.db);
}, 180_000);

afterAll(async () => {
  await agenda.destroy();
});

describe('export', () => {
  it('gives a facilitator everything held about a host: contact, needs, meetings, availability', async () => {
    expect(
      await setHostWindow(agenda.app, agenda.world.eventId, ANNA, { start: '09:00', end: '10:00' }),
    ).toBe(200);
    const response = await facilitator('POST', '/personal-data/export', { email: ANNA });
    expect(response.status).toBe(200);
    const data = response.body as unknown as Export;
    expect(data.email).toBe(ANNA);
    expect(data.host).toMatchObject({ name: 'Anna Lindqvist', email: ANNA, phone: agenda.hostPhones[0] });
    expect(data.hostedNeeds.map((need) => need.id).sort()).toEqual(
      [agenda.world.needIds[0], agenda.world.needIds[1]].sort(),
    );
    const annasMeetings = agenda.meetings.filter((m) => m.needId !== agenda.world.needIds[2]);
    expect(data.meetings.map((m) => m.meetingId).sort()).toEqual(annasMeetings.map((m) => m.id).sort());
    expect(data.meetings.every((m) => m.side === 'host')).toBe(true);
    expect(data.availability).toEqual([
      { eventId: agenda.world.eventId, eventName: expect.any(String), windows: expect.any(Array) },
    ]);
  });

  it('gives a signed-in person their own data, with the links and changes that are theirs', async () => {
    const client = await signedIn(agenda.app, agenda.startupPerson);
    const response = await asPerson(client, 'GET', '/personal-data');
    expect(response.status).toBe(200);
    const data = response.body as Export;
    expect(data.person).toMatchObject({ id: agenda.startupPerson.id, name: 'Sam Startup' });
    expect(data.links.map((link) => link.purpose)).toContain('sign_in');
    expect(data.meetings.length).toBeGreaterThan(0);
    expect(data.meetings.every((m) => m.side === 'startup')).toBe(true);
  });

  it('is refused to a development head for someone else, and asks a key for whose data', async () => {
    const headKey = await agenda.app.createKey({
      role: 'development_head',
      organisationId: agenda.world.organisationIds[0],
    });
    const other = await agenda.app.request('POST', '/personal-data/export', {
      key: headKey,
      body: { email: ANNA },
    });
    expect(other.status).toBe(403);
    const missing = await agenda.app.request<{ errors: { path: string }[] }>(
      'POST',
      '/personal-data/export',
      {
        key: agenda.app.facilitatorKey,
        body: {},
      },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e) => e.path)).toEqual(['email']);
    expect((await facilitator('POST', '/personal-data/erasure', { email: 'nobody@example.se' })).status).toBe(
      404,
    );
  });
});

describe('erasure of a person who signs in (a startup person)', () => {
  it('deletes the sign-in record, revokes sessions, links and keys, and anonymises their answers', async () => {
    const sam = agenda.startupPerson;
    if (sam.role !== 'startup') throw new Error('the world’s startup person is a startup');
    const client = await signedIn(agenda.app, sam);
    const otherDevice = await signedIn(agenda.app, sam);
    const meeting = agenda.meetings.find((m) => m.startupId === sam.startupId)!;
    // Sam answers how a meeting went, has a calendar address, a sign-in link, an outcome link and a key named after him.
    const answered = await asPerson(
      client,
      'PUT',
      `/events/${agenda.world.eventId}/meetings/${encodeURIComponent(meeting.id)}/outcomes/startup`,
      { attendance: 'held', interest: 'yes', nextStep: 'demo' },
    );
    expect(answered.status).toBe(201);
    const now = new Date();
    const calendar = await issueCalendarLink({ repos }, sam, now);
    const signIn = await issueSignInLink(repos, sam, now);
    const outcomeLink = await issueOutcomeLink(
      repos,
      {
        eventId: agenda.world.eventId,
        meetingId: meeting.id,
        side: 'startup',
        name: sam.name,
        language: 'sv',
      },
      now,
      now,
    );
    const samKey = (
      await facilitator('POST', '/api-keys', {
        role: 'startup',
        name: 'Sam Startup',
        startupId: sam.startupId,
      })
    ).body.key as string;
    expect((await agenda.app.request('GET', `/startups/${sam.startupId}`, { key: samKey })).status).toBe(200);
    expect((await agenda.app.request('GET', `/cal/${calendar.secret}.ics`)).status).toBe(200);

    const erased = await asPerson(client, 'POST', '/personal-data/erasure', {});
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ person: true, outcomesAnonymised: 1, apiKeysRevoked: 1 });
    expect((erased.body as { linksRevoked: number }).linksRevoked).toBeGreaterThanOrEqual(3);

    // people: gone. Sessions: this one ended, and his session on another device is refused.
    expect(await repos.people.findById(sam.id)).toBeNull();
    expect((await client.get('/personal-data')).status).toBe(401);
    expect((await otherDevice.get('/personal-data')).status).toBe(401);
    expect((await otherDevice.get('/app/')).status).toBe(303);
    expect((await client.get('/app/my-data')).status).toBe(303);
    // tokens: every link refused, and what they carried removed.
    expect(await personOfSignInLink(repos, signIn.secret, new Date())).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect((await agenda.app.request('GET', `/cal/${calendar.secret}.ics`)).status).toBe(404);
    expect(await openOutcomeLink(repos, outcomeLink.secret, new Date())).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect((await repos.tokens.findByHash(hashTokenSecret(outcomeLink.secret)))?.payload).toBeUndefined();
    // api_keys: the key issued in his name is refused.
    expect((await agenda.app.request('GET', `/startups/${sam.startupId}`, { key: samKey })).status).toBe(401);
    // outcomes: the answer stays, without his name.
    const outcome = await repos.outcomes.findByKey(`${agenda.world.eventId}|${meeting.id}|startup`);
    expect(outcome).toMatchObject({ attendance: 'held', recordedBy: { name: ERASED_NAME, role: 'startup' } });
    // The profile (company data) stays; its contact person was someone else.
    expect((await repos.startups.findById(sam.startupId))?.contact.email).not.toContain('erased');
    // audit_log: the erasure is recorded, with no contact details.
    const log = await facilitator('GET', `/audit?recordKind=data_subject&recordId=${sam.id}`);
    const entries = (log.body as { items: AuditEntry[] }).items;
    expect(entries.map((e) => e.action)).toEqual(['erase_personal_data']);
    expect(JSON.stringify(entries)).not.toMatch(/Sam Startup|sam-/);
  });
});

describe('erasure of a host (facilitator, by e-mail)', () => {
  it('keeps needs and meetings under an anonymised host and leaves the address nowhere', async () => {
    const before = await repos.hosts.findByEmail(ANNA);
    const response = await facilitator('POST', '/personal-data/erasure', { email: ANNA });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ host: true, availabilityRenamed: 1 });
    expect(response.body.scheduleDocumentsRenamed).toEqual(expect.any(Number));
    expect(response.body.scheduleDocumentsRenamed as number).toBeGreaterThan(0);

    // hosts: the record stays (needs refer to it), without name, address or phone.
    const host = await repos.hosts.findById(before!.id);
    expect(host).toMatchObject({ name: ERASED_NAME, email: `erased-${before!.id}@erased.invalid` });
    expect(host?.phone).toBeUndefined();
    expect(await repos.hosts.findByEmail(ANNA)).toBeNull();
    // needs: still hers, now showing the anonymised contact.
    const need = await facilitator('GET', `/needs/${agenda.world.needIds[0]}`);
    expect(need.body).toMatchObject({ hostId: before!.id, owner: { name: ERASED_NAME } });
    // events, schedules: the address is gone from availability and from every stored version.
    const event = await facilitator('GET', `/events/${agenda.world.eventId}`);
    const published = await agenda.app.request<string>(
      'GET',
      `/events/${agenda.world.eventId}/schedule.csv`,
      {
        key: agenda.app.facilitatorKey,
      },
    );
    const draft = await facilitator('GET', `/events/${agenda.world.eventId}/schedule?version=draft`);
    for (const text of [JSON.stringify(event.body), published.body, JSON.stringify(draft.body)]) {
      expect(text).not.toContain(ANNA);
      expect(text).not.toContain('Anna Lindqvist');
      expect(text).not.toContain(agenda.hostPhones[0]);
    }
    // Meetings are kept: the published schedule has as many meetings as before, and a new build still works.
    const json = await facilitator('GET', `/events/${agenda.world.eventId}/schedule?version=published`);
    expect((json.body.meetings as unknown[]).length).toBe(agenda.meetings.length);
    expect((await facilitator('POST', `/events/${agenda.world.eventId}/schedule`, {})).status).toBe(201);
    // An export of the address now finds nothing.
    const after = (await facilitator('POST', '/personal-data/export', { email: ANNA }))
      .body as unknown as Export;
    expect([after.host, after.person, after.hostedNeeds, after.meetings]).toEqual([null, null, [], []]);
  });

  it('removes a startup’s contact person and revokes the profile’s keys when nobody else speaks for it', async () => {
    const occupi = agenda.world.startupIds[1];
    const key = await agenda.app.createKey({ role: 'startup', startupId: occupi });
    const response = await facilitator('POST', '/personal-data/erasure', { email: 'occupi@example.se' });
    expect(response.body).toMatchObject({ startupContactsRemoved: 1, apiKeysRevoked: 1, person: false });
    const startup = await repos.startups.findById(occupi);
    expect(startup?.contact).toEqual({ name: ERASED_NAME, email: `erased-${occupi}@erased.invalid` });
    expect(startup?.name).toBe('Occupi Sense');
    expect((await agenda.app.request('GET', `/startups/${occupi}`, { key })).status).toBe(401);
  });
});

describe('"Mina uppgifter" (the page)', () => {
  it('shows what is held, downloads it, and erases only after the box is ticked', async () => {
    const dora = agenda.developmentHead;
    const client = await signedIn(agenda.app, dora);
    const page = await client.get('/app/my-data');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Mina uppgifter</h1>');
    expect(page.text).toContain(dora.email);
    const download = await client.get('/app/my-data/download');
    expect(download.headers.get('content-disposition')).toContain('mina-uppgifter.json');
    expect((JSON.parse(download.text) as Export).person?.id).toBe(dora.id);

    const confirm = await client.get('/app/my-data/erase');
    const refused = await client.postForm('/app/my-data/erase', confirm, {});
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Kryssa i rutan');
    expect(await repos.people.findById(dora.id)).not.toBeNull();

    const done = await client.postForm('/app/my-data/erase', confirm, { confirm: 'yes' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Dina uppgifter är raderade');
    expect(await repos.people.findById(dora.id)).toBeNull();
    expect((await client.get('/app/')).status).toBe(303);
  });
});
