import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose, { type Connection } from 'mongoose';
import { pino } from 'pino';
import { getConfig } from '../../config';
import { databaseOf, ensureIndexes, getRepositories } from '../../models';
import { createApp } from '../../services/api';
import { issueApiKey } from '../../services/api-keys';
import { buildNeed, buildOrganisation, testDatabaseName } from '../support';
import { RecordingChangePublisher } from '../support/recording-change-publisher';

/**
 * What a `PATCH /needs/:id` asks of the database (FerretDB here; commands counted by the driver's
 * monitoring): the need as it was comes from the read model, a stale `If-Match` is answered from
 * it, and a write is its claim, the version check, the write, the claim's release and the audit
 * entry. The app is the real one, over a connection of the test's own.
 */
let conn: Connection;
let server: Server;
let baseUrl: string;
let key: string;
let organisationId: string;
const changes = new RecordingChangePublisher();
const commands: string[] = [];
/** Whether the needs read model loaded everything since `commands` was emptied (its reads then mix in). */
let reloaded = false;

beforeAll(async () => {
  conn = await mongoose
    .createConnection(getConfig().MONGODB_URI, { dbName: testDatabaseName(), monitorCommands: true })
    .asPromise();
  await ensureIndexes(conn);
  const app = createApp({
    db: databaseOf(conn),
    changes,
    logger: pino({ level: 'silent' }),
    rateLimitPerMinute: 100_000,
    authFailuresPerMinute: 100_000,
  });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const repos = getRepositories(conn);
  key = (await issueApiKey(repos, { role: 'facilitator', name: 'need writes' })).key;
  organisationId = (await repos.organisations.create(buildOrganisation() as never)).id;
  conn.getClient().on('commandStarted', (event) => {
    const command = event.command as Record<string, unknown>;
    const collection = String(command[event.commandName]);
    // The read models' whole loads (every 2 s at most) and key look-ups are not the write's.
    const wholeLoad = event.commandName === 'find' && Object.keys(command.filter ?? {}).length === 0;
    if (wholeLoad) reloaded = true;
    else if (collection !== 'api_keys') commands.push(`${event.commandName} ${collection}`);
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
});

async function call(
  method: string,
  path: string,
  init: { body?: unknown; ifMatch?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.ifMatch === undefined ? {} : { 'if-match': init.ifMatch }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A need created and read once (the read model holds it), and the commands from here on. */
async function readNeed(): Promise<string> {
  const created = await call('POST', '/needs', { body: buildNeed({ organisationId }) });
  expect(created.status).toBe(201);
  const id = String(created.body.id);
  expect((await call('GET', `/needs/${id}`)).status).toBe(200);
  startCounting();
  return id;
}

function startCounting(): void {
  commands.length = 0;
  reloaded = false;
}

/**
 * Runs `attempt` until no whole load of the read model fell into it (the copy expires after 2 s, so
 * one may land between a read and the write), at most three times; the last counts regardless.
 */
async function withoutReload(attempt: (counts: () => boolean) => Promise<void>): Promise<void> {
  for (let n = 1; ; n += 1) {
    await attempt(() => !reloaded || n === 3);
    if (!reloaded || n === 3) return;
  }
}

describe('PATCH /needs/:id round trips', () => {
  it('a stale If-Match is answered 409 naming the current version, without a database command', async () => {
    await withoutReload(async (counts) => {
      const id = await readNeed();
      expect((await call('PATCH', `/needs/${id}`, { body: { priority: 4 }, ifMatch: '"1"' })).status).toBe(
        200,
      );
      expect((await call('GET', `/needs/${id}`)).body.version).toBe(2);
      startCounting();
      const stale = await call('PATCH', `/needs/${id}`, { body: { priority: 1 }, ifMatch: '"1"' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
      if (counts()) expect(commands).toEqual([]);
      expect((await call('GET', `/needs/${id}`)).body.priority).toBe(4);
    });
  });

  it('a write is claim, version check, write, release and audit entry: the need and its host are not read before or after', async () => {
    await withoutReload(async (counts) => {
      const id = await readNeed();
      const written = await call('PATCH', `/needs/${id}`, { body: { department: 'Ny' }, ifMatch: '"1"' });
      expect(written.status).toBe(200);
      expect(written.body).toMatchObject({ version: 2, department: 'Ny', owner: { name: 'Karin Berg' } });
      if (counts())
        expect([...commands].sort()).toEqual(
          [
            'insert version_claims',
            'find needs',
            'findAndModify needs',
            'delete version_claims',
            'insert audit_log',
          ].sort(),
        );
      const { items } = await getRepositories(conn).audit.list({ recordId: id }, { limit: 1, page: 1 });
      expect(items[0]).toMatchObject({
        action: 'update',
        changes: [{ path: 'department', before: 'Miljöförvaltningen', after: 'Ny' }],
      });
    });
  });

  it('an If-Match ahead of the read model is checked in the database (409 with the stored version)', async () => {
    const id = await readNeed();
    const ahead = await call('PATCH', `/needs/${id}`, { body: { priority: 1 }, ifMatch: '"7"' });
    expect(ahead.status).toBe(409);
    expect(ahead.body.currentVersion).toBe(1);
    expect(commands).toContain('find needs');
  });
});
