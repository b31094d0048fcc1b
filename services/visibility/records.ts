import {
  visibleHostContact,
  visibleStartupContact,
  type PublishedTies,
  type Reader,
  type VisibleContact,
} from './contact-rule';
import { accessOf, plainFieldsFor } from './field-rule';

/** A need as a reader may see it: the fields FIELD_RULE gives its role, the owner cut by CONTACT_RULE. */
export type NeedAsSeen<T extends { owner: VisibleContact; organisationId: string }> = Partial<
  Omit<T, 'owner'>
> & {
  owner?: VisibleContact;
};

/** A need record as `reader` may see it (FIELD_RULE), its owner's contact cut to what CONTACT_RULE allows. */
export function needAsSeenBy<T extends { owner: VisibleContact & { email: string }; organisationId: string }>(
  reader: Reader,
  need: T,
  ties: PublishedTies,
): NeedAsSeen<T> {
  const plain = plainFieldsFor('need', reader.role, need) as Partial<Omit<T, 'owner'>>;
  if (accessOf('need', reader.role, 'owner') !== 'contact') return plain;
  return {
    ...plain,
    owner: visibleHostContact(reader, { ...need.owner, organisationId: need.organisationId }, ties),
  };
}

/**
 * A startup record as `reader` may see it (FIELD_RULE), its contact person cut to what
 * CONTACT_RULE allows (absent when nothing is).
 */
export function startupAsSeenBy<T extends { id: string; contact: VisibleContact }>(
  reader: Reader,
  startup: T,
  ties: PublishedTies,
): Partial<Omit<T, 'contact'>> & { contact?: VisibleContact } {
  const plain = plainFieldsFor('startup', reader.role, startup) as Partial<Omit<T, 'contact'>>;
  if (accessOf('startup', reader.role, 'contact') !== 'contact') return plain;
  const visible = visibleStartupContact(reader, { id: startup.id, contact: startup.contact }, ties);
  return Object.keys(visible).length > 0 ? { ...plain, contact: visible } : plain;
}

/** An availability entry: hosts named by e-mail, startups by profile id. */
interface AvailabilityEntry {
  readonly participantKind: 'host' | 'startup';
  readonly participantId: string;
}

/**
 * An event as `reader` may see it (FIELD_RULE). Its availability entries (`entries`): a host's
 * when CONTACT_RULE shows the reader that host's e-mail (`organisationOfHost` names the host's
 * organisation by e-mail), a startup's to the startup itself.
 */
export function eventAsSeenBy<T extends { availability: readonly AvailabilityEntry[] }>(
  reader: Reader,
  event: T,
  ties: PublishedTies,
  organisationOfHost: (email: string) => string | undefined,
): Partial<T> {
  const plain = plainFieldsFor('event', reader.role, event);
  if (accessOf('event', reader.role, 'availability') !== 'entries') return plain;
  const shown = event.availability.filter((entry) =>
    entry.participantKind === 'host'
      ? visibleHostContact(
          reader,
          { email: entry.participantId, organisationId: organisationOfHost(entry.participantId) },
          ties,
        ).email !== undefined
      : reader.role === 'startup' && reader.startupId === entry.participantId,
  );
  return { ...plain, availability: shown } as Partial<T>;
}

/** The host e-mails an event's availability names (to look their organisations up for {@link eventAsSeenBy}). */
export function availabilityHostEmails(
  events: readonly { availability: readonly AvailabilityEntry[] }[],
): string[] {
  const emails = new Set<string>();
  for (const event of events)
    for (const entry of event.availability)
      if (entry.participantKind === 'host') emails.add(entry.participantId);
  return [...emails];
}
