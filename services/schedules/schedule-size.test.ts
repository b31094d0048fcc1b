import { scheduleSizeOf } from './schedule-size';

const event = {
  id: 'e1',
  timezone: 'Europe/Stockholm',
  needIds: ['n1', 'n2', 'n3'],
  startupIds: ['s1', 's2', 's3', 's4', 's5'],
  meetingMinutes: 20,
  changeoverMinutes: 5,
  rooms: [
    { id: 'r1', name: 'Rum 1' },
    { id: 'r2', name: 'Rum 2' },
  ],
  days: [
    // 09:00, 09:25, 09:50 (ends 10:10 ≤ 10:15): 3 slots; 13:00, 13:25: 2 slots.
    {
      date: '2027-03-29',
      sessions: [
        { start: '09:00', end: '10:15' },
        { start: '13:00', end: '13:45' },
      ],
    },
    // 10:00 only: a second meeting would end after 10:40.
    { date: '2027-03-30', sessions: [{ start: '10:00', end: '10:40' }] },
  ],
};

describe('scheduleSizeOf', () => {
  it('is enrolled needs × enrolled startups × time slots of the grid (rooms not counted)', () => {
    expect(scheduleSizeOf(event)).toBe(3 * 5 * 6);
    expect(scheduleSizeOf({ ...event, rooms: [{ id: 'r1', name: 'Rum 1' }] })).toBe(3 * 5 * 6);
  });

  it('is 0 for an event without needs, startups or sessions', () => {
    expect(scheduleSizeOf({ ...event, needIds: [] })).toBe(0);
    expect(scheduleSizeOf({ ...event, startupIds: [] })).toBe(0);
    expect(scheduleSizeOf({ ...event, days: [] })).toBe(0);
  });
});
