import englishStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import swedishStemmer from 'natural/lib/natural/stemmers/porter_stemmer_sv';
import type { Language } from './types';

/** Entries kept per language before the memo is cleared: bounds memory in long-running workers. */
const MEMO_LIMIT = 200_000;
const memos: Record<Language, Map<string, string>> = { sv: new Map(), en: new Map() };

/**
 * Stems a lower-case word with natural's Porter (English) or Snowball-Swedish stemmer. Results are
 * memoised because the same few thousand words recur across every document; the memo only caches a
 * pure function, so it never changes a result.
 */
export function stemWord(word: string, language: Language): string {
  const memo = memos[language];
  const known = memo.get(word);
  if (known !== undefined) return known;
  const stemmed = language === 'sv' ? swedishStemmer.stem(word) : englishStemmer.stem(word);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(word, stemmed);
  return stemmed;
}
