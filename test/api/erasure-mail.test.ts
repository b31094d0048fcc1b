/**
 * Nothing queued reaches an erased person, against the real Redis, FerretDB, mail worker process
 * and development mail server: an erasure withdraws the person's waiting meeting e-mails (BullMQ
 * delayed jobs, `now` injected), the other participants' e-mails still go out, and a message for
 * the erased address queued after the withdrawal (as one queued during the erasure would be) is
 * dropped by the mail worker, which checks the recipient's record when it sends.
 */
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { getConfig } from '../../config';
import { getRepositories, type Repositories } from '../../models';
import { createDelayedMailQueue, queueMeetingMail, type DelayedMailQueue } from '../../services/outcomes';
import { openMailQueue } from './agenda-world';
import type { Meeting } from '../../scheduling';
import { createScheduleWorld, type ScheduleWorld } from '../schedules/schedule-setup';
import { startTestApp, type TestApp } from '../support';
import { emailsTo, waitForEmails } from '../support/mail-inbox';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../support/people-app';
import { fetchWithKey, until } from '../support/until';

jest.setTimeout(120_000);

/** A week before the meetings of 29 March 2027: every reminder and outcome e-mail waits in the queue. */
const WEEK_BEFORE = new Date('2027-03-22T10:00:00Z');

let app: PeopleApp;
let api: TestApp;
let repos: Repositories;
let queue: DelayedMailQueue;
let inspect: Queue;
let world: ScheduleWorld;
let meetings: Meeting[];
/** Each startup's contact address, unique to this run (the mail server is shared). */
const contactOf = new Map<string, string>();

beforeAll(async () => {
  app = await startPeopleApp();
  api = await startTestApp({ dbName: app.db.name });
  repos = getRepositories(app.db);
  // Hosts with addresses of their own too: other tests count the e-mails to the world's usual ones.
  world = await createScheduleWorld(api, {
    hostEmails: [uniqueEmail('anna.lindqvist'), uniqueEmail('johan.berglund')],
  });
  for (const startupId of world.startupIds) {
    const current = await api.request<{ version: number }>('GET', `/startups/${startupId}`, {
      key: api.facilitatorKey,
    });
    const email = uniqueEmail('kontakt');
    const patched = await api.request('PATCH', `/startups/${startupId}`, {
      key: api.facilitatorKey,
      headers: { 'if-match': `"${current.body.version}"` },
      body: { contact: { name: 'Kontakt', email } },
    });
    expect(patched.status).toBe(200);
    contactOf.set(startupId, email);
  }
  const built = await api.request<{ meetings: Meeting[]; version: number }>(
    'POST',
    `/events/${world.eventId}/schedule`,
    { key: api.facilitatorKey, body: {} },
  );
  const published = await api.request('POST', `/events/${world.eventId}/schedule/publish`, {
    key: api.facilitatorKey,
    body: { draftVersion: built.body.version },
  });
  expect(published.status).toBe(200);
  meetings = built.body.meetings;
  const config = getConfig();
  queue = createDelayedMailQueue({
    redisUrl: config.REDIS_URL,
    prefix: app.prefix,
    attempts: 3,
    timeoutMs: 5_000,
  });
  inspect = openMailQueue(app.prefix);
}, 180_000);

afterAll(async () => {
  await inspect?.close();
  await queue?.close();
  await api?.stop();
  await app?.destroy();
});

async function queuedTo(address: string): Promise<number> {
  const jobs = await inspect.getJobs(['delayed', 'waiting', 'prioritized']);
  return jobs.filter((job) => (job.data as { to: string }).to === address).length;
}

function meetingsOfStartup(startupId: string): number {
  return meetings.filter((meeting) => meeting.startupId === startupId).length;
}

describe('e-mails queued for a person who is then erased', () => {
  it('the erasure withdraws their waiting e-mails; the other participants still get theirs', async () => {
    const result = await queueMeetingMail(
      { repos, changes: api.changes, logger: pino({ level: 'silent' }) },
      queue,
      { eventId: world.eventId, publicUrl: app.publicUrl, now: WEEK_BEFORE },
    );
    expect(result.queued).toBe(meetings.length * 4);
    const [erased, kept] = world.startupIds.filter((id) => meetingsOfStartup(id) > 0);
    const erasedAddress = contactOf.get(erased!)!;
    const keptAddress = contactOf.get(kept!)!;
    // A reminder and an outcome e-mail per meeting.
    expect(await queuedTo(erasedAddress)).toBe(meetingsOfStartup(erased!) * 2);

    const response = await fetchWithKey(app.baseUrl, api.facilitatorKey, 'POST', '/personal-data/erasure', {
      email: erasedAddress,
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as { startupContactsRemoved: number; mailsWithdrawn: number };
    expect(report.startupContactsRemoved).toBe(1);
    expect(report.mailsWithdrawn).toBe(meetingsOfStartup(erased!) * 2);
    expect(await queuedTo(erasedAddress)).toBe(0);

    // The day comes for every e-mail still queued: they go out, none to the erased address.
    for (const job of await inspect.getDelayed()) await job.promote();
    await waitForEmails(keptAddress, meetingsOfStartup(kept!) * 2);
    await until('the mail queue to be empty', async () => {
      const counts = await inspect.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      return Object.values(counts).every((count) => count === 0) ? true : undefined;
    });
    expect(await emailsTo(erasedAddress)).toEqual([]);
  });

  it('a message for the erased address queued after the withdrawal is not sent; one for a kept record is', async () => {
    const [erased, kept] = world.startupIds.filter((id) => meetingsOfStartup(id) > 0);
    const erasedAddress = contactOf.get(erased!)!;
    const keptAddress = contactOf.get(kept!)!;
    expect((await repos.startups.findById(erased!))?.contact.email).not.toBe(erasedAddress);
    const before = (await emailsTo(keptAddress)).length;
    const message = { subject: 'Påminnelse: möte', text: 'Hej!', html: '<p>Hej!</p>' };
    const late = await app.mail.send({
      to: erasedAddress,
      ...message,
      recipient: { kind: 'startup', id: erased! },
    });
    await app.mail.send({ to: keptAddress, ...message, recipient: { kind: 'startup', id: kept! } });

    await waitForEmails(keptAddress, before + 1);
    // The worker took the late message too (a sent or dropped job leaves the queue).
    await until('the late message to leave the queue', async () =>
      (await inspect.getJob(late)) === undefined ? true : undefined,
    );
    expect(await emailsTo(erasedAddress)).toEqual([]);
  });

  it('a sign-in message for a person erased before it was sent is not sent', async () => {
    const email = uniqueEmail('facilitator');
    const person = await app.createPerson({
      name: 'Eva Facilitator',
      email,
      role: 'facilitator',
      language: 'sv',
    });
    const erasure = await fetchWithKey(app.baseUrl, api.facilitatorKey, 'POST', '/personal-data/erasure', {
      email,
    });
    expect(erasure.status).toBe(200);
    const control = uniqueEmail('control');
    const message = { subject: 'Din inloggningslänk', text: 'Hej!', html: '<p>Hej!</p>' };
    const late = await app.mail.send({ to: email, ...message, recipient: { kind: 'person', id: person.id } });
    await app.mail.send({ to: control, ...message });
    await waitForEmails(control, 1);
    await until('the late message to leave the queue', async () =>
      (await inspect.getJob(late)) === undefined ? true : undefined,
    );
    expect(await emailsTo(email)).toEqual([]);
  });
});
