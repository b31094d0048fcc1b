import type { Connection } from 'mongoose';
import { createRankingStore, rankingIdOf } from '../../models/ranking-store';
import { buildEvent, buildNeed, buildOrganisation, buildStartup, type TestApp } from '../support';

/** Ids of a small event: two organisations, three needs (two hosts), four startups, two rooms, one morning. */
export interface ScheduleWorld {
  eventId: string;
  organisationIds: [string, string];
  needIds: [string, string, string];
  startupIds: [string, string, string, string];
  hostEmails: [string, string];
}

async function created(app: TestApp, path: string, body: Record<string, unknown>): Promise<string> {
  const response = await app.request<{ id: string }>('POST', path, { key: app.facilitatorKey, body });
  if (response.status !== 201)
    throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

/**
 * Writes rankings the way a matches worker stores them (ranking documents named by shard 0's
 * index, one append after the newest), so schedule tests need no worker: every need ranks every
 * startup, scores from `score(needIndex, startupIndex)`. A running owner's next write replaces them
 * with its own.
 */
export async function storeRankings(
  db: Connection,
  needIds: readonly string[],
  startupIds: readonly string[],
  score: (n: number, s: number) => number,
): Promise<void> {
  const store = createRankingStore(db);
  const head = await store.head(0);
  const fence = head?.fence ?? 0;
  const entries = new Map(head?.entries ?? []);
  // Ids no owner of this fence uses (owners count their writes from 1).
  const seq = Date.now() * 1000;
  const records = needIds.map((needId, n) => ({
    id: rankingIdOf(needId, fence, seq + n),
    needId,
    shard: 0,
    fence,
    needVersion: 1,
    modelVersion: 'test',
    entries: startupIds
      .map((startupId, s) => ({
        startupId,
        score: score(n, s),
        explanation: { terms: [], tags: [], crossLanguage: false },
        startupVersion: 1,
      }))
      .sort((a, b) => b.score - a.score),
  }));
  for (const record of records)
    entries.set(record.needId, {
      rankingId: record.id,
      needVersion: 1,
      startupIds: record.entries.map((entry) => entry.startupId),
    });
  await store.insertRankings(records);
  await store.appendIndex({ shard: 0, shards: 1, fence, writer: 'test', after: head?.n ?? 0, entries });
}

/**
 * Creates the records through the API and stores rankings for them. `hostEmails` gives the two
 * hosts other addresses: a test whose e-mails reach the hosts uses addresses of its own, since the
 * mail server's inbox is shared by the tests running beside it.
 */
export async function createScheduleWorld(
  app: TestApp,
  options: { hostEmails?: [string, string] } = {},
): Promise<ScheduleWorld> {
  const orgA = await created(
    app,
    '/organisations',
    buildOrganisation({ name: 'Tomelilla kommun', municipalityCode: '1270' }),
  );
  const orgB = await created(
    app,
    '/organisations',
    buildOrganisation({ name: 'Helsingborgs stad', municipalityCode: '1283' }),
  );
  const [hostA, hostB] = options.hostEmails ?? [
    'anna.lindqvist@tomelilla.se',
    'johan.berglund@helsingborg.se',
  ];
  const meetings = { min: 1, max: 3 };
  const n1 = await created(
    app,
    '/needs',
    buildNeed({
      organisationId: orgA,
      title: 'Rena golv i förskolan',
      owner: { name: 'Anna Lindqvist', email: hostA },
      meetings,
      priority: 1,
    }),
  );
  const n2 = await created(
    app,
    '/needs',
    buildNeed({
      organisationId: orgA,
      title: 'Samnyttjande av lokaler',
      owner: { name: 'Anna Lindqvist', email: hostA },
      meetings,
      priority: 2,
    }),
  );
  const n3 = await created(
    app,
    '/needs',
    buildNeed({
      organisationId: orgB,
      title: 'Överskottsenergi, "värme" & kyla',
      owner: { name: 'Johan Berglund', email: hostB },
      meetings,
      priority: 2,
    }),
  );
  const startupIds = [] as string[];
  for (const name of ['Fuktvakt AB', 'Occupi Sense', 'HeatLoop', 'Lokalpoolen']) {
    startupIds.push(
      await created(
        app,
        '/startups',
        buildStartup({
          name,
          maxMeetings: 3,
          contact: { name: 'Kontakt', email: `${name.split(' ')[0]?.toLowerCase()}@example.se` },
        }),
      ),
    );
  }
  const eventId = await created(
    app,
    '/events',
    buildEvent({
      name: 'Matchmakingdag, test',
      days: [{ date: '2027-03-29', sessions: [{ start: '09:00', end: '10:00' }] }],
      rooms: [
        { id: 'bord-1', name: 'Bord 1' },
        { id: 'bord-2', name: 'Bord 2' },
      ],
      needIds: [n1, n2, n3],
      startupIds,
    }),
  );
  await storeRankings(app.db, [n1, n2, n3], startupIds, (n, s) => 0.4 + ((n * 7 + s * 3) % 10) / 20);
  return {
    eventId,
    organisationIds: [orgA, orgB],
    needIds: [n1, n2, n3],
    startupIds: startupIds as ScheduleWorld['startupIds'],
    hostEmails: [hostA, hostB],
  };
}
