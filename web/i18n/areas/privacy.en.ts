import type { PrivacyKey } from './keys';

/** English texts of the "My data" pages; the same keys as `privacy.sv.ts` (the compiler checks). */
export const privacyEn: Record<PrivacyKey, string> = {
  'myData.nav': 'My data',
  'myData.title': 'My data',
  'privacy.erased':
    "Erasing removes the contact person's name and e-mail address and closes the account; the company's profile stays, without a contact person.",
  'privacy.questions': 'Questions about your details? Write to {email}.',
  'myData.lead': 'Here you can download the data Matchmaker holds about you, and erase it.',
  'myData.held.title': 'What we hold about you',
  'myData.held.person': 'Your name, your e-mail address ({email}) and your language.',
  'myData.held.host': 'As a host: name, e-mail and phone, and {count} needs whose meetings you sit in.',
  'myData.held.startup': 'As the contact person of {startup}: name, e-mail and phone.',
  'myData.held.meetings': 'Published meetings: {count}.',
  'myData.held.links': 'Sign-in, calendar and follow-up links: {count}.',
  'myData.held.changes': 'Changes you made (kept in the change log without your name): {count}.',
  'myData.download.title': 'Download',
  'myData.download.lead':
    'You get everything in one file (JSON) that you can keep or take to another service.',
  'myData.download.button': 'Download my data',
  'myData.erase.title': 'Erase my data',
  'myData.erase.lead':
    'Your contact details are removed and you are signed out. Meetings and needs stay without your name, so that other people’s schedules and follow-up stay right. This cannot be undone.',
  'myData.erase.start': 'Erase my data',
  'myData.confirm.title': 'Do you want to erase your data?',
  'myData.confirm.lead': 'This is what happens when you erase:',
  'myData.confirm.contact': 'Your name, your e-mail address and your phone number are removed.',
  'myData.confirm.signIn':
    'Your account is removed and you are signed out. Your sign-in, calendar and follow-up links stop working.',
  'myData.confirm.kept': 'Meetings, needs and answers about how the meetings went stay, without your name.',
  'myData.confirm.legend': 'Confirm',
  'myData.confirm.checkbox': 'I understand that erasing cannot be undone',
  'myData.confirm.required': 'Tick the box to confirm that you want to erase your data',
  'myData.confirm.button': 'Yes, erase my data',
  'myData.confirm.cancel': 'No, go back',
  'myData.erased.title': 'Your data is erased',
  'myData.erased.lead': 'You are signed out. We removed your contact details and closed your links.',
  'myData.erased.home': 'To the start page',
};
