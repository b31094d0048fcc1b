import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseInstance } from './instance.schema';
import { buildInstance } from './test-builders';

describe('parseInstance', () => {
  it('accepts the example instance and the test builder', () => {
    const example = JSON.parse(readFileSync(path.join(__dirname, 'examples', 'small.json'), 'utf8'));
    expect(parseInstance(example).ok).toBe(true);
    expect(parseInstance(buildInstance()).ok).toBe(true);
  });

  it('fills defaults for pins, bans and locked', () => {
    const { pins: _p, bans: _b, locked: _l, ...rest } = buildInstance();
    const parsed = parseInstance(rest);
    expect(parsed.ok && [parsed.value.pins, parsed.value.bans, parsed.value.locked]).toEqual([[], [], []]);
  });

  it.each([
    ['a wrong format version', { formatVersion: 2 }, /^formatVersion:/],
    [
      'a priority out of range',
      { needs: [{ id: 'n1', hostId: 'h1', priority: 7, minMeetings: 0, maxMeetings: 1 }] },
      /^needs\.0\.priority:/,
    ],
    [
      'a minimum above the maximum',
      { needs: [{ id: 'n1', hostId: 'h1', priority: 1, minMeetings: 3, maxMeetings: 1 }] },
      /^needs\.0\.minMeetings:/,
    ],
    [
      'an unknown host',
      { needs: [{ id: 'n1', hostId: 'nobody', priority: 1, minMeetings: 0, maxMeetings: 1 }] },
      /^needs\.0\.hostId: unknown host "nobody"/,
    ],
    [
      'a candidate of an unknown startup',
      { candidates: [{ needId: 'n1', startupId: 'ghost', score: 0.5 }] },
      /^candidates\.0\.startupId: unknown startup "ghost"/,
    ],
    [
      'a score above 1',
      { candidates: [{ needId: 'n1', startupId: 's1', score: 1.5 }] },
      /^candidates\.0\.score:/,
    ],
    [
      'a malformed time',
      {
        hosts: [
          { id: 'h1', availability: [{ date: '2026-05-11', start: '9:00', end: '10:00' }] },
          { id: 'h2' },
        ],
      },
      /^hosts\.0\.availability\.0\.start:/,
    ],
    [
      'a window ending before it starts',
      {
        hosts: [
          { id: 'h1', availability: [{ date: '2026-05-11', start: '10:00', end: '09:00' }] },
          { id: 'h2' },
        ],
      },
      /^hosts\.0\.availability\.0\.end:/,
    ],
    [
      'a duplicate startup id',
      {
        startups: [
          { id: 's1', maxMeetings: 1 },
          { id: 's1', maxMeetings: 1 },
        ],
      },
      /^startups\.1\.id: duplicate/,
    ],
  ])('rejects %s, naming the field path', (_name, override, expected) => {
    const parsed = parseInstance({ ...buildInstance(), ...override });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.some((e) => expected.test(e))).toBe(true);
  });

  it('rejects a non-object with a root error', () => {
    const parsed = parseInstance('nope');
    expect(!parsed.ok && parsed.errors[0]).toMatch(/^\(root\):/);
  });
});
