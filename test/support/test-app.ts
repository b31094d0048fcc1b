import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { pino } from 'pino';
import { issueApiKey } from '../../services/api-keys';
import { createApp, type AppDeps } from '../../services/api';
import type { ChangePublisher } from '../../services/changes';
import { assertMatchesContract } from './contract';
import { RecordingChangePublisher } from './recording-change-publisher';
import { connectTestDatabase, testDatabaseName } from './test-database';
import { databaseOf, getRepositories } from '../../models';

/** Options of {@link startTestApp}; anything of AppDeps except the database may be overridden (`rateLimitPerMinute` and `authFailuresPerMinute` default to 100 000 here). */
export interface StartTestAppOptions extends Partial<Omit<AppDeps, 'db' | 'changes'>> {
  /** Reuse a database (e.g. to restart the app on the same data). @default a new `test-<uuid>` */
  dbName?: string;
  /** Also told of every change (e.g. a real queue producer); `TestApp.changes` records them either way. */
  changes?: ChangePublisher;
}

/** An HTTP response read as JSON (or text when it is not JSON; `undefined` for an empty body). */
export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Options of one request. */
export interface TestRequest {
  /** API key sent as `Authorization: Bearer`. */
  key?: string;
  /** Serialised as JSON unless it is a string (sent as is, e.g. malformed JSON). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** The real app listening on 127.0.0.1:<random port> over its own database. */
export interface TestApp {
  baseUrl: string;
  dbName: string;
  db: Connection;
  /** Every change the API published (after the optional `options.changes` accepted it). */
  changes: RecordingChangePublisher;
  /** A facilitator key made at start. */
  facilitatorKey: string;
  request<T = unknown>(method: string, path: string, options?: TestRequest): Promise<TestResponse<T>>;
  /** Issues a key straight through the service (no HTTP) and returns the secret. */
  createKey(
    input:
      | { role: 'facilitator' }
      | { role: 'development_head'; organisationId: string }
      | { role: 'startup'; startupId: string },
  ): Promise<string>;
  /** Stops the server and closes the connection; the database stays. */
  stop(): Promise<void>;
  /** Drops the database, then stops. Call in afterAll. */
  destroy(): Promise<void>;
}

/**
 * Starts the real app (createApp) on port 0 against a fresh (or named) database, with a silent
 * logger and a recording change publisher. Example:
 *
 *   const app = await startTestApp();                       // afterAll: await app.destroy()
 *   const res = await app.request('POST', '/needs', { key: app.facilitatorKey, body });
 */
export async function startTestApp(options: StartTestAppOptions = {}): Promise<TestApp> {
  const { dbName = testDatabaseName(), changes: downstream, ...rest } = options;
  const recorder = new RecordingChangePublisher();
  const changes: ChangePublisher = {
    async publish(change) {
      await downstream?.publish(change);
      await recorder.publish(change);
    },
  };
  const db = await connectTestDatabase(dbName);
  // Tests make many requests with one key; the limit is tested on its own with a small value.
  const app = createApp({
    logger: pino({ level: 'silent' }),
    rateLimitPerMinute: 100_000,
    authFailuresPerMinute: 100_000,
    ...rest,
    db: databaseOf(db),
    changes,
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const createKey: TestApp['createKey'] = async (input) =>
    (await issueApiKey(getRepositories(db), { name: `test ${input.role}`, ...input })).key;
  const facilitatorKey = await createKey({ role: 'facilitator' });

  async function request<T>(method: string, path: string, init: TestRequest = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.key !== undefined) headers.authorization = `Bearer ${init.key}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = text === '' ? undefined : text;
    if (/json/.test(response.headers.get('content-type') ?? '')) parsed = JSON.parse(text);
    // Every answer a test gets is held to /openapi.json, so the contract cannot drift.
    assertMatchesContract({
      method,
      path,
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: parsed,
    });
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  async function stop(): Promise<void> {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
    await db.close();
  }

  return {
    baseUrl,
    dbName,
    db,
    changes: recorder,
    facilitatorKey,
    request,
    createKey,
    stop,
    async destroy() {
      await db.dropDatabase();
      await stop();
    },
  };
}
