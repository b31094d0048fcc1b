import { translator } from '../../i18n';
import { scoreInWords, whyInWords } from './match-words';

const sv = translator('sv');
const en = translator('en');

describe('why a need matches the startup, in sentences', () => {
  it('names the shared words and tags, the languages and the channel, in the startup’s words', () => {
    const explanation = {
      terms: [{ term: 'golv / floor' }, { term: 'entré' }, { term: 'städ' }],
      tags: [{ tag: 'förskola' }],
      crossLanguage: true,
      needLanguage: 'sv',
      startupLanguage: 'en',
      channels: { lexical: 0.2, semantic: 0.7 },
    };
    const sentences = whyInWords(sv, explanation, 'sv');
    expect(sentences[0]).toBe('Behovet och er profil använder samma ord: golv / floor, entré och städ.');
    expect(sentences[1]).toBe('Ni har samma taggar: förskola.');
    expect(sentences).toHaveLength(4);
    expect(whyInWords(en, explanation, 'en')[0]).toBe(
      'The need and your profile use the same words: golv / floor, entré and städ.',
    );
  });

  it('names the words matched by meaning across languages apart from the shared ones', () => {
    const explanation = {
      terms: [
        { term: 'detektorer / detector', similarMeaning: true },
        { term: 'ir' },
        { term: 'modulära / modular', similarMeaning: true },
      ],
      tags: [],
      crossLanguage: true,
      needLanguage: 'sv',
      startupLanguage: 'en',
      channels: { lexical: 0.6, semantic: 0.2 },
    };
    expect(whyInWords(sv, explanation, 'sv').slice(0, 2)).toEqual([
      'Behovet och er profil använder samma ord: ir.',
      'Liknande betydelse på ett annat språk: detektorer / detector och modulära / modular.',
    ]);
    expect(whyInWords(en, explanation, 'en')[1]).toBe(
      'Similar in meaning across languages: detektorer / detector and modulära / modular.',
    );
  });

  it('says the texts are similar in meaning across languages when the dense channel scored the pair', () => {
    const explanation = {
      terms: [],
      tags: [],
      crossLanguage: true,
      needLanguage: 'sv',
      startupLanguage: 'en',
      channels: { lexical: 0.1, semantic: 0.3, dense: 1.2 },
    };
    expect(whyInWords(sv, explanation, 'sv')).toContain(
      'Texterna har liknande betydelse på ett annat språk.',
    );
    expect(whyInWords(en, { ...explanation, crossLanguage: false }, 'en')).not.toContain(
      'The texts are similar in meaning across languages.',
    );
  });

  it('with no shared words says so; with nothing stored says nothing', () => {
    expect(whyInWords(sv, { terms: [], tags: [] }, 'sv')).toEqual([
      'Inga enskilda ord står ut: likheten ligger i texterna som helhet.',
    ]);
    expect(whyInWords(sv, undefined, 'sv')).toEqual([]);
  });

  it('the score in words beside the number', () => {
    expect(scoreInWords(sv, 0.82, 'sv')).toBe('Mycket god matchning (0,82)');
    expect(scoreInWords(en, 0.45, 'en')).toBe('Good match (0.45)');
  });
});
