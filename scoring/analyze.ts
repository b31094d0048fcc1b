import { englishCognates } from './cognates';
import { BUILT_IN_COMPOUND_WORDS } from './compound-words.data';
import { createCompoundSplitter, type CompoundSplitter } from './compounds';
import { toPlainText } from './html';
import { detectLanguage, detectLanguageOfTexts } from './language';
import { LEXICON, swedishLookupKeys, translateSwedish, type Lexicon, type WeightedStem } from './lexicon';
import { stemWord } from './stem';
import { ENGLISH_STOPWORDS, stopwordsOf } from './stopwords';
import { tokenize } from './tokenize';
import { builtInMeaningTable, type MeaningTable } from './translation';
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

/** Term → how it was written in a document (first occurrence), for explanations. */
export interface TermLabels {
  get(term: string): string | undefined;
  /** True when the document has the term only as a word similar in meaning to one it wrote in another language. */
  byMeaning?(term: string): boolean;
}

/**
 * A document's fields with its terms as ids of the analyzer that produced it (`source`), in the same
 * order as `fields`: lets a fit read the terms without string-keyed maps.
 */
export interface CompactFields {
  /** The producing analyzer's term list (id → term). */
  source: readonly string[];
  fields: readonly string[];
  ids: readonly Int32Array[];
  frequencies: readonly Float64Array[];
  /** The field's length (`lengths.get(field) ?? 0`). */
  lengths: readonly number[];
}

/** One document after the text pipeline: weighted term frequencies per field. */
export interface AnalyzedDocument {
  id: string;
  language: Language;
  /** Field → term → frequency (fractional for compound parts and lexicon alternatives). */
  fields: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Field → summed frequency (its length in tokens). */
  lengths: ReadonlyMap<string, number>;
  /** Term → how it was written in this document (first occurrence), for explanations. */
  display: TermLabels;
  /** The same fields by term id, when an analyzer produced the document. */
  compact?: CompactFields;
}

/** Turns needs and profiles into analysed documents; built from the model's compound vocabulary. */
export interface Analyzer {
  /**
   * A need as written. `acrossLanguages`: the need as read by a profile in the other language, its
   * words joined by the translation table's nearest words of that language (marked `byMeaning`).
   * Profiles are always analysed as written, so two documents in one language meet on their own words.
   */
  analyzeNeed(doc: NeedDocument, acrossLanguages?: boolean): AnalyzedDocument;
  analyzeStartup(doc: StartupDocument): AnalyzedDocument;
  /**
   * The same, from the tokens of `needTexts(doc)` (one list per text, in that order) and a language
   * already decided, so a caller that detected the language does not tokenise the texts again.
   */
  analyzeNeedTokens(
    doc: NeedDocument,
    language: Language,
    tokens: readonly (readonly string[])[],
    acrossLanguages?: boolean,
  ): AnalyzedDocument;
  /** `analyzeStartup` from the tokens of `startupTexts(doc)`, one list per text. */
  analyzeStartupTokens(
    doc: StartupDocument,
    language: Language,
    tokens: readonly (readonly string[])[],
  ): AnalyzedDocument;
  /** Its term ids so far (id → term): the `source` of the compact fields of its documents. */
  readonly terms: readonly string[];
}

interface Emitter {
  /** `byMeaning`: the term stands for a word of the other language similar in meaning to `surface`. */
  add(term: string, weight: number, surface: string, byMeaning?: boolean): void;
  /** Adds an English word (weight 1, written as itself) unless it is a stopword; returns its term or null. */
  addWord(word: string): string | null;
}

/** The language-neutral parts of the pipeline a Swedish word goes through. */
interface SwedishWords {
  splitter: CompoundSplitter;
  lexicon: Lexicon;
  /** The translation table, or null: a document analysed for its own language gets no words of the other. */
  meanings: MeaningTable | null;
  /**
   * English stems of a Swedish word's cognates that the profiles use (see `cognates.ts`), or null
   * when the document gets no words of the other language.
   */
  cognates: ((word: string) => readonly string[]) | null;
  /**
   * Whether the profiles use a term, when the document is read across the language line: a Swedish
   * word's own stem is then kept only if they do. null keeps every stem (the need as written).
   */
  profilesUse: ((stem: string) => boolean) | null;
}

