/**
 * The facilitator page's scripts take every word from the catalogue: each `script.*` key that
 * web/app/app.js and jobs.js use exists in Swedish and English, and each one the catalogue holds
 * for them is used (no dead texts). The page and /app/index.html hand the texts over as JSON.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { en } from '../../web/i18n/en';
import { SCRIPT_MESSAGE_KEYS } from '../../web/i18n';
import { sv } from '../../web/i18n/sv';
import { keyToolPage } from '../../web/pages';

const APP_DIR = path.join(__dirname, '..', '..', 'web', 'app');
const scripts = ['app.js', 'jobs.js']
  .map((file) => readFileSync(path.join(APP_DIR, file), 'utf8'))
  .join('\n');
/** Keys written out in the scripts; `script.language.<code>` is looked up by the code, with a fallback. */
const used = new Set([...scripts.matchAll(/'(script\.[\w.]+)'/g)].map((match) => match[1]!));
const dynamic = (key: string) => key.startsWith('script.language.');

describe('the texts of the facilitator page', () => {
  it('every key the scripts use is in both catalogues', () => {
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((key) => !(key in sv) || !(key in en));
    expect(missing).toEqual([]);
  });

  it('every script text of the catalogue is used by the scripts', () => {
    const unused = SCRIPT_MESSAGE_KEYS.filter((key) => !used.has(key) && !dynamic(key));
    expect(unused).toEqual([]);
  });

  it('/app/index.html (the API-key page) carries the English texts for the script', () => {
    const page = keyToolPage();
    const json = /<script type="application\/json" id="page-messages">([^<]*)<\/script>/.exec(page)?.[1];
    const messages = JSON.parse(json ?? '{}') as Record<string, string>;
    expect(Object.keys(messages).sort()).toEqual([...SCRIPT_MESSAGE_KEYS].sort());
    expect(messages['script.pickFirst']).toBe(en['script.pickFirst']);
  });
});
