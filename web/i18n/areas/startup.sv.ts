/** Swedish texts of the startup pages; merged into the catalogue in `../sv.ts`. */
export const startupSv = {
  'startup.home.status.pending':
    'Er profil väntar på granskning. Ni matchas redan mot behoven, men utvecklingscheferna ser er och ni kan få möten först när en processledare har godkänt profilen.',
  'startup.home.status.approved':
    'Er profil är godkänd. Utvecklingscheferna kan se er, och ni kan få möten på evenemanget.',
  'startup.home.status.rejected': 'Er profil godkändes inte. Ni får inga möten på evenemanget.',
  'startup.home.status.reason': 'Skäl: {reason}',
  'startup.home.statusTitle': 'Profilens status',
  'startup.home.tasks': 'Det här kan ni göra',
  'startup.home.profile': 'Er profil',
  'startup.home.profileHint': 'Vad ni gör och för vem. Det är den som matchas mot behoven.',
  'startup.home.matches': 'Alla behov som passar er',
  'startup.home.matchesHint': 'Öppna behov från offentliga organisationer, bäst matchning först.',
  'startup.home.availability': 'Er tillgänglighet',
  'startup.home.availabilityHint': 'När ni kan ha möten på evenemanget.',
  'startup.home.agenda': 'Er agenda',
  'startup.home.agendaHint': 'Era möten: när, med vem och vid vilket bord.',
  'startup.home.bestMatches': 'Bäst matchade behov',
  'startup.home.showAll': 'Visa alla {count} behov som passar er',

  'startup.matches.title': 'Behov som passar er',
  'startup.matches.lead':
    'Öppna behov från offentliga organisationer som matchar er profil, bäst matchning först. Varje behov säger varför det passar er.',
  'startup.matches.none':
    'Inga öppna behov matchar er profil ännu. Ju mer profilen säger om vad ni gör och för vem, desto bättre kan den matchas.',
  'startup.matches.computing':
    'Er profil har ändrats och matchningarna räknas om. Ladda om sidan om en liten stund.',
  'startup.matches.shown': 'Visar {shown} av {total} behov.',
  'startup.matches.showMore': 'Visa fler behov',
  'startup.matches.back': 'Till startsidan',

  'startup.match.organisation': 'Organisation',
  'startup.match.budget': 'Budget',
  'startup.match.timeframe': 'Tidsram',
  'startup.match.score': 'Matchning',
  'startup.match.why': 'Varför det passar er',
  'startup.match.budgetRange': '{min}–{max} kr',
  'startup.match.timeframeRange': '{start} – {end}',
  'startup.match.scoreWords': '{words} ({score})',
  'startup.match.strength.strong': 'Mycket god matchning',
  'startup.match.strength.good': 'God matchning',
  'startup.match.strength.weak': 'Svag matchning',

  'startup.why.terms': 'Behovet och er profil använder samma ord: {terms}.',
  'startup.why.similarMeaning': 'Liknande betydelse på ett annat språk: {terms}.',
  'startup.why.similarMeaningTexts': 'Texterna har liknande betydelse på ett annat språk.',
  'startup.why.tags': 'Ni har samma taggar: {tags}.',
  'startup.why.noTerms': 'Inga enskilda ord står ut: likheten ligger i texterna som helhet.',
  'startup.why.crossLanguage':
    'Behovet är skrivet på {needLanguage} och er profil på {startupLanguage}; de matchades över språkgränsen.',
  'startup.why.mostlyWords': 'Matchningen bygger mest på ord som finns i båda texterna.',
  'startup.why.mostlyMeaning':
    'Matchningen bygger mest på att texterna handlar om samma sak, även där orden skiljer sig.',
  'startup.why.language.sv': 'svenska',
  'startup.why.language.en': 'engelska',

  'startup.need.description': 'Beskrivning',
  'startup.need.contact': 'Kontaktperson',
  'startup.need.contactPublished':
    'Ni har ett publicerat möte med kontaktpersonen. Så når ni henne eller honom:',
  'startup.need.email': 'E-post',
  'startup.need.phone': 'Telefon',
  'startup.need.noContact':
    'E-post och telefon visas när ett schema med ett möte mellan er och kontaktpersonen är publicerat.',
  'startup.need.notAMatch': 'Behovet finns inte bland era matchningar just nu.',
  'startup.need.back': 'Tillbaka till behov som passar er',
} as const;
