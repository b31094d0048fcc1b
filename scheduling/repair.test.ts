import fc from 'fast-check';
import { smallInstance } from './arbitraries.test-helpers';
import { checkSchedule } from './check';
import { applyChange, diffMeetings, repairSchedule, resultOfMeetings, touchedBy } from './repair';
import { buildSchedule } from './schedule';
import { buildInstance } from './test-builders';
import type { ScheduleChange, ScheduleInstance } from './types';

/** Three needs with one host each, five startups with cap 1, one slot: s5 is n1's spare. */
function crowded(): ScheduleInstance {
  return buildInstance({
    event: {
      ...buildInstance().event,
      days: [{ date: '2026-05-11', sessions: [{ start: '09:00', end: '09:45' }] }],
      rooms: [{ id: 'r1' }, { id: 'r2' }, { id: 'r3' }],
    },
    hosts: [{ id: 'h1' }, { id: 'h2' }, { id: 'h3' }],
    needs: [
      { id: 'n1', hostId: 'h1', priority: 1, minMeetings: 1, maxMeetings: 1 },
      { id: 'n2', hostId: 'h2', priority: 2, minMeetings: 1, maxMeetings: 2 },
      { id: 'n3', hostId: 'h3', priority: 3, minMeetings: 1, maxMeetings: 2 },
    ],
    startups: ['s1', 's2', 's3', 's4', 's5'].map((id) => ({ id, maxMeetings: 1 })),
    candidates: [
      { needId: 'n1', startupId: 's1', score: 0.9 },
      { needId: 'n1', startupId: 's5', score: 0.2 },
      { needId: 'n2', startupId: 's2', score: 0.8 },
      { needId: 'n2', startupId: 's4', score: 0.1 },
      { needId: 'n3', startupId: 's3', score: 0.7 },
    ],
  });
}

