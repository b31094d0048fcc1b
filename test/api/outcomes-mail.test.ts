/**
 * E-mails about published meetings, against the real Redis, FerretDB, mail worker process and
 * development mail server (messages read through its HTTP API): the reminder the day before with
 * the calendar entry, the e-mail after the day with a link that records an outcome without signing
 * in, reusable to correct it; an expired or unknown link stores nothing. `now` is injected.
 */
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { getConfig } from '../../config';
import { getRepositories, type Outcome } from '../../models';
import {
  createDelayedMailQueue,
  issueOutcomeLink,
  meetingMailAfterPublish,
  queueMeetingMail,
  type DelayedMailQueue,
} from '../../services/outcomes';
import { openMailQueue } from './agenda-world';
import type { Meeting } from '../../scheduling';
import { createScheduleWorld, type ScheduleWorld } from '../schedules/schedule-setup';
import { startTestApp, type TestApp } from '../support';
import { CookieClient } from '../support/browser-less-session';
import { emailsTo, waitForEmails, type ReceivedEmail } from '../support/mail-inbox';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../support/people-app';

jest.setTimeout(120_000);

/** The day before the meetings of 29 March 2027, after the 09:00 reminder time (07:00 UTC). */
const DAY_BEFORE = new Date('2027-03-28T10:00:00Z');
const HOUR_MS = 3600 * 1000;

async function publishWorld(api: TestApp): Promise<{ world: ScheduleWorld; meetings: Meeting[] }> {
  // Hosts with addresses of their own: the test counts the e-mails each address gets, and the mail
  // server's inbox is shared with the tests running beside it.
  const world = await createScheduleWorld(api, {
    hostEmails: [uniqueEmail('anna.lindqvist'), uniqueEmail('johan.berglund')],
  });
  const built = await api.request<{ meetings: Meeting[]; version: number }>(
    'POST',
    `/events/${world.eventId}/schedule`,
    {
      key: api.facilitatorKey,
      body: {},
    },
  );
  const published = await api.request('POST', `/events/${world.eventId}/schedule/publish`, {
    key: api.facilitatorKey,
    body: { draftVersion: built.body.version },
  });
  expect(published.status).toBe(200);
  return { world, meetings: built.body.meetings };
}

function outcomeLinkIn(email: ReceivedEmail): string {
  const link = /^(https?:\/\/\S+\/outcome\?token=\S+)$/m.exec(email.text)?.[1];
  if (!link) throw new Error(`no outcome link in the e-mail "${email.subject}"`);
  return link;
}

async function sourceOf(email: ReceivedEmail): Promise<string> {
  const response = await fetch(`${getConfig().MAIL_INBOX_URL}/api/email/${email.id}/source`);
  return response.text();
}

