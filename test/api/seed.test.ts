import type { Connection } from 'mongoose';
import { getRepositories } from '../../models';
import { sampleSeedFixtures, seedFixtures, type SeedFixtures } from '../../scripts/seed';
import { buildEvent, buildNeed, buildOrganisation, buildStartup, connectTestDatabase } from '../support';

function sampleFixtures(): SeedFixtures {
  const { organisationId: _unused, ...need } = buildNeed({ organisationId: '' });
  return {
    organisations: [{ key: 'vasteras', ...buildOrganisation() }],
    needs: [{ key: 'tillsyn', organisationKey: 'vasteras', ...need }],
    startups: [{ key: 'inspecta', ...buildStartup() }],
    event: {
      key: 'malardalen',
      ...buildEvent(),
      rooms: [{ key: 'sal-a', name: 'Sal A' }],
      needKeys: ['tillsyn'],
      startupKeys: ['inspecta'],
      availability: [
        {
          participantKind: 'startup',
          participantKey: 'inspecta',
          windows: [{ date: '2026-03-12', start: '09:00', end: '12:00' }],
        },
        {
          participantKind: 'host',
          participantKey: 'tillsyn',
          windows: [{ date: '2026-03-12', start: '13:00', end: '16:00' }],
        },
      ],
    },
  };
}

let db: Connection;

beforeAll(async () => {
  db = await connectTestDatabase();
});

afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});

describe('seeding the sample data', () => {
  it('creates every record once, resolving keys to ids, and a second run changes nothing', async () => {
    const first = await seedFixtures(getRepositories(db), sampleFixtures());
    expect(first).toMatchObject({ created: 4, updated: 0, unchanged: 0 });
    const repositories = getRepositories(db);
    const need = await repositories.needs.findById(first.ids['need:tillsyn'] ?? '');
    expect(need).toMatchObject({
      organisationId: first.ids['organisation:vasteras'],
      language: 'sv',
      version: 1,
    });
    const event = await repositories.events.findById(first.ids['event:malardalen'] ?? '');
    expect(event).toMatchObject({
      needIds: [first.ids['need:tillsyn']],
      startupIds: [first.ids['startup:inspecta']],
      rooms: [{ id: 'sal-a', name: 'Sal A' }],
    });
    expect(event?.availability.map((entry) => entry.participantId)).toEqual([
      first.ids['startup:inspecta'],
      'karin.berg@vasteras.se',
    ]);

    const second = await seedFixtures(getRepositories(db), sampleFixtures());
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 4, ids: first.ids });
    expect(await repositories.needs.count({})).toBe(1);
  });

  it('updates a record whose fixture changed, bumping its version', async () => {
    const fixtures = sampleFixtures();
    const need = fixtures.needs[0];
    if (need) need.priority = 5;
    const report = await seedFixtures(getRepositories(db), fixtures);
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    expect(await getRepositories(db).needs.findById(report.ids['need:tillsyn'] ?? '')).toMatchObject({
      priority: 5,
      version: 2,
    });
  });

  it('refuses fixtures that break the API contract, naming the field', async () => {
    const fixtures = sampleFixtures();
    fixtures.organisations.push({ key: 'broken', name: 'Trasig', kind: 'planet' });
    await expect(seedFixtures(getRepositories(db), fixtures)).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ path: 'kind' }],
    });
  });
});

describe('seeding the sample data of fixtures/', () => {
  let sampleDb: Connection;

  beforeAll(async () => {
    sampleDb = await connectTestDatabase();
  });

  afterAll(async () => {
    await sampleDb.dropDatabase();
    await sampleDb.close();
  });

  it('stores every organisation, need, startup and the event, and a second run changes nothing', async () => {
    const fixtures = sampleSeedFixtures();
    const first = await seedFixtures(getRepositories(sampleDb), fixtures);
    const expected = fixtures.organisations.length + fixtures.needs.length + fixtures.startups.length + 1;
    expect(first).toMatchObject({ created: expected, updated: 0, unchanged: 0 });

    const { events, needs, startups } = getRepositories(sampleDb);
    expect(await needs.count({})).toBe(fixtures.needs.length);
    expect(await startups.count({})).toBe(fixtures.startups.length);
    const event = (await events.list({}, { limit: 10, page: 1 })).items[0];
    expect(event?.needIds).toHaveLength((fixtures.event?.needKeys as unknown[]).length);
    expect(await needs.existingIds(event?.needIds ?? [])).toHaveProperty('size', event?.needIds.length);
    expect(await startups.existingIds(event?.startupIds ?? [])).toHaveProperty(
      'size',
      event?.startupIds.length,
    );

    expect(await seedFixtures(getRepositories(sampleDb), sampleSeedFixtures())).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: expected,
    });
  });
});
