/**
 * English spellings a Swedish word may have as a cognate: the loanwords of science and engineering
 * (Latin, Greek, French) that both languages share and spell by regular rules ("detektorer" →
 * detector, "modulära" → modular, "atmosfärisk" → atmospheric, "kvantitativ" → quantitative). The
 * candidates are guesses; a caller keeps only those whose English stem occurs in its English
 * vocabulary, so a guess that is no English word costs nothing.
 *
 * The rules are general Swedish–English orthography, written from the languages, not from any
 * document set: Swedish inflection endings off, then Swedish suffixes to their English form, then
 * letters (k → c, kv → qu, ks → x, f → ph, ä → e, ö → o, å → o).
 */

/** Shortest stripped base a candidate is made from: shorter words meet false friends ("hot", "mål"). */
const MIN_BASE_LETTERS = 5;

/** Swedish inflection endings (plural, definite, adjective, participle), longest first. */
const ENDINGS = [
  'ernas',
  'arnas',
  'ornas',
  'erna',
  'arna',
  'orna',
  'ande',
  'ende',
  'ade',
  'ad',
  'at',
  'er',
  'ar',
  'or',
  'en',
  'et',
  'na',
  'a',
  't',
  'e',
] as const;

/** Swedish suffix → its English forms (applied to a base, longest suffix first). */
const SUFFIXES: readonly (readonly [string, readonly string[]])[] = [
  ['ering', ['ation', 'ing']],
  ['isera', ['ize']],
  ['iser', ['ize']],
  ['era', ['ate', 'e']],
  ['er', ['ate', 'e']],
  ['isk', ['ic', 'ical']],
  ['itet', ['ity']],
  ['logi', ['logy']],
  ['grafi', ['graphy']],
  ['ell', ['al']],
  ['är', ['ar', 'ary']],
  ['iv', ['ive']],
  ['ik', ['ics', 'ic']],
  ['ur', ['ure']],
  ['ens', ['ence']],
  ['ans', ['ance']],
  ['it', ['ite']],
  ['id', ['ide']],
  ['os', ['ose']],
  ['i', ['y']],
];

/** The word and its bases without one inflection ending (each at least MIN_BASE_LETTERS long). */
function bases(word: string): string[] {
  const out = [word];
  for (const ending of ENDINGS) {
    if (word.length - ending.length >= MIN_BASE_LETTERS && word.endsWith(ending))
      out.push(word.slice(0, -ending.length));
  }
  return out;
}

/** A base and its forms with a Swedish suffix written the English way. */
function withEnglishSuffixes(base: string): string[] {
  const out = [base];
  for (const [suffix, english] of SUFFIXES) {
    if (!base.endsWith(suffix)) continue;
    const stem = base.slice(0, -suffix.length);
    if (stem.length < 3) continue;
    for (const ending of english) out.push(stem + ending);
  }
  return out;
}

/** Swedish letters and letter groups written as English writes them in loanwords. */
function withEnglishLetters(word: string): string[] {
  const vowels = word.replace(/ä/g, 'e').replace(/[öå]/g, 'o').replace(/é/g, 'e');
  const common = vowels.replace(/kv/g, 'qu').replace(/ks/g, 'x');
  // English keeps k before e, i and y more often than not ("kinetic" but "electric").
  const hardC = common.replace(/k(?![eiy])/g, 'c');
  const allC = common.replace(/k/g, 'c');
  const out = new Set([vowels, common, hardC, allC]);
  for (const spelling of [hardC, allC]) if (spelling.includes('f')) out.add(spelling.replace(/f/g, 'ph'));
  return [...out];
}

/**
 * Candidate English spellings of a lower-case Swedish word (the word itself among them, for the
 * English terms Swedish texts keep as written), unique, in a fixed order. Empty for words shorter
 * than MIN_BASE_LETTERS.
 */
export function englishCognates(word: string): string[] {
  if (word.length < MIN_BASE_LETTERS || !/^\p{L}+$/u.test(word)) return [];
  const out = new Set<string>();
  for (const base of bases(word))
    for (const form of withEnglishSuffixes(base))
      for (const spelling of withEnglishLetters(form)) out.add(spelling);
  return [...out];
}