describe('the e-mails of a published schedule, through the real mail server', () => {
  let app: PeopleApp;
  let api: TestApp;
  let queue: DelayedMailQueue;
  let inspect: Queue;
  let world: ScheduleWorld;
  let meetings: Meeting[];
  const sent = new Map<string, number>();

  beforeAll(async () => {
    app = await startPeopleApp();
    // The API over the same database, for building and publishing with a key.
    api = await startTestApp({ dbName: app.db.name });
    ({ world, meetings } = await publishWorld(api));
    const config = getConfig();
    queue = createDelayedMailQueue({
      redisUrl: config.REDIS_URL,
      prefix: app.prefix,
      attempts: 3,
      timeoutMs: 5_000,
    });
    inspect = openMailQueue(app.prefix);
    for (const address of [...world.hostEmails, ...(await startupEmails())])
      sent.set(address, (await emailsTo(address)).length);
  });

  afterAll(async () => {
    await inspect?.close();
    await queue?.close();
    await api?.stop();
    await app?.destroy();
  });

  async function startupEmails(): Promise<string[]> {
    const startups = await getRepositories(app.db).startups.list({}, { limit: 100, page: 1 });
    return startups.items.map((s) => s.contact.email);
  }

  /** Who gets e-mails of `meetings`: the host of each and the startup of each, as many as their meetings. */
  async function expectedPerAddress(): Promise<Map<string, number>> {
    const repositories = getRepositories(app.db);
    const counts = new Map<string, number>();
    for (const meeting of meetings) {
      const need = await repositories.needs.findById(meeting.needId);
      const startup = await repositories.startups.findById(meeting.startupId);
      for (const address of [need!.owner.email, startup!.contact.email])
        counts.set(address, (counts.get(address) ?? 0) + 1);
    }
    return counts;
  }

  it('the day before: a reminder with the meeting and its calendar entry goes out at once; the outcome e-mails wait for the day after', async () => {
    const result = await queueMeetingMail(
      { repos: getRepositories(app.db), changes: api.changes, logger: silentLogger() },
      queue,
      {
        eventId: world.eventId,
        publicUrl: app.publicUrl,
        now: DAY_BEFORE,
      },
    );
    expect(result.queued).toBe(meetings.length * 4);

    const expected = await expectedPerAddress();
    for (const [address, count] of expected) {
      const emails = await waitForEmails(address, (sent.get(address) ?? 0) + count);
      const reminders = emails.slice(sent.get(address) ?? 0);
      expect(reminders).toHaveLength(count);
      for (const reminder of reminders) {
        // In the recipient's language: the need's for the host, the profile's for the startup.
        expect(reminder.subject).toMatch(
          /^(Påminnelse: möte måndag 29 mars 2027 kl\. 09:|Reminder: meeting on Monday, 29 March 2027 at 09:)/,
        );
        expect(reminder.text).toMatch(/Matchmakingdag, test/);
        expect(reminder.text).toMatch(/Bord [12]/);
        const { attachments } = reminder as ReceivedEmail & { attachments?: { contentType: string }[] };
        expect(attachments?.map((a) => a.contentType)).toContain('text/calendar');
        const source = await sourceOf(reminder);
        expect(source).toMatch(/BEGIN:VCALENDAR/);
        expect(source).toMatch(/DTSTART:2027032\dT0[78]\d{4}Z/);
      }
      sent.set(address, emails.length);
    }

    // Each outcome e-mail waits until 09:00 Stockholm (07:00 UTC) on 30 March: 45 hours after `now`.
    const delayed = await inspect.getDelayed();
    expect(delayed).toHaveLength(meetings.length * 2);
    for (const job of delayed) {
      expect(job.opts.delay).toBe(45 * HOUR_MS);
      expect((job.data as { subject: string }).subject).toMatch(
        /^(Vad ledde mötet till\?|What did the meeting lead to\?)/,
      );
    }

    // Publishing again (the same meetings) queues nothing twice.
    const again = await queueMeetingMail(
      { repos: getRepositories(app.db), changes: api.changes, logger: silentLogger() },
      queue,
      {
        eventId: world.eventId,
        publicUrl: app.publicUrl,
        now: DAY_BEFORE,
      },
    );
    expect(again.queued).toBe(0);
    expect(await inspect.getDelayedCount()).toBe(meetings.length * 2);
  });

  it('after the day: the link records the side without signing in, and can be used again to correct it', async () => {
    // The day after has come for the queue: the delayed e-mails go out now.
    for (const job of await inspect.getDelayed()) await job.promote();
    const startup = await getRepositories(app.db).startups.findById(meetings[0]!.startupId);
    const address = startup!.contact.email;
    const count = meetings.filter((m) => m.startupId === meetings[0]!.startupId).length;
    const emails = await waitForEmails(address, (sent.get(address) ?? 0) + count);
    const requests = emails.slice(sent.get(address) ?? 0);
    expect(requests).toHaveLength(count);
    const request = requests.find((email) => email.text.includes(startup!.name))!;
    expect(request.subject).toMatch(/^(Vad ledde mötet till\?|What did the meeting lead to\?)/);
    const link = outcomeLinkIn(request);

    const client = new CookieClient(app.baseUrl);
    const path = link.slice(app.publicUrl.length);
    // The page speaks the recipient's language; this reader chooses Swedish, as the language link does.
    expect((await client.get(`${path}&lang=sv`)).status).toBe(303);
    const page = await client.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Vad ledde mötet till\?/);
    const stored = () => getRepositories(app.db).outcomes.listByEvent(world.eventId);
    expect(await stored()).toEqual([]);

    const token = new URL(link).searchParams.get('token')!;
    const missing = await client.postForm('/outcome', page, { token, attendance: 'held' });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(/Välj om ni vill gå vidare med varandra/);
    expect(missing.text).toMatch(/Välj vilket nästa steg ni kom överens om/);
    expect(await stored()).toEqual([]);

    const saved = await client.postForm('/outcome', page, {
      token,
      attendance: 'held',
      interest: 'yes',
      nextStep: 'demo',
      note: 'Demo hos förvaltningen i april',
    });
    expect(saved.status).toBe(200);
    expect(saved.text).toMatch(/Tack! Ditt svar är sparat\./);
    let records: Outcome[] = await stored();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      side: 'startup',
      startupId: startup!.id,
      attendance: 'held',
      nextStep: 'demo',
      recordedBy: { role: 'participant', via: 'link' },
    });

    const corrected = await client.postForm('/outcome', await client.get(path), {
      token,
      attendance: 'no_show',
    });
    expect(corrected.status).toBe(200);
    records = await stored();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ attendance: 'no_show', absent: ['host'], version: 2 });
    expect(records[0]!.history).toEqual([
      expect.objectContaining({ attendance: 'held', nextStep: 'demo', version: 1 }),
    ]);
  });

  it('an expired or unknown link says so and stores nothing', async () => {
    const before = (await getRepositories(app.db).outcomes.listByEvent(world.eventId)).length;
    const longAgo = new Date('2020-01-01T10:00:00Z');
    const { secret } = await issueOutcomeLink(
      getRepositories(app.db),
      {
        eventId: world.eventId,
        meetingId: meetings[1]!.id,
        side: 'host',
        name: 'Anna Lindqvist',
        language: 'sv',
      },
      new Date('2020-01-02T07:00:00Z'),
      longAgo,
    );
    const client = new CookieClient(app.baseUrl);
    const expired = await client.get(`/outcome?token=${encodeURIComponent(secret)}`);
    expect(expired.status).toBe(410);
    expect(expired.text).toMatch(/Länken har gått ut/);
    const formPage = await client.get('/sign-in');
    const posted = await client.postForm('/outcome', formPage, {
      token: secret,
      attendance: 'held',
      interest: 'yes',
      nextStep: 'demo',
    });
    expect(posted.status).toBe(410);
    const unknown = await client.postForm('/outcome', formPage, {
      token: `mmt_${'A'.repeat(43)}`,
      attendance: 'held',
      interest: 'yes',
      nextStep: 'demo',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toMatch(/Länken fungerar inte/);
    expect(await getRepositories(app.db).outcomes.listByEvent(world.eventId)).toHaveLength(before);
  });
});

describe('publishing queues the e-mails', () => {
  it('POST /events/:id/schedule/publish queues a reminder and an outcome e-mail per participant and meeting', async () => {
    const config = getConfig();
    const prefix = `test-${Date.now()}-publish-mail`;
    const queue = createDelayedMailQueue({
      redisUrl: config.REDIS_URL,
      prefix,
      attempts: 1,
      timeoutMs: 5_000,
    });
    const inspect = openMailQueue(prefix);
    let api: TestApp | undefined;
    try {
      // The hook runs with the real clock: the meetings of March 2027 are ahead, so nothing goes out yet.
      api = await startTestApp({
        afterPublish: (eventId) =>
          meetingMailAfterPublish(
            { repos: getRepositories(api!.db), changes: api!.changes, logger: silentLogger() },
            queue,
            'http://matchmaker.test',
          )(eventId),
      });
      const { meetings } = await publishWorld(api);
      expect(await inspect.getDelayedCount()).toBe(meetings.length * 4);
    } finally {
      await inspect.obliterate({ force: true });
      await inspect.close();
      await queue.close();
      await api?.destroy();
    }
  });
});

function silentLogger() {
  return pino({ level: 'silent' });
}