describe('repairSchedule', () => {
  it('when a startup cancels, its slots are refilled and nobody else moves', () => {
    const instance = crowded();
    const before = buildSchedule(instance);
    expect(before.meetings.some((m) => m.startupId === 's1')).toBe(true);
    const repair = repairSchedule(instance, before.meetings, { kind: 'cancel-startup', startupId: 's1' });
    expect(repair.moved).toEqual([]);
    expect(repair.dropped.map((m) => m.startupId)).toEqual(['s1']);
    expect(repair.kept).toHaveLength(before.meetings.length - 1);
    expect(repair.added.map((m) => `${m.needId}:${m.startupId}`)).toEqual(['n1:s5']);
    expect(checkSchedule(repair.instance, repair.result.meetings)).toEqual([]);
  });

  it('moves the meetings of a closed room elsewhere and keeps the rest', () => {
    const instance = crowded();
    const before = buildSchedule(instance);
    const room = before.meetings[0]?.roomId ?? 'r1';
    const repair = repairSchedule(instance, before.meetings, { kind: 'close-room', roomId: room });
    const inRoom = before.meetings
      .filter((m) => m.roomId === room)
      .map((m) => m.id)
      .sort();
    expect([...repair.moved, ...repair.dropped].map((m) => m.id).sort()).toEqual(inRoom);
    expect(repair.result.meetings.some((m) => m.roomId === room)).toBe(false);
    expect(checkSchedule(repair.instance, repair.result.meetings)).toEqual([]);
  });

  it('schedules an added pin, and never a banned pair', () => {
    const instance = crowded();
    const before = buildSchedule(instance);
    const pinned = repairSchedule(instance, before.meetings, {
      kind: 'add-pin',
      needId: 'n3',
      startupId: 's4',
    });
    expect(pinned.result.meetings.some((m) => m.needId === 'n3' && m.startupId === 's4')).toBe(true);
    const banned = repairSchedule(pinned.instance, pinned.result.meetings, {
      kind: 'add-ban',
      needId: 'n3',
      startupId: 's4',
    });
    expect(banned.result.meetings.some((m) => m.needId === 'n3' && m.startupId === 's4')).toBe(false);
    expect(banned.moved).toEqual([]);
  });

  it('cancels one meeting: only that pair goes, its slot may be refilled, and the pair is not banned', () => {
    const instance = crowded();
    const before = buildSchedule(instance);
    const target = before.meetings.find((m) => m.needId === 'n1');
    if (!target) throw new Error('n1 has no meeting');
    const repair = repairSchedule(instance, before.meetings, {
      kind: 'cancel-meeting',
      needId: target.needId,
      startupId: target.startupId,
    });
    expect(repair.dropped).toEqual([target]);
    expect(repair.moved).toEqual([]);
    expect(repair.kept).toHaveLength(before.meetings.length - 1);
    expect(repair.result.meetings.some((m) => m.id === target.id)).toBe(false);
    expect(repair.instance.bans).toEqual(instance.bans);
    expect(repair.instance.startups).toEqual(instance.startups);
    expect(checkSchedule(repair.instance, repair.result.meetings)).toEqual([]);
  });

  it('when one need leaves, its meetings go and its host stays for their other needs', () => {
    const instance = buildInstance();
    const before = buildSchedule(instance);
    expect(before.meetings.some((m) => m.needId === 'n1')).toBe(true);
    const repair = repairSchedule(instance, before.meetings, { kind: 'cancel-need', needId: 'n1' });
    expect(repair.dropped.map((m) => m.needId)).toEqual(
      before.meetings.filter((m) => m.needId === 'n1').map(() => 'n1'),
    );
    expect(repair.moved).toEqual([]);
    expect(repair.instance.hosts.map((h) => h.id)).toEqual(['h1', 'h2']);
    const alone = applyChange(repair.instance, { kind: 'cancel-need', needId: 'n2' });
    expect(alone.hosts.map((h) => h.id)).toEqual(['h2']);
  });

  it('resultOfMeetings scores exactly the meetings given, adding none', () => {
    const instance = buildInstance();
    const full = buildSchedule(instance);
    const fewer = full.meetings.slice(1);
    const result = resultOfMeetings(instance, fewer);
    expect(result.meetings).toEqual(fewer);
    expect(result.droppedLocked).toEqual([]);
    expect(result.objective).toBeLessThanOrEqual(full.objective);
    expect(result.bound).toBeGreaterThanOrEqual(result.objective);
    expect(diffMeetings(full.meetings, fewer)).toEqual({
      kept: fewer,
      moved: [],
      added: [],
      dropped: [full.meetings[0]],
    });
  });

  it('does not mutate the instance it is given', () => {
    const instance = crowded();
    const copy = JSON.parse(JSON.stringify(instance));
    applyChange(instance, { kind: 'close-room', roomId: 'r1' });
    applyChange(instance, { kind: 'cancel-host', hostId: 'h1' });
    applyChange(instance, { kind: 'cancel-need', needId: 'n1' });
    applyChange(instance, { kind: 'cancel-meeting', needId: 'n1', startupId: 's1' });
    expect(instance).toEqual(copy);
  });

  const change = (instance: ScheduleInstance): fc.Arbitrary<ScheduleChange> => {
    const needs = instance.needs.map((n) => n.id);
    const startups = instance.startups.map((s) => s.id);
    const options: fc.Arbitrary<ScheduleChange>[] = [
      fc
        .constantFrom(...instance.event.rooms.map((r) => r.id))
        .map((roomId): ScheduleChange => ({ kind: 'close-room', roomId })),
      fc
        .constantFrom(...instance.hosts.map((h) => h.id))
        .map((hostId): ScheduleChange => ({ kind: 'cancel-host', hostId })),
    ];
    if (startups.length > 0)
      options.push(
        fc
          .constantFrom(...startups)
          .map((startupId): ScheduleChange => ({ kind: 'cancel-startup', startupId })),
      );
    if (needs.length > 0)
      options.push(
        fc.constantFrom(...needs).map((needId): ScheduleChange => ({ kind: 'cancel-need', needId })),
      );
    if (needs.length > 0 && startups.length > 0) {
      const pair = fc.tuple(fc.constantFrom(...needs), fc.constantFrom(...startups));
      options.push(
        pair.map(([needId, startupId]): ScheduleChange => ({ kind: 'cancel-meeting', needId, startupId })),
      );
      options.push(
        pair.map(([needId, startupId]): ScheduleChange => ({ kind: 'add-pin', needId, startupId })),
      );
      options.push(
        pair.map(([needId, startupId]): ScheduleChange => ({ kind: 'add-ban', needId, startupId })),
      );
    }
    return fc.oneof(...options);
  };

  it('over random instances and changes, no untouched meeting moves and nothing breaks', () => {
    fc.assert(
      fc.property(
        smallInstance
          .filter((i) => i.event.rooms.length > 0)
          .chain((instance) => fc.tuple(fc.constant(instance), change(instance))),
        ([instance, scheduleChange]) => {
          const before = buildSchedule(instance).meetings;
          const repair = repairSchedule(instance, before, scheduleChange);
          expect(checkSchedule(repair.instance, repair.result.meetings)).toEqual([]);
          const untouched = before.filter((m) => !touchedBy(scheduleChange, instance, m));
          const stillHere = new Set(repair.kept.map((m) => m.id));
          // An added pin may clear one slot of its own host's and startup's meetings; nobody else moves.
          const pinHost =
            scheduleChange.kind === 'add-pin'
              ? instance.needs.find((n) => n.id === scheduleChange.needId)?.hostId
              : undefined;
          const pinStartup = scheduleChange.kind === 'add-pin' ? scheduleChange.startupId : undefined;
          for (const m of untouched) {
            if (m.hostId === pinHost || m.startupId === pinStartup) continue;
            expect(stillHere.has(m.id)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
