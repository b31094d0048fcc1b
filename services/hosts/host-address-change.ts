import type { AddressChange, AuditActor, Host } from '../../models';
import { AppError } from '../app-error';
import { actorOf, recordChange, recordChangeBy } from '../audit';
import type { Principal } from '../auth';
import { renameHostAddress } from '../privacy';
import type { ServiceDeps } from '../service-deps';

/** The mail queue as a change of address uses it: what waits to be sent to the old address goes to the new one. */
export interface QueuedMailReaddress {
  readdress(from: string, to: string): Promise<number>;
}

/** A change whose host still has the old address after this long was never written (its request died). */
const ABANDONED_AFTER_MS = 60_000;

/** 409 naming `email`: the new address is another host's or another person's. */
export function emailTaken(email: string, holder: 'host' | 'person' = 'host'): AppError {
  return new AppError('email_taken', `${email} is already the e-mail of another ${holder}.`, {
    httpStatus: 409,
    fields: [{ path: 'email', message: `already the e-mail of another ${holder}` }],
  });
}

/**
 * 409 unless host `hostId` may take address `to` (lower-case): no other host has it (checked
 * again by the hosts' unique index when written), and nobody signs in with it but a development
 * head who is this host, when no one of this host signs in with the old address (`from`).
 */
export async function assertAddressFree(
  deps: ServiceDeps,
  hostId: string,
  from: string,
  to: string,
): Promise<void> {
  const holder = await deps.repos.hosts.findByEmail(to);
  if (holder && holder.id !== hostId) throw emailTaken(to);
  const person = await deps.repos.people.findByEmail(to);
  if (!person) return;
  const ownHead = person.role === 'development_head' && person.hostId === hostId;
  const oldSignsIn = (await deps.repos.people.listOfHost(hostId)).some((p) => p.email === from);
  if (!ownHead || oldSignsIn) throw emailTaken(to, 'person');
}

/**
 * Carries a host's new address to every record the old one keys: the development heads of this
 * host who sign in with it (their sessions, which name the person, keep working), the events'
 * availability, the stored schedules and the e-mails waiting in the queue (`mail`); then the
 * change is done. Every step skips what already has the new address, so it can be run again.
 */
async function carryAddress(
  deps: ServiceDeps,
  actor: AuditActor,
  change: AddressChange,
  mail: QueuedMailReaddress | undefined,
): Promise<void> {
  for (const person of await deps.repos.people.listOfHost(change.hostId)) {
    if (person.email !== change.from) continue;
    const result = await deps.repos.people.changeEmail(person.id, change.from, change.to);
    if (result === 'taken') throw emailTaken(change.to, 'person');
    if (result === 'changed')
      await recordChangeBy(deps, actor, {
        action: 'update',
        record: { kind: 'person', id: person.id },
        before: person,
        after: { ...person, email: change.to },
      });
  }
  await renameHostAddress(deps, [change.from], change.to);
  // The mail worker sends a message only to its recipient's current address, so one left to the old address is dropped.
  await mail?.readdress(change.from, change.to).catch((error: unknown) => {
    deps.logger.warn(
      { err: error },
      'queued e-mails not readdressed; those to the old address will not be sent',
    );
  });
  await deps.repos.addressChanges.finish(change.hostId);
}

/**
 * Who asked for `change`: its recorded author, or for a change recorded without one (by an older
 * version, which logged the host's write right after making it) the author of the first change of
 * the host's e-mail logged since the change began; undefined when none was logged.
 */
async function authorOf(deps: ServiceDeps, change: AddressChange): Promise<AuditActor | undefined> {
  if (change.actor) return change.actor;
  const logged = await deps.repos.audit.list(
    { recordKind: 'host', recordId: change.hostId, from: change.at },
    { limit: 100, page: 1 },
  );
  return logged.items.findLast(
    (entry) => entry.action === 'update' && entry.changes.some((c) => c.path === 'email'),
  )?.actor;
}

/**
 * Finishes host `hostId`'s change of address if one was cut short (the host written, the records
 * keyed by the old address not all renamed); forgets one whose host was never written. Every
 * write of the host calls this first, so it never starts from a half-done change; the API's sweep
 * ({@link startAddressChangeSweep}) finishes one that no write comes for.
 */
