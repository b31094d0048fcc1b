/**
 * An erasure of a host whose change of e-mail was cut short (the host written with the new
 * address, the person, availability, schedules and queued e-mails still under the old one, the
 * change still recorded), against the real app, FerretDB and Redis: asked for by either address,
 * nothing of the person survives under either address, and the recorded change goes too.
 */
import { Queue } from 'bullmq';
import { getRepositories, type Repositories } from '../../models';
import {
  openMailQueue,
  queueAgendaMeetingMail,
  setHostWindow,
  startAgendaWorld,
  type AgendaWorld,
} from './agenda-world';

let agenda: AgendaWorld;
let repos: Repositories;
let mailQueue: Queue;

function facilitator<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
  return agenda.app.request<T>(method, path, {
    key: agenda.app.facilitatorKey,
    ...(body === undefined ? {} : { body }),
  });
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
  const csv = await agenda.app.request<string>('GET', `/events/${eventId}/schedule.csv`, {
    key: agenda.app.facilitatorKey,
  });
  return [JSON.stringify(event.body), JSON.stringify(published.body), csv.body].join('\n');
}

/** What a request that died right after writing the host's new address leaves behind. */
async function changeCutShort(hostId: string, to: string): Promise<string> {
  const host = (await repos.hosts.findById(hostId))!;
  expect(await repos.addressChanges.begin({ hostId, from: host.email, to, at: new Date() })).toBe(true);
  expect((await repos.hosts.update(hostId, host.version, { email: to })).ok).toBe(true);
  return host.email;
}

beforeAll(async () => {
  agenda = await startAgendaWorld();
  repos = getRepositories(agenda.app.db);
  for (const email of agenda.world.hostEmails)
    expect(
      await setHostWindow(agenda.app, agenda.world.eventId, email, { start: '09:00', end: '09:40' }),
    ).toBe(200);
  mailQueue = openMailQueue(agenda.prefix);
  await queueAgendaMeetingMail(agenda);
}, 180_000);

afterAll(async () => {
  await mailQueue.close();
  await agenda.destroy();
});

describe('erasing a host whose change of e-mail was cut short', () => {
  it('asked for by the new address: the person signing in with the old one, their records and the change go', async () => {
    const old = agenda.world.hostEmails[0];
    const hostId = (await repos.hosts.findByEmail(old))!.id;
    // The host signs in as a development head with the host's address.
    const person = (await repos.people.create({
      role: 'development_head',
      name: 'Anna Lindqvist',
      email: old,
      language: 'sv',
      organisationId: agenda.world.organisationIds[0],
      hostId,
    }))!;
    const next = 'anna.ny@ystad.se';
    await changeCutShort(hostId, next);
    expect(await queuedTo(old)).toBeGreaterThan(0);
    expect(await eventAndSchedulesText()).toContain(old);

    const erased = await facilitator('POST', '/personal-data/erasure', { email: next });
    expect(erased.status).toBe(200);

    const text = await eventAndSchedulesText();
    expect(text).not.toContain(old);
    expect(text).not.toContain(next);
    expect(await repos.people.findById(person.id)).toBeNull();
    expect(await repos.addressChanges.pendingOf(hostId)).toBeNull();
    expect(await queuedTo(old)).toBe(0);
    expect(await queuedTo(next)).toBe(0);
  });

  it('asked for by the old address (no one signs in with it): found through the change, and nothing stays', async () => {
    const hostId = (await repos.hosts.findByEmail(agenda.world.hostEmails[1]))!.id;
    const next = 'johan.ny@example.se';
    const old = await changeCutShort(hostId, next);
    expect(await queuedTo(old)).toBeGreaterThan(0);

    const erased = await facilitator('POST', '/personal-data/erasure', { email: old });
    expect(erased.status).toBe(200);

    const text = await eventAndSchedulesText();
    expect(text).not.toContain(old);
    expect(text).not.toContain(next);
    expect((await repos.hosts.findById(hostId))?.email).toMatch(/@erased\.invalid$/);
    expect(await repos.addressChanges.pendingOf(hostId)).toBeNull();
    expect(await queuedTo(old)).toBe(0);
    expect(await queuedTo(next)).toBe(0);
  });
});
