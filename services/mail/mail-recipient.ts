import { isErasedAddress, type Repositories } from '../../models';
import type { MailRecipient } from './mail.queue';

/** The address a stored record has now, or null when the record is gone. */
async function currentAddress(repos: Repositories, recipient: MailRecipient): Promise<string | null> {
  switch (recipient.kind) {
    case 'person':
      return (await repos.people.findById(recipient.id))?.email ?? null;
    case 'need':
      return (await repos.needs.findById(recipient.id))?.owner.email ?? null;
    case 'startup':
      return (await repos.startups.findById(recipient.id))?.contact.email ?? null;
  }
}

/**
 * Whether every record a message names besides its recipient still has its person: a person's
 * record exists, a need's host and a startup's contact have not been erased. A message naming an
 * erased person is not sent (it shows their name or address).
 */
export async function namedStillThere(
  repos: Repositories,
  mentions: readonly MailRecipient[],
): Promise<boolean> {
  for (const mention of mentions) {
    const address = await currentAddress(repos, mention);
    if (address === null || isErasedAddress(address)) return false;
  }
  return true;
}

/**
 * Whether a message may still go to `to`: its record still exists and still has that address. An
 * erased person's record is deleted (people) or keeps an address that is never delivered (needs'
 * hosts, startup contacts), so mail queued for them before or during the erasure is not sent; so
 * is mail to an address that was changed since.
 */
export async function recipientStillThere(
  repos: Repositories,
  recipient: MailRecipient,
  to: string,
): Promise<boolean> {
  const address = await currentAddress(repos, recipient);
  return address !== null && address.trim().toLowerCase() === to.trim().toLowerCase();
}