export async function finishAddressChange(
  deps: ServiceDeps,
  principal: Principal,
  hostId: string,
  mail?: QueuedMailReaddress,
  now: Date = new Date(),
): Promise<void> {
  const change = await deps.repos.addressChanges.pendingOf(hostId);
  if (!change) return;
  const host = await deps.repos.hosts.findById(hostId);
  if (host?.email === change.to) await carryAddress(deps, change.actor ?? actorOf(principal), change, mail);
  else if (!host || now.getTime() - change.at.getTime() > ABANDONED_AFTER_MS)
    await deps.repos.addressChanges.finish(hostId);
}

/**
 * Gives host `current` the address `patch.email` (lower-case, already checked free) by writing
 * the host with `write` and carrying the address to every record the old one keys and to the
 * e-mails queued to it (`mail`), audited. A
 * change of the same host under way at the same time gets 409 `host_busy`. Should it fail half-way,
 * the change stays recorded (`addressChanges`, with its author) and {@link finishAddressChanges}
 * completes it within a minute or two, or {@link finishAddressChange} at the host's next write.
 */
export async function changeHostAddress(
  deps: ServiceDeps,
  principal: Principal,
  current: Host,
  to: string,
  write: () => Promise<Host>,
  mail?: QueuedMailReaddress,
  now: Date = new Date(),
): Promise<Host> {
  const change: AddressChange = {
    hostId: current.id,
    from: current.email,
    to,
    at: now,
    actor: actorOf(principal),
  };
  if (!(await deps.repos.addressChanges.begin(change)))
    throw new AppError('host_busy', "The host's e-mail is being changed by another request; retry.", {
      httpStatus: 409,
    });
  let updated: Host;
  try {
    updated = await write();
  } catch (error) {
    await deps.repos.addressChanges.finish(current.id);
    throw error;
  }
  await recordChange(deps, principal, {
    action: 'update',
    record: { kind: 'host', id: current.id },
    before: current,
    after: updated,
  });
  await carryAddress(deps, change.actor!, change, mail);
  return updated;
}

/** Changes looked at per pass of {@link finishAddressChanges}. */
const CHANGES_PER_PASS = 100;

/**
 * Finishes every change of address left cut short by a request that died (older than a minute, so
 * none still under way): one whose host was written is carried to the records the old address
 * keys, as its author would have; one whose host was never written is forgotten (the host keeps the
 * old address). Resolves to how many were finished or forgotten. A change recorded without its
 * author (by an older version) is carried as the author the audit log has for the host's write;
 * one whose write was never logged is left to the host's next write.
 */
export async function finishAddressChanges(
  deps: ServiceDeps,
  mail?: QueuedMailReaddress,
  now: Date = new Date(),
): Promise<number> {
  let settled = 0;
  for (const change of await deps.repos.addressChanges.listPending(CHANGES_PER_PASS)) {
    if (now.getTime() - change.at.getTime() <= ABANDONED_AFTER_MS) break;
    const host = await deps.repos.hosts.findById(change.hostId);
    if (host?.email === change.to) {
      const actor = await authorOf(deps, change);
      if (!actor) continue;
      await carryAddress(deps, actor, change, mail);
    } else await deps.repos.addressChanges.finish(change.hostId);
    settled += 1;
  }
  return settled;
}

/** A running {@link startAddressChangeSweep}. */
export interface AddressChangeSweep {
  /** Stops the passes; resolves once the pass under way (if any) is done. */
  stop(): Promise<void>;
}

/**
 * Runs {@link finishAddressChanges} at once (a process that stopped mid-change is finished when one
 * starts) and then every `intervalMs` (one that never restarts is finished by another process). A
 * failed pass is logged and tried again at the next. Every step of a change can run twice, so
 * several API processes may sweep at once.
 */
export function startAddressChangeSweep(
  deps: ServiceDeps,
  mail: QueuedMailReaddress | undefined,
  /** Milliseconds between passes. @default 60_000 */
  intervalMs = 60_000,
): AddressChangeSweep {
  let pass: Promise<void> = Promise.resolve();
  const run = () => {
    pass = pass
      .then(() => finishAddressChanges(deps, mail))
      .then((settled) => {
        if (settled > 0) deps.logger.info({ settled }, 'address changes cut short were finished');
      })
      .catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'address changes cut short not finished; tried again later');
      });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await pass;
    },
  };
}
