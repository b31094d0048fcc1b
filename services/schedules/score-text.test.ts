import { renderReason, type ReasonNames } from './reasons';
import { scoreBelowText } from './score-text';
import { scoutingList } from './scouting';

const names: ReasonNames = {
  need: () => 'Smartare insamling av batterier',
  startup: () => 'EasyRead AI',
  host: () => undefined,
};

describe('a score below the floor in words', () => {
  it('never reads as the floor itself: 0.397 under 0.40 is written 0.397', () => {
    expect(scoreBelowText(0.397, 0.4, 'en')).toBe('0.397');
    expect(scoreBelowText(0.397, 0.4, 'sv')).toBe('0,397');
    expect(scoreBelowText(0.3999, 0.4, 'en')).toBe('0.399');
    expect(scoreBelowText(0.37, 0.4, 'en')).toBe('0.37');
    expect(scoreBelowText(0.29, 0.3, 'sv')).toBe('0,29');
  });

  it("says so in a shortfall's reason", () => {
    const reason = {
      code: 'too-few-good-fits' as const,
      params: { needId: 'n1', good: 2, minimum: 3, floor: 0.4, bestBelow: 0.397 },
    };
    expect(renderReason(reason, names, 'en')).toContain(
      '(score at least 0.40; the best candidate below it scores 0.397)',
    );
    expect(renderReason(reason, names, 'sv')).toContain('(poäng minst 0,40; bästa under golvet har 0,397)');
  });

  it("says so in a near miss's why on the scouting list", () => {
    const entry = {
      needId: 'n1',
      goodCandidates: 2,
      minimum: 3,
      floor: 0.4,
      nearMisses: [
        { startupId: 's1', score: 0.397 },
        { startupId: 's2', score: 0.33 },
      ],
    };
    const labels = {
      needs: new Map([['n1', { title: 'Smartare insamling av batterier' }]]),
      startups: new Map([
        ['s1', { name: 'EasyRead AI' }],
        ['s2', { name: 'Fuktvakt' }],
      ]),
      rankings: new Map(),
    };
    const [en] = scoutingList([entry], labels, 'en');
    expect(en?.nearMisses.map((miss) => miss.why.split(';')[0])).toEqual([
      'score 0.397 below the floor 0.40',
      'score 0.33 below the floor 0.40',
    ]);
    const [sv] = scoutingList([entry], labels, 'sv');
    expect(sv?.nearMisses[0]?.why).toMatch(/^poäng 0,397 under golvet 0,40/);
  });
});