/** Weight of one Swedish occurrence shared among its cognates' English stems. */
export const COGNATE_WEIGHT = 1;

/** English stems similar in meaning to a Swedish word, or undefined when the table has none. */
function similarInMeaning(word: string, meanings: MeaningTable | null): readonly WeightedStem[] | undefined {
  if (meanings === null) return undefined;
  for (const key of swedishLookupKeys(word)) {
    const found = meanings.targets.get(key);
    if (found) return found;
  }
  return undefined;
}

/**
 * One Swedish word: the lexicon's English stems when it knows the word (a translation); otherwise
 * its own stem plus the English stems closest in meaning, and for a compound its parts (the
 * lexicon's translation of a part, or the part's stem and, when the whole word had no English
 * neighbours, the part's). Read across the language line, the word's own stem is left out when no
 * profile uses it: it could meet no profile's words, and in the LSA projection it only pulled the
 * need towards directions learned from other Swedish needs (see scoring/README.md).
 */
function emitSwedishWord(word: string, weight: number, emit: Emitter, words: SwedishWords): void {
  const translated = translateSwedish(word, words.lexicon);
  if (translated) {
    for (const { stem, weight: share } of translated) emit.add(stem, weight * share, word);
    return;
  }
  const own = stemWord(word, 'sv');
  if (words.profilesUse === null || words.profilesUse(own)) emit.add(own, weight, word);
  const similar = similarInMeaning(word, words.meanings);
  if (similar) for (const { stem, weight: share } of similar) emit.add(stem, weight * share, word, true);
  emitCognates(word, weight, emit, words);
  const parts = words.splitter(word);
  if (!parts) return;
  for (const part of parts) {
    const partTranslated = translateSwedish(part, words.lexicon);
    if (partTranslated) {
      for (const { stem, weight: share } of partTranslated)
        emit.add(stem, weight * COMPOUND_PART_WEIGHT * share, word);
      continue;
    }
    emit.add(stemWord(part, 'sv'), weight * COMPOUND_PART_WEIGHT, word);
    const partSimilar = similar ? undefined : similarInMeaning(part, words.meanings);
    if (partSimilar)
      for (const { stem, weight: share } of partSimilar)
        emit.add(stem, weight * COMPOUND_PART_WEIGHT * share, word, true);
    else if (!similar) emitCognates(part, weight * COMPOUND_PART_WEIGHT, emit, words, word);
  }
}

/** Adds the English stems of a Swedish word's cognates, sharing COGNATE_WEIGHT, marked as found by meaning. */
function emitCognates(
  word: string,
  weight: number,
  emit: Emitter,
  words: SwedishWords,
  surface = word,
): void {
  const stems = words.cognates?.(word);
  if (!stems || stems.length === 0) return;
  for (const stem of stems) emit.add(stem, (weight * COGNATE_WEIGHT) / stems.length, surface, true);
}

/**
 * Runs the pipeline on one text: plain text, tokens, stopwords out, then per language: English words
 * are Porter-stemmed; Swedish two-word terms and words found in the lexicon become English stems,
 * other Swedish words are stemmed and, when compounds, also contribute their parts. With a
 * translation table, words also bring the other language's words closest in meaning.
 */
