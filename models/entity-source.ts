import { Types, type Connection } from 'mongoose';
import type { NeedDocument, StartupDocument } from '../scoring';

/** A need as the matches workers need it: its scoring text plus version and status. */
export interface StoredNeed {
  doc: NeedDocument;
  version: number;
  /** False for closed needs: they keep no matches. */
  rankable: boolean;
}

/** A profile as the matches workers need it. */
export interface StoredStartup {
  doc: StartupDocument;
  version: number;
}

/** Id and version of one stored need or profile (reconciliation). */
export interface StoredVersion {
  id: string;
  version: number;
  /** Needs only: false for closed needs. */
  rankable: boolean;
}

type Raw = Record<string, unknown>;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function language(value: unknown): 'sv' | 'en' | undefined {
  return value === 'sv' || value === 'en' ? value : undefined;
}

function toStoredNeed(raw: Raw): StoredNeed {
  const lang = language(raw.language);
  return {
    doc: {
      id: String(raw._id),
      title: String(raw.title ?? ''),
      description: String(raw.description ?? ''),
      tags: strings(raw.tags),
      ...(lang === undefined ? {} : { language: lang }),
    },
    version: Number(raw.version ?? 0),
    rankable: raw.status !== 'closed',
  };
}

function toStoredStartup(raw: Raw): StoredStartup {
  const lang = language(raw.language);
  const references = Array.isArray(raw.references)
    ? raw.references.map((ref: unknown) => {
        const r = (ref ?? {}) as Raw;
        return [r.customer, r.summary].filter((part) => typeof part === 'string' && part !== '').join(': ');
      })
    : [];
  return {
    doc: {
      id: String(raw._id),
      name: String(raw.name ?? ''),
      description: String(raw.description ?? ''),
      oneLiner: String(raw.oneLiner ?? ''),
      offering: String(raw.offering ?? ''),
      tags: strings(raw.tags),
      references,
      ...(lang === undefined ? {} : { language: lang }),
    },
    version: Number(raw.version ?? 0),
  };
}

const scoringFields = {
  title: 1,
  description: 1,
  tags: 1,
  language: 1,
  status: 1,
  version: 1,
  name: 1,
  oneLiner: 1,
  offering: 1,
  references: 1,
};

/**
 * Reads needs and profiles straight from their collections (`needs`, `startups`, written by the
 * API): only the fields scoring uses, by `_id` where possible (FerretDB scans for anything else).
 */
export interface EntitySource {
  need(id: string): Promise<StoredNeed | null>;
  startup(id: string): Promise<StoredStartup | null>;
  allNeeds(): Promise<StoredNeed[]>;
  allStartups(): Promise<StoredStartup[]>;
  needVersions(): Promise<StoredVersion[]>;
  startupVersions(): Promise<StoredVersion[]>;
}

/** An {@link EntitySource} over a mongoose connection. */
export function createEntitySource(conn: Connection): EntitySource {
  const needs = () => conn.collection('needs');
  const startups = () => conn.collection('startups');
  // Ids the API hands out are ObjectIds; anything else matches nothing.
  const byId = (id: string) => ({
    _id: Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : new Types.ObjectId('000000000000000000000000'),
  });
  return {
    async need(id) {
      const raw = await needs().findOne(byId(id), { projection: scoringFields });
      return raw ? toStoredNeed(raw) : null;
    },
    async startup(id) {
      const raw = await startups().findOne(byId(id), { projection: scoringFields });
      return raw ? toStoredStartup(raw) : null;
    },
    async allNeeds() {
      return (await needs().find({}, { projection: scoringFields }).toArray()).map(toStoredNeed);
    },
    async allStartups() {
      return (await startups().find({}, { projection: scoringFields }).toArray()).map(toStoredStartup);
    },
    async needVersions() {
      const docs = await needs()
        .find({}, { projection: { version: 1, status: 1 } })
        .toArray();
      return docs.map((raw) => ({
        id: String(raw._id),
        version: Number(raw.version ?? 0),
        rankable: raw.status !== 'closed',
      }));
    },
    async startupVersions() {
      const docs = await startups()
        .find({}, { projection: { version: 1 } })
        .toArray();
      return docs.map((raw) => ({ id: String(raw._id), version: Number(raw.version ?? 0), rankable: true }));
    },
  };
}
