import type { Language } from '../../models';
import { detectLanguage as detectFromWords, toPlainText, tokenize } from '../../scoring';

/**
 * Whether a text is Swedish or English, by the scoring core's detector (stopwords and å/ä/ö; ties
 * are English), so the language stored with a need or profile is the one scoring would assume.
 */
export function detectLanguage(text: string): Language {
  return detectFromWords(tokenize(toPlainText(text)));
}
