import type { PageLanguage, Translate } from '../../i18n';
import { matchSentences, scoreInWords as scoreWords, type MatchWordKeys } from '../match-words';

export { strengthOf } from '../match-words';

/** A startup's words: the need and "your profile". */
const STARTUP_KEYS: MatchWordKeys = {
  terms: 'startup.why.terms',
  similarMeaning: 'startup.why.similarMeaning',
  similarMeaningTexts: 'startup.why.similarMeaningTexts',
  tags: 'startup.why.tags',
  none: 'startup.why.noTerms',
  crossLanguage: 'startup.why.crossLanguage',
  languageName: { sv: 'startup.why.language.sv', en: 'startup.why.language.en' },
  mostlyWords: 'startup.why.mostlyWords',
  mostlyMeaning: 'startup.why.mostlyMeaning',
  strength: {
    strong: 'startup.match.strength.strong',
    good: 'startup.match.strength.good',
    weak: 'startup.match.strength.weak',
  },
  score: 'startup.match.scoreWords',
};

/** "Mycket god matchning (0,82)". */
export function scoreInWords(t: Translate, score: number, language: PageLanguage): string {
  return scoreWords(STARTUP_KEYS, score, t, language);
}

/** Why a need and the startup's profile match, as sentences; none when no explanation is stored. */
export function whyInWords(t: Translate, stored: unknown, language: PageLanguage): string[] {
  if (typeof stored !== 'object' || stored === null) return [];
  return matchSentences(STARTUP_KEYS, stored, t, language);
}
