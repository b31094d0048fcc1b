import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { getConfig } from '../../config';
import { getRepositories, type Person } from '../../models';
import type { Meeting } from '../../scheduling';
import { createMailProducer, MAIL_QUEUE, type MailProducer } from '../../services/mail';
import { createDelayedMailQueue, queueMeetingMail } from '../../services/outcomes';
import { issueSignInLink } from '../../services/people';
import { bullConnectionFromUrl } from '../../services/queue/redis-options';
import { createScheduleWorld, type ScheduleWorld } from '../schedules/schedule-setup';
import { startTestApp, type TestApp } from '../support';
import { CookieClient, type PageResponse } from '../support/browser-less-session';

/** Where the calendar addresses of the agenda tests point (the tests fetch their paths from the app). */
export const AGENDA_PUBLIC_URL = 'http://matchmaker.test';

/** The real app with sessions and pages over its own database and Redis prefix, and a published schedule. */
export interface AgendaWorld {
  app: TestApp;
  world: ScheduleWorld;
  /** The published meetings. */
  meetings: Meeting[];
  publishedVersion: number;
  /** Phones given to the two hosts (Anna of organisation A, Johan of organisation B). */
  hostPhones: [string, string];
  /** A development head of organisation A (Anna's organisation). */
  developmentHead: Person;
  /** A startup person of the startup of the first published meeting. */
  startupPerson: Person;
  /** The Redis prefix of the app's queues and sessions. */
  prefix: string;
  destroy(): Promise<void>;
}

async function hostOf(app: TestApp, email: string): Promise<{ id: string; version: number }> {
  const found = await app.request<{ items: { id: string; version: number }[] }>(
    'GET',
    `/hosts?email=${encodeURIComponent(email)}`,
    { key: app.facilitatorKey },
  );
  const host = found.body.items[0];
  if (!host) throw new Error(`no host ${email}`);
  return host;
}

/** Gives host `email` a phone number. */
async function givePhone(app: TestApp, email: string, phone: string): Promise<void> {
  const host = await hostOf(app, email);
  const patched = await app.request('PATCH', `/hosts/${host.id}`, {
    key: app.facilitatorKey,
    headers: { 'if-match': `"${host.version}"` },
    body: { phone },
  });
  if (patched.status !== 200) throw new Error(`PATCH host: ${patched.status}`);
}

/** Sets host `email`'s availability to one window on the event's first day (as a facilitator); the answer's status. */
export async function setHostWindow(
  app: TestApp,
  eventId: string,
  email: string,
  window: { start: string; end: string },
): Promise<number> {
  const event = await app.request<{ days: { date: string }[] }>('GET', `/events/${eventId}`, {
    key: app.facilitatorKey,
  });
  const set = await app.request('PUT', `/events/${eventId}/availability`, {
    key: app.facilitatorKey,
    body: {
      participantKind: 'host',
      participantId: email,
      windows: [{ date: event.body.days[0]!.date, ...window }],
    },
  });
  return set.status;
}

/** Builds and publishes the current draft (or builds a new one first); returns the published view. */
export async function buildAndPublish(
  app: TestApp,
  eventId: string,
): Promise<{ version: number; meetings: Meeting[] }> {
  const built = await app.request<{ version: number }>('POST', `/events/${eventId}/schedule`, {
    key: app.facilitatorKey,
    body: {},
  });
  if (built.status !== 201) throw new Error(`build: ${built.status} ${JSON.stringify(built.body)}`);
  return publish(app, eventId, built.body.version);
}

/** Publishes draft `draftVersion`. */
export async function publish(
  app: TestApp,
  eventId: string,
  draftVersion: number,
): Promise<{ version: number; meetings: Meeting[] }> {
  const published = await app.request<{ version: number; meetings: Meeting[] }>(
    'POST',
    `/events/${eventId}/schedule/publish`,
    { key: app.facilitatorKey, body: { draftVersion } },
  );
  if (published.status !== 200) throw new Error(`publish: ${published.status}`);
  return published.body;
}

/** Cancels one meeting (facilitator) and publishes the repaired draft. */
export async function cancelAndRepublish(
  app: TestApp,
  eventId: string,
  meetingId: string,
): Promise<Meeting[]> {
  const repaired = await app.request<{ version: number }>('POST', `/events/${eventId}/cancellations`, {
    key: app.facilitatorKey,
    body: { kind: 'meeting', meetingId, reason: 'Sjuk' },
  });
  if (repaired.status !== 201) throw new Error(`cancel: ${repaired.status} ${JSON.stringify(repaired.body)}`);
  return (await publish(app, eventId, repaired.body.version)).meetings;
}

