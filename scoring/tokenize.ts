/** Letters and digits; everything else (spaces, punctuation, hyphens) separates words. */
const WORD = /[\p{L}\p{N}]+/gu;
const DIGITS_ONLY = /^\p{N}+$/u;

/**
 * Splits plain text into lower-case word tokens: runs of letters and digits, at least 2 characters,
 * not digits only ("2018" and "1" carry no topic). Stopwords are kept; the caller removes them per
 * language.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const token = match[0];
    if (token.length >= 2 && !DIGITS_ONLY.test(token)) tokens.push(token);
  }
  return tokens;
}
