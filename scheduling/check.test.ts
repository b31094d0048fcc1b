import { checkSchedule } from './check';
import { buildInstance, buildMeeting } from './test-builders';
import type { Meeting, ScheduleInstance } from './types';

const valid: Meeting[] = [
  buildMeeting('n1', 's1', '09:00', 'r1'),
  buildMeeting('n3', 's2', '09:00', 'r2'),
  buildMeeting('n2', 's2', '09:25', 'r1'),
];

describe('checkSchedule', () => {
  it('accepts a valid schedule', () => {
    expect(checkSchedule(buildInstance(), valid)).toEqual([]);
  });

  const cases: {
    name: string;
    instance?: Partial<ScheduleInstance>;
    meetings: Meeting[];
    expected: RegExp;
  }[] = [
    {
      name: 'a host in two meetings at once (across their needs)',
      meetings: [buildMeeting('n1', 's1', '09:00', 'r1'), buildMeeting('n2', 's2', '09:00', 'r2')],
      expected: /host h1 is in two meetings at once/,
    },
    {
      name: 'a startup in two meetings at once',
      meetings: [
        buildMeeting('n1', 's1', '09:00', 'r1'),
        buildMeeting('n3', 's1', '09:10', 'r2', { start: '09:10', end: '09:30' }),
      ],
      expected: /startup s1 is in two meetings at once/,
    },
    {
      name: 'a room holding two meetings',
      meetings: [buildMeeting('n1', 's1', '09:00', 'r1'), buildMeeting('n3', 's2', '09:00', 'r1')],
      expected: /room r1 holds two meetings/,
    },
    {
      name: 'a closed room',
      instance: {
        event: {
          ...buildInstance().event,
          rooms: [{ id: 'r1', closed: [{ date: '2026-05-11', start: '09:00', end: '09:30' }] }],
        },
      },
      meetings: [buildMeeting('n1', 's1', '09:00', 'r1')],
      expected: /room r1 is closed/,
    },
    {
      name: 'an unknown room',
      meetings: [buildMeeting('n1', 's1', '09:00', 'r9')],
      expected: /unknown room r9/,
    },
    {
      name: 'a meeting outside the host availability',
      instance: {
        hosts: [
          { id: 'h1', availability: [{ date: '2026-05-11', start: '09:25', end: '10:15' }] },
          { id: 'h2' },
        ],
      },
      meetings: [buildMeeting('n1', 's1', '09:00')],
      expected: /host h1 is not available/,
    },
    {
      name: 'a meeting outside the startup availability',
      instance: {
        startups: [
          { id: 's1', maxMeetings: 2, availability: [{ date: '2026-05-11', start: '09:00', end: '09:10' }] },
          { id: 's2', maxMeetings: 2 },
          { id: 's3', maxMeetings: 1 },
        ],
      },
      meetings: [buildMeeting('n1', 's1', '09:00')],
      expected: /startup s1 is not available/,
    },
    {
      name: 'a meeting outside every session',
      meetings: [buildMeeting('n1', 's1', '11:00')],
      expected: /not inside a session/,
    },
    {
      name: 'a meeting of the wrong length',
      meetings: [buildMeeting('n1', 's1', '09:00', 'r1', { end: '09:30' })],
      expected: /lasts 30 minutes, not 20/,
    },
    {
      name: 'a need above its maximum',
      meetings: [
        buildMeeting('n1', 's1', '09:00'),
        buildMeeting('n1', 's2', '09:25'),
        buildMeeting('n1', 's3', '09:50'),
      ],
      expected: /need n1 has 3 meetings, above its maximum of 2/,
    },
    {
      name: 'a startup above its maximum',
      meetings: [buildMeeting('n1', 's3', '09:00'), buildMeeting('n3', 's3', '09:25')],
      expected: /startup s3 has 2 meetings, above its maximum of 1/,
    },
    {
      name: 'a pair meeting twice',
      meetings: [buildMeeting('n1', 's1', '09:00'), buildMeeting('n1', 's1', '09:25', 'r1', { id: 'other' })],
      expected: /meets startup s1 more than once/,
    },
    {
      name: 'a pair that is neither candidate nor pin',
      instance: { candidates: [] },
      meetings: [buildMeeting('n1', 's1', '09:00')],
      expected: /neither a candidate at or above the relevance floor nor a pin/,
    },
    {
      name: 'a banned pair',
      instance: { bans: [{ needId: 'n1', startupId: 's1' }] },
      meetings: [buildMeeting('n1', 's1', '09:00')],
      expected: /is banned/,
    },
    {
      name: 'a wrong host on the meeting',
      meetings: [buildMeeting('n1', 's1', '09:00', 'r1', { hostId: 'h2' })],
      expected: /hosted by h1, not h2/,
    },
    { name: 'an unknown need', meetings: [buildMeeting('n9', 's1', '09:00')], expected: /unknown need n9/ },
    {
      name: 'a duplicated id',
      meetings: [
        buildMeeting('n1', 's1', '09:00'),
        buildMeeting('n3', 's2', '09:25', 'r1', { id: buildMeeting('n1', 's1', '09:00').id }),
      ],
      expected: /is used twice/,
    },
    {
      name: 'a locked meeting moved',
      instance: { locked: [buildMeeting('n1', 's1', '09:25')] },
      meetings: [buildMeeting('n1', 's1', '09:00')],
      expected: /locked meeting .* moved/,
    },
    {
      name: 'a still-valid locked meeting missing',
      instance: { locked: [buildMeeting('n1', 's1', '09:25')] },
      meetings: [],
      expected: /locked meeting .* is missing/,
    },
  ];

  it.each(cases)('reports $name', ({ instance, meetings, expected }) => {
    const violations = checkSchedule(buildInstance(instance), meetings);
    expect(violations.some((v) => expected.test(v))).toBe(true);
  });

  it('lets a locked meeting go when its startup cancelled', () => {
    const instance = buildInstance({ locked: [buildMeeting('n1', 's1', '09:25')] });
    const cancelled = {
      ...instance,
      startups: instance.startups.filter((s) => s.id !== 's1'),
      candidates: instance.candidates.filter((c) => c.startupId !== 's1'),
    };
    expect(checkSchedule(cancelled, [])).toEqual([]);
  });
});
