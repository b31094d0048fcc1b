import { randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import type { PairRef, ScheduleChange } from '../scheduling';
import { pairingModelOf, type CancellationRecord, type PairingRecord } from './pairing.model';
import {
  schedulePointerModelOf,
  scheduleVersionModelOf,
  type SchedulePointerRecord,
  type ScheduleVersionRecord,
} from './schedule.model';
import { VersionClaims } from './ferretdb/version-claims';
import { isDuplicateKey } from './duplicate-key';

/** A version as callers see it (without the storage `_id`). */
export type ScheduleVersion = Omit<ScheduleVersionRecord, '_id'>;
/** The event's pointer as callers see it. */
export type SchedulePointer = Omit<SchedulePointerRecord, '_id'>;
/** Fields a caller supplies for a new version; the repository assigns `version` and `_id`. */
export type NewScheduleVersion = Omit<ScheduleVersion, 'version'>;
/** The pointer fields a writer may change. */
export type PointerChange = Partial<
  Pick<
    SchedulePointer,
    'draftVersion' | 'publishedVersion' | 'publishedFromDraft' | 'publishedVersions' | 'calendar'
  >
>;

/** Result of a guarded pointer write: `stale` when another writer changed the pointer first. */
export type PointerWrite = { ok: true; value: SchedulePointer } | { ok: false; reason: 'stale' };

/** Schedule versions, the per-event pointer, and pins/bans/cancellations. */
export interface ScheduleRepository {
  /** The pointer, or an empty one (revision 0, nothing built) when the event has none yet. */
  pointer(eventId: string): Promise<SchedulePointer>;
  version(eventId: string, version: number): Promise<ScheduleVersion | null>;
  /** Inserts an immutable version under the next free number (the unique `_id` makes the allocation atomic). */
  insertVersion(input: NewScheduleVersion, hint: number): Promise<ScheduleVersion>;
  /** Writes `change` iff the pointer is still at `expectedRevision`; one claim + one conditional findOneAndUpdate. */
  updatePointer(
    eventId: string,
    expectedRevision: number,
    change: PointerChange,
    lastVersion: number,
  ): Promise<PointerWrite>;
  /** Removes a version no pointer refers to (after a lost race); best effort. */
  discardVersion(eventId: string, version: number): Promise<void>;
  /** Pins, bans and the cancellations still in force (undone ones left out). */
  pairings(eventId: string): Promise<Pick<PairingRecord, 'pins' | 'bans' | 'cancellations'>>;
  addPair(eventId: string, kind: 'pins' | 'bans', pair: PairRef): Promise<void>;
  removePair(eventId: string, kind: 'pins' | 'bans', pair: PairRef): Promise<boolean>;
  /** Records a cancellation under a new id and returns it as stored. */
  addCancellation(
    eventId: string,
    change: ScheduleChange,
    at: Date,
    details?: CancellationDetails,
  ): Promise<CancellationRecord>;
  /** One cancellation by id, and whether it was undone; null when the event has none with that id. */
  findCancellation(
    eventId: string,
    id: string,
  ): Promise<{ record: CancellationRecord; undone: boolean } | null>;
  /** Marks a cancellation undone: later builds no longer apply it. */
  markUndone(eventId: string, id: string): Promise<void>;
  /**
   * Replaces every string value equal to `from` by `to` in the events' schedule versions, pointers
   * and pairings (an erased host's e-mail, which meetings carry as `hostId`; an erased person's
   * name as who cancelled). The one change made to stored versions; returns the documents changed.
   */
  replaceValue(eventIds: string[], from: string, to: string): Promise<number>;
}

/** `value` with every string equal to `from` replaced by `to` (objects and arrays copied), and whether any was. */
function replaced(value: unknown, from: string, to: string): { value: unknown; changed: boolean } {
  if (value === from) return { value: to, changed: true };
  if (Array.isArray(value)) {
    const items = value.map((item) => replaced(item, from, to));
    return { value: items.map((item) => item.value), changed: items.some((item) => item.changed) };
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value).map(([key, inner]) => [key, replaced(inner, from, to)] as const);
    return {
      value: Object.fromEntries(entries.map(([key, inner]) => [key, inner.value])),
      changed: entries.some(([, inner]) => inner.changed),
    };
  }
  return { value, changed: false };
}

/** What a cancellation may carry besides its change (see `CancellationRecord`). */
export type CancellationDetails = Omit<CancellationRecord, 'id' | 'change' | 'at'>;

const POINTER_CLAIMS = 'schedule_pointers';

function withoutId<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}

