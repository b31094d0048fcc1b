import type { PageLanguage, Translate } from '../../i18n';
import { matchSentences, scoreInWords as scoreWords, type MatchWordKeys } from '../match-words';

/** A development head's words: the need and "the profile". */
const HOST_KEYS: MatchWordKeys = {
  terms: 'host.why.terms',
  similarMeaning: 'host.why.similarMeaning',
  similarMeaningTexts: 'host.why.similarMeaningTexts',
  tags: 'host.why.tags',
  none: 'host.why.none',
  crossLanguage: 'host.why.crossLanguage',
  languageName: { sv: 'host.languageName.sv', en: 'host.languageName.en' },
  mostlyWords: 'host.why.mostlyWords',
  mostlyMeaning: 'host.why.mostlyTopic',
  strength: { strong: 'host.score.strong', good: 'host.score.good', weak: 'host.score.weak' },
  score: 'host.score.value',
};

/** Why a startup matches a need, as sentences (nothing stored: "no clear shared words"). */
export function matchReasons(explanation: unknown, t: Translate, language: PageLanguage): string[] {
  return matchSentences(HOST_KEYS, explanation, t, language);
}

/** The score in words next to the number. */
export function scoreInWords(score: number, t: Translate, language: PageLanguage): string {
  return scoreWords(HOST_KEYS, score, t, language);
}
