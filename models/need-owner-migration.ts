import { Types, type Connection } from 'mongoose';
import { contactSchema, type Contact } from './common.schema';
import { createHostRepository } from './host.repository';
import { needModelOf } from './need.model';

/** What {@link migrateNeedOwnersToHosts} did. */
export interface NeedOwnerMigrationReport {
  /** Needs that now refer to a host. */
  migrated: number;
  /** Hosts made from stored owners. */
  hostsCreated: number;
  /**
   * Needs left with their stored contact because its e-mail is another organisation's host (the
   * organisation of the oldest need keeps the address) or is not a valid contact; a facilitator
   * resolves them by giving the need a host of its own organisation (`PATCH` with `hostId`/`owner`).
   */
  conflicts: { needId: string; email: string }[];
}

/**
 * Turns the `owner` contact stored on needs (before hosts were records of their own) into hosts of
 * the need's organisation and refers each need to its host. Idempotent, and cheap once done: it
 * reads only needs without a `hostId`. Run at start-up after {@link ensureIndexes} (the unique
 * e-mail index decides races between processes starting together).
 */
export async function migrateNeedOwnersToHosts(conn: Connection): Promise<NeedOwnerMigrationReport> {
  const needs = needModelOf(conn).collection;
  const hosts = createHostRepository(conn);
  const report: NeedOwnerMigrationReport = { migrated: 0, hostsCreated: 0, conflicts: [] };
  const pending = await needs
    .find({ hostId: { $exists: false }, owner: { $exists: true } })
    .sort({ _id: 1 })
    .toArray();
  for (const need of pending) {
    const owner = contactSchema.safeParse(need.owner);
    if (!owner.success) {
      report.conflicts.push({ needId: String(need._id), email: String((need.owner as Contact).email) });
      continue;
    }
    const contact = owner.data;
    const found = await hosts.findOrCreateFor(contact, String(need.organisationId));
    if (!found.ok) {
      report.conflicts.push({ needId: String(need._id), email: contact.email });
      continue;
    }
    if (found.created) report.hostsCreated += 1;
    // The need reads the same (its owner is now its host's contact), so its version stays.
    await needs.updateOne(
      { _id: need._id },
      { $set: { hostId: new Types.ObjectId(found.host.id) }, $unset: { owner: '' } },
    );
    report.migrated += 1;
  }
  return report;
}
