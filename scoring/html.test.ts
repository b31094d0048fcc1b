import { toPlainText } from './html';

describe('toPlainText', () => {
  it.each([
    ['TECHNOLOGY AREA(S):&nbsp;Electronics&nbsp;', 'TECHNOLOGY AREA(S): Electronics '],
    ['R&amp;D &lt;fast&gt;', 'R&D <fast>'],
    ['it&#39;s &#x2019;ok&#8217;', "it's ’ok’"],
    ['double &amp;nbsp;escaped', 'double  escaped'],
    ['&unknown; stays', '&unknown; stays'],
  ])('decodes entities in %j', (input, expected) => {
    expect(toPlainText(input)).toBe(expected);
  });

  it('drops tags but keeps words on either side apart', () => {
    expect(toPlainText('<p>golv</p><p>städning</p>')).toBe(' golv  städning ');
  });

  it('drops script and style bodies', () => {
    expect(toPlainText('a<script>var x = 1;</script>b<style>p{}</style>c')).toBe('a b c');
  });

  it('normalises decomposed Swedish letters to NFC', () => {
    const decomposed = 'fo\u0308rskola';
    expect(decomposed).not.toBe('förskola');
    expect(toPlainText(decomposed)).toBe('förskola');
  });

  it('turns invalid numeric entities into a space instead of throwing', () => {
    expect(toPlainText('a&#55296;b&#99999999;c')).toBe('a b c');
  });
});
