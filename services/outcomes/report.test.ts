import type { MeetingVerdict } from './outcome-rules';
import { byScoreQuartile, figuresOf, pilotFiguresOf, type ReportMeeting } from './report';

const verdict = (attendance: MeetingVerdict['attendance'], followUp: boolean): MeetingVerdict => ({
  attendance,
  absent: attendance === 'no_show' ? ['startup'] : [],
  nextStep: followUp ? 'demo' : 'none',
  followUp,
  recorded: true,
});
const meeting = (
  score: number,
  attendance: MeetingVerdict['attendance'],
  followUp: boolean,
): ReportMeeting => ({
  needId: 'n',
  startupId: 's',
  hostId: 'h@example.se',
  score,
  priority: 1,
  organisationId: 'o',
  verdict: verdict(attendance, followUp),
});

describe('byScoreQuartile', () => {
  it('splits held meetings by score, highest quarter first, and leaves no-shows out', () => {
    const meetings = [
      meeting(0.9, 'held', true),
      meeting(0.8, 'held', true),
      meeting(0.7, 'held', false),
      meeting(0.6, 'held', true),
      meeting(0.5, 'held', false),
      meeting(0.4, 'held', false),
      meeting(0.3, 'held', false),
      meeting(0.2, 'held', true),
      meeting(0.95, 'no_show', false),
    ];
    const quartiles = byScoreQuartile(meetings);
    expect(quartiles.map((q) => [q.quartile, q.held, q.withNextStep, q.maxScore, q.minScore])).toEqual([
      [1, 2, 2, 0.9, 0.8],
      [2, 2, 1, 0.7, 0.6],
      [3, 2, 0, 0.5, 0.4],
      [4, 2, 1, 0.3, 0.2],
    ]);
    expect(quartiles[0]?.followUpRate).toBe(1);
  });

  it('is empty below four held meetings', () => {
    expect(byScoreQuartile([meeting(0.9, 'held', true), meeting(0.1, 'held', false)])).toEqual([]);
  });
});

describe('figuresOf', () => {
  it('has no follow-up rate when nothing was held', () => {
    expect(figuresOf([meeting(0.5, 'no_show', false)], []).followUpRate).toBeNull();
  });

  it('counts a pilot as started when running or done, and sums kSEK without float noise', () => {
    const pilots = pilotFiguresOf([
      { status: 'running', budgetKSek: 0.1 },
      { status: 'done', budgetKSek: 0.2 },
      { status: 'stopped', budgetKSek: 50 },
      { status: 'approved', budgetKSek: 40 },
    ]);
    expect(pilots).toEqual({
      proposed: 4,
      approved: 3,
      started: 2,
      done: 1,
      stopped: 1,
      kSekProposed: 90.3,
      kSekStarted: 0.3,
      kSekDone: 0.2,
    });
  });
});
