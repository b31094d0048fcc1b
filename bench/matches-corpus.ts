import { startupCreateSchema, type Repositories } from '../models';
import { buildOrganisation, buildStartup } from '../test/support';
import { corpusStartupTexts, needTexts } from './synthetic-text';

/**
 * Loads `needs` open needs and `startups` profiles straight through the repositories (no API, so
 * no change is published): the matches benches' corpus, the same texts as the freshness bench's.
 */
export async function loadMatchesCorpus(
  repos: Repositories,
  needs: number,
  startups: number,
): Promise<{ startupIds: string[] }> {
  const organisation = await repos.organisations.create(buildOrganisation());
  const host = await repos.hosts.findOrCreateFor(
    { name: 'Karin Berg', email: 'karin.berg@example.se' },
    organisation.id,
  );
  if (!host.ok) throw new Error("the needs' host belongs to another organisation");
  await repos.needs.createMany(
    Array.from({ length: needs }, (_, i) => ({
      ...needTexts(i),
      language: 'sv' as const,
      organisationId: organisation.id,
      hostId: host.host.id,
      department: 'Stadsbyggnad',
      priority: 1 + (i % 5),
      budgetSek: { min: 100_000, max: 900_000 },
      timeframe: { start: '2026-01-01', end: '2026-12-31' },
      tags: [],
      status: 'open' as const,
      meetings: { min: 1, max: 6 },
    })),
  );
  const created = await repos.startups.createMany(
    Array.from({ length: startups }, (_, i) => ({
      ...startupCreateSchema.parse(
        buildStartup({ name: `Startup ${i}`, ...corpusStartupTexts(i), tags: [] }),
      ),
      language: 'sv' as const,
    })),
  );
  return { startupIds: created.map((startup) => startup.id) };
}
