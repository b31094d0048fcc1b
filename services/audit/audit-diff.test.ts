import { diffRecords, isWithheld } from './audit-diff';

describe('diffRecords', () => {
  it('names each changed field with its value before and after, nested fields by their path', () => {
    const before = { id: 'n1', version: 3, title: 'Gammal', budgetSek: { min: 1, max: 5 }, tags: ['a'] };
    const after = { id: 'n1', version: 4, title: 'Ny', budgetSek: { min: 1, max: 9 }, tags: ['a', 'b'] };
    expect(diffRecords('need', before, after)).toEqual([
      { path: 'budgetSek.max', before: 5, after: 9 },
      { path: 'tags', before: ['a'], after: ['a', 'b'] },
      { path: 'title', before: 'Gammal', after: 'Ny' },
    ]);
  });

  it('gives only after for a new record and only before for a deleted one; dates as ISO strings', () => {
    const at = new Date('2027-03-29T08:00:00Z');
    expect(diffRecords('pilot', null, { status: 'proposed', start: at })).toEqual([
      { path: 'start', after: '2027-03-29T08:00:00.000Z' },
      { path: 'status', after: 'proposed' },
    ]);
    expect(diffRecords('pilot', { status: 'done' }, null)).toEqual([{ path: 'status', before: 'done' }]);
  });

  it('withholds contact details: e-mail and phone anywhere, names of people, an event’s availability', () => {
    expect(
      diffRecords(
        'startup',
        { name: 'Fuktvakt AB', contact: { name: 'Eva', email: 'eva@f.se' } },
        { name: 'Fuktvakt Sverige AB', contact: { name: 'Per', email: 'per@f.se', phone: '070-1' } },
      ),
    ).toEqual([
      { path: 'contact.email', withheld: true },
      { path: 'contact.name', withheld: true },
      { path: 'contact.phone', withheld: true },
      { path: 'name', before: 'Fuktvakt AB', after: 'Fuktvakt Sverige AB' },
    ]);
    expect(diffRecords('host', { name: 'Eva' }, { name: 'Per' })).toEqual([{ path: 'name', withheld: true }]);
    expect(isWithheld('event', 'availability')).toBe(true);
    expect(isWithheld('event', 'name')).toBe(false);
    expect(isWithheld('schedule', 'request.hostId')).toBe(true);
    expect(isWithheld('outcome', 'note')).toBe(true);
  });

  it('finds nothing when nothing but the version changed', () => {
    expect(
      diffRecords('need', { version: 1, updatedAt: new Date(1) }, { version: 2, updatedAt: new Date(2) }),
    ).toEqual([]);
  });
});
