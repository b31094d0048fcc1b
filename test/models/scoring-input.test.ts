/**
 * The matches workers' reads of needs and profiles (`repos.scoringInput`) go through the needs' and
 * profiles' repositories: the repositories' field reads and bulk create, and the scoring documents
 * made from what they return, against the real server.
 */
import type { Connection } from 'mongoose';
import { getRepositories, needCreateSchema, startupCreateSchema, type Repositories } from '../../models';
import { buildNeed, buildOrganisation, buildStartup, connectTestDatabase } from '../support';

let db: Connection;
let repos: Repositories;
let organisationId: string;
let hostId: string;

beforeAll(async () => {
  db = await connectTestDatabase();
  repos = getRepositories(db);
  organisationId = (await repos.organisations.create(buildOrganisation())).id;
  const host = await repos.hosts.findOrCreateFor(
    { name: 'Karin Berg', email: 'karin.berg@vasteras.se' },
    organisationId,
  );
  if (!host.ok) throw new Error('host of another organisation');
  hostId = host.host.id;
});

afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});

function needRecord(overrides: Parameters<typeof buildNeed>[0]) {
  const { owner: _owner, hostId: _hostId, ...need } = needCreateSchema.parse(buildNeed(overrides));
  return { ...need, language: 'sv' as const, hostId };
}

describe('the needs and profiles as scoring reads them', () => {
  it('createMany stores every record at version 1 and returns each as the repository reads it', async () => {
    const created = await repos.needs.createMany([
      needRecord({ organisationId, title: 'Digital tillsyn i fält' }),
      needRecord({ organisationId, title: 'Sensorer för dagvatten', status: 'closed' }),
    ]);
    expect(created).toHaveLength(2);
    for (const need of created) {
      expect(need).toMatchObject({ version: 1, hostId, owner: { email: 'karin.berg@vasteras.se' } });
      expect(await repos.needs.findById(need.id)).toEqual(need);
    }
  });

  it('fieldsById and allFields return only the fields asked for, with the id', async () => {
    const [startup] = await repos.startups.createMany([
      { ...startupCreateSchema.parse(buildStartup({ name: 'Inspecta AB' })), language: 'en' },
    ]);
    expect(await repos.startups.fieldsById(startup!.id, ['name', 'version'])).toEqual({
      id: startup!.id,
      name: 'Inspecta AB',
      version: 1,
    });
    expect(await repos.startups.fieldsById('not-an-id', ['name'])).toBeNull();
    expect(await repos.startups.fieldsById('0123456789abcdef01234567', ['name'])).toBeNull();
    expect(await repos.startups.allFields(['name'])).toEqual([{ id: startup!.id, name: 'Inspecta AB' }]);
  });

  it('scoringInput maps them to scoring documents: references as "customer: summary", closed needs unrankable', async () => {
    const needs = await repos.scoringInput.allNeeds();
    const closed = needs.find((need) => need.doc.title === 'Sensorer för dagvatten');
    expect(closed).toMatchObject({ version: 1, rankable: false, doc: { language: 'sv' } });
    const open = needs.find((need) => need.doc.title === 'Digital tillsyn i fält');
    expect(open?.rankable).toBe(true);
    expect(await repos.scoringInput.need(open!.doc.id)).toEqual(open);

    const [profile] = await repos.scoringInput.allStartups();
    expect(profile).toEqual({
      version: 1,
      doc: {
        id: profile!.doc.id,
        name: 'Inspecta AB',
        description:
          'Inspecta builds an offline-first mobile app that inspectors use to plan, perform and report inspections.',
        oneLiner: 'Mobile inspection checklists for public authorities',
        offering: 'SaaS licence per inspector, onboarding in two weeks',
        tags: ['inspection', 'mobile'],
        references: ['Uppsala kommun: Food inspections for 40 inspectors'],
        language: 'en',
      },
    });
    expect(await repos.scoringInput.startup(profile!.doc.id)).toEqual(profile);
    expect(await repos.scoringInput.startup('not-an-id')).toBeNull();
    expect(await repos.scoringInput.startupVersions()).toEqual([
      { id: profile!.doc.id, version: 1, rankable: true },
    ]);
    expect(await repos.scoringInput.needVersions()).toEqual(
      expect.arrayContaining([
        { id: open!.doc.id, version: 1, rankable: true },
        { id: closed!.doc.id, version: 1, rankable: false },
      ]),
    );
  });
});
