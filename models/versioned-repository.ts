import { isValidObjectId, type Model } from 'mongoose';
import {
  escapeRegExp,
  type ListPage,
  type ListPageQuery,
  type Page,
  type PageQuery,
} from './pagination.schema';
import { toPlain } from './to-plain';
import { ClaimExpiredError, STALE_CLAIM_MS, VersionClaims } from './ferretdb/version-claims';

/** Longest time from taking a claim to sending its write; a third of the takeover age leaves a wide margin. */
const CLAIM_WRITE_DEADLINE_MS = STALE_CLAIM_MS / 3;

/** Outcome of a write that names the version it expects. */
export type VersionedWriteResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'version_conflict'; currentVersion: number };

/** A MongoDB filter built by a repository (plain object; mongoose casts ids). */
export type Filter = Record<string, unknown>;

/** A record with only some of its fields, and its id. */
export type FieldsOf<T, K extends keyof T> = Pick<T, K> & { id: string };

/**
 * Reads of a few fields only, for readers of many records that need little of each (the matches
 * workers read needs' and profiles' texts): mapped like every other read, with less to carry.
 */
export interface FieldReads<T> {
  /** `fields` of the record with this id (read by `_id` alone), or null (also for an invalid id). */
  fieldsById<K extends keyof T>(id: string, fields: readonly K[]): Promise<FieldsOf<T, K> | null>;
  /** `fields` of every record. */
  allFields<K extends keyof T>(fields: readonly K[]): Promise<FieldsOf<T, K>[]>;
}

/**
 * Create, read, list, update and delete for one collection of versioned documents. Every update
 * and delete claims the next version (see {@link VersionClaims}), checks the stored version, and
 * then is a single-document operation by `_id`, so two writers holding the same version cannot
 * both succeed, on FerretDB as on MongoDB. No transactions are used.
 */
export interface VersionedRepository<T, TCreate, TPatch> extends FieldReads<T> {
  create(input: TCreate, extra?: Filter): Promise<T>;
  /** Creates every record of `inputs` (version 1 each) in one insert: loads of many records. */
  createMany(inputs: readonly TCreate[]): Promise<T[]>;
  findById(id: string): Promise<T | null>;
  findOne(filter: Filter): Promise<T | null>;
  list(filter: Filter, page: PageQuery): Promise<Page<T>>;
  /** Every record matching `filter`, in id order, uncounted: a load of everything, not a page of it. */
  findAll(filter: Filter): Promise<T[]>;
  /**
   * A page of a list endpoint, in id order (ObjectIds sort in creation order): the records after
   * `cursor` (also when the cursor's own record was deleted since), so a deep page costs what the
   * first does and a write between pages neither repeats nor skips a record; or page number `page`.
   */
  listPage(filter: Filter, query: ListPageQuery): Promise<ListPage<T>>;
  count(filter: Filter): Promise<number>;
  /** Which of `ids` exist (invalid ids never do), among the records that also match `filter`. */
  existingIds(ids: readonly string[], filter?: Filter): Promise<Set<string>>;
  /** Sets the given fields (`undefined` values are removed) when the stored version equals `version`. */
  update(id: string, version: number, patch: TPatch): Promise<VersionedWriteResult<T>>;
  /** Deletes when the stored version equals `version`; returns the deleted record. */
  remove(id: string, version: number): Promise<VersionedWriteResult<T>>;
  /** Applies a raw update operator when the stored version equals `version`, adding 1 to it. */
  updateRaw(id: string, version: number, update: Filter): Promise<VersionedWriteResult<T>>;
}

/**
 * What a versioned write of a record told about it: the version stored (at least) once it ended, or
 * that the record is gone (ids are never reused). Undefined when the write failed without telling.
 */
type Known = { version: number } | { gone: true } | undefined;

function knownFrom<T>(result: VersionedWriteResult<T>, removes: boolean): Known {
  if (!result.ok) return result.reason === 'not_found' ? { gone: true } : { version: result.currentVersion };
  return removes ? { gone: true } : { version: (result.value as { version: number }).version };
}

/**
 * The answer `known` makes certain for a write expecting `version`, or undefined when the database
 * must be asked. Versions only grow, so a record stored at a later version than the one expected is
 * a conflict; one known at the expected version or earlier proves nothing (another process may have
 * written since).
 */
