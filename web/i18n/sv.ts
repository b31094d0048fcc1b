/**
 * Swedish, the first language of every page and e-mail (klarspråk). The keys are the catalogue:
 * `en.ts` must have each of them. `{name}` marks a parameter.
 */
export const sv = {
  'site.name': 'Matchmaker',
  'site.tagline': 'Offentliga behov möter startups',
  'site.skipToContent': 'Hoppa till innehållet',
  'site.otherLanguage': 'In English',
  'site.otherLanguageName': 'English',
  'site.accessibility': 'Tillgänglighetsredogörelse',
  'site.signOut': 'Logga ut',
  'site.signedInAs': 'Inloggad som {name}',
  'site.menu': 'Meny',

  'role.facilitator': 'Processledare',
  'role.development_head': 'Utvecklingschef',
  'role.startup': 'Startup',

  'errors.summaryTitle': 'Det finns ett problem',
  'errors.email': 'Skriv en e-postadress i rätt format, till exempel namn@kommun.se',
  'errors.name': 'Skriv personens namn',
  'errors.role': 'Välj vad personen ska göra i Matchmaker',
  'errors.organisationId': 'Välj organisationen personen arbetar för',
  'errors.language': 'Välj språk',
  'errors.emailTaken': 'Det finns redan en person med den e-postadressen',
  'errors.emailOtherOrganisation': 'E-postadressen hör till en person i en annan organisation',
  'errors.formExpired': 'Sidan hann gå ut. Försök igen.',
  'errors.formExpiredTitle': 'Sidan har gått ut',
  'errors.mailUnavailable': 'Vi kan inte skicka e-post just nu. Försök igen om en stund.',
  'errors.mailUnavailableTitle': 'E-post kan inte skickas just nu',
  'errors.notAllowedTitle': 'Du har inte behörighet till sidan',
  'errors.notAllowed': 'Sidan är till för en annan roll än din.',
  'errors.notFoundTitle': 'Sidan finns inte',
  'errors.notFound': 'Kontrollera adressen eller gå till startsidan.',
  'errors.toStart': 'Till startsidan',

  'signIn.title': 'Logga in',
  'signIn.lead': 'Vi skickar en inloggningslänk till din e-post. Du behöver inget lösenord.',
  'signIn.emailLabel': 'E-postadress',
  'signIn.emailHint': 'Den adress som du blev inbjuden med.',
  'signIn.submit': 'Skicka inloggningslänk',
  'signIn.signedOut': 'Du är utloggad.',

  'sent.title': 'Kolla din e-post',
  'sent.lead': 'Om {email} finns hos oss har vi skickat en inloggningslänk dit.',
  'sent.validity': 'Länken gäller i 24 timmar och kan användas en gång.',
  'sent.notArrived': 'Har inget kommit efter några minuter? Titta i skräpposten, eller',
  'sent.tryAgain': 'skicka en ny länk',

  'link.title': 'Logga in i Matchmaker',
  'link.lead': 'Välkommen, {name}. Klicka på knappen för att logga in.',
  'link.submit': 'Logga in',
  'link.unknownTitle': 'Länken fungerar inte',
  'link.unknown':
    'Länken är felaktig eller har dragits tillbaka. Kontrollera att du kopierade hela länken, eller be om en ny.',
  'link.expiredTitle': 'Länken har gått ut',
  'link.expired': 'Inloggningslänkar gäller i 24 timmar. Be om en ny länk.',
  'link.usedTitle': 'Länken är redan använd',
  'link.used': 'Varje inloggningslänk fungerar en gång. Be om en ny länk om du vill logga in igen.',
  'link.requestNew': 'Skicka en ny inloggningslänk',

  'home.facilitator.title': 'Evenemang',
  'home.facilitator.lead': 'Välj ett evenemang för att se behov, matchningar och schema.',
  'home.facilitator.noEvents': 'Det finns inga evenemang ännu.',
  'home.facilitator.eventDays': '{count} dagar',
  'home.facilitator.eventDay': '1 dag',
  'home.facilitator.counts': '{needs} behov, {startups} startups',
  'home.facilitator.invite': 'Bjud in en person',
  'home.developmentHead.title': 'Mina behov',
  'home.developmentHead.lead': 'Behov som {organisation} har lämnat in.',
  'home.developmentHead.noNeeds': 'Er organisation har inga behov inlämnade ännu.',
  'home.startup.title': 'Behov som passar er',
  'home.startup.lead': 'Här visas de behov som matchar {startup}.',

  'need.status.draft': 'Utkast',
  'need.status.open': 'Öppet',
  'need.status.matched': 'Matchat',
  'need.status.closed': 'Stängt',
  'need.priority': 'Prioritet {priority}',

  'invite.title': 'Bjud in en person',
  'invite.lead': 'Personen får ett e-postmeddelande med en inloggningslänk som gäller i 24 timmar.',
  'invite.nameLabel': 'Namn',
  'invite.emailLabel': 'E-postadress',
  'invite.roleLegend': 'Vad ska personen göra?',
  'invite.role.development_head': 'Utvecklingschef: lämnar in och prioriterar behov för sin organisation',
  'invite.role.facilitator': 'Processledare: leder matchningen och bygger schemat',
  'invite.organisationLabel': 'Organisation',
  'invite.organisationHint': 'Gäller utvecklingschefer: de ser och ändrar bara sin organisations behov.',
  'invite.organisationChoose': 'Välj organisation',
  'invite.languageLegend': 'Språk i e-post och på sidorna',
  'invite.submit': 'Skicka inbjudan',
  'invite.sent': 'Inbjudan skickad till {name} ({email}). Länken gäller i 24 timmar.',
  'invite.back': 'Tillbaka till evenemangen',

  'time.dateAtTime': '{date} kl. {time}',

  'language.sv': 'Svenska',
  'language.en': 'Engelska',

  'accessibility.title': 'Tillgänglighetsredogörelse',
  'accessibility.body':
    'Matchmaker ska gå att använda för alla, enligt lagen om tillgänglighet till digital offentlig service (WCAG 2.1 nivå AA). Sidorna testas automatiskt med axe-core i webbläsaren, med tangentbord och i mobilbredd.',
  'accessibility.contact': 'Hittar du något som inte fungerar? Skriv till {email}.',

  'mail.signIn.subject': 'Din inloggningslänk till Matchmaker',
  'mail.signIn.greeting': 'Hej {name}!',
  'mail.signIn.body': 'Här är din länk för att logga in i Matchmaker:',
  'mail.signIn.validity': 'Länken gäller till {until} och kan användas en gång.',
  'mail.signIn.ignore': 'Bad du inte om länken kan du bortse från det här meddelandet.',
  'mail.invite.subject': '{inviter} har bjudit in dig till Matchmaker',
  'mail.invite.body': '{inviter} har bjudit in dig till Matchmaker som {role}. Logga in med länken:',
  'mail.invite.later': 'Senare loggar du in på {url} med din e-postadress.',
  'mail.button': 'Logga in',
} as const;

/** A key of the message catalogue. */
export type MessageKey = keyof typeof sv;
