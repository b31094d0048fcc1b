import type { Connection } from 'mongoose';
import type { Contact, Language } from './common.schema';
import type { Host } from './host.schema';
import { createHostRepository } from './host.repository';
import { needModelOf } from './need.model';
import type { Need, NeedCreateInput, NeedListQuery, NeedPatchInput } from './need.schema';
import {
  createVersionedRepository,
  textFilter,
  type FieldReads,
  type Filter,
  type VersionedRepository,
  type VersionedWriteResult,
} from './versioned-repository';

/** What the repository stores on create: the API input with the language and the host resolved. */
export type NeedCreateRecord = Omit<NeedCreateInput, 'owner' | 'hostId'> & {
  language: Language;
  hostId: string;
};
/** What the repository stores on update; a new `hostId` also drops a contact stored before hosts. */
export type NeedPatchRecord = Omit<NeedPatchInput, 'owner' | 'hostId'> & { hostId?: string };

/** A need's own fields, as the field reads return them (without its host's contact). */
export type NeedOwnFields = Omit<Need, 'owner' | 'hostId'>;

/**
 * Needs: versioned CRUD plus the list filters of `GET /needs`; every need is read with its host's
 * contact as `owner`, except by the field reads (`fieldsById`, `allFields`), which read the need alone.
 */
export interface NeedRepository
  extends
    Omit<
      VersionedRepository<Need, NeedCreateRecord, NeedPatchRecord>,
      keyof FieldReads<Need> | 'findById' | 'update'
    >,
    FieldReads<NeedOwnFields> {
  /** The need with this id; a host whose contact `known` gives is not read. */
  findById(id: string, known?: KnownContacts): Promise<Need | null>;
  /** {@link VersionedRepository.update}; the written need's host is not read when `known` gives its contact. */
  update(
    id: string,
    version: number,
    patch: NeedPatchRecord,
    known?: KnownContacts,
  ): Promise<VersionedWriteResult<Need>>;
  /** A MongoDB filter for the list query; `ownerEmail` matches the needs of the host with that e-mail. */
  filterOf(query: Omit<NeedListQuery, 'limit' | 'page'>): Promise<Filter>;
}

/**
 * Contacts of hosts the caller already holds (from a copy at least as fresh as it needs, such as the
 * needs read model), by host id: undefined for a host to read from the database.
 */
export type KnownContacts = (hostId: string) => Contact | undefined;

/** A stored need as read, before its host is joined in. */
type StoredNeed = Omit<Need, 'owner' | 'hostId'> & { hostId?: string; owner?: Contact };

function contactOf(host: Host): Contact {
  return { name: host.name, email: host.email, ...(host.phone === undefined ? {} : { phone: host.phone }) };
}

/** The need repository on `conn`. */
export function createNeedRepository(conn: Connection): NeedRepository {
  const base = createVersionedRepository<StoredNeed, NeedCreateRecord, NeedPatchRecord>(needModelOf(conn));
  const hosts = createHostRepository(conn);

  /** The hosts of `ids`; one host is read by `_id` alone, the one filter FerretDB 1.x looks up through an index. */
  async function hostsOf(ids: readonly string[]): Promise<ReadonlyMap<string, Host>> {
    const distinct = [...new Set(ids)];
    if (distinct.length !== 1) return hosts.findByIds(distinct);
    const host = await hosts.findById(distinct[0] as string);
    return new Map(host ? [[host.id, host]] : []);
  }

  async function withHosts(stored: readonly StoredNeed[], known?: KnownContacts): Promise<Need[]> {
    const toRead = stored.flatMap((need) => (need.hostId && !known?.(need.hostId) ? [need.hostId] : []));
    const byId = toRead.length === 0 ? new Map<string, Host>() : await hostsOf(toRead);
    return stored.map(({ hostId, owner, ...need }) => {
      const contact = hostId === undefined ? undefined : known?.(hostId);
      const host = hostId === undefined || contact ? undefined : byId.get(hostId);
      return {
        ...need,
        hostId: hostId ?? null,
        // A host is deleted only while no need refers to it; a delete racing a new need leaves this.
        owner:
          contact ??
          (host ? contactOf(host) : (owner ?? { name: `host ${hostId ?? ''} removed`, email: '' })),
      };
    });
  }
  async function one(need: StoredNeed | null, known?: KnownContacts): Promise<Need | null> {
    return need ? ((await withHosts([need], known))[0] ?? null) : null;
  }
  async function written(
    result: VersionedWriteResult<StoredNeed>,
    known?: KnownContacts,
  ): Promise<VersionedWriteResult<Need>> {
    if (!result.ok) return result;
    return { ok: true, value: (await withHosts([result.value], known))[0] as Need };
  }

  return {
    async create(input, extra) {
      return (await withHosts([await base.create(input, extra)]))[0] as Need;
    },
    async createMany(inputs) {
      return withHosts(await base.createMany(inputs));
    },
    async findById(id, known) {
      return one(await base.findById(id), known);
    },
    async findOne(filter) {
      return one(await base.findOne(filter));
    },
    async findAll(filter) {
      return withHosts(await base.findAll(filter));
    },
    async list(filter, page) {
      const stored = await base.list(filter, page);
      return { ...stored, items: await withHosts(stored.items) };
    },
    async listPage(filter, query) {
      const stored = await base.listPage(filter, query);
      return { ...stored, items: await withHosts(stored.items) };
    },
    fieldsById: (id, fields) => base.fieldsById(id, fields),
    allFields: (fields) => base.allFields(fields),
    count: (filter) => base.count(filter),
    existingIds: (ids, filter) => base.existingIds(ids, filter),
    async update(id, version, patch, known) {
      const withoutOldContact = patch.hostId === undefined ? patch : { ...patch, owner: undefined };
      return written(await base.update(id, version, withoutOldContact), known);
    },
    async remove(id, version) {
      return written(await base.remove(id, version));
    },
    async updateRaw(id, version, update) {
      return written(await base.updateRaw(id, version, update));
    },
    async filterOf(query) {
      const conditions: Filter[] = [textFilter(query.q, ['title', 'description'])];
      if (query.status) conditions.push({ status: query.status });
      if (query.organisationId) conditions.push({ organisationId: query.organisationId });
      if (query.tag) conditions.push({ tags: query.tag });
      if (query.language) conditions.push({ language: query.language });
      if (query.ownerEmail) {
        const host = await hosts.findByEmail(query.ownerEmail);
        conditions.push({
          $or: [{ 'owner.email': query.ownerEmail }, ...(host ? [{ hostId: host.id }] : [])],
        });
      }
      const nonEmpty = conditions.filter((condition) => Object.keys(condition).length > 0);
      return nonEmpty.length === 0
        ? {}
        : nonEmpty.length === 1
          ? (nonEmpty[0] as Filter)
          : { $and: nonEmpty };
    },
  };
}
