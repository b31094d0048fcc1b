import { BUILT_IN_COMPOUND_WORDS } from './compound-words.data';
import { createCompoundSplitter, type CompoundSplitter } from './compounds';
import { toPlainText } from './html';
import { detectLanguage } from './language';
import { LEXICON, translateSwedish, type Lexicon } from './lexicon';
import { stemWord } from './stem';
import { stopwordsOf } from './stopwords';
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
function emitText(text: string, language: Language, emit: Emitter, splitter: CompoundSplitter, lexicon: Lexicon): void {
  const tokens = tokenize(toPlainText(text));
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
      if (stopwords.has(word)) continue;
      emit.add(stemWord(word, 'en'), 1, word);
    }
  }
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
    return {
      add: (term, weight, surface) => {
        bag.set(term, (bag.get(term) ?? 0) + weight);
        this.lengths.set(field, (this.lengths.get(field) ?? 0) + weight);
        if (!this.display.has(term)) this.display.set(term, surface);
      },
    };
  }
}

/** Lower-case word tokens of texts, stopwords included: the input of language detection. */
export function rawWords(texts: readonly (string | undefined)[]): string[] {
  return texts.flatMap((text) => (text ? tokenize(toPlainText(text)) : []));
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

function addTags(builder: DocumentBuilder, tags: readonly string[] | undefined, language: Language, splitter: CompoundSplitter, lexicon: Lexicon): void {
  if (!tags) return;
  const emit = builder.emitterFor('tags');
  for (const tag of tags) {
    const tagTerms = new Set<string>();
    emitText(tag, language, { add: (term, weight, surface) => { emit.add(term, weight, surface); if (weight >= 1) tagTerms.add(term); } }, splitter, lexicon);
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
  return {
    analyzeNeed(doc) {
      const language = languageOf(needTexts(doc), doc.language);
      const builder = new DocumentBuilder();
      emitText(doc.title, language, builder.emitterFor('title'), splitter, lexicon);
      addTags(builder, doc.tags, language, splitter, lexicon);
      emitText(doc.description, language, builder.emitterFor('description'), splitter, lexicon);
      return finish(doc.id, language, builder);
    },
    analyzeStartup(doc) {
      const language = languageOf(startupTexts(doc), doc.language);
      const builder = new DocumentBuilder();
      emitText(doc.name, language, builder.emitterFor('name'), splitter, lexicon);
      if (doc.oneLiner) emitText(doc.oneLiner, language, builder.emitterFor('oneLiner'), splitter, lexicon);
      if (doc.offering) emitText(doc.offering, language, builder.emitterFor('offering'), splitter, lexicon);
      addTags(builder, doc.tags, language, splitter, lexicon);
      emitText(doc.description, language, builder.emitterFor('description'), splitter, lexicon);
      for (const reference of doc.references ?? []) emitText(reference, language, builder.emitterFor('references'), splitter, lexicon);
      return finish(doc.id, language, builder);
    },
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
