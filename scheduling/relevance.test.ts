import { checkSchedule } from './check';
import { parseInstance } from './instance.schema';
import { solveExact } from './milp';
import { scoutNeeds } from './relevance';
import { buildSchedule } from './schedule';
import { buildInstance, buildMeeting } from './test-builders';
import type { ScheduleInstance } from './types';

/** n1 (minimum 3) has candidates s1 0.8, s2 0.6, s3 0.35; the event's floor is 0.5. */
function floored(overrides: Partial<ScheduleInstance> = {}): ScheduleInstance {
  const base = buildInstance();
  return buildInstance({
    event: { ...base.event, relevanceFloor: 0.5 },
    needs: [{ id: 'n1', hostId: 'h1', priority: 1, minMeetings: 3, maxMeetings: 3 }],
    startups: [
      { id: 's1', maxMeetings: 2 },
      { id: 's2', maxMeetings: 2 },
      { id: 's3', maxMeetings: 2 },
    ],
    candidates: [
      { needId: 'n1', startupId: 's1', score: 0.8 },
      { needId: 'n1', startupId: 's2', score: 0.6 },
      { needId: 'n1', startupId: 's3', score: 0.35 },
    ],
    ...overrides,
  });
}

const pairsOf = (meetings: readonly { needId: string; startupId: string }[]) =>
  meetings.map((m) => `${m.needId}|${m.startupId}`).sort();

describe('the relevance floor', () => {
  it('schedules no candidate below the floor, even to reach a minimum, and says why the need falls short', () => {
    const result = buildSchedule(floored());
    expect(pairsOf(result.meetings)).toEqual(['n1|s1', 'n1|s2']);
    expect(result.shortfalls).toEqual([
      {
        needId: 'n1',
        met: 2,
        minimum: 3,
        reasons: [
          {
            code: 'too-few-good-fits',
            params: { needId: 'n1', good: 2, minimum: 3, floor: 0.5, bestBelow: 0.35 },
          },
        ],
      },
    ]);
    expect(result.scouting).toEqual([
      {
        needId: 'n1',
        goodCandidates: 2,
        minimum: 3,
        floor: 0.5,
        nearMisses: [{ startupId: 's3', score: 0.35 }],
      },
    ]);
  });

  it("lets a need's own floor override the event's", () => {
    const instance = floored();
    const [n1] = instance.needs;
    const result = buildSchedule({ ...instance, needs: [{ ...n1!, relevanceFloor: 0.3 }] });
    expect(pairsOf(result.meetings)).toEqual(['n1|s1', 'n1|s2', 'n1|s3']);
    expect(result.shortfalls).toEqual([]);
    expect(result.scouting).toEqual([]);
  });

  it('always allows a pinned pair, and counts it as a good fit', () => {
    const instance = floored({ pins: [{ needId: 'n1', startupId: 's3' }] });
    const result = buildSchedule(instance);
    expect(pairsOf(result.meetings)).toEqual(['n1|s1', 'n1|s2', 'n1|s3']);
    expect(result.scouting).toEqual([]);
    expect(checkSchedule(instance, result.meetings)).toEqual([]);
  });

  it('is a hard constraint for checkSchedule', () => {
    expect(checkSchedule(floored(), [buildMeeting('n1', 's3', '09:00')])).toEqual([
      expect.stringMatching(/n1 × s3 is neither a candidate at or above the relevance floor nor a pin/),
    ]);
  });

  it('is honoured by the exact mode', async () => {
    const result = await solveExact(floored(), { timeLimitMs: 10_000, clock: () => performance.now() });
    expect(result.solver.status).toBe('optimal');
    expect(pairsOf(result.meetings)).toEqual(['n1|s1', 'n1|s2']);
  });

  it('leaves banned pairs out of the good fits and lists the near misses best first', () => {
    const instance = floored({
      bans: [{ needId: 'n1', startupId: 's2' }],
      candidates: [
        { needId: 'n1', startupId: 's1', score: 0.8 },
        { needId: 'n1', startupId: 's2', score: 0.6 },
        { needId: 'n1', startupId: 's3', score: 0.35 },
        { needId: 'n1', startupId: 's2', score: 0.45 },
      ],
    });
    expect(scoutNeeds(instance)).toEqual([
      {
        needId: 'n1',
        goodCandidates: 1,
        minimum: 3,
        floor: 0.5,
        nearMisses: [{ startupId: 's3', score: 0.35 }],
      },
    ]);
  });

  it('is validated as a score in [0, 1] at the event and the need', () => {
    const instance = floored();
    const bad = parseInstance({
      ...instance,
      event: { ...instance.event, relevanceFloor: 1.5 },
      needs: [{ ...instance.needs[0], relevanceFloor: -0.1 }],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors).toEqual([
        expect.stringMatching(/^event\.relevanceFloor: /),
        expect.stringMatching(/^needs\.0\.relevanceFloor: /),
      ]);
    }
  });
});
