import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Connection } from 'mongoose';
import { pino } from 'pino';
import { connectDatabase, ensureIndexes, databaseOf, getRepositories } from '../../models';
import { createApp } from '../../services/api';
import { issueApiKey } from '../../services/api-keys';
import { createMatchesProducer } from '../../services/queue/change.producer';
import { buildOrganisation, startTestApp, type TestApp } from '../support';
import { startPrivateFerretDB, type PrivateServer } from '../workers/support/private-servers';

interface ProblemBody {
  status: number;
  code: string;
  errors: { path: string; message: string }[];
}

describe('client errors are 400, not 500', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app.destroy();
  });

  it.each(['/needs/%ff', '/organisations/%E0%A4%A', '/events/%ff/availability/host/%ff'])(
    'answers 400 problem+json for the bad percent-encoding of %s',
    async (path) => {
      const response = await app.request<ProblemBody>('GET', path, { key: app.facilitatorKey });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, code: 'malformed_url' });
    },
  );

  it('answers 400 for a body sent as gzip that is not gzip, and accepts real gzip', async () => {
    const headers = { 'content-encoding': 'gzip', 'content-type': 'application/json' };
    const bad = await app.request<ProblemBody>('POST', '/organisations', {
      key: app.facilitatorKey,
      headers,
      body: JSON.stringify(buildOrganisation()),
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 400, code: 'malformed_body' });
    const good = await fetch(`${app.baseUrl}/organisations`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${app.facilitatorKey}` },
      body: gzipSync(JSON.stringify(buildOrganisation({ name: 'Gzip kommun' }))),
    });
    expect(good.status).toBe(201);
  });
});

describe('outages are 503, not 500', () => {
  it('POST /matches/rebuild answers 503 queue_unavailable while Redis is down', async () => {
    const producer = createMatchesProducer({
      redisUrl: 'redis://127.0.0.1:1',
      prefix: 'test-outage',
      policy: { attempts: 1, backoffMs: 100 },
      timeoutMs: 300,
      listen: false,
    });
    const app = await startTestApp({ matchesQueue: producer });
    try {
      const response = await app.request<ProblemBody>('POST', '/matches/rebuild', {
        key: app.facilitatorKey,
      });
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('queue_unavailable');
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await app.destroy();
      await producer.close();
    }
  });

  describe('with the database down', () => {
    let server: PrivateServer;
    let db: Connection;
    let http: Server;
    let baseUrl: string;
    let key: string;

    beforeAll(async () => {
      server = await startPrivateFerretDB();
      db = await connectDatabase(server.url, { serverSelectionTimeoutMS: 1_000 });
      await ensureIndexes(db);
      key = (await issueApiKey(getRepositories(db), { role: 'facilitator', name: 'outage' })).key;
      const app = createApp({
        db: databaseOf(db),
        changes: { publish: async () => undefined },
        logger: pino({ level: 'silent' }),
      });
      http = await new Promise<Server>((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
      });
      baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    }, 60_000);

    afterAll(async () => {
      http?.closeAllConnections();
      http?.close();
      await db?.close(true);
      await server?.destroy();
    });

    it('reads and writes answer 503 database_unavailable with Retry-After', async () => {
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      expect((await fetch(`${baseUrl}/organisations`, { headers })).status).toBe(200);
      await server.kill();
      for (const [method, body] of [
        ['GET', undefined],
        ['POST', JSON.stringify(buildOrganisation())],
      ] as const) {
        const response = await fetch(`${baseUrl}/organisations`, {
          method,
          headers,
          ...(body ? { body } : {}),
        });
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await response.json()).toMatchObject({ status: 503, code: 'database_unavailable' });
      }
    }, 60_000);
  });
});
