import type { Language, NeedDocument, StartupDocument } from '../scoring';
import type { NeedOwnFields, NeedRepository } from './need.repository';
import type { Startup } from './startup.schema';
import type { StartupRepository } from './startup.repository';
import type { FieldsOf } from './versioned-repository';

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

/** The fields of a need that scoring reads. */
const NEED_FIELDS = ['title', 'description', 'tags', 'language', 'status', 'version'] as const;
/** The fields of a profile that scoring reads. */
const STARTUP_FIELDS = [
  'name',
  'description',
  'oneLiner',
  'offering',
  'tags',
  'references',
  'language',
  'version',
] as const;

type ScoredNeed = FieldsOf<NeedOwnFields, (typeof NEED_FIELDS)[number]>;
type ScoredStartup = FieldsOf<Startup, (typeof STARTUP_FIELDS)[number]>;

function language(value: unknown): Language | undefined {
  return value === 'sv' || value === 'en' ? value : undefined;
}

/**
 * A need (as its repository reads it) as scoring sees it. The defaults are for documents written
 * around the API (seeds, older versions): scoring reads every stored need.
 */
function toStoredNeed(need: ScoredNeed): StoredNeed {
  const lang = language(need.language);
  return {
    doc: {
      id: need.id,
      title: need.title ?? '',
      description: need.description ?? '',
      tags: need.tags ?? [],
      ...(lang === undefined ? {} : { language: lang }),
    },
    version: need.version ?? 0,
    rankable: need.status !== 'closed',
  };
}

/** A profile (as its repository reads it) as scoring sees it: each reference as "customer: summary". */
function toStoredStartup(startup: ScoredStartup): StoredStartup {
  const lang = language(startup.language);
  return {
    doc: {
      id: startup.id,
      name: startup.name ?? '',
      description: startup.description ?? '',
      oneLiner: startup.oneLiner ?? '',
      offering: startup.offering ?? '',
      tags: startup.tags ?? [],
      references: (startup.references ?? []).map((reference) =>
        [reference?.customer, reference?.summary]
          .filter((part) => typeof part === 'string' && part !== '')
          .join(': '),
      ),
      ...(lang === undefined ? {} : { language: lang }),
    },
    version: startup.version ?? 0,
  };
}

/**
 * Reads needs and profiles through their repositories (one mapping of stored documents each): only
 * the fields scoring uses, by `_id` where possible (FerretDB scans for anything else).
 */
export interface EntitySource {
  need(id: string): Promise<StoredNeed | null>;
  startup(id: string): Promise<StoredStartup | null>;
  allNeeds(): Promise<StoredNeed[]>;
  allStartups(): Promise<StoredStartup[]>;
  needVersions(): Promise<StoredVersion[]>;
  startupVersions(): Promise<StoredVersion[]>;
}

/** An {@link EntitySource} over the needs' and the profiles' repositories. */
export function createEntitySource(needs: NeedRepository, startups: StartupRepository): EntitySource {
  return {
    async need(id) {
      const need = await needs.fieldsById(id, NEED_FIELDS);
      return need ? toStoredNeed(need) : null;
    },
    async startup(id) {
      const startup = await startups.fieldsById(id, STARTUP_FIELDS);
      return startup ? toStoredStartup(startup) : null;
    },
    async allNeeds() {
      return (await needs.allFields(NEED_FIELDS)).map(toStoredNeed);
    },
    async allStartups() {
      return (await startups.allFields(STARTUP_FIELDS)).map(toStoredStartup);
    },
    async needVersions() {
      return (await needs.allFields(['version', 'status'])).map((need) => ({
        id: need.id,
        version: need.version ?? 0,
        rankable: need.status !== 'closed',
      }));
    },
    async startupVersions() {
      return (await startups.allFields(['version'])).map((startup) => ({
        id: startup.id,
        version: startup.version ?? 0,
        rankable: true,
      }));
    },
  };
}
