import { words as englishBase } from 'natural/lib/natural/util/stopwords';
import { words as swedishBase } from 'natural/lib/natural/util/stopwords_sv';
import type { Language } from './types';

// natural's English list lacks several function words that are frequent in need texts.
const ENGLISH_EXTRA = [
  'will',
  'not',
  'no',
  'nor',
  'may',
  'shall',
  'upon',
  'via',
  'etc',
  'per',
  'thus',
  'whether',
  'either',
  'neither',
  'across',
  'within',
  'without',
  'among',
  'along',
  'around',
  'against',
  'toward',
  'towards',
  'onto',
  'off',
  'yet',
  'however',
  'therefore',
  'hence',
  'also',
  'i',
  'us',
  'its',
  "it's",
  'e.g',
  'i.e',
  'eg',
  'ie',
  'using',
  'used',
  'use',
  'uses',
  'based',
  'one',
  'two',
  'three',
];
const SWEDISH_EXTRA = [
  'samt',
  'bl',
  'bla',
  'mm',
  'ca',
  'osv',
  'dvs',
  'pga',
  'inkl',
  'exkl',
  'ex',
  't',
  'o',
  'sådär',
  'hos',
];

/** English stopwords: natural's list plus a few frequent function words (lower case). */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set([...englishBase, ...ENGLISH_EXTRA]);
/** Swedish stopwords: natural's `stopwords_sv` plus common abbreviations (lower case). */
export const SWEDISH_STOPWORDS: ReadonlySet<string> = new Set([...swedishBase, ...SWEDISH_EXTRA]);

/** The stopword set of a language. */
export function stopwordsOf(language: Language): ReadonlySet<string> {
  return language === 'sv' ? SWEDISH_STOPWORDS : ENGLISH_STOPWORDS;
}
