/**
 * Loads the sample data of fixtures/ into the database of MONGODB_URI and prints a new facilitator
 * key: `npx tsx scripts/seed.ts`. Idempotent: records are matched by their fixture key, created
 * when missing and updated (version + 1) when the fixture changed; unchanged records are left alone.
 * Changes are not published: the workers' reconciliation notices new versions. Then the past event
 * with its published meetings, recorded answers and pilots (scripts/seed-past-event.ts).
 */
import type { z } from 'zod';
import { getConfig } from '../config';
import * as sampleData from '../fixtures';
import {
  eventCreateSchema,
  needCreateSchema,
  openDatabase,
  organisationCreateSchema,
  startupCreateSchema,
  type Repositories,
  type VersionedRepository,
} from '../models';
import { issueApiKey } from '../services/api-keys';
import { detectLanguage } from '../services/needs';
import { parseInput } from '../services/validation';
import { seedPastEvent } from './seed-past-event';

type FixtureRecord = Record<string, unknown> & { key: string };

/** The sample data as docs/contracts.md describes it: records carry `key` and refer to each other by key. */
export interface SeedFixtures {
  organisations: FixtureRecord[];
  needs: FixtureRecord[];
  startups: FixtureRecord[];
  event?: Record<string, unknown>;
}

/** How many records were created, updated and left as they were. */
export interface SeedReport {
  created: number;
  updated: number;
  unchanged: number;
  ids: Record<string, string>;
}

function recordsOf(value: unknown, name: string): FixtureRecord[] {
  const records = Array.isArray(value)
    ? value
    : value && typeof value === 'object'
      ? Object.values(value)
      : undefined;
  if (!records) throw new Error(`fixtures: ${name} is missing`);
  return records.map((record, index) => {
    if (!record || typeof record !== 'object' || typeof (record as { key?: unknown }).key !== 'string') {
      throw new Error(`fixtures: ${name}[${index}] has no string key`);
    }
    return record as FixtureRecord;
  });
}

/** Reads fixtures/index.ts's exports into {@link SeedFixtures}, checking only the structure. */
export function toSeedFixtures(module: Record<string, unknown>): SeedFixtures {
  const event = module.event;
  return {
    organisations: recordsOf(module.organisations, 'organisations'),
    needs: recordsOf(module.needs, 'needs'),
    startups: recordsOf(module.startups, 'startups'),
    ...(event && typeof event === 'object' ? { event: event as Record<string, unknown> } : {}),
  };
}

/** Keeps the fields the API schema knows (fixtures may carry more, e.g. notes for tests). */
function pick(record: Record<string, unknown>, schema: z.ZodObject): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([field]) => field in schema.shape));
}

function lookup(ids: Map<string, string>, key: unknown, what: string, where: string): string {
  const id = typeof key === 'string' ? ids.get(key) : undefined;
  if (!id) throw new Error(`fixtures: ${where} refers to unknown ${what} "${String(key)}"`);
  return id;
}

function sameContent(stored: Record<string, unknown>, input: Record<string, unknown>): boolean {
  return Object.entries(input).every(
    ([field, value]) => JSON.stringify(stored[field]) === JSON.stringify(value),
  );
}

async function upsert<T extends { id: string; version: number }>(
  repository: VersionedRepository<T, never, never>,
  fixtureKey: string,
  input: Record<string, unknown>,
  report: SeedReport,
): Promise<string> {
  const existing = await repository.findOne({ fixtureKey });
  const writable = repository as unknown as VersionedRepository<
    T,
    Record<string, unknown>,
    Record<string, unknown>
  >;
  if (!existing) {
    report.created += 1;
    return (await writable.create(input, { fixtureKey })).id;
  }
  if (sameContent(existing as unknown as Record<string, unknown>, input)) {
    report.unchanged += 1;
    return existing.id;
  }
  const result = await writable.update(existing.id, existing.version, input);
  if (!result.ok) throw new Error(`seed: ${fixtureKey} changed while seeding; run again`);
  report.updated += 1;
  return existing.id;
}