function emitTokens(tokens: readonly string[], language: Language, emit: Emitter, words: SwedishWords): void {
  const stopwords = stopwordsOf(language);
  for (let i = 0; i < tokens.length; i += 1) {
    const word = tokens[i] as string;
    if (language === 'sv') {
      const next = tokens[i + 1];
      if (next !== undefined) {
        const bigram = words.lexicon.bigrams.get(`${stemWord(word, 'sv')} ${stemWord(next, 'sv')}`);
        if (bigram) {
          for (const { stem, weight } of bigram) emit.add(stem, weight, `${word} ${next}`);
          i += 1;
          continue;
        }
      }
      if (stopwords.has(word)) continue;
      emitSwedishWord(word, 1, emit, words);
    } else {
      const term = emit.addWord(word);
      const similar = term === null ? undefined : words.meanings?.sources.get(term);
      if (similar) for (const { stem, weight: share } of similar) emit.add(stem, share, word, true);
    }
  }
}

/** Word tokens of one text: the input of both language detection and analysis. */
export function textTokens(text: string | undefined): string[] {
  return text ? tokenize(toPlainText(text)) : [];
}

/** Entries kept before an analyzer's English word memo is cleared (bounds memory in long-running workers). */
const ENGLISH_MEMO_LIMIT = 200_000;

/**
 * Term ids of one analyzer, plus per-id scratch for building documents: each token costs one
 * lookup of its word, and the rest of the bookkeeping runs on typed arrays.
 */
class TermTable {
  readonly terms: string[] = [];
  private readonly ids = new Map<string, number>();
  /** English word → its entry in `englishIds`/`englishSpellings` (memoises a pure function). */
  private readonly englishWords = new Map<string, number>();
  /** Term id of each memoised word, or −1 for a stopword. */
  private englishIds: number[] = [];
  /**
   * The first string seen for each memoised word. Documents keep this one as their label instead of
   * each token's own copy, so the millions of token strings of a corpus die young and only one string
   * per distinct word outlives the analysis (the garbage collector copies far less).
   */
  private englishSpellings: string[] = [];
  /** The shared spelling of the word last passed to `englishId` (valid until the next call). */
  lastSpelling = '';
  fieldStamp: Int32Array = new Int32Array(1024);
  position: Int32Array = new Int32Array(1024);
  documentStamp: Int32Array = new Int32Array(1024);
  /** The last document that wrote the term itself (not as a word similar in meaning). */
  directStamp: Int32Array = new Int32Array(1024);
  serial = 0;

  idOf(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
      if (id >= this.fieldStamp.length) {
        const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
          const b = new Int32Array(a.length * 2);
          b.set(a);
          return b;
        };
        this.fieldStamp = grow(this.fieldStamp);
        this.position = grow(this.position);
        this.documentStamp = grow(this.documentStamp);
        this.directStamp = grow(this.directStamp);
      }
    }
    return id;
  }

  englishId(word: string): number {
    const known = this.englishWords.get(word);
    if (known !== undefined) {
      this.lastSpelling = this.englishSpellings[known] as string;
      return this.englishIds[known] as number;
    }
    const id = ENGLISH_STOPWORDS.has(word) ? -1 : this.idOf(stemWord(word, 'en'));
    if (this.englishWords.size >= ENGLISH_MEMO_LIMIT) {
      this.englishWords.clear();
      this.englishIds = [];
      this.englishSpellings = [];
    }
    this.englishWords.set(word, this.englishIds.length);
    this.englishIds.push(id);
    this.englishSpellings.push(word);
    this.lastSpelling = word;
    return id;
  }
}

class DocumentBuilder {
  private readonly names: string[] = [];
  private readonly ids: number[][] = [];
  private readonly frequencies: number[][] = [];
  private readonly fieldLengths: number[] = [];
  private readonly lengthSet: boolean[] = [];
  private readonly displayIds: number[] = [];
  private readonly displaySurfaces: string[] = [];
  /** Ids of terms added as words similar in meaning (some may also be written directly). */
  private readonly meaningIds: number[] = [];
  private readonly document: number;
  private current = -1;
  private currentSerial = 0;

  constructor(private readonly table: TermTable) {
    table.serial += 1;
    this.document = table.serial;
  }

