import { isValidObjectId, type Connection } from 'mongoose';
import type { Contact } from './common.schema';
import { hostModelOf } from './host.model';
import type { Host, HostCreateInput, HostListQuery, HostPatchInput } from './host.schema';
import { toPlain } from './to-plain';
import {
  createVersionedRepository,
  textFilter,
  type Filter,
  type VersionedRepository,
} from './versioned-repository';
import { isDuplicateKey } from './duplicate-key';

/** The host a contact names (by e-mail), or why there is none for this organisation. */
export type HostForOrganisation =
  { ok: true; host: Host; created: boolean } | { ok: false; reason: 'other_organisation'; host: Host };

/** Hosts: versioned CRUD, look-ups by e-mail and id, and the list filters of `GET /hosts`. */
export interface HostRepository extends VersionedRepository<Host, HostCreateInput, HostPatchInput> {
  filterOf(query: Omit<HostListQuery, 'limit' | 'page'>): Filter;
  /** The host with this e-mail (compared lower-case), or null. */
  findByEmail(email: string): Promise<Host | null>;
  /** The hosts with these ids, by id (unknown ids are left out). */
  findByIds(ids: readonly string[]): Promise<Map<string, Host>>;
  /**
   * The host with `contact.email` when it belongs to `organisationId`; created there (with the
   * contact's name and phone) when nobody has that e-mail yet; refused when another organisation's
   * host has it. Two concurrent calls for a new e-mail make one host (the e-mail is a unique index).
   */
  findOrCreateFor(contact: Contact, organisationId: string): Promise<HostForOrganisation>;
}

/** The host repository on `conn`. */
export function createHostRepository(conn: Connection): HostRepository {
  const model = hostModelOf(conn);
  const base = createVersionedRepository<Host, HostCreateInput, HostPatchInput>(model);
  async function findByEmail(email: string): Promise<Host | null> {
    return base.findOne({ email: email.trim().toLowerCase() });
  }
  return {
    ...base,
    filterOf(query) {
      const filter: Filter = { ...textFilter(query.q, ['name', 'email']) };
      if (query.organisationId) filter.organisationId = query.organisationId;
      if (query.email) filter.email = query.email;
      return filter;
    },
    findByEmail,
    async findByIds(ids) {
      const valid = [...new Set(ids)].filter((id) => isValidObjectId(id));
      if (valid.length === 0) return new Map();
      const docs = await model.find({ _id: { $in: valid } }).lean<Record<string, unknown>[]>();
      return new Map(docs.map((doc) => toPlain<Host>(doc)).map((host) => [host.id, host]));
    },
    async findOrCreateFor(contact, organisationId) {
      const checked = (host: Host, created: boolean): HostForOrganisation =>
        host.organisationId === organisationId
          ? { ok: true, host, created }
          : { ok: false, reason: 'other_organisation', host };
      const existing = await findByEmail(contact.email);
      if (existing) return checked(existing, false);
      try {
        const host = await base.create({
          name: contact.name,
          email: contact.email.trim().toLowerCase(),
          ...(contact.phone === undefined ? {} : { phone: contact.phone }),
          organisationId,
        });
        return checked(host, true);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const raced = await findByEmail(contact.email);
        if (!raced) throw error;
        return checked(raced, false);
      }
    },
  };
}
