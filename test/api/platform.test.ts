import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { getConfig } from '../../config';
import { connectDatabase, databaseOf } from '../../models';
import { createApp } from '../../services/api';
import { errorHandler } from '../../services/api/middleware';
import { ignoreChanges } from '../../services/changes';
import { buildNeed, buildOrganisation, startTestApp, testDatabaseName, type TestApp } from '../support';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors: unknown[];
}

const silent = pino({ level: 'silent' });

describe('health', () => {
  let app: TestApp;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(getConfig().REDIS_URL, { lazyConnect: true });
    await redis.connect();
    app = await startTestApp({ redis });
  });

  afterAll(async () => {
    await app.destroy();
    await redis.quit();
  });

  it('/healthz answers 200 without a key', async () => {
    const response = await app.request('GET', '/healthz');
    expect(response).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('/readyz answers 200 when the database and Redis answer', async () => {
    const response = await app.request('GET', '/readyz');
    expect(response).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', redis: 'ok' } },
    });
  });

  it('/readyz answers 503 naming Redis when Redis does not answer', async () => {
    const deadRedis = new Redis({
      host: '127.0.0.1',
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const other = await startTestApp({ redis: deadRedis });
    try {
      const response = await other.request('GET', '/readyz');
      expect(response).toMatchObject({
        status: 503,
        body: { status: 'unavailable', checks: { database: 'ok', redis: 'down' } },
      });
    } finally {
      await other.destroy();
      deadRedis.disconnect();
    }
  });

  it('/readyz answers 503 naming the database when its connection is closed', async () => {
    const db = await connectDatabase(getConfig().MONGODB_URI, { dbName: testDatabaseName() });
    await db.close();
    const server = createApp({ db: databaseOf(db), changes: ignoreChanges, logger: silent }).listen(
      0,
      '127.0.0.1',
    );
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ checks: { database: 'down' } });
    } finally {
      server.close();
    }
  });

  it('serves the landing page without a key', async () => {
    const response = await app.request<string>('GET', '/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.body).toContain('Matchmaker');
  });
});

describe('request limits and errors', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ bodyLimit: '2kb', rateLimitPerMinute: 1_000 });
  });

  afterAll(async () => {
    await app.destroy();
  });

  it('rejects a body over the limit with 413 problem+json and stores nothing', async () => {
    const organisationId = (
      await app.request<{ id: string }>('POST', '/organisations', {
        key: app.facilitatorKey,
        body: buildOrganisation(),
      })
    ).body.id;
    const body = buildNeed({ organisationId, description: 'x'.repeat(5_000) });
    const response = await app.request<ProblemBody>('POST', '/needs', { key: app.facilitatorKey, body });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 413, code: 'body_too_large' });
    expect(
      (await app.request<{ total: number }>('GET', '/needs', { key: app.facilitatorKey })).body.total,
    ).toBe(0);
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const response = await app.request<ProblemBody>('GET', '/nowhere', { key: app.facilitatorKey });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ status: 404, code: 'route_not_found', title: 'Not Found' });
  });

  it('sets security headers', async () => {
    const response = await app.request('GET', '/healthz');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});

describe('unexpected errors', () => {
  it('become a 500 problem without internals', async () => {
    const app = express();
    app.get('/boom', () => {
      throw new Error('secret connection string mongodb://admin:hunter2@db');
    });
    app.use(errorHandler(silent));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(JSON.parse(text)).toMatchObject({ status: 500, code: 'internal', errors: [] });
      expect(text).not.toMatch(/hunter2|secret|stack/);
    } finally {
      server.close();
    }
  });
});

describe('rate limiting', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ rateLimitPerMinute: 3 });
  });

  afterAll(async () => {
    await app.destroy();
  });

  it('answers 429 problem+json after the per-key limit, counting each key separately', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push((await app.request('GET', '/needs', { key: app.facilitatorKey })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await app.request<ProblemBody>('GET', '/needs', { key: app.facilitatorKey });
    expect(limited.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(limited.headers.get('retry-after')).toBe('60');

    const otherKey = await app.createKey({ role: 'facilitator' });
    expect((await app.request('GET', '/needs', { key: otherKey })).status).toBe(200);
  });
});

describe('restart', () => {
  it('keeps data across closing the app and its connection and starting a new one on the same database', async () => {
    const dbName = testDatabaseName();
    const first = await startTestApp({ dbName });
    const organisationId = (
      await first.request<{ id: string }>('POST', '/organisations', {
        key: first.facilitatorKey,
        body: buildOrganisation(),
      })
    ).body.id;
    const created = await first.request<{ id: string }>('POST', '/needs', {
      key: first.facilitatorKey,
      body: buildNeed({ organisationId }),
    });
    const patched = await first.request<{ id: string; version: number }>(
      'PATCH',
      `/needs/${created.body.id}`,
      {
        key: first.facilitatorKey,
        headers: { 'if-match': '"1"' },
        body: { status: 'matched' },
      },
    );
    await first.stop();

    const second = await startTestApp({ dbName });
    try {
      const read = await second.request('GET', `/needs/${created.body.id}`, { key: first.facilitatorKey });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(patched.body);
    } finally {
      await second.destroy();
    }
  });
});
