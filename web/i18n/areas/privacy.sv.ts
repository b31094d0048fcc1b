/** Swedish texts of the "Mina uppgifter" pages (a person's own data: download and erasure); merged into `../sv.ts`. */
export const privacySv = {
  'myData.nav': 'Mina uppgifter',
  'myData.title': 'Mina uppgifter',
  'privacy.erased':
    'Vid radering tas kontaktpersonens namn och e-postadress bort och kontot stängs; företagets profil finns kvar utan kontaktperson.',
  'privacy.questions': 'Frågor om era uppgifter? Skriv till {email}.',
  'myData.lead': 'Här kan du ladda ner de uppgifter som Matchmaker har om dig, och radera dem.',
  'myData.held.title': 'Det här har vi sparat om dig',
  'myData.held.person': 'Ditt namn, din e-postadress ({email}) och ditt språk.',
  'myData.held.host': 'Som värd: namn, e-post och telefon, och {count} behov som du sitter i möten för.',
  'myData.held.startup': 'Som kontaktperson för {startup}: namn, e-post och telefon.',
  'myData.held.meetings': 'Publicerade möten: {count}.',
  'myData.held.links': 'Inloggnings-, kalender- och uppföljningslänkar: {count}.',
  'myData.held.changes': 'Ändringar som du har gjort (loggas i ändringsloggen utan ditt namn): {count}.',
  'myData.download.title': 'Ladda ner',
  'myData.download.lead':
    'Du får allt i en fil (JSON) som du kan spara eller ta med dig till en annan tjänst.',
  'myData.download.button': 'Ladda ner mina uppgifter',
  'myData.erase.title': 'Radera mina uppgifter',
  'myData.erase.lead':
    'Dina kontaktuppgifter tas bort och du loggas ut. Möten och behov finns kvar utan ditt namn, så att andras scheman och uppföljning stämmer. Det går inte att ångra.',
  'myData.erase.start': 'Radera mina uppgifter',
  'myData.confirm.title': 'Vill du radera dina uppgifter?',
  'myData.confirm.lead': 'Det här händer när du raderar:',
  'myData.confirm.contact': 'Ditt namn, din e-postadress och ditt telefonnummer tas bort.',
  'myData.confirm.signIn':
    'Ditt konto tas bort och du loggas ut. Dina inloggnings-, kalender- och uppföljningslänkar slutar fungera.',
  'myData.confirm.kept': 'Möten, behov och svar om hur mötena gick finns kvar, men utan ditt namn.',
  'myData.confirm.legend': 'Bekräfta',
  'myData.confirm.checkbox': 'Jag förstår att raderingen inte går att ångra',
  'myData.confirm.required': 'Kryssa i rutan för att bekräfta att du vill radera dina uppgifter',
  'myData.confirm.button': 'Ja, radera mina uppgifter',
  'myData.confirm.cancel': 'Nej, gå tillbaka',
  'myData.erased.title': 'Dina uppgifter är raderade',
  'myData.erased.lead': 'Du är utloggad. Vi har tagit bort dina kontaktuppgifter och stängt dina länkar.',
  'myData.erased.home': 'Till startsidan',
} as const;
