import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { getConfig } from '../../config';
import { getRepositories } from '../../models';
import { createMailProducer, type MailProducer } from '../../services/mail';
import { startTestApp, type TestApp } from '../support';
import type { CookieClient } from '../support/browser-less-session';
import { signedIn } from './agenda-world';

/**
 * Sessions are for people's pages: a request with an API key neither reads nor renews a session
 * (no Set-Cookie, no session written), even when it carries a session cookie; a signed-in page
 * and a signed-in person's own API calls keep theirs.
 */

const SESSION_HOURS = 1;

let app: TestApp;
let redis: Redis;
let mail: MailProducer;
let prefix: string;
let client: CookieClient;

beforeAll(async () => {
  const config = getConfig();
  prefix = `test-${randomUUID()}`;
  redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  mail = createMailProducer({ redisUrl: config.REDIS_URL, prefix, attempts: 1, timeoutMs: 2_000 });
  app = await startTestApp({
    people: {
      redis,
      sessionSecret: 'test-session-secret-of-at-least-32-characters',
      sessionHours: SESSION_HOURS,
      publicUrl: 'http://127.0.0.1',
      mail,
      contactEmail: 'tillganglighet@matchmaker.test',
      sessionPrefix: `${prefix}:session:`,
    },
  });
  const person = await getRepositories(app.db).people.create({
    role: 'facilitator',
    name: 'Frida Fors',
    email: `frida-${prefix}@matchmaker.test`,
    language: 'sv',
  });
  if (!person) throw new Error('person not made');
  client = await signedIn(app, person);
});

afterAll(async () => {
  await app.destroy();
  await mail.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

function sessionKeys(): Promise<string[]> {
  return redis.keys(`${prefix}:session:*`);
}

/** The signed-in session's key, its time to live cut to 100 s so a renewal (back to an hour) shows. */
async function shortenedSession(): Promise<string> {
  const [key, ...others] = await sessionKeys();
  expect(others).toEqual([]);
  await redis.expire(key as string, 100);
  return key as string;
}

it('an API-key request reads and renews no session: no Set-Cookie, no session written, with or without a cookie', async () => {
  const key = await shortenedSession();
  for (const cookie of [client.cookieHeader(), undefined]) {
    const response = await fetch(`${app.baseUrl}/needs?limit=1`, {
      headers: { authorization: `Bearer ${app.facilitatorKey}`, ...(cookie ? { cookie } : {}) },
    });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual([]);
  }
  expect(await sessionKeys()).toEqual([key]);
  expect(await redis.ttl(key)).toBeLessThanOrEqual(100);
});

it('a signed-in page and the signed-in person’s own API calls keep their session', async () => {
  const key = await shortenedSession();
  const page = await client.get('/app/');
  expect(page.status).toBe(200);
  expect(page.text).toContain('name="csrf-token"');
  expect(page.headers.getSetCookie().some((line) => line.startsWith('mm_session='))).toBe(true);
  expect(await redis.ttl(key)).toBeGreaterThan(SESSION_HOURS * 3600 - 60);

  const needs = await fetch(`${app.baseUrl}/needs?limit=1`, { headers: { cookie: client.cookieHeader() } });
  expect(needs.status).toBe(200);
  expect(await sessionKeys()).toEqual([key]);
});
