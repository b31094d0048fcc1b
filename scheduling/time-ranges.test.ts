import {
  containedIn,
  formatClock,
  intersectRanges,
  mergeRanges,
  parseClock,
  subtractRanges,
  type TimeRange,
} from './time-ranges';

const r = (start: number, end: number, date = '2026-05-11'): TimeRange => ({
  date,
  startMinute: start,
  endMinute: end,
});

describe('time ranges', () => {
  it('parses and formats HH:MM both ways', () => {
    expect(parseClock('09:25')).toBe(565);
    expect(formatClock(565)).toBe('09:25');
    expect(() => parseClock('9:25')).toThrow();
  });

  it('merges overlapping and touching ranges per date without mutating the input', () => {
    const input = [r(60, 120), r(0, 60), r(100, 150), r(0, 30, '2026-05-12')];
    const copy = JSON.parse(JSON.stringify(input));
    expect(mergeRanges(input)).toEqual([r(0, 150), r(0, 30, '2026-05-12')]);
    expect(input).toEqual(copy);
  });

  it('intersects two sets of ranges', () => {
    expect(intersectRanges([r(0, 100), r(200, 300)], [r(50, 250)])).toEqual([r(50, 100), r(200, 250)]);
    expect(intersectRanges([r(0, 100)], [r(0, 100, '2026-05-12')])).toEqual([]);
  });

  it('subtracts ranges, splitting where a hole falls inside', () => {
    expect(subtractRanges([r(0, 300)], [r(100, 150), r(250, 400)])).toEqual([r(0, 100), r(150, 250)]);
  });

  it('tells whether a range lies inside a set of ranges, across touching pieces', () => {
    expect(containedIn(r(50, 70), [r(0, 60), r(60, 120)])).toBe(true);
    expect(containedIn(r(50, 130), [r(0, 60), r(60, 120)])).toBe(false);
  });
});
