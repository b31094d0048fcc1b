/** Swedish texts of the agenda pages; merged into the catalogue in `../sv.ts`. */
export const agendaSv = {
  'agenda.title': 'Min agenda',
  'agenda.lead.developmentHead':
    'Möten om behov från {organisation} i publicerade scheman. Alla tider är svensk tid.',
  'agenda.lead.startup': 'Möten för {startup} i publicerade scheman. Alla tider är svensk tid.',
  'agenda.none':
    'Det finns inga publicerade möten ännu. När processledaren publicerar schemat visas mötena här.',
  'agenda.printable': 'Utskriftsvänlig agenda',
  'agenda.need': 'Behov',
  'agenda.organisation': 'Organisation',
  'agenda.host': 'Värd',
  'agenda.startup': 'Startup',
  'agenda.back': 'Tillbaka',
  'agenda.printHint': 'Skriv ut sidan med webbläsarens utskriftsfunktion (Ctrl+P eller ⌘+P).',
  'agenda.print.personTitle': 'Agenda för {name}',
  'agenda.print.personSubtitle': 'Publicerade möten. Alla tider är svensk tid.',
  'agenda.print.eventTitle': 'Agenda: {event}',
  'agenda.print.published': 'Publicerat schema, version {version}. Alla tider är svensk tid.',
  'agenda.print.draft': 'Utkast, version {version}, inte publicerat. Alla tider är svensk tid.',
  'agenda.calendar.title': 'Prenumerera i din kalender',
  'agenda.calendar.lead':
    'Med en kalenderlänk syns mötena i Outlook, Google Kalender eller Apples Kalender och uppdateras när schemat ändras. Länken är hemlig: den som har den kan se mötena.',
  'agenda.calendar.addressLabel': 'Din kalenderadress',
  'agenda.calendar.addressHint':
    'Kopiera adressen och lägg till den i kalendern som en prenumeration (”Från webbadress”). Adressen visas bara nu.',
  'agenda.calendar.subscribe': 'Öppna i kalenderprogrammet',
  'agenda.calendar.active': 'Du har en kalenderlänk sedan {date}.',
  'agenda.calendar.inactive': 'Du har ingen kalenderlänk.',
  'agenda.calendar.create': 'Skapa kalenderlänk',
  'agenda.calendar.renew': 'Skapa ny kalenderlänk',
  'agenda.calendar.revoke': 'Stäng av kalenderlänken',
  'agenda.calendar.created':
    'Kalenderlänken är skapad. Lägg till den i kalendern nu. Tidigare kalenderlänkar fungerar inte längre.',
  'agenda.calendar.revoked':
    'Kalenderlänken är avstängd. Kalendrar som prenumererar på den får inga fler möten.',
} as const;