function answerFrom<T>(known: Known, version: number): VersionedWriteResult<T> | undefined {
  if (known === undefined) return undefined;
  if ('gone' in known) return { ok: false, reason: 'not_found' };
  return known.version > version
    ? { ok: false, reason: 'version_conflict', currentVersion: known.version }
    : undefined;
}

/** Splits a patch into `$set` and `$unset`, since `undefined` means "remove the field". */
function toUpdate(patch: object): Filter {
  const $set: Filter = {};
  const $unset: Filter = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) $unset[key] = '';
    else $set[key] = value;
  }
  const update: Filter = { $inc: { version: 1 } };
  if (Object.keys($set).length > 0) update.$set = $set;
  if (Object.keys($unset).length > 0) update.$unset = $unset;
  return update;
}

/** A projection of `fields` (the id comes with every document). */
function projectionOf(fields: readonly PropertyKey[]): Record<string, 1> {
  return Object.fromEntries(fields.map((field) => [String(field), 1]));
}

/** Builds a {@link VersionedRepository} over a mongoose model whose schema has a numeric `version`. */
export function createVersionedRepository<T, TCreate extends object, TPatch extends object>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each caller's model has its own raw type
  model: Model<any>,
): VersionedRepository<T, TCreate, TPatch> {
  async function afterMiss(id: string): Promise<VersionedWriteResult<T>> {
    const current = await model.findById(id, { version: 1 }).lean<{ version: number }>();
    return current
      ? { ok: false, reason: 'version_conflict', currentVersion: current.version }
      : { ok: false, reason: 'not_found' };
  }

  const claims = new VersionClaims(model.db);

  /**
   * Runs `write` while holding the claim on `version + 1`, once a read by `_id` shows the stored
   * version is `version`. The claim makes this process the only writer of that version, so `write`
   * filters by `_id` alone: the one filter FerretDB 1.x looks up through an index (any other filter
   * reads the whole collection, ~150 ms for 1,500 profiles here). A claim may be taken over once
   * it is {@link STALE_CLAIM_MS} old, so a write not sent well before that is not sent at all.
   */
  async function guarded(
    id: string,
    version: number,
    write: () => Promise<Record<string, unknown> | null>,
  ): Promise<VersionedWriteResult<T>> {
    if (!isValidObjectId(id)) return { ok: false, reason: 'not_found' };
    const claimedAt = new Date();
    const claim = await claims.claim(model.collection.collectionName, id, version + 1, claimedAt);
    if (claim === null) return afterMiss(id);
    try {
      const current = await model.findById(id, { version: 1 }).lean<{ version: number }>();
      if (!current) return { ok: false, reason: 'not_found' };
      if (current.version !== version)
        return { ok: false, reason: 'version_conflict', currentVersion: current.version };
      if (Date.now() - claimedAt.getTime() > CLAIM_WRITE_DEADLINE_MS)
        throw new ClaimExpiredError(model.collection.collectionName, id);
      const written = await write();
      return written ? { ok: true, value: toPlain<T>(written) } : await afterMiss(id);
    } finally {
      await claims.release(claim);
    }
  }

  async function list(filter: Filter, { limit, page }: PageQuery): Promise<Page<T>> {
    const [docs, total] = await Promise.all([
      model
        .find(filter)
        .sort({ _id: 1 })
        .skip((page - 1) * limit)
        .limit(limit)
        .lean<Record<string, unknown>[]>(),
      model.countDocuments(filter),
    ]);
    return {
      items: docs.map((doc) => toPlain<T>(doc)),
      page,
      limit,
      total,
      nextPage: page * limit < total ? page + 1 : null,
    };
  }

  /** The records of `filter` after `cursor`: one more than `limit` is read to know whether more follow. */
  async function listAfter(filter: Filter, cursor: string, limit: number): Promise<ListPage<T>> {
    const after = { _id: { $gt: cursor } };
    const query = '_id' in filter ? { $and: [filter, after] } : { ...filter, ...after };
    const [docs, total] = await Promise.all([
      model
        .find(query)
        .sort({ _id: 1 })
        .limit(limit + 1)
        .lean<Record<string, unknown>[]>(),
      model.countDocuments(filter),
    ]);
    const items = docs.slice(0, limit).map((doc) => toPlain<T & { id: string }>(doc));
    const last = items[items.length - 1];
    return { items, limit, total, nextCursor: docs.length > limit && last ? last.id : null };
  }

  /** Per record id, what the last of this process's writes of it (queued one after another) will have told. */
  const writing = new Map<string, Promise<Known>>();

  /**
   * {@link guarded}, one write of a record at a time in this process. Concurrent writes of one
   * record mostly expect the same version and all but one would lose the claim race (three database
   * commands each); queued, each waits for the one before and is answered from what that one
   * learned when it is certain (a later version stored, or the record gone), with no command.
   * Knowledge lasts only while writes of the record are queued; other processes' writes are
   * still caught by the claim.
   */
  function queued(
    id: string,
    version: number,
    removes: boolean,
    write: () => Promise<Record<string, unknown> | null>,
  ): Promise<VersionedWriteResult<T>> {
    const before = writing.get(id);
    const result = (async () => {
      const known = before === undefined ? undefined : await before;
      return answerFrom<T>(known, version) ?? (await guarded(id, version, write));
    })();
    const told = (async (): Promise<Known> => {
      const known = before === undefined ? undefined : await before;
      try {
        const outcome = await result;
        // An answer from what was known passes that knowledge on unchanged.
        return answerFrom<T>(known, version) === undefined ? knownFrom(outcome, removes) : known;
      } catch {
        return undefined;
      }
    })();
    writing.set(id, told);
    void told.then(() => {
      if (writing.get(id) === told) writing.delete(id);
    });
    return result;
  }

  function updateRaw(id: string, version: number, update: Filter): Promise<VersionedWriteResult<T>> {
    return queued(id, version, false, () =>
      model
        .findOneAndUpdate({ _id: id }, update, { returnDocument: 'after', runValidators: true })
        .lean<Record<string, unknown>>(),
    );
  }

  return {
    async create(input, extra = {}) {
      const created = await model.create({ ...input, ...extra, version: 1 });
      return toPlain<T>(created.toObject());
    },
    async createMany(inputs) {
      const created = await model.insertMany(inputs.map((input) => ({ ...input, version: 1 })));
      return created.map((doc) => toPlain<T>(doc.toObject()));
    },
    async findById(id) {
      if (!isValidObjectId(id)) return null;
      const doc = await model.findById(id).lean<Record<string, unknown>>();
      return doc ? toPlain<T>(doc) : null;
    },
    async fieldsById(id, fields) {
      if (!isValidObjectId(id)) return null;
      const doc = await model.findById(id, projectionOf(fields)).lean<Record<string, unknown>>();
      return doc ? toPlain(doc) : null;
    },
    async allFields(fields) {
      const docs = await model.find({}, projectionOf(fields)).lean<Record<string, unknown>[]>();
      return docs.map((doc) => toPlain(doc));
    },
    async findOne(filter) {
      const doc = await model.findOne(filter).lean<Record<string, unknown>>();
      return doc ? toPlain<T>(doc) : null;
    },
    list,
    async findAll(filter) {
      const docs = await model.find(filter).sort({ _id: 1 }).lean<Record<string, unknown>[]>();
      return docs.map((doc) => toPlain<T>(doc));
    },
    async listPage(filter, { limit, page, cursor }) {
      if (cursor !== undefined) return listAfter(filter, cursor, limit);
      const found = await list(filter, { limit, page: page ?? 1 });
      const last = found.items[found.items.length - 1] as (T & { id: string }) | undefined;
      return { ...found, nextCursor: found.nextPage !== null && last ? last.id : null };
    },
    count(filter) {
      return model.countDocuments(filter);
    },
    async existingIds(ids, filter = {}) {
      const valid = ids.filter((id) => isValidObjectId(id));
      if (valid.length === 0) return new Set();
      const docs = await model
        .find({ ...filter, _id: { $in: valid } }, { _id: 1 })
        .lean<{ _id: unknown }[]>();
      return new Set(docs.map((doc) => String(doc._id)));
    },
    update(id, version, patch) {
      return updateRaw(id, version, toUpdate(patch));
    },
    updateRaw(id, version, update) {
      return updateRaw(id, version, { ...update, $inc: { version: 1 } });
    },
    remove(id, version) {
      return queued(id, version, true, () =>
        model.findOneAndDelete({ _id: id }).lean<Record<string, unknown>>(),
      );
    },
  };
}

/** A case-insensitive substring filter over `fields` for the `q` query (FerretDB has no `$text`). */
export function textFilter(q: string | undefined, fields: readonly string[]): Filter {
  if (q === undefined || q.trim() === '') return {};
  const pattern = escapeRegExp(q.trim());
  return { $or: fields.map((field) => ({ [field]: { $regex: pattern, $options: 'i' } })) };
}
