import { deduplicationIdOf, matchesJobOptions, schedulesJobSchema } from './queues';
import { schedulesJobOptions } from './schedules.producer';

const eventId = '0123456789abcdef01234567';
const otherEventId = '76543210fedcba9876543210';
const policy = { attempts: 3, backoffMs: 100 };
const buildOf = (id: string) => schedulesJobSchema.parse({ action: 'build', eventId: id });
const repair = schedulesJobSchema.parse({
  action: 'repair',
  eventId,
  change: { kind: 'cancel-need', needId: otherEventId },
});

describe('the deduplication ids of queued jobs, built in one place', () => {
  it('matches: one id for rebuilds (changes travel through the change streams)', () => {
    expect(deduplicationIdOf({ type: 'rebuild', reason: 'drift', generation: 3 })).toBe('rebuild');
    expect(deduplicationIdOf({ type: 'rebuild', reason: 'requested', generation: 0 })).toBe('rebuild');
  });

  it('schedules: builds of one event share one id, other events differ, repairs have none', () => {
    expect(deduplicationIdOf(buildOf(eventId))).toBe(`build:${eventId}`);
    expect(deduplicationIdOf(buildOf(otherEventId))).toBe(`build:${otherEventId}`);
    expect(deduplicationIdOf(repair)).toBeUndefined();
  });

  it('is the id the producers give BullMQ', () => {
    const rebuild = { type: 'rebuild' as const, reason: 'drift' as const, generation: 2 };
    expect(matchesJobOptions(rebuild, policy).deduplication).toEqual({
      id: 'rebuild',
      keepLastIfActive: true,
    });
    expect(schedulesJobOptions(buildOf(eventId), policy).deduplication).toEqual({ id: `build:${eventId}` });
    expect(schedulesJobOptions(repair, policy).deduplication).toBeUndefined();
  });
});
