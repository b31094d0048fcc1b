/**
 * What each role sees, field by field: the table "What each role sees" of services/api/README.md
 * is read here and checked against services/visibility's FIELD_RULE, then every endpoint that
 * returns those records is called by every role that may call it, against the real app and
 * database, and each record it answers with may carry only the fields the table gives that role.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getRepositories } from '../../models';
import { createMatchesProducer, type MatchesProducer } from '../../services/queue/change.producer';
import { storeRankings } from '../schedules/schedule-setup';
import { OPERATIONS } from '../../services/api/contract/operations';
import { FIELD_RULE, type RecordKind } from '../../services/visibility';
import {
  buildEvent,
  buildNeed,
  buildOrganisation,
  buildStartup,
  startTestApp,
  type TestApp,
} from '../support';

type Role = 'facilitator' | 'development_head' | 'startup';
type Access = 'yes' | 'no' | 'contact' | 'entries';
const ROLES: Role[] = ['facilitator', 'development_head', 'startup'];
const RECORDS: RecordKind[] = ['organisation', 'host', 'need', 'startup', 'event', 'match', 'pilot', 'job'];

/** The README's table: record → field → role → access. */
function readmeTable(): Map<string, Access> {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'services', 'api', 'README.md'), 'utf8');
  const section = readme.split('## What each role sees')[1]?.split('\n## ')[0] ?? '';
  const table = new Map<string, Access>();
  const accessOf: Record<string, Access> = { '✓': 'yes', '–': 'no', contact: 'contact', entries: 'entries' };
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const record = cells[1] as RecordKind;
    if (!RECORDS.includes(record)) continue;
    const fields = [...(cells[2] ?? '').matchAll(/`(\w+)`/g)].map((match) => match[1] ?? '');
    ROLES.forEach((role, index) => {
      const access = accessOf[cells[3 + index] ?? ''];
      if (!access)
        throw new Error(
          `README: "${cells[3 + index]}" for ${record} / ${role} is not ✓, –, contact or entries`,
        );
      for (const field of fields) table.set(`${record}.${field}.${role}`, access);
    });
  }
  return table;
}

const TABLE = readmeTable();

function allowed(record: RecordKind, role: Role, field: string): Access {
  return TABLE.get(`${record}.${field}.${role}`) ?? 'no';
}

describe('the README table', () => {
  it('is FIELD_RULE, row for row', () => {
    const fromRule = new Map<string, Access>();
    for (const row of FIELD_RULE)
      for (const role of ROLES) fromRule.set(`${row.record}.${row.field}.${role}`, row.access[role]);
    expect([...TABLE.entries()].sort()).toEqual([...fromRule.entries()].sort());
  });
});

interface World {
  app: TestApp;
  keys: Record<Role, string>;
  /** Path parameters each role may read: its own organisation's host, an open need, its own profile … */
  ids: Record<Role, Record<RecordKind, string>>;
  otherHostEmail: string;
  ownHostEmail: string;
  startupId: string;
  otherStartupId: string;
  eventId: string;
}

let world: World;
let producer: MatchesProducer;

