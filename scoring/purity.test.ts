import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const forbidden = [
  'mongoose',
  'mongodb',
  'express',
  'bullmq',
  'ioredis',
  'fs',
  'node:fs',
  'http',
  'node:http',
];

describe('scoring/ is a pure core', () => {
  const sources = readdirSync(__dirname).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

  it.each(sources)('%s imports no I/O or server modules and reads no clock or environment', (name) => {
    const text = readFileSync(path.join(__dirname, name), 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    for (const module of imports) expect(forbidden).not.toContain(module);
    expect(text).not.toMatch(/Date\.now|Math\.random|process\.env|require\('natural'\)|from 'natural'/);
  });
});
