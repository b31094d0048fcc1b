import { buildSchedule } from './schedule';
import { buildInstance } from './test-builders';

const reasonsOf = (result: ReturnType<typeof buildSchedule>, needId: string) =>
  result.shortfalls.find((s) => s.needId === needId)?.reasons ?? [];

describe('shortfall and pin reasons', () => {
  it('says when a need has too few candidates', () => {
    const result = buildSchedule(
      buildInstance({
        needs: [{ id: 'n1', hostId: 'h1', priority: 1, minMeetings: 3, maxMeetings: 3 }],
        candidates: [
          { needId: 'n1', startupId: 's1', score: 0.35 },
          { needId: 'n1', startupId: 's2', score: 0.6 },
        ],
      }),
    );
    expect(reasonsOf(result, 'n1')).toContainEqual({
      code: 'too-few-candidates',
      params: { needId: 'n1', candidates: 2, minimum: 3, banned: 0, lowestScore: 0.35 },
    });
  });

  it('says when the host is available for too few slots', () => {
    const result = buildSchedule(
      buildInstance({
        hosts: [
          { id: 'h1', availability: [{ date: '2026-05-11', start: '09:00', end: '09:20' }] },
          { id: 'h2' },
        ],
        needs: [{ id: 'n1', hostId: 'h1', priority: 1, minMeetings: 2, maxMeetings: 2 }],
      }),
    );
    expect(reasonsOf(result, 'n1')).toContainEqual({
      code: 'host-time-too-short',
      params: { hostId: 'h1', slots: 1, minimum: 2 },
    });
  });

  it("says when the host's slots are taken by their other needs", () => {
    const result = buildSchedule(
      buildInstance({
        needs: [
          { id: 'n1', hostId: 'h1', priority: 1, minMeetings: 3, maxMeetings: 3 },
          { id: 'n2', hostId: 'h1', priority: 5, minMeetings: 1, maxMeetings: 2 },
        ],
      }),
    );
    expect(reasonsOf(result, 'n2')).toContainEqual({
      code: 'host-time-taken-by-other-needs',
      params: { hostId: 'h1', slots: 3, left: 0, needIds: ['n1'] },
    });
  });

  it('says when the remaining candidates are at their cap', () => {
    const result = buildSchedule(
      buildInstance({
        needs: [
          { id: 'n1', hostId: 'h1', priority: 1, minMeetings: 1, maxMeetings: 1 },
          { id: 'n3', hostId: 'h2', priority: 5, minMeetings: 1, maxMeetings: 1 },
        ],
        startups: [{ id: 's1', maxMeetings: 1 }],
        candidates: [
          { needId: 'n1', startupId: 's1', score: 0.9 },
          { needId: 'n3', startupId: 's1', score: 0.9 },
        ],
      }),
    );
    expect(reasonsOf(result, 'n3')).toContainEqual({
      code: 'candidates-at-cap',
      params: { remaining: 1, startupIds: ['s1'] },
    });
  });

  it('gives a reason for a pin that cannot be met, and bans beat pins', () => {
    const result = buildSchedule(
      buildInstance({
        startups: [
          { id: 's1', maxMeetings: 2, availability: [{ date: '2026-05-12', start: '09:00', end: '10:00' }] },
          { id: 's2', maxMeetings: 2 },
          { id: 's3', maxMeetings: 1 },
        ],
        pins: [
          { needId: 'n1', startupId: 's1' },
          { needId: 'n2', startupId: 's2' },
        ],
        bans: [{ needId: 'n2', startupId: 's2' }],
      }),
    );
    expect(result.unmetPins).toEqual([
      { needId: 'n1', startupId: 's1', reason: { code: 'pair-shares-no-slot', params: { hostId: 'h1' } } },
      { needId: 'n2', startupId: 's2', reason: { code: 'pin-banned', params: {} } },
    ]);
  });
});