  /** Makes field f the one the per-term scratch describes. */
  private activate(f: number): void {
    const table = this.table;
    table.serial += 1;
    this.currentSerial = table.serial;
    this.current = f;
    const ids = this.ids[f] as number[];
    for (let i = 0; i < ids.length; i += 1) {
      const id = ids[i] as number;
      table.fieldStamp[id] = this.currentSerial;
      table.position[id] = i;
    }
  }

  private addId(f: number, id: number, weight: number, surface: string, byMeaning: boolean): void {
    if (this.current !== f) this.activate(f);
    const table = this.table;
    if (byMeaning) this.meaningIds.push(id);
    else table.directStamp[id] = this.document;
    const frequencies = this.frequencies[f] as number[];
    if (table.fieldStamp[id] !== this.currentSerial) {
      table.fieldStamp[id] = this.currentSerial;
      table.position[id] = frequencies.length;
      (this.ids[f] as number[]).push(id);
      frequencies.push(0 + weight);
      // A term already in this field is already in the display list.
      if (table.documentStamp[id] !== this.document) {
        table.documentStamp[id] = this.document;
        this.displayIds.push(id);
        this.displaySurfaces.push(surface);
      }
    } else {
      const at = table.position[id] as number;
      frequencies[at] = (frequencies[at] as number) + weight;
    }
    this.fieldLengths[f] = (this.fieldLengths[f] as number) + weight;
    this.lengthSet[f] = true;
  }

  emitterFor(field: string): Emitter {
    let f = this.names.indexOf(field);
    if (f < 0) {
      f = this.names.length;
      this.names.push(field);
      this.ids.push([]);
      this.frequencies.push([]);
      this.fieldLengths.push(0);
      this.lengthSet.push(false);
    }
    const index = f;
    const table = this.table;
    return {
      add: (term, weight, surface, byMeaning) =>
        this.addId(index, table.idOf(term), weight, surface, byMeaning === true),
      addWord: (word) => {
        const id = table.englishId(word);
        if (id < 0) return null;
        this.addId(index, id, 1, table.lastSpelling, false);
        return table.terms[id] as string;
      },
    };
  }

  finish(id: string, language: Language): AnalyzedDocument {
    const lengths = new Map<string, number>();
    this.names.forEach((name, f) => {
      if (this.lengthSet[f]) lengths.set(name, this.fieldLengths[f] as number);
    });
    const compact: CompactFields = {
      source: this.table.terms,
      fields: this.names,
      ids: this.ids.map((ids) => Int32Array.from(ids)),
      frequencies: this.frequencies.map((values) => Float64Array.from(values)),
      lengths: this.fieldLengths,
    };
    const byMeaning = new Set<string>();
    for (const termId of this.meaningIds)
      if (this.table.directStamp[termId] !== this.document) byMeaning.add(this.table.terms[termId] as string);
    return new BuiltDocument(
      id,
      language,
      lengths,
      compact,
      this.table.terms,
      Int32Array.from(this.displayIds),
      this.displaySurfaces,
      byMeaning,
    );
  }
}

/** An analysed document whose term maps are built from its compact fields only when read. */
class BuiltDocument implements AnalyzedDocument {
  private fieldMaps: Map<string, Map<string, number>> | null = null;
  private labels: Map<string, string> | null = null;
  readonly display: TermLabels = {
    get: (term) => this.labelMap().get(term),
    byMeaning: (term) => this.meaningTerms.has(term),
  };

  constructor(
    readonly id: string,
    readonly language: Language,
    readonly lengths: ReadonlyMap<string, number>,
    readonly compact: CompactFields,
    private readonly terms: readonly string[],
    private readonly displayIds: Int32Array,
    private readonly displaySurfaces: readonly string[],
    private readonly meaningTerms: ReadonlySet<string>,
  ) {}

