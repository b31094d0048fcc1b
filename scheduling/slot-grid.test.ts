import { buildSlotGrid, openRoomIds } from './slot-grid';
import { buildInstance } from './test-builders';

describe('slot grid', () => {
  it('fits consecutive meetings with changeovers inside each session', () => {
    const event = {
      ...buildInstance().event,
      days: [
        { date: '2026-05-12', sessions: [{ start: '13:00', end: '13:44' }] },
        { date: '2026-05-11', sessions: [{ start: '09:00', end: '10:15' }] },
      ],
    };
    const slots = buildSlotGrid(event).map((s) => `${s.date} ${s.start}-${s.end}`);
    expect(slots).toEqual([
      '2026-05-11 09:00-09:20',
      '2026-05-11 09:25-09:45',
      '2026-05-11 09:50-10:10',
      '2026-05-12 13:00-13:20',
    ]);
  });

  it('leaves out rooms closed during a slot', () => {
    const event = {
      ...buildInstance().event,
      rooms: [{ id: 'r1', closed: [{ date: '2026-05-11', start: '09:10', end: '09:30' }] }, { id: 'r2' }],
    };
    const [first, second, third] = buildSlotGrid(event);
    expect(first && openRoomIds(event, first)).toEqual(['r2']);
    expect(second && openRoomIds(event, second)).toEqual(['r2']);
    expect(third && openRoomIds(event, third)).toEqual(['r1', 'r2']);
  });
});
