import { BUILT_IN_COMPOUND_WORDS } from './compound-words.data';
import { createCompoundSplitter, type CompoundSplitter } from './compounds';
import { toPlainText } from './html';
import { detectLanguage, detectLanguageOfTexts } from './language';
import { LEXICON, translateSwedish, type Lexicon } from './lexicon';
import { stemWord } from './stem';
import { ENGLISH_STOPWORDS, stopwordsOf } from './stopwords';
import { tokenize } from './tokenize';
import type { Language, NeedDocument, StartupDocument } from './types';

/** Weight of each part of a split compound, relative to the whole word: the parts are evidence, not repetitions. */
export const COMPOUND_PART_WEIGHT = 0.5;
/** Prefix that marks a whole tag as one term, so shared tags count beyond their words. */
export const TAG_TERM_PREFIX = '#';

/** Field names of startup profiles, in the order they are read. */
export const STARTUP_FIELDS = ['name', 'oneLiner', 'offering', 'tags', 'description', 'references'] as const;
/** Field names of needs, in the order they are read. */
export const NEED_FIELDS = ['title', 'tags', 'description'] as const;
export type StartupField = (typeof STARTUP_FIELDS)[number];
export type NeedField = (typeof NEED_FIELDS)[number];

/** One document after the text pipeline: weighted term frequencies per field. */
export interface AnalyzedDocument {
  id: string;
  language: Language;
  /** Field → term → frequency (fractional for compound parts and lexicon alternatives). */
  fields: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Field → summed frequency (its length in tokens). */
  lengths: ReadonlyMap<string, number>;
  /** Term → how it was written in this document (first occurrence), for explanations. */
  display: ReadonlyMap<string, string>;
}

/** Turns needs and profiles into analysed documents; built from the model's compound vocabulary. */
export interface Analyzer {
  analyzeNeed(doc: NeedDocument): AnalyzedDocument;
  analyzeStartup(doc: StartupDocument): AnalyzedDocument;
  /**
   * The same, from the tokens of `needTexts(doc)` (one list per text, in that order) and a language
   * already decided, so a caller that detected the language does not tokenise the texts again.
   */
  analyzeNeedTokens(doc: NeedDocument, language: Language, tokens: readonly (readonly string[])[]): AnalyzedDocument;
  /** `analyzeStartup` from the tokens of `startupTexts(doc)`, one list per text. */
  analyzeStartupTokens(doc: StartupDocument, language: Language, tokens: readonly (readonly string[])[]): AnalyzedDocument;
}

interface Emitter {
  add(term: string, weight: number, surface: string): void;
}

function emitSwedishWord(word: string, weight: number, emit: Emitter, splitter: CompoundSplitter, lexicon: Lexicon): void {
  const translated = translateSwedish(word, lexicon);
  if (translated) {
    for (const { stem, weight: share } of translated) emit.add(stem, weight * share, word);
    return;
  }
  emit.add(stemWord(word, 'sv'), weight, word);
  const parts = splitter(word);
  if (!parts) return;
  for (const part of parts) {
    const partTranslated = translateSwedish(part, lexicon);
    if (partTranslated) {
      for (const { stem, weight: share } of partTranslated) emit.add(stem, weight * COMPOUND_PART_WEIGHT * share, word);
    } else {
      emit.add(stemWord(part, 'sv'), weight * COMPOUND_PART_WEIGHT, word);
    }
  }
}

/**
 * Runs the pipeline on one text: plain text, tokens, stopwords out, then per language: English words
 * are Porter-stemmed; Swedish two-word terms and words found in the lexicon become English stems,
 * other Swedish words are stemmed and, when compounds, also contribute their parts.
 */
function emitTokens(tokens: readonly string[], language: Language, emit: Emitter, splitter: CompoundSplitter, lexicon: Lexicon): void {
  const stopwords = stopwordsOf(language);
  for (let i = 0; i < tokens.length; i += 1) {
    const word = tokens[i] as string;
    if (language === 'sv') {
      const next = tokens[i + 1];
      if (next !== undefined) {
        const bigram = lexicon.bigrams.get(`${stemWord(word, 'sv')} ${stemWord(next, 'sv')}`);
        if (bigram) {
          for (const { stem, weight } of bigram) emit.add(stem, weight, `${word} ${next}`);
          i += 1;
          continue;
        }
      }
      if (stopwords.has(word)) continue;
      emitSwedishWord(word, 1, emit, splitter, lexicon);
    } else {
      const term = englishTerm(word);
      if (term !== null) emit.add(term, 1, word);
    }
  }
}

/** Word tokens of one text: the input of both language detection and analysis. */
export function textTokens(text: string | undefined): string[] {
  return text ? tokenize(toPlainText(text)) : [];
}

/** Entries kept before the English term memo is cleared (bounds memory in long-running workers). */
const ENGLISH_MEMO_LIMIT = 200_000;
const englishMemo = new Map<string, string | null>();

/**
 * The English term of a token (its Porter stem), or null for a stopword: one lookup per token
 * instead of a stopword lookup plus a stem lookup. Memoises a pure function, so never changes a result.
 */
function englishTerm(word: string): string | null {
  const known = englishMemo.get(word);
  if (known !== undefined) return known;
  const term = ENGLISH_STOPWORDS.has(word) ? null : stemWord(word, 'en');
  if (englishMemo.size >= ENGLISH_MEMO_LIMIT) englishMemo.clear();
  englishMemo.set(word, term);
  return term;
}

class DocumentBuilder {
  readonly fields = new Map<string, Map<string, number>>();
  readonly lengths = new Map<string, number>();
  readonly display = new Map<string, string>();

