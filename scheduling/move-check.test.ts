import fc from 'fast-check';
import { smallInstance } from './arbitraries.test-helpers';
import { checkSchedule } from './check';
import { checkMove, checkRestore } from './move-check';
import { repairSchedule } from './repair';
import { buildSchedule } from './schedule';
import { buildSlotGrid } from './slot-grid';
import { buildInstance, buildMeeting } from './test-builders';
import type { ScheduleInstance } from './types';

/** The test builder's event with names, so messages can be read as a facilitator reads them. */
function named(overrides: Partial<ScheduleInstance> = {}): ScheduleInstance {
  const base = buildInstance();
  return {
    ...base,
    event: {
      ...base.event,
      rooms: [
        { id: 'r1', name: 'Bord 1' },
        { id: 'r2', name: 'Bord 2' },
      ],
    },
    hosts: [
      { id: 'h1', name: 'Anna Lindqvist' },
      { id: 'h2', name: 'Johan Berglund' },
    ],
    needs: base.needs.map((n) => ({ ...n, title: `Behov ${n.id}` })),
    startups: base.startups.map((s) => ({ ...s, name: `Startup ${s.id}` })),
    ...overrides,
  };
}

describe('checkMove', () => {
  const meetings = [
    buildMeeting('n1', 's1', '09:00', 'r1'),
    buildMeeting('n3', 's2', '09:00', 'r2'),
    buildMeeting('n2', 's2', '09:25', 'r1'),
  ];

  it('moves one meeting to a free slot and table and leaves every other meeting where it was', () => {
    const check = checkMove(named(), meetings, meetings[0]?.id ?? '', {
      date: '2026-05-11',
      start: '09:50',
      roomId: 'r2',
    });
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.meeting).toMatchObject({ start: '09:50', end: '10:10', roomId: 'r2', needId: 'n1' });
    expect(check.meetings.filter((m) => m.id !== check.meeting.id)).toEqual(
      expect.arrayContaining(meetings.slice(1)),
    );
    expect(check.meetings).toHaveLength(meetings.length);
    expect(checkSchedule(named(), check.meetings)).toEqual([]);
  });

  it('names the table that is taken and by whom', () => {
    const check = checkMove(named(), meetings, meetings[1]?.id ?? '', {
      date: '2026-05-11',
      start: '09:25',
      roomId: 'r1',
    });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.clashes).toEqual([
      expect.objectContaining({
        code: 'room-taken',
        field: 'roomId',
        roomId: 'r1',
        meetingId: meetings[2]?.id,
        message: 'Bord 1 is taken then by Behov n2 ↔ Startup s2 (09:25–09:45, Bord 1)',
      }),
      expect.objectContaining({ code: 'startup-busy', startupId: 's2', meetingId: meetings[2]?.id }),
    ]);
  });

  it('names the host who is busy across their other needs', () => {
    const check = checkMove(named(), meetings, meetings[0]?.id ?? '', {
      date: '2026-05-11',
      start: '09:25',
      roomId: 'r2',
    });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.clashes.map((c) => c.message)).toEqual([
      'Anna Lindqvist (host) is busy then in Behov n2 ↔ Startup s2 (09:25–09:45, Bord 1)',
    ]);
  });

  it('refuses a time off the slot grid, a day of no session, an unknown or closed table, and an unavailable side', () => {
    const instance = named({
      event: {
        ...named().event,
        rooms: [
          { id: 'r1', name: 'Bord 1' },
          { id: 'r2', name: 'Bord 2', closed: [{ date: '2026-05-11', start: '09:50', end: '10:15' }] },
        ],
      },
      startups: named().startups.map((s) =>
        s.id === 's1' ? { ...s, availability: [{ date: '2026-05-11', start: '09:00', end: '09:45' }] } : s,
      ),
    });
    const id = meetings[0]?.id ?? '';
    const codes = (target: { date: string; start: string; roomId: string }) => {
      const check = checkMove(instance, meetings, id, target);
      return check.ok ? [] : check.clashes.map((c) => `${c.code}@${c.field}`);
    };
    expect(codes({ date: '2026-05-11', start: '09:10', roomId: 'r1' })).toEqual(['not-a-slot@start']);
    expect(codes({ date: '2026-05-12', start: '09:00', roomId: 'r1' })).toEqual(['not-a-slot@date']);
    expect(codes({ date: '2026-05-11', start: '09:50', roomId: 'r9' })).toEqual([
      'unknown-room@roomId',
      'startup-unavailable@start',
    ]);
    expect(codes({ date: '2026-05-11', start: '09:50', roomId: 'r2' })).toEqual([
      'room-closed@roomId',
      'startup-unavailable@start',
    ]);
    const offGrid = checkMove(instance, meetings, id, { date: '2026-05-11', start: '09:10', roomId: 'r1' });
    expect(offGrid.ok ? '' : offGrid.clashes[0]?.message).toBe(
      '09:10 is not a meeting start on 2026-05-11; the slots start at 09:00, 09:25, 09:50',
    );
  });

  it('over random schedules and grid targets, agrees with the independent checker and moves nothing else', () => {
    fc.assert(
      fc.property(
        smallInstance
          .map((instance) => ({ ...instance, locked: [] }))
          .map((instance) => ({ instance, meetings: buildSchedule(instance).meetings }))
          .filter(({ instance, meetings }) => meetings.length > 0 && instance.event.rooms.length > 0)
          .chain(({ instance, meetings }) =>
            fc.record({
              instance: fc.constant(instance),
              meetings: fc.constant(meetings),
              meeting: fc.constantFrom(...meetings),
              slot: fc.constantFrom(...buildSlotGrid(instance.event)),
              roomId: fc.constantFrom(...instance.event.rooms.map((r) => r.id)),
            }),
          ),
        ({ instance, meetings, meeting, slot, roomId }) => {
          const check = checkMove(instance, meetings, meeting.id, {
            date: slot.date,
            start: slot.start,
            roomId,
          });
          const moved = meetings.map((m) =>
            m.id === meeting.id ? { ...m, date: slot.date, start: slot.start, end: slot.end, roomId } : m,
          );
          const violations = checkSchedule(instance, moved);
          expect(check.ok).toBe(violations.length === 0);
          if (!check.ok) return;
          const before = new Map(meetings.map((m) => [m.id, m]));
          for (const m of check.meetings) if (m.id !== meeting.id) expect(m).toEqual(before.get(m.id));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('checkRestore', () => {
  it('puts a cancelled meeting back while its slot, table and both sides are free', () => {
    const instance = named();
    const kept = [buildMeeting('n3', 's2', '09:00', 'r2')];
    const cancelled = buildMeeting('n1', 's1', '09:00', 'r1');
    const check = checkRestore(instance, kept, cancelled);
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.meetings).toEqual([cancelled, ...kept]);
  });

  it('refuses once the table was refilled, naming the meeting that took it', () => {
    const instance = named();
    const refill = buildMeeting('n3', 's3', '09:00', 'r1');
    const check = checkRestore(instance, [refill], buildMeeting('n1', 's1', '09:00', 'r1'));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.clashes.map((c) => c.message)).toEqual([
      'Bord 1 is taken then by Behov n3 ↔ Startup s3 (09:00–09:20, Bord 1)',
    ]);
  });

  it('refuses a pair that was banned since, a side at its cap, and a side no longer in the event', () => {
    const instance = named({ bans: [{ needId: 'n1', startupId: 's3' }] });
    const capped = [buildMeeting('n3', 's3', '09:25', 'r1')]; // s3 may meet once
    const check = checkRestore(instance, capped, buildMeeting('n1', 's3', '09:00', 'r1'));
    expect(check.ok ? [] : check.clashes.map((c) => c.code)).toEqual(['pair-banned', 'startup-full']);
    const gone = checkRestore(
      { ...instance, startups: instance.startups.filter((s) => s.id !== 's1') },
      [],
      buildMeeting('n1', 's1', '09:00', 'r1'),
    );
    expect(gone.ok ? [] : gone.clashes.map((c) => `${c.code}:${c.message}`)).toEqual([
      'startup-gone:startup s1 is no longer part of the event',
    ]);
  });

  it('over random schedules: after a cancel-meeting repair, undo succeeds exactly when the checker accepts the meeting back', () => {
    fc.assert(
      fc.property(
        smallInstance
          .map((instance) => ({ ...instance, locked: [] }))
          .map((instance) => ({ instance, meetings: buildSchedule(instance).meetings }))
          .filter(({ meetings }) => meetings.length > 0)
          .chain(({ instance, meetings }) =>
            fc.record({
              instance: fc.constant(instance),
              meetings: fc.constant(meetings),
              meeting: fc.constantFrom(...meetings),
            }),
          ),
        ({ instance, meetings, meeting }) => {
          const repair = repairSchedule(instance, meetings, {
            kind: 'cancel-meeting',
            needId: meeting.needId,
            startupId: meeting.startupId,
          });
          expect(repair.dropped.map((m) => m.id)).toEqual([meeting.id]);
          expect(repair.moved).toEqual([]);
          const after = repair.result.meetings;
          const check = checkRestore(instance, after, meeting);
          expect(check.ok).toBe(checkSchedule(instance, [...after, meeting]).length === 0);
          // Straight after the cancellation, before any refill, the meeting always fits back.
          expect(
            checkRestore(
              instance,
              meetings.filter((m) => m.id !== meeting.id),
              meeting,
            ).ok,
          ).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
