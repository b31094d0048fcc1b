/**
 * No e-mail sent after an erasure shows the erased person, against the real Redis, FerretDB, mail
 * worker process and development mail server: a startup's meeting e-mails queued before its
 * host was erased name the host (the reminder and outcome request say who sits in the meeting,
 * the calendar entry has the host's address); the erasure withdraws them, and one queued later
 * naming the erased host is dropped by the mail worker when it would send it.
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
import { emailsTo, waitForEmails, type ReceivedEmail } from '../support/mail-inbox';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../support/people-app';
import { fetchWithKey, until } from '../support/until';

jest.setTimeout(120_000);

/** A week before the meetings of 29 March 2027: every reminder and outcome e-mail waits in the queue. */
const WEEK_BEFORE = new Date('2027-03-22T10:00:00Z');
/**
 * The host who is erased (her needs are the world's first two) and how the e-mails name her. Both
 * hosts get addresses of their own: other tests count the e-mails to the world's usual addresses.
 */
const ERASED_HOST = { name: 'Anna Lindqvist', email: uniqueEmail('anna.lindqvist') };
const OTHER_HOST_EMAIL = uniqueEmail('johan.berglund');

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
  world = await createScheduleWorld(api, { hostEmails: [ERASED_HOST.email, OTHER_HOST_EMAIL] });
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

/** The raw message as the mail server holds it (headers, every part, the calendar entry too). */
async function sourceOf(email: ReceivedEmail): Promise<string> {
  const response = await fetch(`${getConfig().MAIL_INBOX_URL}/email/${email.id}/source`);
  return response.text();
}

async function namesErasedHost(email: ReceivedEmail): Promise<boolean> {
  const shown = [email.subject, email.text, email.html, await sourceOf(email)].join('\n');
  return shown.includes(ERASED_HOST.name) || shown.includes(ERASED_HOST.email);
}

const erasedHostsNeeds = () => world.needIds.slice(0, 2);

describe("a startup's e-mails that name a host who is then erased", () => {
  it('are withdrawn by the erasure; the e-mails about the other host still go out, and none sent names her', async () => {
    const result = await queueMeetingMail(
      { repos, changes: api.changes, logger: pino({ level: 'silent' }) },
      queue,
      { eventId: world.eventId, publicUrl: app.publicUrl, now: WEEK_BEFORE },
    );
    expect(result.queued).toBe(meetings.length * 4);
    const response = await fetchWithKey(app.baseUrl, api.facilitatorKey, 'POST', '/personal-data/erasure', {
      email: ERASED_HOST.email,
    });
    expect(response.status).toBe(200);

    // The day comes for every e-mail still queued.
    for (const job of await inspect.getDelayed()) await job.promote();
    await until('the mail queue to be empty', async () => {
      const counts = await inspect.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      return Object.values(counts).every((count) => count === 0) ? true : undefined;
    });
    for (const startupId of world.startupIds) {
      const withOtherHost = meetings.filter(
        (m) => m.startupId === startupId && !erasedHostsNeeds().includes(m.needId),
      ).length;
      const received = await waitForEmails(contactOf.get(startupId)!, withOtherHost * 2);
      for (const email of received) expect(await namesErasedHost(email)).toBe(false);
      expect(received).toHaveLength(withOtherHost * 2);
    }
  });

  it('one naming the erased host that is queued later is not sent; one naming a kept host is', async () => {
    const [startupId] = world.startupIds;
    const to = contactOf.get(startupId)!;
    const before = (await emailsTo(to)).length;
    const message = (host: string) => ({
      to,
      subject: 'Påminnelse: möte',
      text: `Hej! Du möter ${host}.`,
      html: `<p>Hej! Du möter ${host}.</p>`,
      recipient: { kind: 'startup' as const, id: startupId },
    });
    const late = await app.mail.send({
      ...message('Raderad person'),
      mentions: [{ kind: 'need', id: world.needIds[0] }],
    });
    await app.mail.send({ ...message('Johan Berglund'), mentions: [{ kind: 'need', id: world.needIds[2] }] });

    const received = await waitForEmails(to, before + 1);
    await until('the late message to leave the queue', async () =>
      (await inspect.getJob(late)) === undefined ? true : undefined,
    );
    expect((await emailsTo(to)).length).toBe(before + 1);
    expect(received.at(-1)?.text).toContain('Johan Berglund');
  });
});
