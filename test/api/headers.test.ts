import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { getConfig } from '../../config';
import { createMailProducer, type MailProducer } from '../../services/mail';
import { startTestApp, type TestApp } from '../support';

let redis: Redis;

beforeAll(() => {
  redis = new Redis(getConfig().REDIS_URL, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  await redis.quit();
});

describe('HSTS and upgrade-insecure-requests only behind TLS', () => {
  it('a deployment served over plain http sends neither', async () => {
    const app = await startTestApp();
    try {
      const response = await app.request('GET', '/healthz');
      expect(response.headers.get('strict-transport-security')).toBeNull();
      expect(response.headers.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await app.destroy();
    }
  });

  describe('a deployment whose PUBLIC_URL is https, behind a trusted proxy', () => {
    let app: TestApp;
    let mail: MailProducer;
    const prefix = `test-${randomUUID()}`;

    beforeAll(async () => {
      mail = createMailProducer({ redisUrl: getConfig().REDIS_URL, prefix, attempts: 1, timeoutMs: 1_000 });
      app = await startTestApp({
        trustProxy: 1,
        people: {
          redis,
          sessionSecret: 'test-session-secret-of-at-least-32-characters',
          sessionHours: 1,
          publicUrl: 'https://matchmaker.test',
          mail,
          contactEmail: 'tillganglighet@matchmaker.test',
          sessionPrefix: `${prefix}:session:`,
        },
      });
    });

    afterAll(async () => {
      await app.destroy();
      await mail.close();
    });

    it('sends both on requests the proxy says came over https, and neither on plain http ones (a LAN host name)', async () => {
      const overTls = await app.request('GET', '/sign-in', { headers: { 'x-forwarded-proto': 'https' } });
      expect(overTls.status).toBe(200);
      expect(overTls.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(overTls.headers.get('content-security-policy')).toMatch(/upgrade-insecure-requests/);
      const plain = await app.request('GET', '/sign-in');
      expect(plain.status).toBe(200);
      expect(plain.headers.get('strict-transport-security')).toBeNull();
      expect(plain.headers.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
    });
  });
});

describe('answers with personal data are not stored by caches', () => {
  it('GET answers of the API carry Cache-Control: no-store', async () => {
    const app = await startTestApp();
    try {
      for (const path of ['/needs', '/startups', '/organisations', '/events', '/hosts', '/api-keys']) {
        const response = await app.request('GET', path, { key: app.facilitatorKey });
        expect([path, response.status, response.headers.get('cache-control')]).toEqual([
          path,
          200,
          'no-store',
        ]);
      }
    } finally {
      await app.destroy();
    }
  });
});

describe('/readyz under a flood', () => {
  it('answers every probe of one second from one check of the database and Redis', async () => {
    let pings = 0;
    const counted = {
      ping: () => {
        pings += 1;
        return redis.ping();
      },
    };
    const app = await startTestApp({ redis: counted });
    try {
      const startedAt = Date.now();
      const answers = await Promise.all(Array.from({ length: 40 }, () => app.request('GET', '/readyz')));
      const seconds = Math.floor((Date.now() - startedAt) / 1_000) + 1;
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      // At most one check per second begun (a busy machine may stretch the flood past one second).
      expect(pings).toBeGreaterThanOrEqual(1);
      expect(pings).toBeLessThanOrEqual(seconds);
      const before = pings;
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await app.request('GET', '/readyz')).status).toBe(200);
      expect(pings).toBe(before + 1);
    } finally {
      await app.destroy();
    }
  });
});
