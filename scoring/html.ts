const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ndash: '–',
  mdash: '—',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  bull: '•',
  middot: '·',
  auml: 'ä',
  Auml: 'Ä',
  ouml: 'ö',
  Ouml: 'Ö',
  aring: 'å',
  Aring: 'Å',
  eacute: 'é',
  Eacute: 'É',
  uuml: 'ü',
  Uuml: 'Ü',
  deg: '°',
  micro: 'µ',
  plusmn: '±',
  times: '×',
  reg: '®',
  copy: '©',
  trade: '™',
  shy: '',
};

const PLAIN_MARKUP = /[<&]/;

function decodeEntity(entity: string, body: string): string {
  if (body.startsWith('#')) {
    const code =
      body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    // Invalid or surrogate code points would throw in fromCodePoint; keep the text readable instead.
    if (!Number.isFinite(code) || code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      return ' ';
    return String.fromCodePoint(code);
  }
  return NAMED_ENTITIES[body] ?? entity;
}

/**
 * Turns published text into plain text: drops `<script>`/`<style>` bodies and tags (a tag becomes a
 * space so words on either side stay apart), decodes named and numeric entities (`&nbsp;`, `&amp;`,
 * `&#39;`, `&#x2019;`) and normalises Unicode to NFC. Unknown named entities are left as written.
 */
export function toPlainText(text: string): string {
  // Tags, comments and entities all start with "<" or "&": text without either only needs NFC.
  if (!PLAIN_MARKUP.test(text)) return text.normalize('NFC');
  const withoutTags = text
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?[a-zA-Z][^<>]*>/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ');
  // Decoding twice handles the double-escaped `&amp;nbsp;` that real exports carry.
  const decodeOnce = (s: string): string =>
    s.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/g, decodeEntity);
  return decodeOnce(decodeOnce(withoutTags)).normalize('NFC');
}