/** Starts the app with pages, makes the small world of test/schedules, gives hosts phones, publishes a schedule and makes two people. */
export async function startAgendaWorld(): Promise<AgendaWorld> {
  const config = getConfig();
  const prefix = `test-${randomUUID()}`;
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  // Nobody is sent mail here (people sign in with links made in the test), but sign-in needs a queue.
  const mail: MailProducer = createMailProducer({
    redisUrl: config.REDIS_URL,
    prefix,
    attempts: 1,
    timeoutMs: 2_000,
  });
  const app = await startTestApp({
    people: {
      redis,
      sessionSecret: 'test-session-secret-of-at-least-32-characters',
      sessionHours: 1,
      publicUrl: AGENDA_PUBLIC_URL,
      mail,
      contactEmail: 'tillganglighet@matchmaker.test',
      sessionPrefix: `${prefix}:session:`,
    },
  });
  const world = await createScheduleWorld(app);
  const hostPhones: [string, string] = ['070-111 22 33', '070-444 55 66'];
  await givePhone(app, world.hostEmails[0], hostPhones[0]);
  await givePhone(app, world.hostEmails[1], hostPhones[1]);
  const published = await buildAndPublish(app, world.eventId);
  const people = getRepositories(app.db).people;
  const annaHost = await hostOf(app, world.hostEmails[0]);
  const developmentHead = await people.create({
    role: 'development_head',
    name: 'Dora Dahl',
    email: `dora-${prefix}@tomelilla.se`,
    language: 'sv',
    organisationId: world.organisationIds[0],
    hostId: annaHost.id,
  });
  const firstStartup = published.meetings[0]?.startupId;
  if (!developmentHead || !firstStartup) throw new Error('world not made');
  const startupPerson = await people.create({
    role: 'startup',
    name: 'Sam Startup',
    email: `sam-${prefix}@example.se`,
    language: 'sv',
    startupId: firstStartup,
  });
  if (!startupPerson) throw new Error('startup person not made');
  return {
    app,
    world,
    meetings: published.meetings,
    publishedVersion: published.version,
    hostPhones,
    developmentHead,
    startupPerson,
    prefix,
    async destroy() {
      await app.destroy();
      await mail.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}

/** A client signed in as `person` (a sign-in link made here, opened and pressed as a browser does). */
export async function signedIn(app: TestApp, person: Person): Promise<CookieClient> {
  const client = new CookieClient(app.baseUrl);
  const link = await issueSignInLink(getRepositories(app.db), person, new Date());
  let page: PageResponse = await client.get(`/sign-in/link?token=${encodeURIComponent(link.secret)}`);
  while (page.status === 303 && page.location) page = await client.get(page.location);
  const pressed = await client.postForm('/sign-in/link', page, { token: link.secret });
  if (pressed.status !== 303) throw new Error(`sign-in: ${pressed.status}`);
  return client;
}

/** The path of a calendar address (the app is reached at its own origin in the tests). */
export function pathOf(url: string): string {
  const parsed = new URL(url.replace(/^webcal:/, 'https:'));
  return `${parsed.pathname}${parsed.search}`;
}

/** One meeting as the agenda pages show it: time, table, need, organisation, host and startup text. */
export interface ShownMeeting {
  time: string;
  table: string;
  need: string;
  organisation: string;
  host: string;
  startup: string;
}

function text(fragment: string): string {
  return fragment
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The meetings an agenda page shows, in its order. */
export function shownMeetings(page: string): ShownMeeting[] {
  return [...page.matchAll(/<li class="agenda-item">([\s\S]*?)<\/li>/g)].map(([, item = '']) => {
    const when = /<p class="agenda-item__when"><strong>([^<]+)<\/strong> · ([^<]+)<\/p>/.exec(item);
    const details = [...item.matchAll(/<dd>([\s\S]*?)<\/dd>/g)].map(([, dd = '']) => text(dd));
    return {
      time: when?.[1] ?? '',
      table: when?.[2]?.trim() ?? '',
      need: details[0] ?? '',
      organisation: details[1] ?? '',
      host: details[2] ?? '',
      startup: details[3] ?? '',
    };
  });
}

/** A week before the world's meetings (March 2027): their reminders and outcome requests are due to be queued. */
const WEEK_BEFORE_MEETINGS = new Date('2027-03-22T10:00:00Z');

/** Queues the published meetings' reminders and outcome requests as the API does a week before them (delayed: not sent). */
export async function queueAgendaMeetingMail(agenda: AgendaWorld): Promise<void> {
  const meetingMail = createDelayedMailQueue({
    redisUrl: getConfig().REDIS_URL,
    prefix: agenda.prefix,
    attempts: 1,
    timeoutMs: 5_000,
  });
  try {
    await queueMeetingMail(
      {
        repos: getRepositories(agenda.app.db),
        changes: agenda.app.changes,
        logger: pino({ level: 'silent' }),
      },
      meetingMail,
      { eventId: agenda.world.eventId, publicUrl: agenda.app.baseUrl, now: WEEK_BEFORE_MEETINGS },
    );
  } finally {
    await meetingMail.close();
  }
}

/** The mail queue under `prefix`, to look at what waits in it (close it after). */
export function openMailQueue(prefix: string): Queue {
  return new Queue(MAIL_QUEUE, {
    connection: bullConnectionFromUrl(getConfig().REDIS_URL, 'fail-fast'),
    prefix,
  });
}