/** Writes the fixtures through the repositories (validated by the API's zod schemas). */
export async function seedFixtures(repositories: Repositories, fixtures: SeedFixtures): Promise<SeedReport> {
  const report: SeedReport = { created: 0, updated: 0, unchanged: 0, ids: {} };
  const organisationIds = new Map<string, string>();
  const needIds = new Map<string, string>();
  const startupIds = new Map<string, string>();
  const needOwners = new Map<string, string>();

  for (const record of fixtures.organisations) {
    const input = parseInput(organisationCreateSchema, pick(record, organisationCreateSchema));
    organisationIds.set(
      record.key,
      await upsert(repositories.organisations, `organisation:${record.key}`, input, report),
    );
  }
  for (const record of fixtures.needs) {
    const organisationId = lookup(
      organisationIds,
      record.organisationKey,
      'organisation',
      `need ${record.key}`,
    );
    const { owner, hostId, ...input } = parseInput(needCreateSchema, {
      ...pick(record, needCreateSchema),
      organisationId,
    });
    const host = owner
      ? await repositories.hosts.findOrCreateFor(owner, organisationId)
      : { ok: true as const, host: await repositories.hosts.findById(hostId ?? '') };
    if (!host.ok || !host.host)
      throw new Error(
        `fixtures: need ${record.key}: its owner is not a host of organisation ${organisationId}`,
      );
    const withLanguage = {
      ...input,
      hostId: host.host.id,
      language: input.language ?? detectLanguage(`${input.title}\n${input.description}`),
    };
    needIds.set(record.key, await upsert(repositories.needs, `need:${record.key}`, withLanguage, report));
    needOwners.set(record.key, host.host.email);
  }
  for (const record of fixtures.startups) {
    const input = parseInput(startupCreateSchema, pick(record, startupCreateSchema));
    const withLanguage = {
      ...input,
      language:
        input.language ??
        detectLanguage(`${input.name}\n${input.oneLiner}\n${input.description}\n${input.offering}`),
    };
    startupIds.set(
      record.key,
      await upsert(repositories.startups, `startup:${record.key}`, withLanguage, report),
    );
  }
  if (fixtures.event) {
    const event = fixtures.event;
    const rooms = Array.isArray(event.rooms)
      ? (event.rooms as Record<string, unknown>[]).map((room) => ({
          id: room.id ?? room.key,
          name: room.name,
        }))
      : event.rooms;
    const availability = Array.isArray(event.availability)
      ? (event.availability as Record<string, unknown>[]).map((entry) => {
          const key = entry.participantKey ?? entry.participantId;
          const participantId =
            entry.participantKind === 'startup'
              ? lookup(startupIds, key, 'startup', 'event availability')
              : typeof key === 'string' && key.includes('@')
                ? key
                : (needOwners.get(String(key)) ??
                  lookup(new Map(), key, 'need (host)', 'event availability'));
          return { participantKind: entry.participantKind, participantId, windows: entry.windows };
        })
      : undefined;
    const input = parseInput(eventCreateSchema, {
      ...pick(event, eventCreateSchema),
      rooms,
      needIds: ((event.needKeys as unknown[] | undefined) ?? []).map((key) =>
        lookup(needIds, key, 'need', 'event'),
      ),
      startupIds: ((event.startupKeys as unknown[] | undefined) ?? []).map((key) =>
        lookup(startupIds, key, 'startup', 'event'),
      ),
      ...(availability ? { availability } : {}),
    });
    const eventKey = typeof event.key === 'string' ? event.key : String(input.name);
    report.ids[`event:${eventKey}`] = await upsert(repositories.events, `event:${eventKey}`, input, report);
  }
  for (const [prefix, ids] of [
    ['organisation', organisationIds],
    ['need', needIds],
    ['startup', startupIds],
  ] as const) {
    for (const [key, id] of ids) report.ids[`${prefix}:${key}`] = id;
  }
  return report;
}

/** fixtures/index.ts, read through the contract's shape (docs/contracts.md) and checked at run time. */
export function sampleSeedFixtures(): SeedFixtures {
  return toSeedFixtures({ ...sampleData });
}

async function main(): Promise<void> {
  const fixtures = sampleSeedFixtures();
  const db = await openDatabase(getConfig().MONGODB_URI);
  try {
    await db.ensureIndexes();
    await db.migrateNeedOwnersToHosts();
    const report = await seedFixtures(db.repos, fixtures);
    console.log(
      `Seeded ${db.name}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged.`,
    );
    const past = await seedPastEvent(db.repos);
    console.log(
      `Past event ${past.eventId}: ${past.publishedMeetings} meetings published, ${past.outcomes} answers and ${past.pilots} pilots stored (0: already there).`,
    );
    const issued = await issueApiKey(db.repos, {
      role: 'facilitator',
      name: `seed ${new Date().toISOString()}`,
    });
    console.log('Facilitator key (shown only now):');
    console.log(issued.key);
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
