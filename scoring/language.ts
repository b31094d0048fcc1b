import { ENGLISH_STOPWORDS, SWEDISH_STOPWORDS } from './stopwords';
import type { Language } from './types';

// Words in both lists (e.g. "i", "in", "man") say nothing about the language.
const SWEDISH_ONLY = [...SWEDISH_STOPWORDS].filter((w) => !ENGLISH_STOPWORDS.has(w));
const ENGLISH_ONLY = [...ENGLISH_STOPWORDS].filter((w) => !SWEDISH_STOPWORDS.has(w));
const SWEDISH_SET = new Set(SWEDISH_ONLY);
const ENGLISH_SET = new Set(ENGLISH_ONLY);

/** Letters used in Swedish words and rare in English ones. */
const SWEDISH_LETTERS = /[åäö]/;

/**
 * Guesses whether a text is Swedish or English: counts words found only in the Swedish or only in
 * the English stopword list, and counts words with å/ä/ö as half a Swedish vote each. Ties,
 * including texts with no evidence, are English.
 * @param words - lower-case word tokens of the text (stopwords included).
 */
export function detectLanguage(words: readonly string[]): Language {
  return detectLanguageOfTexts([words]);
}

/** `detectLanguage` over the words of several texts at once (one list per text), without joining them. */
export function detectLanguageOfTexts(texts: readonly (readonly string[])[]): Language {
  let swedish = 0;
  let english = 0;
  for (const words of texts) {
    for (const word of words) {
      if (SWEDISH_SET.has(word)) swedish += 1;
      else if (ENGLISH_SET.has(word)) english += 1;
      if (SWEDISH_LETTERS.test(word)) swedish += 0.5;
    }
  }
  return swedish > english ? 'sv' : 'en';
}
