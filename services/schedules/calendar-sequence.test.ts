import type { Meeting } from '../../scheduling';
import { calendarKeyOf, nextCalendar } from './calendar-sequence';

function meeting(needId: string, startupId: string, start = '09:00', roomId = 'a'): Meeting {
  return {
    id: `e:${needId}:${startupId}`,
    date: '2027-03-16',
    start,
    end: '09:20',
    roomId,
    needId,
    hostId: 'h',
    startupId,
    score: 0.5,
  };
}

describe('nextCalendar', () => {
  it('starts new meetings at 0, raises moved and cancelled ones by one, keeps untouched ones', () => {
    const first = nextCalendar({}, [meeting('n1', 's1'), meeting('n2', 's2'), meeting('n3', 's3')]);
    expect(Object.values(first).map((entry) => entry.sequence)).toEqual([0, 0, 0]);
    const second = nextCalendar(first, [
      meeting('n1', 's1'),
      meeting('n2', 's2', '10:00'),
      meeting('n4', 's4'),
    ]);
    expect(second['e:n1:s1']).toMatchObject({ sequence: 0, cancelled: false });
    expect(second['e:n2:s2']).toMatchObject({ sequence: 1, cancelled: false });
    expect(second['e:n3:s3']).toMatchObject({ sequence: 1, cancelled: true });
    expect(second['e:n4:s4']).toMatchObject({ sequence: 0, cancelled: false });
    const third = nextCalendar(second, [
      meeting('n1', 's1'),
      meeting('n2', 's2', '10:00'),
      meeting('n4', 's4'),
      meeting('n3', 's3'),
    ]);
    expect(third['e:n3:s3']).toMatchObject({ sequence: 2, cancelled: false });
    const fourth = nextCalendar(second, [meeting('n1', 's1'), meeting('n2', 's2', '10:00')]);
    expect(fourth['e:n3:s3']).toMatchObject({ sequence: 1, cancelled: true });
    expect(fourth['e:n4:s4']).toMatchObject({ sequence: 1, cancelled: true });
  });

  it('makes keys safe for MongoDB documents', () => {
    expect(calendarKeyOf('ev:a.b:$c%2F')).toBe('ev:a%2Eb:%24c%252F');
  });
});
