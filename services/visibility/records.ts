import {
  visibleHostContact,
  visibleStartupContact,
  type PublishedTies,
  type Reader,
  type VisibleContact,
} from './contact-rule';

/** A need as a reader may see it: its owner (the host) holds only the visible contact fields. */
export type NeedAsSeen<T extends { owner: VisibleContact; organisationId: string }> = Omit<T, 'owner'> & {
  owner: VisibleContact;
};

/** A need record with its owner's contact cut to what `reader` may see. */
export function needAsSeenBy<T extends { owner: VisibleContact & { email: string }; organisationId: string }>(
  reader: Reader,
  need: T,
  ties: PublishedTies,
): NeedAsSeen<T> {
  return {
    ...need,
    owner: visibleHostContact(reader, { ...need.owner, organisationId: need.organisationId }, ties),
  };
}

/** A startup record with its contact person cut to what `reader` may see (absent when nothing is). */
export function startupAsSeenBy<T extends { id: string; contact: VisibleContact }>(
  reader: Reader,
  startup: T,
  ties: PublishedTies,
): Omit<T, 'contact'> & { contact?: VisibleContact } {
  const { contact, ...rest } = startup;
  const visible = visibleStartupContact(reader, { id: startup.id, contact }, ties);
  return Object.keys(visible).length > 0 ? { ...rest, contact: visible } : rest;
}
