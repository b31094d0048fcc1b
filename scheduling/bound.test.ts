import { computeBound } from './bound';
import { compileProblem } from './problem';
import { buildSchedule } from './schedule';
import { buildInstance } from './test-builders';

describe('the bound counts caps in the pin and minimum tiers', () => {
  it('counts no more pins than a startup can meet, so an optimal schedule reports no gap', () => {
    // s3 takes one meeting but is pinned to all three needs.
    const instance = buildInstance({
      pins: [
        { needId: 'n1', startupId: 's3' },
        { needId: 'n2', startupId: 's3' },
        { needId: 'n3', startupId: 's3' },
      ],
    });
    expect(computeBound(compileProblem(instance)).pinBound).toBe(1);
    const result = buildSchedule(instance);
    expect(result.parts.pinsMet).toBe(1);
    expect(result.gap).toBeLessThan(0.01);
  });

  it('counts no more minimums than the startups’ caps can fill', () => {
    // Three needs of different hosts want 2 meetings each; the two startups take 1 meeting each.
    const instance = buildInstance({
      hosts: [{ id: 'h1' }, { id: 'h2' }, { id: 'h3' }],
      needs: [
        { id: 'n1', hostId: 'h1', priority: 1, minMeetings: 2, maxMeetings: 2 },
        { id: 'n2', hostId: 'h2', priority: 1, minMeetings: 2, maxMeetings: 2 },
        { id: 'n3', hostId: 'h3', priority: 1, minMeetings: 2, maxMeetings: 2 },
      ],
      startups: [
        { id: 's1', maxMeetings: 1 },
        { id: 's2', maxMeetings: 1 },
      ],
      candidates: ['n1', 'n2', 'n3'].flatMap((needId) =>
        ['s1', 's2'].map((startupId) => ({ needId, startupId, score: 0.5 })),
      ),
    });
    const problem = compileProblem(instance);
    expect(computeBound(problem).minimumBound).toBe(problem.needs[0]?.minWeight);
    expect(buildSchedule(instance).gap).toBeLessThan(0.01);
  });
});