/** The schedule repository on `conn`. */
export function createScheduleRepository(conn: Connection): ScheduleRepository {
  const versions = scheduleVersionModelOf(conn);
  const pointers = schedulePointerModelOf(conn);
  const pairingModel = pairingModelOf(conn);
  const claims = new VersionClaims(conn);

  return {
    async replaceValue(eventIds, from, to) {
      if (eventIds.length === 0) return 0;
      let changed = 0;
      const sets = [
        { model: versions, filter: { eventId: { $in: eventIds } } },
        { model: pointers, filter: { _id: { $in: eventIds } } },
        { model: pairingModel, filter: { _id: { $in: eventIds } } },
      ];
      for (const { model, filter } of sets) {
        // Three differently typed models, read and written here as plain documents.
        const plain = model as unknown as Model<Record<string, unknown>>;
        const docs = await plain.find(filter).lean<Record<string, unknown>[]>();
        for (const doc of docs) {
          const next = replaced(doc, from, to);
          if (!next.changed) continue;
          await plain.replaceOne({ _id: doc._id }, next.value as Record<string, unknown>);
          changed += 1;
        }
      }
      return changed;
    },
    async pointer(eventId) {
      const doc = await pointers.findById(eventId).lean<SchedulePointerRecord>();
      if (doc) return withoutId(doc);
      return {
        eventId,
        revision: 0,
        lastVersion: 0,
        draftVersion: 0,
        publishedVersion: 0,
        publishedFromDraft: 0,
        publishedVersions: [],
        calendar: {},
        updatedAt: new Date(0),
      };
    },
    async version(eventId, version) {
      const doc = await versions.findById(`${eventId}:${version}`).lean<ScheduleVersionRecord>();
      return doc ? withoutId(doc) : null;
    },
    async insertVersion(input, hint) {
      for (let version = hint + 1; ; version += 1) {
        try {
          const created = await versions.create({ ...input, _id: `${input.eventId}:${version}`, version });
          return withoutId(created.toObject() as ScheduleVersionRecord);
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
      }
    },
    async updatePointer(eventId, expectedRevision, change, lastVersion) {
      const claim = await claims.claim(POINTER_CLAIMS, eventId, expectedRevision + 1);
      if (claim === null) return { ok: false, reason: 'stale' };
      try {
        const set = { ...change, eventId, revision: expectedRevision + 1, updatedAt: new Date() };
        let written: SchedulePointerRecord | null;
        if (expectedRevision === 0) {
          try {
            const created = await pointers.create({
              _id: eventId,
              lastVersion,
              draftVersion: 0,
              publishedVersion: 0,
              publishedFromDraft: 0,
              publishedVersions: [],
              calendar: {},
              ...set,
            });
            written = created.toObject() as SchedulePointerRecord;
          } catch (error) {
            if (!isDuplicateKey(error)) throw error;
            written = null;
          }
        } else {
          written = await pointers
            .findOneAndUpdate(
              { _id: eventId, revision: expectedRevision },
              { $set: set, $max: { lastVersion } },
              { returnDocument: 'after' },
            )
            .lean<SchedulePointerRecord>();
        }
        return written ? { ok: true, value: withoutId(written) } : { ok: false, reason: 'stale' };
      } finally {
        await claims.release(claim);
      }
    },
    async discardVersion(eventId, version) {
      await versions.deleteOne({ _id: `${eventId}:${version}` }).catch(() => undefined);
    },
    async pairings(eventId) {
      const doc = await pairingModel.findById(eventId).lean<PairingRecord>();
      const undone = new Set(doc?.undone ?? []);
      return {
        pins: doc?.pins ?? [],
        bans: doc?.bans ?? [],
        cancellations: (doc?.cancellations ?? []).filter((c) => c.id === undefined || !undone.has(c.id)),
      };
    },
    async addPair(eventId, kind, pair) {
      await pairingModel.updateOne(
        { _id: eventId },
        { $addToSet: { [kind]: { needId: pair.needId, startupId: pair.startupId } } },
        { upsert: true },
      );
    },
    async removePair(eventId, kind, pair) {
      const result = await pairingModel.updateOne(
        { _id: eventId },
        { $pull: { [kind]: { needId: pair.needId, startupId: pair.startupId } } },
      );
      return result.modifiedCount > 0;
    },
    async addCancellation(eventId, change, at, details = {}) {
      const record: CancellationRecord = { id: randomUUID(), change, at, ...details };
      await pairingModel.updateOne({ _id: eventId }, { $push: { cancellations: record } }, { upsert: true });
      return record;
    },
    async findCancellation(eventId, id) {
      const doc = await pairingModel.findById(eventId).lean<PairingRecord>();
      const record = (doc?.cancellations ?? []).find((c) => c.id === id);
      return record ? { record, undone: (doc?.undone ?? []).includes(id) } : null;
    },
    async markUndone(eventId, id) {
      await pairingModel.updateOne({ _id: eventId }, { $addToSet: { undone: id } }, { upsert: true });
    },
  };
}
