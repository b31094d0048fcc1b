import type { Repositories, Startup } from '../../models';

/** Of a profile, what its match list shows and checks: its stored version and review status. */
export type StartupVersion = Pick<Startup, 'version' | 'status'> & { id: string };

/** Every stored profile's {@link StartupVersion}, by id: what the profile versions read model holds. */
export type StartupVersions = ReadonlyMap<string, StartupVersion>;

const FIELDS = ['version', 'status'] as const;

/**
 * Reads every profile's version and status (two fields of each: a few bytes a profile, where
 * reading each listed profile whole on its own was most of a profile match list's database work).
 */
export async function loadStartupVersions(repos: Pick<Repositories, 'startups'>): Promise<StartupVersions> {
  const all = await repos.startups.allFields(FIELDS);
  return new Map(all.map((startup) => [startup.id, startup]));
}

/** `versions` with the profiles `ids` read again (a profile no longer stored is dropped). */
export async function updateStartupVersions(
  repos: Pick<Repositories, 'startups'>,
  versions: StartupVersions,
  ids: readonly string[],
): Promise<StartupVersions> {
  const read = await Promise.all(ids.map((id) => repos.startups.fieldsById(id, FIELDS)));
  const next = new Map(versions);
  ids.forEach((id, position) => {
    const startup = read[position] ?? null;
    if (startup === null) next.delete(id);
    else next.set(id, startup);
  });
  return next;
}
