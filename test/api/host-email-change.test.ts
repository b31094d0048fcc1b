/**
 * A host's change of e-mail (`PATCH /hosts/:id`) against the real app, FerretDB and Redis: the
 * development head who is the host keeps signing in (now with the new address), their
 * availability, published meetings and queued meeting e-mails follow the address, nothing stays
 * under the old one, and a change cut short is finished by the next write of the host, or by an
 * API process starting.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Queue } from 'bullmq';
import { getConfig } from '../../config';
import { getRepositories, type AuditEntry, type Person, type Repositories } from '../../models';
import {
  openMailQueue,
  queueAgendaMeetingMail,
  setHostWindow,
  signedIn,
  shownMeetings,
  startAgendaWorld,
  type AgendaWorld,
} from './agenda-world';
import { CookieClient } from '../support/browser-less-session';
import { freePort } from '../workers/support/private-servers';
import { waitFor } from '../workers/support/wait';

let agenda: AgendaWorld;
let repos: Repositories;
let headKey: string;
let hostId: string;
let anna: Person;
let mailQueue: Queue;

const OLD = 'anna.lindqvist@tomelilla.se';
const NEW = 'anna.lindqvist@ystad.se';

interface Problem {
  code: string;
  errors: { path: string }[];
}

function facilitator<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
  return agenda.app.request<T>(method, path, {
    key: agenda.app.facilitatorKey,
    ...(body === undefined ? {} : { body }),
  });
}

/** `PATCH /hosts/:id` as the organisation's development head, at the host's current version. */
async function patchHost(body: unknown) {
  const host = await repos.hosts.findById(hostId);
  return agenda.app.request<Problem & { email: string; version: number }>('PATCH', `/hosts/${hostId}`, {
    key: headKey,
    headers: { 'if-match': `"${host!.version}"` },
    body,
  });
}

/** Asks for a sign-in link at the sign-in page, as a browser does; the number of sign-in links issued for Anna since. */
async function signInLinksAfterAskingWith(email: string): Promise<number> {
  const before = (await repos.tokens.listAbout([anna.id])).filter((t) => t.purpose === 'sign_in').length;
  const client = new CookieClient(agenda.app.baseUrl);
  const page = await client.get('/sign-in');
  const sent = await client.postForm('/sign-in', page, { email });
  expect(sent.status).toBe(303);
  const after = (await repos.tokens.listAbout([anna.id])).filter((t) => t.purpose === 'sign_in').length;
  return after - before;
}

/** How many e-mails wait in the queue to be sent to `address`. */
async function queuedTo(address: string): Promise<number> {
  const jobs = await mailQueue.getJobs(['delayed', 'waiting', 'prioritized']);
  return jobs.filter((job) => (job.data as { to: string }).to === address).length;
}

/** Everything the API shows about the event and its schedules, as text. */
async function eventAndSchedulesText(): Promise<string> {
  const eventId = agenda.world.eventId;
  const event = await facilitator('GET', `/events/${eventId}`);
  const published = await facilitator('GET', `/events/${eventId}/schedule?version=published`);
  const draft = await facilitator('GET', `/events/${eventId}/schedule?version=draft`);
  const csv = await agenda.app.request<string>('GET', `/events/${eventId}/schedule.csv`, {
    key: agenda.app.facilitatorKey,
  });
  return [
    JSON.stringify(event.body),
    JSON.stringify(published.body),
    JSON.stringify(draft.body),
    csv.body,
  ].join('\n');
}

beforeAll(async () => {
  agenda = await startAgendaWorld();
  repos = getRepositories(agenda.app.db);
  hostId = (await repos.hosts.findByEmail(OLD))!.id;
  headKey = await agenda.app.createKey({
    role: 'development_head',
    organisationId: agenda.world.organisationIds[0],
  });
  // Anna is a development head who is the host herself: she signs in with the host's address.
  anna = (await repos.people.create({
    role: 'development_head',
    name: 'Anna Lindqvist',
    email: OLD,
    language: 'sv',
    organisationId: agenda.world.organisationIds[0],
    hostId,
  }))!;
  expect(await setHostWindow(agenda.app, agenda.world.eventId, OLD, { start: '09:00', end: '09:40' })).toBe(
    200,
  );
  mailQueue = openMailQueue(agenda.prefix);
}, 180_000);

