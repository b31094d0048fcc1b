import { escapeRegExp, type Need, type NeedListQuery, type Repositories } from '../../models';

/** Every stored need (with its host's contact), in id order, and by id: what the needs read model holds. */
export interface NeedIndex {
  /** Sorted by id (ObjectId hex strings sort in creation order), as `GET /needs` pages them. */
  all: readonly Need[];
  byId: ReadonlyMap<string, Need>;
}

/** Reads every need from the database (uncounted: a count is a second pass over every need on FerretDB). */
export async function loadNeedIndex(repos: Pick<Repositories, 'needs'>): Promise<NeedIndex> {
  const items = await repos.needs.findAll({});
  const all = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { all, byId: new Map(all.map((need) => [need.id, need])) };
}

/**
 * `index` with the needs `ids` read from the database again (a need no longer stored is dropped):
 * what a write of those needs changed, without reading the others.
 */
export async function updateNeedIndex(
  repos: Pick<Repositories, 'needs'>,
  index: NeedIndex,
  ids: readonly string[],
): Promise<NeedIndex> {
  // Hosts' contacts as the copy holds them: a host's own write bumps without naming a need, which
  // loads everything instead, so on this path they are as fresh as the needs read now.
  let contacts: Map<string, Need['owner']> | undefined;
  const known = (hostId: string) => {
    contacts ??= new Map(index.all.flatMap((need) => (need.hostId ? [[need.hostId, need.owner]] : [])));
    return contacts.get(hostId);
  };
  const read = await Promise.all(ids.map((id) => repos.needs.findById(id, known)));
  const byId = new Map(index.byId);
  let sameIds = true;
  ids.forEach((id, position) => {
    const need = read[position] ?? null;
    sameIds &&= index.byId.has(id) === (need !== null);
    if (need === null) byId.delete(id);
    else byId.set(id, need);
  });
  // Changed needs keep their place; a created or deleted one needs the order made again.
  const all = sameIds
    ? index.all.map((need) => byId.get(need.id) as Need)
    : [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { all, byId };
}

/** The list filters of `GET /needs`. */
export type NeedFilters = Omit<NeedListQuery, 'limit' | 'page' | 'cursor'>;

/**
 * Whether `need` passes the list filters, with the database filter's meaning
 * (`NeedRepository.filterOf`): `tag` one of its tags, `ownerEmail` its host's (or stored owner's)
 * e-mail, `q` a case-insensitive literal substring of title or description.
 */
export function needFilter(filters: NeedFilters): (need: Need) => boolean {
  const q = filters.q?.trim();
  const text = q ? new RegExp(escapeRegExp(q), 'i') : undefined;
  return (need) =>
    (filters.status === undefined || need.status === filters.status) &&
    (filters.organisationId === undefined || need.organisationId === filters.organisationId) &&
    (filters.tag === undefined || need.tags.includes(filters.tag)) &&
    (filters.language === undefined || need.language === filters.language) &&
    (filters.ownerEmail === undefined || need.owner.email.toLowerCase() === filters.ownerEmail) &&
    (text === undefined || text.test(need.title) || text.test(need.description));
}

/** The position of the first need whose id sorts after `cursor` (binary search). */
export function indexAfter(all: readonly Need[], cursor: string): number {
  let low = 0;
  let high = all.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((all[middle] as Need).id <= cursor) low = middle + 1;
    else high = middle;
  }
  return low;
}
