import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { getConfig } from '../../config';
import { ensureIndexes, getRepositories, VERSION_CLAIMS_COLLECTION, type Repositories } from '../../models';
import { buildOrganisation } from '../support';

/**
 * Versioned writes of one record from one process go one at a time: a write that waited is
 * answered from what the write before it learned when that is certain (a later version stored, or
 * the record gone), with no database command; otherwise it claims and checks as every write does.
 * Against the real database (FerretDB here), commands counted by the driver's monitoring.
 */
const config = getConfig();
let conn: Connection;
let other: Connection;
let repos: Repositories;
const commands: string[] = [];

beforeAll(async () => {
  const dbName = `test-versioned-writes-${randomUUID()}`;
  conn = await mongoose
    .createConnection(config.MONGODB_URI, { dbName, serverSelectionTimeoutMS: 5_000, monitorCommands: true })
    .asPromise();
  other = await mongoose.createConnection(config.MONGODB_URI, { dbName }).asPromise();
  await ensureIndexes(conn);
  repos = getRepositories(conn);
  conn.getClient().on('commandStarted', (event) => {
    const command = event.command as Record<string, unknown>;
    commands.push(`${event.commandName} ${String(command[event.commandName])}`);
  });
});

afterAll(async () => {
  await other.close();
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
});

async function organisation(): Promise<string> {
  return (await repos.organisations.create(buildOrganisation() as never)).id;
}

/** The commands `run` sent. */
async function sent<T>(run: () => Promise<T>): Promise<{ result: T; commands: string[] }> {
  commands.length = 0;
  const result = await run();
  return { result, commands: [...commands] };
}

describe('versioned writes of one record from one process', () => {
  it('ten concurrent updates expecting one version: one is written, nine are 409 naming its version, one claim is taken', async () => {
    const id = await organisation();
    const { result, commands: sentCommands } = await sent(() =>
      Promise.all(
        Array.from({ length: 10 }, (_, n) => repos.organisations.update(id, 1, { name: `Kommun ${n}` })),
      ),
    );
    expect(result.filter((write) => write.ok)).toHaveLength(1);
    expect(result.filter((write) => !write.ok)).toEqual(
      Array.from({ length: 9 }, () => ({ ok: false, reason: 'version_conflict', currentVersion: 2 })),
    );
    expect(sentCommands.filter((command) => command === `insert ${VERSION_CLAIMS_COLLECTION}`)).toHaveLength(
      1,
    );
    expect(sentCommands.filter((command) => command.startsWith('findAndModify'))).toHaveLength(1);
    const stored = await repos.organisations.findById(id);
    const winner = result.find((write) => write.ok);
    expect(stored).toEqual(winner?.ok ? winner.value : undefined);
    expect(stored?.version).toBe(2);
  });

  it('a write expecting the version the write before it stores waits for it and is written too', async () => {
    const id = await organisation();
    const [first, second] = await Promise.all([
      repos.organisations.update(id, 1, { name: 'Första' }),
      repos.organisations.update(id, 2, { name: 'Andra' }),
    ]);
    expect(first).toMatchObject({ ok: true, value: { version: 2, name: 'Första' } });
    expect(second).toMatchObject({ ok: true, value: { version: 3, name: 'Andra' } });
  });

  it('a write queued behind a delete of the record is answered not found, with no command', async () => {
    const id = await organisation();
    const { result, commands: sentCommands } = await sent(() =>
      Promise.all([repos.organisations.remove(id, 1), repos.organisations.update(id, 1, { name: 'Sen' })]),
    );
    expect(result[0]).toMatchObject({ ok: true });
    expect(result[1]).toEqual({ ok: false, reason: 'not_found' });
    expect(sentCommands.filter((command) => command.startsWith('insert'))).toHaveLength(1);
    expect(await repos.organisations.findById(id)).toBeNull();
  });

  it('what a write learned is not kept once no write of the record waits: another process writes, the claim catches the stale write', async () => {
    const id = await organisation();
    expect(await repos.organisations.update(id, 1, { name: 'Här' })).toMatchObject({ ok: true });
    // Another process (its own connection and repositories) writes version 3.
    expect(await getRepositories(other).organisations.update(id, 2, { name: 'Där' })).toMatchObject({
      ok: true,
    });
    // This process last stored version 2; a write expecting 2 goes to the database and is refused there.
    const stale = await sent(() => repos.organisations.update(id, 2, { name: 'Stale' }));
    expect(stale.result).toEqual({ ok: false, reason: 'version_conflict', currentVersion: 3 });
    expect(stale.commands).toContain(`insert ${VERSION_CLAIMS_COLLECTION}`);
    expect((await repos.organisations.findById(id))?.name).toBe('Där');
  });
});
