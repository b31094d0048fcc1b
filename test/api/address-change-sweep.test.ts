/**
 * The API's sweep of host address changes cut short ({@link finishAddressChanges}, what
 * `startAddressChangeSweep` runs every minute) with changes recorded by the version before changes
 * kept their author, against the real FerretDB: that version wrote the host, then logged the
 * host's write with its author, then carried the address; a change cut short after the log is
 * finished by the sweep as that author, and one cut short before it waits for the host's next write.
 */
import { pino } from 'pino';
import { getRepositories, type AuditActor, type Host, type Person, type Repositories } from '../../models';
import { recordChangeBy } from '../../services/audit';
import { finishAddressChanges } from '../../services/hosts';
import type { ServiceDeps } from '../../services/service-deps';
import { setHostWindow, startAgendaWorld, type AgendaWorld } from './agenda-world';

let agenda: AgendaWorld;
let repos: Repositories;
let deps: ServiceDeps;

/** A development head who signs in as the host with address `email`. */
async function headOf(email: string, name: string): Promise<{ host: Host; person: Person }> {
  const host = (await repos.hosts.findByEmail(email))!;
  const person = (await repos.people.create({
    role: 'development_head',
    name,
    email,
    language: 'sv',
    organisationId: host.organisationId,
    hostId: host.id,
  }))!;
  return { host, person };
}

/**
 * What a request of the older version that died two minutes ago, right after writing the host's new
 * address (and logging it, when `author` is given), left behind.
 */
async function oldChangeCutShort(host: Host, to: string, author?: AuditActor): Promise<void> {
  const at = new Date(Date.now() - 120_000);
  expect(await repos.addressChanges.begin({ hostId: host.id, from: host.email, to, at })).toBe(true);
  const written = await repos.hosts.update(host.id, host.version, { email: to });
  if (!written.ok) throw new Error(`host not written: ${written.reason}`);
  if (author)
    await recordChangeBy(
      deps,
      author,
      { action: 'update', record: { kind: 'host', id: host.id }, before: host, after: written.value },
      new Date(at.getTime() + 5),
    );
}

beforeAll(async () => {
  agenda = await startAgendaWorld();
  repos = getRepositories(agenda.app.db);
  deps = { repos, changes: agenda.app.changes, logger: pino({ level: 'silent' }) };
  for (const email of agenda.world.hostEmails)
    expect(
      await setHostWindow(agenda.app, agenda.world.eventId, email, { start: '09:00', end: '09:40' }),
    ).toBe(200);
}, 180_000);

afterAll(async () => {
  await agenda.destroy();
});

describe('the sweep of address changes recorded without their author', () => {
  it('finishes one whose host write was logged, as the logged author, and leaves one that was not', async () => {
    const anna = await headOf(agenda.world.hostEmails[0], 'Anna Lindqvist');
    const johan = await headOf(agenda.world.hostEmails[1], 'Johan Berglund');
    const author = { role: 'development_head', via: 'key', id: 'key-of-the-request-that-died' } as const;
    const annasNew = `anna.ny-${agenda.prefix}@ystad.se`;
    const johansNew = `johan.ny-${agenda.prefix}@ystad.se`;
    await oldChangeCutShort(anna.host, annasNew, author);
    await oldChangeCutShort(johan.host, johansNew);

    expect(await finishAddressChanges(deps)).toBe(1);

    expect(await repos.addressChanges.pendingOf(anna.host.id)).toBeNull();
    expect(await repos.people.findById(anna.person.id)).toMatchObject({ email: annasNew });
    const event = JSON.stringify(await repos.events.findById(agenda.world.eventId));
    expect(event).not.toContain(anna.host.email);
    expect(event).toContain(annasNew);
    const [personChange] = (
      await repos.audit.list(
        { recordKind: 'person', recordId: anna.person.id },
        {
          limit: 1,
          page: 1,
        },
      )
    ).items;
    expect(personChange).toMatchObject({ action: 'update', actor: author });

    // Nobody is known to have asked for Johan's: the next write of his host finishes it.
    expect(await repos.addressChanges.pendingOf(johan.host.id)).not.toBeNull();
    expect(await repos.people.findById(johan.person.id)).toMatchObject({ email: johan.host.email });
  });
});
