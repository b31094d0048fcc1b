import { detectLanguage } from './language';
import { stemWord } from './stem';
import { ENGLISH_STOPWORDS, SWEDISH_STOPWORDS } from './stopwords';
import { tokenize } from './tokenize';

describe('tokenize', () => {
  it('lower-cases and splits on punctuation and hyphens, keeping å, ä, ö', () => {
    expect(tokenize('Överskottsenergi, e-tjänst & IoT-plattform!')).toEqual([
      'överskottsenergi',
      'tjänst',
      'iot',
      'plattform',
    ]);
  });

  it('drops one-letter and digits-only tokens but keeps mixed ones', () => {
    expect(tokenize('a 2018 5g 250K x')).toEqual(['5g', '250k']);
  });
});

describe('stopwords', () => {
  it.each([
    ['en', 'the', true],
    ['en', 'will', true],
    ['en', 'floor', false],
    ['sv', 'och', true],
    ['sv', 'samt', true],
    ['sv', 'golv', false],
  ] as const)('%s %j is a stopword: %s', (language, word, expected) => {
    expect((language === 'sv' ? SWEDISH_STOPWORDS : ENGLISH_STOPWORDS).has(word)).toBe(expected);
  });
});

describe('stemWord', () => {
  it.each([
    ['en', 'cleaning', 'clean'],
    ['en', 'recycling', 'recycl'],
    ['en', 'batteries', 'batteri'],
    ['sv', 'tjänster', 'tjänst'],
    ['sv', 'förskolor', 'förskol'],
    ['sv', 'förskola', 'förskol'],
  ] as const)('%s %j → %j', (language, word, stem) => {
    expect(stemWord(word, language)).toBe(stem);
  });
});

describe('detectLanguage', () => {
  it('recognises Swedish by its function words and letters', () => {
    expect(detectLanguage(tokenize('Vi vill minska kostnaden för städning av golven i våra skolor'))).toBe(
      'sv',
    );
  });

  it('recognises English', () => {
    expect(detectLanguage(tokenize('We want to reduce the cost of cleaning the floors in our schools'))).toBe(
      'en',
    );
  });

  it('defaults to English when there is no evidence', () => {
    expect(detectLanguage([])).toBe('en');
  });

  it('counts å/ä/ö as Swedish evidence in texts without function words', () => {
    expect(detectLanguage(tokenize('Språkutveckling förskola'))).toBe('sv');
  });
});
