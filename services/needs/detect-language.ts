import type { Language } from '../../models';

const SWEDISH_STOPWORDS = new Set(
  'och att det som en är på för med av till den har inte om ett de vi kan ska vill eller från inom våra vår där när så även samt'.split(' '),
);
const ENGLISH_STOPWORDS = new Set('the and of to a in is for that with on are as be by we our from or this can will an'.split(' '));

/**
 * Guesses whether a text is Swedish or English: å/ä/ö count for Swedish, stopwords for each
 * language. Ties go to Swedish (most needs are written in Swedish). The one place to swap in the
 * scoring core's detector.
 */
export function detectLanguage(text: string): Language {
  const lower = text.toLowerCase();
  const words = lower.split(/[^a-zåäöé]+/).filter(Boolean);
  let swedish = (lower.match(/[åäö]/g) ?? []).length;
  let english = 0;
  for (const word of words) {
    if (SWEDISH_STOPWORDS.has(word)) swedish += 1;
    if (ENGLISH_STOPWORDS.has(word)) english += 1;
  }
  return english > swedish ? 'en' : 'sv';
}