  get fields(): ReadonlyMap<string, ReadonlyMap<string, number>> {
    if (!this.fieldMaps) {
      const maps = new Map<string, Map<string, number>>();
      this.compact.fields.forEach((field, f) => {
        const ids = this.compact.ids[f] as Int32Array;
        const frequencies = this.compact.frequencies[f] as Float64Array;
        const terms = new Map<string, number>();
        for (let i = 0; i < ids.length; i += 1)
          terms.set(this.terms[ids[i] as number] as string, frequencies[i] as number);
        maps.set(field, terms);
      });
      this.fieldMaps = maps;
    }
    return this.fieldMaps;
  }

  private labelMap(): Map<string, string> {
    if (!this.labels) {
      const labels = new Map<string, string>();
      for (let i = 0; i < this.displayIds.length; i += 1)
        labels.set(this.terms[this.displayIds[i] as number] as string, this.displaySurfaces[i] as string);
      this.labels = labels;
    }
    return this.labels;
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
  return [
    doc.name,
    doc.oneLiner,
    doc.offering,
    doc.description,
    ...(doc.tags ?? []),
    ...(doc.references ?? []),
  ];
}

function addTags(
  builder: DocumentBuilder,
  tags: readonly string[] | undefined,
  tagTokens: readonly (readonly string[])[],
  language: Language,
  words: SwedishWords,
): void {
  if (!tags) return;
  const emit = builder.emitterFor('tags');
  for (let t = 0; t < tags.length; t += 1) {
    const tag = tags[t] as string;
    const tagTerms = new Set<string>();
    const tagEmitter: Emitter = {
      add: (term, weight, surface, byMeaning) => {
        emit.add(term, weight, surface, byMeaning);
        // A tag term is the tag's own words (or their translation), not words near them in meaning.
        if (weight >= 1 && byMeaning !== true) tagTerms.add(term);
      },
      addWord: (word) => {
        const term = emit.addWord(word);
        if (term !== null) tagTerms.add(term);
        return term;
      },
    };
    emitTokens(tagTokens[t] as string[], language, tagEmitter, words);
    if (tagTerms.size === 0) continue;
    // Word order and language do not matter: "home care" and "hemtjänst" become the same tag term.
    emit.add(TAG_TERM_PREFIX + [...tagTerms].sort().join(' '), 1, tag.trim());
  }
}

/** Shortest English stem a cognate may add: shorter ones meet unrelated words by chance. */
const MIN_COGNATE_STEM = 4;
/** Entries kept before an analyzer's cognate memo is cleared (bounds memory in long-running workers). */
const COGNATE_MEMO_LIMIT = 100_000;

/**
 * English stems of a Swedish word's cognates (`englishCognates`) that `isEnglishTerm` accepts,
 * sorted; memoised per analyzer, since the vocabulary it reads is frozen with the model.
 */
function cognateFinder(isEnglishTerm: (stem: string) => boolean): (word: string) => readonly string[] {
  const memo = new Map<string, readonly string[]>();
  return (word) => {
    const known = memo.get(word);
    if (known !== undefined) return known;
    const own = stemWord(word, 'sv');
    const stems = new Set<string>();
    for (const spelling of englishCognates(word)) {
      if (ENGLISH_STOPWORDS.has(spelling)) continue;
      const stem = stemWord(spelling, 'en');
      if (stem.length >= MIN_COGNATE_STEM && stem !== own && isEnglishTerm(stem)) stems.add(stem);
    }
    const found = [...stems].sort();
    if (memo.size >= COGNATE_MEMO_LIMIT) memo.clear();
    memo.set(word, found);
    return found;
  };
}

/**
 * Builds an analyzer that splits Swedish compounds against the built-in word list, the lexicon's
 * and the translation table's Swedish words and `corpusWords` (the model's `compoundWords`); needs
 * analysed `acrossLanguages` also get the words of `meanings` (the built-in table by default) and,
 * for a Swedish word neither the lexicon nor the table knows, the English stems of its cognates
 * that `isEnglishTerm` accepts (the profiles' vocabulary; none when it is null). Read that way, a
 * Swedish word keeps its own stem only when `isEnglishTerm` accepts it too (every stem when null).
 */
export function createAnalyzer(
  corpusWords: readonly string[],
  lexicon: Lexicon = LEXICON,
  meanings: MeaningTable = builtInMeaningTable(),
  isEnglishTerm: ((stem: string) => boolean) | null = null,
): Analyzer {
  const splitter = createCompoundSplitter([
    ...BUILT_IN_COMPOUND_WORDS,
    ...lexicon.swedishWords,
    ...corpusWords,
    ...meanings.swedishWords,
  ]);
  const asWritten: SwedishWords = { splitter, lexicon, meanings: null, cognates: null, profilesUse: null };
  const translating: SwedishWords = {
    splitter,
    lexicon,
    meanings,
    cognates: isEnglishTerm ? cognateFinder(isEnglishTerm) : null,
    profilesUse: isEnglishTerm,
  };
  const table = new TermTable();
  const finish = (id: string, language: Language, builder: DocumentBuilder): AnalyzedDocument =>
    builder.finish(id, language);
  const analyzeNeedTokens = (
    doc: NeedDocument,
    language: Language,
    tokens: readonly (readonly string[])[],
    acrossLanguages = false,
  ): AnalyzedDocument => {
    const builder = new DocumentBuilder(table);
    const words = acrossLanguages ? translating : asWritten;
    emitTokens(tokens[0] ?? [], language, builder.emitterFor('title'), words);
    addTags(builder, doc.tags, tokens.slice(2), language, words);
    emitTokens(tokens[1] ?? [], language, builder.emitterFor('description'), words);
    return finish(doc.id, language, builder);
  };
  const analyzeStartupTokens = (
    doc: StartupDocument,
    language: Language,
    tokens: readonly (readonly string[])[],
  ): AnalyzedDocument => {
    const builder = new DocumentBuilder(table);
    const words = asWritten;
    const tagCount = doc.tags?.length ?? 0;
    emitTokens(tokens[0] ?? [], language, builder.emitterFor('name'), words);
    if (doc.oneLiner) emitTokens(tokens[1] ?? [], language, builder.emitterFor('oneLiner'), words);
    if (doc.offering) emitTokens(tokens[2] ?? [], language, builder.emitterFor('offering'), words);
    addTags(builder, doc.tags, tokens.slice(4, 4 + tagCount), language, words);
    emitTokens(tokens[3] ?? [], language, builder.emitterFor('description'), words);
    const references = doc.references ?? [];
    for (let r = 0; r < references.length; r += 1)
      emitTokens(tokens[4 + tagCount + r] ?? [], language, builder.emitterFor('references'), words);
    return finish(doc.id, language, builder);
  };
  return {
    analyzeNeed(doc, acrossLanguages) {
      const tokens = needTexts(doc).map(textTokens);
      return analyzeNeedTokens(doc, doc.language ?? detectLanguageOfTexts(tokens), tokens, acrossLanguages);
    },
    analyzeStartup(doc) {
      const tokens = startupTexts(doc).map(textTokens);
      return analyzeStartupTokens(doc, doc.language ?? detectLanguageOfTexts(tokens), tokens);
    },
    analyzeNeedTokens,
    analyzeStartupTokens,
    terms: table.terms,
  };
}

/**
 * Swedish words of a corpus worth splitting compounds against: non-stopwords of 3–30 letters from
 * the Swedish documents, sorted and unique.
 */
export function collectCompoundWords(
  docs: readonly { language: Language; words: readonly string[] }[],
): string[] {
  const words = new Set<string>();
  const stopwords = stopwordsOf('sv');
  for (const doc of docs) {
    if (doc.language !== 'sv') continue;
    for (const word of doc.words) {
      if (word.length >= 3 && word.length <= 30 && !stopwords.has(word) && /^\p{L}+$/u.test(word))
        words.add(word);
    }
  }
  return [...words].sort();
}