beforeAll(async () => {
  producer = createMatchesProducer({
    redisUrl: 'redis://127.0.0.1:6379',
    prefix: `test-role-fields-${randomUUID()}`,
    policy: { attempts: 1, backoffMs: 100 },
    timeoutMs: 5_000,
    listen: false,
  });
  const app = await startTestApp({ matchesQueue: producer });
  const f = app.facilitatorKey;
  const post = async (route: string, body: unknown) => {
    const response = await app.request<{ id: string; hostId: string }>('POST', route, { key: f, body });
    if (response.status !== 201)
      throw new Error(`${route}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const own = await post('/organisations', buildOrganisation({ name: 'Västerås stad' }));
  const other = await post(
    '/organisations',
    buildOrganisation({ name: 'Eskilstuna kommun', municipalityCode: '0484' }),
  );
  const ownHostEmail = 'karin.berg@vasteras.se';
  const otherHostEmail = 'per.ek@eskilstuna.se';
  const ownNeed = await post('/needs', buildNeed({ organisationId: own.id, status: 'open', priority: 1 }));
  const otherNeed = await post(
    '/needs',
    buildNeed({
      organisationId: other.id,
      status: 'open',
      owner: { name: 'Per Ek', email: otherHostEmail, phone: '016-710 00 00' },
    }),
  );
  const startup = await post('/startups', buildStartup({ name: 'Inspecta AB' }));
  const otherStartup = await post(
    '/startups',
    buildStartup({ name: 'Fuktvakt AB', contact: { name: 'Lina', email: 'lina@fuktvakt.se' } }),
  );
  const window = [{ date: '2026-03-12', start: '09:00', end: '12:00' }];
  const event = await post(
    '/events',
    buildEvent({
      needIds: [ownNeed.id, otherNeed.id],
      startupIds: [startup.id, otherStartup.id],
      availability: [
        { participantKind: 'host', participantId: ownHostEmail, windows: window },
        { participantKind: 'host', participantId: otherHostEmail, windows: window },
        { participantKind: 'startup', participantId: startup.id, windows: window },
        { participantKind: 'startup', participantId: otherStartup.id, windows: window },
      ],
    }),
  );
  const keys: Record<Role, string> = {
    facilitator: f,
    development_head: await app.createKey({ role: 'development_head', organisationId: own.id }),
    startup: await app.createKey({ role: 'startup', startupId: startup.id }),
  };
  // Rankings as a matches worker stores them, a pilot of the own organisation's need with the
  // startup, and a queued rebuild: so the match, pilot and job endpoints answer with records.
  await storeRankings(
    app.db,
    [ownNeed.id, otherNeed.id],
    [startup.id, otherStartup.id],
    (n, s) => 0.9 - n * 0.1 - s * 0.2,
  );
  const pilot = await getRepositories(app.db).pilots.create(
    {
      eventId: event.id,
      meetingId: 'meeting-1',
      budgetKSek: 80,
      start: '2026-05-01',
      end: '2026-09-30',
      status: 'proposed',
      learnings: 'Fungerar i två förskolor',
    },
    { needId: ownNeed.id, startupId: startup.id, organisationId: own.id },
  );
  const rebuild = await app.request<{ jobId: string }>('POST', '/matches/rebuild', { key: f });
  if (rebuild.status !== 202) throw new Error(`POST /matches/rebuild: ${rebuild.status}`);
  const common = {
    organisation: own.id,
    need: ownNeed.id,
    event: event.id,
    pilot: pilot.id,
    job: rebuild.body.jobId,
    match: '',
  };
  world = {
    app,
    keys,
    ids: {
      facilitator: { ...common, host: ownNeed.hostId, startup: otherStartup.id },
      development_head: { ...common, host: ownNeed.hostId, startup: otherStartup.id },
      startup: { ...common, host: ownNeed.hostId, startup: startup.id },
    },
    ownHostEmail,
    otherHostEmail,
    startupId: startup.id,
    otherStartupId: otherStartup.id,
    eventId: event.id,
  };
});

afterAll(async () => {
  await world.app.destroy();
  await producer.close();
});

/** The records of an answer: a page's items, or the record itself. */
function recordsOf(body: unknown): Record<string, unknown>[] {
  const value = body as { items?: unknown[] };
  return (Array.isArray(value.items) ? value.items : [body]) as Record<string, unknown>[];
}

/** Fails naming the field when a record carries one the table does not give `role`. */
function holdToTable(where: string, record: RecordKind, role: Role, value: Record<string, unknown>): void {
  for (const [field, inner] of Object.entries(value)) {
    if (field === 'scheduleRepairs') continue;
    const access = allowed(record, role, field);
    expect({ where, field, access }).not.toEqual({ where, field, access: 'no' });
    if (access === 'contact')
      expect(Object.keys(inner as object).filter((key) => !['name', 'email', 'phone'].includes(key))).toEqual(
        [],
      );
  }
}

/** Which operation each role may call, and how (path, body). */
function callsOf(role: Role): { method: string; path: string; record: RecordKind; body?: unknown }[] {
  const ids = world.ids[role];
  const calls: { method: string; path: string; record: RecordKind; body?: unknown }[] = [];
  for (const operation of OPERATIONS) {
    const record = operation.record;
    if (!record) continue;
    if (record === 'host' && role === 'startup') continue; // 403: startups read no hosts
    if (record === 'startup' && role === 'startup' && !operation.path.includes('{id}')) continue; // 403: no list
    if (record === 'job' && role !== 'facilitator') continue; // 403: facilitators only
    if (operation.path === '/needs/{id}/matches' && role === 'startup') continue; // 403: a buyer's ranking
    // A ranking is read through its need or startup.
    const idOf =
      record === 'match' ? ids[operation.path.startsWith('/needs/') ? 'need' : 'startup'] : ids[record];
    const route = operation.path.replace('{id}', idOf);
    if (operation.method === 'get') calls.push({ method: 'GET', path: route, record });
    else if (operation.path.endsWith('/availability')) {
      if (role === 'startup')
        calls.push({
          method: 'PUT',
          path: route,
          record,
          body: { participantKind: 'startup', participantId: world.startupId, windows: [] },
        });
      else
        calls.push({
          method: 'PUT',
          path: route,
          record,
          body: { participantKind: 'host', participantId: world.ownHostEmail, windows: [] },
        });
    } else if (operation.path.endsWith('/availability/{kind}/{participantId}')) {
      const [kind, participant] =
        role === 'startup' ? ['startup', world.startupId] : ['host', world.ownHostEmail];
      calls.push({
        method: 'DELETE',
        path: route.replace('{kind}', kind).replace('{participantId}', encodeURIComponent(participant)),
        record,
      });
    }
  }
  return calls;
}

describe('availability entries', () => {
  async function availabilityOf(role: Role): Promise<string[]> {
    const response = await world.app.request<{ availability: { participantId: string }[] }>(
      'GET',
      `/events/${world.eventId}`,
      { key: world.keys[role] },
    );
    return response.body.availability.map((entry) => entry.participantId).sort();
  }
  it('a development head sees her organisation’s hosts only, a startup itself only', async () => {
    expect(await availabilityOf('facilitator')).toEqual(
      [world.ownHostEmail, world.otherHostEmail, world.startupId, world.otherStartupId].sort(),
    );
    expect(await availabilityOf('development_head')).toEqual([world.ownHostEmail]);
    expect(await availabilityOf('startup')).toEqual([world.startupId]);
  });
});

describe.each(ROLES)('a %s', (role) => {
  it('gets only the fields the table gives it, on every endpoint that returns a record', async () => {
    const calls = callsOf(role);
    expect(calls.length).toBeGreaterThan(5);
    for (const call of calls) {
      const response = await world.app.request(call.method, call.path, {
        key: world.keys[role],
        ...(call.body === undefined ? {} : { body: call.body }),
      });
      expect({ call: `${call.method} ${call.path}`, status: response.status }).toEqual({
        call: `${call.method} ${call.path}`,
        status: 200,
      });
      const records = recordsOf(response.body);
      expect(records.length).toBeGreaterThan(0);
      for (const value of records) holdToTable(`${call.method} ${call.path}`, call.record, role, value);
    }
  });
});
