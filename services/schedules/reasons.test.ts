import type { Reason, ReasonCode } from '../../scheduling';
import { NO_NAMES, reasonText, renderReason, renderedReason, type ReasonNames } from './reasons';

const names: ReasonNames = {
  need: (id) => ({ n1: 'Rena golv i förskolan', n3: 'Överskottsenergi' })[id],
  startup: (id) => ({ s1: 'Fuktvakt AB', s3: 'HeatLoop' })[id],
  host: (id) => ({ h1: 'Anna Lindqvist' })[id],
};

/** One reason of every code, with the ids the core would give. */
const everyCode: Record<ReasonCode, Reason['params']> = {
  'too-few-good-fits': { needId: 'n1', good: 2, minimum: 3, floor: 0.4, bestBelow: 0.37 },
  'too-few-candidates': { needId: 'n1', candidates: 1, minimum: 3, banned: 1, lowestScore: 0.35 },
  'host-time-too-short': { hostId: 'h1', slots: 1, minimum: 2 },
  'host-time-taken-by-other-needs': { hostId: 'h1', slots: 3, left: 0, needIds: ['n3'] },
  'no-room-open': { slots: 3, startupIds: ['s1', 's3'] },
  'candidates-share-no-slot': { hostId: 'h1', sharing: 1, candidates: 3, startupIds: ['s3'] },
  'candidates-at-cap': { remaining: 2, startupIds: ['s1'] },
  'candidates-booked': { hostId: 'h1', startupIds: ['s1', 's3'], onlyRooms: 1 },
  outweighed: {},
  'need-not-in-event': { needId: 'n1' },
  'startup-not-in-event': { startupId: 's1' },
  'pin-banned': {},
  'pair-cannot-meet': {},
  'pair-shares-no-slot': { hostId: 'h1' },
  'need-at-maximum': { needId: 'n1', maximum: 2 },
  'startup-at-maximum': { startupId: 's1', maximum: 1 },
  'slots-held-by-pins': { slots: 1, pins: ['n3|s3'] },
  'pins-conflict': { slots: 3, held: 2 },
  'locked-need-gone': { needId: 'n1' },
  'locked-startup-gone': { startupId: 's1' },
  'locked-host-gone': { hostId: 'h1' },
  'locked-host-changed': { needId: 'n3', hostId: 'h1', previousHostId: 'h1' },
  'locked-pair-banned': { needId: 'n1', startupId: 's3' },
  'locked-pair-twice': { needId: 'n1', startupId: 's3' },
  'locked-time-malformed': {},
  'locked-wrong-length': { minutes: 20 },
  'locked-outside-sessions': {},
  'locked-room-gone': { roomId: 'Bord 9' },
  'locked-room-closed': { roomId: 'Bord 2' },
  'locked-host-unavailable': { hostId: 'h1' },
  'locked-startup-unavailable': { startupId: 's3' },
  'locked-overlaps': { meetingId: 'ev:x:y' },
  'locked-need-at-maximum': { needId: 'n1', maximum: 2 },
  'locked-startup-at-maximum': { startupId: 's1', maximum: 1 },
};

describe('reasons in words', () => {
  it.each(Object.entries(everyCode))(
    'renders %s in Swedish and English with names, never ids',
    (code, params) => {
      const reason = { code: code as ReasonCode, params };
      for (const language of ['sv', 'en'] as const) {
        const text = renderReason(reason, names, language);
        expect(text.length).toBeGreaterThan(10);
        expect(text).not.toMatch(/\b(n1|n3|s1|s3|h1)\b/);
        expect(text).not.toMatch(/undefined|NaN|\[object/);
      }
      expect(renderReason(reason, names, 'sv')).not.toBe(renderReason(reason, names, 'en'));
    },
  );

  it('names what the reason is about', () => {
    const held = { code: 'slots-held-by-pins' as const, params: everyCode['slots-held-by-pins'] };
    expect(renderReason(held, names, 'en')).toBe(
      'the only shared free slot is taken by "Överskottsenergi" ↔ HeatLoop (or locked meetings): give the startup or the host more time, or drop a pin',
    );
    const fits = { code: 'too-few-good-fits' as const, params: everyCode['too-few-good-fits'] };
    expect(renderReason(fits, names, 'sv')).toMatch(
      /^bara 2 startups passar behovet väl \(poäng minst 0,40; bästa under golvet har 0,37\); minimum är 3/,
    );
  });

  it('keeps the words with the code, shows ids without names, and passes old sentences through', () => {
    const reason = { code: 'startup-at-maximum' as const, params: { startupId: 's9', maximum: 1 } };
    const stored = renderedReason(reason, names);
    expect(stored).toEqual({
      ...reason,
      text: { sv: expect.stringContaining('s9'), en: expect.stringContaining('s9') },
    });
    expect(reasonText(stored, 'en')).toBe(stored.text.en);
    expect(reasonText(reason, 'en', NO_NAMES)).toBe(stored.text.en);
    expect(reasonText('an old sentence', 'sv')).toBe('an old sentence');
  });
});
