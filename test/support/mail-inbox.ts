import { getConfig } from '../../config';

/** A message as the development mail server (MailDev) holds it. */
export interface ReceivedEmail {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: { address: string; name?: string }[];
  from: { address: string; name?: string }[];
  time: string;
}

/** Every message the mail server holds for `address` (compared lower-case), oldest first. */
export async function emailsTo(address: string): Promise<ReceivedEmail[]> {
  const response = await fetch(`${getConfig().MAIL_INBOX_URL}/api/email`);
  if (!response.ok) throw new Error(`mail server answered ${response.status}`);
  const all = (await response.json()) as ReceivedEmail[];
  const wanted = address.toLowerCase();
  return all.filter((email) => email.to.some((to) => to.address.toLowerCase() === wanted));
}

/** Waits until the mail server holds `count` messages for `address` and returns them (oldest first). */
export async function waitForEmails(
  address: string,
  count = 1,
  timeoutMs = 20_000,
): Promise<ReceivedEmail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const emails = await emailsTo(address);
    if (emails.length >= count) return emails;
    if (Date.now() > deadline)
      throw new Error(`${emails.length} of ${count} e-mails to ${address} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The sign-in link of a message (its plain text holds it on a line of its own). */
export function signInLinkIn(email: ReceivedEmail): string {
  const link = /^(https?:\/\/\S+\/sign-in\/link\?\S+)$/m.exec(email.text)?.[1];
  if (!link) throw new Error(`no sign-in link in the e-mail "${email.subject}"`);
  return link;
}
