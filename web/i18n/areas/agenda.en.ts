import type { AgendaKey } from './keys';

/** English texts of the agenda pages; the same keys as `agenda.sv.ts` (the compiler checks). */
export const agendaEn: Record<AgendaKey, string> = {
  'agenda.title': 'My agenda',
  'agenda.lead.developmentHead':
    'Meetings about needs from {organisation} in published schedules. All times are Swedish time.',
  'agenda.lead.startup': 'Meetings of {startup} in published schedules. All times are Swedish time.',
  'agenda.none':
    'There are no published meetings yet. When the facilitator publishes the schedule, the meetings show here.',
  'agenda.printable': 'Printable agenda',
  'agenda.need': 'Need',
  'agenda.organisation': 'Organisation',
  'agenda.host': 'Host',
  'agenda.startup': 'Startup',
  'agenda.back': 'Back',
  'agenda.printHint': 'Print the page with your browser’s print command (Ctrl+P or ⌘+P).',
  'agenda.print.personTitle': 'Agenda for {name}',
  'agenda.print.personSubtitle': 'Published meetings. All times are Swedish time.',
  'agenda.print.eventTitle': 'Agenda: {event}',
  'agenda.print.published': 'Published schedule, version {version}. All times are Swedish time.',
  'agenda.print.draft': 'Draft, version {version}, not published. All times are Swedish time.',
  'agenda.calendar.title': 'Subscribe in your calendar',
  'agenda.calendar.lead':
    'With a calendar link the meetings show in Outlook, Google Calendar or Apple Calendar and follow every change to the schedule. The link is secret: whoever has it can see the meetings.',
  'agenda.calendar.addressLabel': 'Your calendar address',
  'agenda.calendar.addressHint':
    'Copy the address and add it to your calendar as a subscription (“From URL”). The address is shown only now.',
  'agenda.calendar.subscribe': 'Open in your calendar app',
  'agenda.calendar.active': 'You have had a calendar link since {date}.',
  'agenda.calendar.inactive': 'You have no calendar link.',
  'agenda.calendar.create': 'Create a calendar link',
  'agenda.calendar.renew': 'Create a new calendar link',
  'agenda.calendar.revoke': 'Turn off the calendar link',
  'agenda.calendar.created':
    'The calendar link is made. Add it to your calendar now. Earlier calendar links no longer work.',
  'agenda.calendar.revoked':
    'The calendar link is turned off. Calendars subscribed to it get no more meetings.',
};
