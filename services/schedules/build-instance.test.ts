import { parseInstance } from '../../scheduling';
import { buildInstance, type InstanceSource } from './build-instance';

const source: InstanceSource = {
  event: {
    id: 'ev',
    timezone: 'Europe/Stockholm',
    meetingMinutes: 20,
    changeoverMinutes: 5,
    days: [{ date: '2027-03-16', sessions: [{ start: '09:00', end: '12:00' }] }],
    rooms: [{ id: 'bord-1', name: 'Bord 1' }],
    availability: [
      {
        participantKind: 'host',
        participantId: 'Anna@Tomelilla.se',
        windows: [{ date: '2027-03-16', start: '09:00', end: '10:00' }],
      },
      {
        participantKind: 'startup',
        participantId: 's2',
        windows: [{ date: '2027-03-16', start: '10:00', end: '11:00' }],
      },
    ],
  },
  needs: [
    {
      id: 'n1',
      title: 'Golv',
      owner: { name: 'Anna', email: 'anna@tomelilla.se' },
      priority: 1,
      meetings: { min: 1, max: 2 },
    },
    {
      id: 'n2',
      title: 'Lokaler',
      owner: { name: 'Anna', email: 'ANNA@tomelilla.se' },
      priority: 3,
      meetings: { min: 0, max: 1 },
    },
  ],
  startups: [
    { id: 's1', name: 'Fuktvakt', maxMeetings: 3 },
    { id: 's2', name: 'StepClean', maxMeetings: 2 },
  ],
  matches: [
    { needId: 'n1', startupId: 's1', score: 0.8 },
    { needId: 'n1', startupId: 's2', score: 0.5 },
    { needId: 'n1', startupId: 'not-enrolled', score: 0.9 },
    { needId: 'n2', startupId: 's1', score: 0.29 },
    { needId: 'n2', startupId: 's2', score: 0.3 },
  ],
  pins: [
    { needId: 'n2', startupId: 's1' },
    { needId: 'gone', startupId: 's1' },
  ],
  bans: [{ needId: 'n1', startupId: 's2' }],
};

describe('buildInstance', () => {
  it('makes one host per owner e-mail, keeps enrolled candidates at or above the threshold, and maps availability', () => {
    const instance = buildInstance(source);
    expect(parseInstance(instance).ok).toBe(true);
    expect(instance.hosts).toEqual([
      {
        id: 'anna@tomelilla.se',
        name: 'Anna',
        availability: [{ date: '2027-03-16', start: '09:00', end: '10:00' }],
      },
    ]);
    expect(instance.needs.map((need) => [need.id, need.hostId, need.minMeetings, need.maxMeetings])).toEqual([
      ['n1', 'anna@tomelilla.se', 1, 2],
      ['n2', 'anna@tomelilla.se', 0, 1],
    ]);
    expect(instance.candidates).toEqual([
      { needId: 'n1', startupId: 's1', score: 0.8 },
      { needId: 'n1', startupId: 's2', score: 0.5 },
      { needId: 'n2', startupId: 's2', score: 0.3 },
    ]);
    expect(instance.startups[0]).toEqual({ id: 's1', name: 'Fuktvakt', maxMeetings: 3 });
    expect(instance.startups[1]?.availability).toEqual([
      { date: '2027-03-16', start: '10:00', end: '11:00' },
    ]);
    expect(instance.pins).toEqual([{ needId: 'n2', startupId: 's1' }]);
    expect(instance.bans).toEqual([{ needId: 'n1', startupId: 's2' }]);
  });

  it('cuts candidates to the top K per need and honours another threshold', () => {
    expect(buildInstance(source, { topK: 1, minScore: 0 }).candidates).toEqual([
      { needId: 'n1', startupId: 's1', score: 0.8 },
      { needId: 'n2', startupId: 's2', score: 0.3 },
    ]);
  });
});
