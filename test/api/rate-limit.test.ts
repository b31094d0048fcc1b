import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { getConfig } from '../../config';
import { batchedReads } from '../../services/read-models';
import { startTestApp, testDatabaseName, type TestApp } from '../support';
import { until } from '../support/until';

interface ProblemBody {
  status: number;
  code: string;
}

const randomToken = () => `mm_${randomBytes(32).toString('base64url')}`;

let redis: Redis;
let prefix: string;

beforeAll(() => {
  redis = new Redis(getConfig().REDIS_URL);
  prefix = `test-${randomUUID()}`;
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('rate limits that hold', () => {
  it('counts failed authentications per client address: random bearer tokens get 429 after the limit', async () => {
    const app = await startTestApp({
      authFailuresPerMinute: 5,
      rateLimitStore: { redis, prefix: `${prefix}-failures` },
    });
    try {
      for (let i = 0; i < 10; i += 1)
        expect((await app.request('GET', '/needs', { key: app.facilitatorKey })).status).toBe(200);
      const statuses: number[] = [];
      for (let i = 0; i < 8; i += 1)
        statuses.push((await app.request('GET', '/needs', { key: randomToken() })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      const limited = await app.request<ProblemBody>('GET', '/needs', { key: randomToken() });
      expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(limited.headers.get('retry-after')).toBe('60');
      expect(await redis.keys(`${prefix}-failures:rate-limit:auth-failures:*`)).toHaveLength(1);
    } finally {
      await app.destroy();
    }
  });

  it('counts only answered 401s: many requests at once from one address with a valid key all pass', async () => {
    const app = await startTestApp({
      authFailuresPerMinute: 2,
      rateLimitStore: { redis, prefix: `${prefix}-in-flight` },
    });
    try {
      const statuses = await Promise.all(
        Array.from(
          { length: 20 },
          async () => (await app.request('GET', '/needs', { key: app.facilitatorKey })).status,
        ),
      );
      expect(statuses).toEqual(Array.from({ length: 20 }, () => 200));
      expect((await app.request('GET', '/needs', { key: randomToken() })).status).toBe(401);
      expect((await app.request('GET', '/needs', { key: randomToken() })).status).toBe(401);
      expect((await app.request('GET', '/needs', { key: app.facilitatorKey })).status).toBe(429);
    } finally {
      await app.destroy();
    }
  });

  it('keeps the counters in Redis, so two API processes share one limit per key', async () => {
    const dbName = testDatabaseName();
    const shared = { rateLimitPerMinute: 4, rateLimitStore: { redis, prefix: `${prefix}-shared` }, dbName };
    const first: TestApp = await startTestApp(shared);
    const second: TestApp = await startTestApp(shared);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const app = i % 2 === 0 ? first : second;
        statuses.push((await app.request('GET', '/organisations', { key: first.facilitatorKey })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await second.stop();
      await first.destroy();
    }
  });

  it('reads an address’s failed authentications through the given reader (the API’s sends a turn’s reads as one MGET) and still refuses past the limit', async () => {
    const sent: string[][] = [];
    const read = batchedReads({
      mget: (...keys: string[]) => {
        sent.push(keys);
        return redis.mget(...keys);
      },
    });
    const app = await startTestApp({
      authFailuresPerMinute: 2,
      rateLimitStore: { redis, prefix: `${prefix}-read`, read },
    });
    try {
      const statuses = await Promise.all(
        Array.from(
          { length: 20 },
          async () => (await app.request('GET', '/needs', { key: app.facilitatorKey })).status,
        ),
      );
      expect(statuses).toEqual(Array.from({ length: 20 }, () => 200));
      const failuresKey = `${prefix}-read:rate-limit:auth-failures:ip:127.0.0.1`;
      expect(sent.flat().length).toBeGreaterThan(0);
      expect(sent.every((keys) => keys.length === 1 && keys[0] === failuresKey)).toBe(true);
      expect((await app.request('GET', '/needs', { key: randomToken() })).status).toBe(401);
      expect((await app.request('GET', '/needs', { key: randomToken() })).status).toBe(401);
      await until('both failures counted', async () =>
        (await redis.get(failuresKey)) === '2' ? true : undefined,
      );
      expect((await app.request('GET', '/needs', { key: app.facilitatorKey })).status).toBe(429);
    } finally {
      await app.destroy();
    }
  });
});
