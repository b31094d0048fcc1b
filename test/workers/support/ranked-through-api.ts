import { buildNeed, buildOrganisation, buildStartup, type TestApp } from '../../support';
import { textOf, type Harness } from './harness';
import type { WorkerProcess } from './worker-process';

/** What {@link seedRankedThroughApi} created, in creation order. */
export interface SeededThroughApi {
  organisationId: string;
  needIds: string[];
  startupIds: string[];
}

export interface SeedThroughApiOptions {
  needs: number;
  startups: number;
  /** Words need `i` alone uses ('' for none), so a profile that takes them up enters that need's ranking. */
  distinctOf(i: number): string;
}

/**
 * Creates one organisation, its needs and Swedish startup profiles through `app` as a facilitator
 * (texts from {@link textOf}, so rankings are the same on every run), then waits until `worker` is
 * ready and has written every ranking those writes asked for.
 */
export async function seedRankedThroughApi(
  app: TestApp,
  harness: Harness,
  worker: WorkerProcess,
  { needs, startups, distinctOf }: SeedThroughApiOptions,
): Promise<SeededThroughApi> {
  const organisationId = (
    await app.request<{ id: string }>('POST', '/organisations', {
      key: app.facilitatorKey,
      body: buildOrganisation(),
    })
  ).body.id;
  const needIds: string[] = [];
  for (let i = 0; i < needs; i += 1) {
    const created = await app.request<{ id: string }>('POST', '/needs', {
      key: app.facilitatorKey,
      body: buildNeed({
        organisationId,
        title: `${distinctOf(i)} ${textOf(i, 4)}`,
        description: `${distinctOf(i)} ${textOf(i + 50, 40)}`,
        owner: { name: 'Karin Berg', email: `karin${i}@vasteras.se` },
      }),
    });
    expect(created.status).toBe(201);
    needIds.push(created.body.id);
  }
  const startupIds: string[] = [];
  for (let i = 0; i < startups; i += 1) {
    const created = await app.request<{ id: string }>('POST', '/startups', {
      key: app.facilitatorKey,
      body: buildStartup({ name: `Startup ${i}`, description: textOf(i + 200, 50), language: 'sv' }),
    });
    expect(created.status).toBe(201);
    startupIds.push(created.body.id);
  }
  await worker.ready;
  await harness.waitForQuiet();
  return { organisationId, needIds, startupIds };
}
