import { translator } from '../../i18n';
import { matchReasons, scoreInWords } from './match-reasons';

const sv = translator('sv');
const en = translator('en');

describe('why a startup matches a need, in sentences', () => {
  const explanation = {
    terms: [
      { term: 'golv / floor', share: 0.4 },
      { term: 'lokalvården / cleaning', share: 0.2 },
      { term: 'entré', share: 0.1 },
    ],
    tags: [{ tag: 'förskola', share: 0.1 }],
    crossLanguage: true,
    needLanguage: 'sv',
    startupLanguage: 'en',
    channels: { lexical: 0.8, semantic: 0.2 },
  };

  it('names the shared words and keywords, the two languages and the channel that carried it', () => {
    expect(matchReasons(explanation, sv, 'sv')).toEqual([
      'Behovet och profilen handlar båda om golv / floor, lokalvården / cleaning och entré.',
      'De har samma nyckelord: förskola.',
      'Behovet är skrivet på svenska och profilen på engelska. Orden har matchats mellan språken.',
      'Matchningen bygger främst på ord som finns i båda texterna.',
    ]);
    expect(matchReasons(explanation, en, 'en')[0]).toBe(
      'The need and the profile are both about golv / floor, lokalvården / cleaning and entré.',
    );
  });

  it('names words matched by meaning across languages as such, apart from the shared words', () => {
    const across = {
      ...explanation,
      terms: [
        { term: 'golv / floor', share: 0.4, similarMeaning: true },
        { term: 'entré', share: 0.1 },
      ],
    };
    expect(matchReasons(across, sv, 'sv').slice(0, 2)).toEqual([
      'Behovet och profilen handlar båda om entré.',
      'Liknande betydelse på ett annat språk: golv / floor.',
    ]);
    expect(matchReasons(across, en, 'en')[1]).toBe('Similar in meaning across languages: golv / floor.');
  });

  it('a match carried by the topic, with no shared words, says so; nothing stored says nothing false', () => {
    expect(
      matchReasons(
        { terms: [], tags: [], crossLanguage: false, channels: { lexical: 0.1, semantic: 0.9 } },
        sv,
        'sv',
      ),
    ).toEqual([
      'Texterna liknar varandra men har inga tydliga gemensamma ord.',
      'Matchningen bygger främst på att texterna handlar om samma sak, även där orden skiljer sig.',
    ]);
    expect(matchReasons(null, sv, 'sv')).toEqual([
      'Texterna liknar varandra men har inga tydliga gemensamma ord.',
    ]);
  });

  it('the score in words beside the number, in the page language', () => {
    expect(scoreInWords(0.82, sv, 'sv')).toBe('Mycket god matchning (0,82)');
    expect(scoreInWords(0.45, en, 'en')).toBe('Good match (0.45)');
    expect(scoreInWords(0.1, sv, 'sv')).toBe('Svag matchning (0,10)');
  });
});