  emitterFor(field: string): Emitter {
    let terms = this.fields.get(field);
    if (!terms) {
      terms = new Map();
      this.fields.set(field, terms);
    }
    const bag = terms;
    const { lengths, display } = this;
    return {
      add: (term, weight, surface) => {
        const previous = bag.get(term);
        bag.set(term, (previous ?? 0) + weight);
        lengths.set(field, (lengths.get(field) ?? 0) + weight);
        // A term already in this field is already in the display map.
        if (previous === undefined && !display.has(term)) display.set(term, surface);
      },
    };
  }
}

/** Lower-case word tokens of texts, stopwords included: the input of language detection. */
export function rawWords(texts: readonly (string | undefined)[]): string[] {
  return texts.flatMap(textTokens);
}

/** The language a document declares, or the detected one. */
export function languageOf(texts: readonly (string | undefined)[], declared: Language | undefined): Language {
  return declared ?? detectLanguage(rawWords(texts));
}

/** The texts of a need that language detection reads. */
export function needTexts(doc: NeedDocument): (string | undefined)[] {
  return [doc.title, doc.description, ...(doc.tags ?? [])];
}

/** The texts of a profile that language detection reads. */
export function startupTexts(doc: StartupDocument): (string | undefined)[] {
  return [doc.name, doc.oneLiner, doc.offering, doc.description, ...(doc.tags ?? []), ...(doc.references ?? [])];
}

function addTags(builder: DocumentBuilder, tags: readonly string[] | undefined, tagTokens: readonly (readonly string[])[], language: Language, splitter: CompoundSplitter, lexicon: Lexicon): void {
  if (!tags) return;
  const emit = builder.emitterFor('tags');
  for (let t = 0; t < tags.length; t += 1) {
    const tag = tags[t] as string;
    const tagTerms = new Set<string>();
    emitTokens(tagTokens[t] as string[], language, { add: (term, weight, surface) => { emit.add(term, weight, surface); if (weight >= 1) tagTerms.add(term); } }, splitter, lexicon);
    if (tagTerms.size === 0) continue;
    // Word order and language do not matter: "home care" and "hemtjänst" become the same tag term.
    emit.add(TAG_TERM_PREFIX + [...tagTerms].sort().join(' '), 1, tag.trim());
  }
}

/**
 * Builds an analyzer that splits Swedish compounds against the built-in word list, the lexicon's
 * Swedish words and `corpusWords` (the model's `compoundWords`).
 */
export function createAnalyzer(corpusWords: readonly string[], lexicon: Lexicon = LEXICON): Analyzer {
  const splitter = createCompoundSplitter([...BUILT_IN_COMPOUND_WORDS, ...lexicon.swedishWords, ...corpusWords]);
  const finish = (id: string, language: Language, builder: DocumentBuilder): AnalyzedDocument => ({
    id,
    language,
    fields: builder.fields,
    lengths: builder.lengths,
    display: builder.display,
  });
  const analyzeNeedTokens = (doc: NeedDocument, language: Language, tokens: readonly (readonly string[])[]): AnalyzedDocument => {
    const builder = new DocumentBuilder();
    emitTokens(tokens[0] ?? [], language, builder.emitterFor('title'), splitter, lexicon);
    addTags(builder, doc.tags, tokens.slice(2), language, splitter, lexicon);
    emitTokens(tokens[1] ?? [], language, builder.emitterFor('description'), splitter, lexicon);
    return finish(doc.id, language, builder);
  };
  const analyzeStartupTokens = (doc: StartupDocument, language: Language, tokens: readonly (readonly string[])[]): AnalyzedDocument => {
    const builder = new DocumentBuilder();
    const tagCount = doc.tags?.length ?? 0;
    emitTokens(tokens[0] ?? [], language, builder.emitterFor('name'), splitter, lexicon);
    if (doc.oneLiner) emitTokens(tokens[1] ?? [], language, builder.emitterFor('oneLiner'), splitter, lexicon);
    if (doc.offering) emitTokens(tokens[2] ?? [], language, builder.emitterFor('offering'), splitter, lexicon);
    addTags(builder, doc.tags, tokens.slice(4, 4 + tagCount), language, splitter, lexicon);
    emitTokens(tokens[3] ?? [], language, builder.emitterFor('description'), splitter, lexicon);
    const references = doc.references ?? [];
    for (let r = 0; r < references.length; r += 1) emitTokens(tokens[4 + tagCount + r] ?? [], language, builder.emitterFor('references'), splitter, lexicon);
    return finish(doc.id, language, builder);
  };
  return {
    analyzeNeed(doc) {
      const tokens = needTexts(doc).map(textTokens);
      return analyzeNeedTokens(doc, doc.language ?? detectLanguageOfTexts(tokens), tokens);
    },
    analyzeStartup(doc) {
      const tokens = startupTexts(doc).map(textTokens);
      return analyzeStartupTokens(doc, doc.language ?? detectLanguageOfTexts(tokens), tokens);
    },
    analyzeNeedTokens,
    analyzeStartupTokens,
  };
}

/**
 * Swedish words of a corpus worth splitting compounds against: non-stopwords of 3–30 letters from
 * the Swedish documents, sorted and unique.
 */
export function collectCompoundWords(docs: readonly { language: Language; words: readonly string[] }[]): string[] {
  const words = new Set<string>();
  const stopwords = stopwordsOf('sv');
  for (const doc of docs) {
    if (doc.language !== 'sv') continue;
    for (const word of doc.words) {
      if (word.length >= 3 && word.length <= 30 && !stopwords.has(word) && /^\p{L}+$/u.test(word)) words.add(word);
    }
  }
  return [...words].sort();
}
