import { buildSchedule } from './schedule';
import { buildInstance, buildMeeting } from './test-builders';

describe('dropped locked meetings', () => {
  it('say why as a code with ids, never a sentence', () => {
    const base = buildInstance();
    const instance = buildInstance({
      event: {
        ...base.event,
        rooms: [{ id: 'r1' }, { id: 'r2', closed: [{ date: '2026-05-11', start: '09:25', end: '09:45' }] }],
      },
      startups: [
        { id: 's1', maxMeetings: 2 },
        { id: 's2', maxMeetings: 2, availability: [{ date: '2026-05-11', start: '09:00', end: '09:20' }] },
        { id: 's3', maxMeetings: 1 },
      ],
      bans: [{ needId: 'n3', startupId: 's3' }],
      locked: [
        buildMeeting('n1', 's1', '09:00', 'r1'),
        buildMeeting('n9', 's1', '09:25', 'r1'),
        buildMeeting('n1', 'ghost', '09:25', 'r1'),
        buildMeeting('n3', 's3', '09:00', 'r2'),
        buildMeeting('n2', 's1', '09:25', 'r9'),
        buildMeeting('n3', 's1', '09:25', 'r2'),
        buildMeeting('n2', 's2', '09:50', 'r1'),
        buildMeeting('n3', 's2', '09:00', 'r1'),
        buildMeeting('n2', 's3', '09:00', 'r2', { end: '09:30' }),
      ],
    });
    const result = buildSchedule(instance);
    expect(result.droppedLocked.map((d) => [d.meeting.needId, d.meeting.startupId, d.reason])).toEqual([
      ['n9', 's1', { code: 'locked-need-gone', params: { needId: 'n9' } }],
      ['n1', 'ghost', { code: 'locked-startup-gone', params: { startupId: 'ghost' } }],
      ['n3', 's3', { code: 'locked-pair-banned', params: { needId: 'n3', startupId: 's3' } }],
      ['n2', 's1', { code: 'locked-room-gone', params: { roomId: 'r9' } }],
      ['n3', 's1', { code: 'locked-room-closed', params: { roomId: 'r2' } }],
      ['n2', 's2', { code: 'locked-startup-unavailable', params: { startupId: 's2' } }],
      ['n3', 's2', { code: 'locked-overlaps', params: { meetingId: buildMeeting('n1', 's1', '09:00').id } }],
      ['n2', 's3', { code: 'locked-wrong-length', params: { minutes: 20 } }],
    ]);
  });
});