afterAll(async () => {
  await mailQueue.close();
  await agenda.destroy();
});

describe('PATCH /hosts/:id with a new e-mail', () => {
  it('carries the address to the person, availability and schedules; nothing stays under the old one', async () => {
    const session = await signedIn(agenda.app, anna);
    const annasMeetings = agenda.meetings.filter((m) => m.needId !== agenda.world.needIds[2]);
    expect(annasMeetings.length).toBeGreaterThan(0);
    expect(await eventAndSchedulesText()).toContain(OLD);
    // Her reminders and outcome e-mails wait in the queue, addressed to the old address.
    await queueAgendaMeetingMail(agenda);
    expect(await queuedTo(OLD)).toBe(annasMeetings.length * 2);

    const changed = await patchHost({ email: 'Anna.Lindqvist@Ystad.se' });
    expect(changed.status).toBe(200);
    expect(changed.body.email).toBe(NEW);

    // people: the same person, now signing in with the new address; the old one signs no one in.
    expect(await repos.people.findById(anna.id)).toMatchObject({ id: anna.id, email: NEW });
    expect(await repos.people.findByEmail(OLD)).toBeNull();
    expect(await signInLinksAfterAskingWith(NEW)).toBe(1);
    expect(await signInLinksAfterAskingWith(OLD)).toBe(0);
    // Her session goes on, and her agenda still shows the published meetings of her needs.
    const agendaPage = await session.get('/app/agenda');
    expect(agendaPage.status).toBe(200);
    expect(shownMeetings(agendaPage.text)).toHaveLength(annasMeetings.length);

    // events: her availability is under the new address.
    const event = await facilitator<{ availability: { participantKind: string; participantId: string }[] }>(
      'GET',
      `/events/${agenda.world.eventId}`,
    );
    const hostEntries = event.body.availability.filter((a) => a.participantKind === 'host');
    expect(hostEntries.map((a) => a.participantId)).toEqual([NEW]);
    // schedules: the published meetings name her by the new address, and none was lost.
    const published = await facilitator<{ meetings: { needId: string; hostId: string }[] }>(
      'GET',
      `/events/${agenda.world.eventId}/schedule?version=published`,
    );
    expect(published.body.meetings).toHaveLength(agenda.meetings.length);
    const hers = published.body.meetings.filter((m) => m.needId !== agenda.world.needIds[2]);
    expect(hers.map((m) => m.hostId)).toEqual(hers.map(() => NEW));
    // Nothing anywhere under the old address.
    const text = await eventAndSchedulesText();
    expect(text).not.toContain(OLD);
    expect(text).toContain(NEW);
    const oldExport = (await facilitator('POST', '/personal-data/export', { email: OLD })).body;
    expect([oldExport.host, oldExport.person, oldExport.meetings, oldExport.availability]).toEqual([
      null,
      null,
      [],
      [],
    ]);
    const newExport = (await facilitator('POST', '/personal-data/export', { email: NEW })).body as {
      person: { id: string };
      meetings: unknown[];
      availability: unknown[];
    };
    expect(newExport.person.id).toBe(anna.id);
    expect(newExport.meetings).toHaveLength(annasMeetings.length);
    expect(newExport.availability).toHaveLength(1);
    // A new draft is still built with her meetings and her windows.
    expect((await facilitator('POST', `/events/${agenda.world.eventId}/schedule`, {})).status).toBe(201);
    expect(await repos.addressChanges.pendingOf(hostId)).toBeNull();
    // The mail queue: what waited for the old address now waits for the new one.
    expect(await queuedTo(OLD)).toBe(0);
    // (and the sign-in link she asked for above).
    expect(await queuedTo(NEW)).toBe(annasMeetings.length * 2 + 1);

    // audit_log: the host's and the person's e-mail changes, by the development head's key, addresses withheld.
    for (const [kind, id] of [
      ['host', hostId],
      ['person', anna.id],
    ] as const) {
      const log = await facilitator<{ items: AuditEntry[] }>(
        'GET',
        `/audit?recordKind=${kind}&recordId=${id}`,
      );
      const [latest] = log.body.items;
      expect(latest).toMatchObject({ action: 'update', actor: { role: 'development_head', via: 'key' } });
      expect(latest!.changes).toEqual([{ path: 'email', withheld: true }]);
    }
  });

  it('is refused with 409 naming email when another host or another person has the address, and 400 when it is none', async () => {
    const before = await repos.hosts.findById(hostId);
    const otherHost = await patchHost({ email: agenda.world.hostEmails[1] });
    expect(otherHost.status).toBe(409);
    expect(otherHost.body.errors.map((e) => e.path)).toEqual(['email']);
    const otherPerson = await patchHost({ email: agenda.startupPerson.email });
    expect(otherPerson.status).toBe(409);
    expect(otherPerson.body).toMatchObject({ code: 'email_taken', errors: [{ path: 'email' }] });
    const invalid = await patchHost({ email: 'anna at ystad' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e) => e.path)).toEqual(['email']);
    // Nothing changed: the host, Anna, and the other person.
    expect(await repos.hosts.findById(hostId)).toEqual(before);
    expect((await repos.people.findById(anna.id))?.email).toBe(before!.email);
    expect((await repos.people.findById(agenda.startupPerson.id))?.email).toBe(agenda.startupPerson.email);
    expect(await repos.addressChanges.pendingOf(hostId)).toBeNull();
  });

  it('finishes a change cut short (host written, records not yet renamed) at the next write of the host', async () => {
    const host = (await repos.hosts.findById(hostId))!;
    const from = host.email;
    const to = 'anna@tomelilla.se';
    // What a request that died right after writing the host leaves behind.
    expect(await repos.addressChanges.begin({ hostId, from, to, at: new Date() })).toBe(true);
    expect((await repos.hosts.update(hostId, host.version, { email: to })).ok).toBe(true);
    expect(await repos.people.findByEmail(from)).not.toBeNull();
    expect(await eventAndSchedulesText()).toContain(from);

    const phoned = await patchHost({ phone: '0411-57 70 00' });
    expect(phoned.status).toBe(200);
    expect(await repos.people.findById(anna.id)).toMatchObject({ email: to });
    const text = await eventAndSchedulesText();
    expect(text).not.toContain(from);
    expect(text).toContain(to);
    expect(await repos.addressChanges.pendingOf(hostId)).toBeNull();
  });

  it('finishes a change cut short when an API process starts, with no write of the host, as its author', async () => {
    const host = (await repos.hosts.findById(hostId))!;
    const from = host.email;
    const to = 'anna.l@ystad.se';
    const queued = await queuedTo(from);
    expect(queued).toBeGreaterThan(0);
    const author = { role: 'development_head', via: 'key', id: 'key-of-the-request-that-died' } as const;
    // A request that died two minutes ago, right after writing the host.
    const at = new Date(Date.now() - 120_000);
    expect(await repos.addressChanges.begin({ hostId, from, to, at, actor: author })).toBe(true);
    expect((await repos.hosts.update(hostId, host.version, { email: to })).ok).toBe(true);

    const uri = new URL(getConfig().MONGODB_URI);
    uri.pathname = `/${agenda.app.db.name}`;
    const server = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, '..', '..', 'services', 'api', 'server.ts')],
      {
        env: {
          ...process.env,
          PORT: String(await freePort()),
          MONGODB_URI: uri.toString(),
          QUEUE_PREFIX: agenda.prefix,
          LOG_LEVEL: 'warn',
        },
        stdio: 'ignore',
      },
    );
    const exited = new Promise((resolve) => server.on('exit', resolve));
    try {
      await waitFor(
        'the change to be finished',
        async () => ((await repos.addressChanges.pendingOf(hostId)) === null ? true : undefined),
        60_000,
        200,
      );
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
    expect(await repos.people.findById(anna.id)).toMatchObject({ email: to });
    const text = await eventAndSchedulesText();
    expect(text).not.toContain(from);
    expect(text).toContain(to);
    expect(await queuedTo(from)).toBe(0);
    expect(await queuedTo(to)).toBe(queued);
    const log = await facilitator<{ items: AuditEntry[] }>(
      'GET',
      `/audit?recordKind=person&recordId=${anna.id}`,
    );
    expect(log.body.items[0]).toMatchObject({ action: 'update', actor: author });
  }, 90_000);
});
