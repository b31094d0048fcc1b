import type { StartupKey } from './keys';

/** English texts of the startup pages; the same keys as `startup.sv.ts` (the compiler checks). */
export const startupEn: Record<StartupKey, string> = {
  'startup.home.status.pending':
    'Your profile is waiting for review. It is already matched against the needs, but development heads see you, and you can get meetings, only once a facilitator has approved it.',
  'startup.home.status.approved':
    'Your profile is approved. Development heads can see you, and you can get meetings at the event.',
  'startup.home.status.rejected': 'Your profile was not approved. You will get no meetings at the event.',
  'startup.home.status.reason': 'Reason: {reason}',
  'startup.home.statusTitle': 'Status of your profile',
  'startup.home.tasks': 'What you can do here',
  'startup.home.profile': 'Your profile',
  'startup.home.profileHint': 'What you do and for whom. This is what is matched against the needs.',
  'startup.home.matches': 'All needs that fit you',
  'startup.home.matchesHint': 'Open needs of public organisations, best match first.',
  'startup.home.availability': 'Your availability',
  'startup.home.availabilityHint': 'When you can have meetings at the event.',
  'startup.home.agenda': 'Your agenda',
  'startup.home.agendaHint': 'Your meetings: when, with whom and at which table.',
  'startup.home.bestMatches': 'Best matching needs',
  'startup.home.showAll': 'Show all {count} needs that fit you',

  'startup.matches.title': 'Needs that fit you',
  'startup.matches.lead':
    'Open needs of public organisations that match your profile, best match first. Each need says why it fits you.',
  'startup.matches.none':
    'No open need matches your profile yet. The more your profile says about what you do and for whom, the better it can be matched.',
  'startup.matches.computing':
    'Your profile has changed and the matches are being recomputed. Reload the page in a little while.',
  'startup.matches.shown': 'Showing {shown} of {total} needs.',
  'startup.matches.showMore': 'Show more needs',
  'startup.matches.back': 'To the start page',

  'startup.match.organisation': 'Organisation',
  'startup.match.budget': 'Budget',
  'startup.match.timeframe': 'Timeframe',
  'startup.match.score': 'Match',
  'startup.match.why': 'Why it fits you',
  'startup.match.budgetRange': 'SEK {min}–{max}',
  'startup.match.timeframeRange': '{start} – {end}',
  'startup.match.scoreWords': '{words} ({score})',
  'startup.match.strength.strong': 'Very good match',
  'startup.match.strength.good': 'Good match',
  'startup.match.strength.weak': 'Weak match',

  'startup.why.terms': 'The need and your profile use the same words: {terms}.',
  'startup.why.similarMeaning': 'Similar in meaning across languages: {terms}.',
  'startup.why.similarMeaningTexts': 'The texts are similar in meaning across languages.',
  'startup.why.tags': 'You share the tags: {tags}.',
  'startup.why.noTerms': 'No single word stands out: the likeness is in the texts as a whole.',
  'startup.why.crossLanguage':
    'The need is written in {needLanguage} and your profile in {startupLanguage}; they were matched across the languages.',
  'startup.why.mostlyWords': 'The match rests mostly on words found in both texts.',
  'startup.why.mostlyMeaning':
    'The match rests mostly on the texts being about the same thing, even where the words differ.',
  'startup.why.language.sv': 'Swedish',
  'startup.why.language.en': 'English',

  'startup.need.description': 'Description',
  'startup.need.contact': 'Contact person',
  'startup.need.contactPublished':
    'You have a published meeting with the contact person. This is how to reach them:',
  'startup.need.email': 'E-mail',
  'startup.need.phone': 'Phone',
  'startup.need.noContact':
    'E-mail and phone are shown once a schedule with a meeting between you and the contact person is published.',
  'startup.need.notAMatch': 'This need is not among your matches at the moment.',
  'startup.need.back': 'Back to the needs that fit you',
};
