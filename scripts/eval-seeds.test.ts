import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { formatOverSeeds, meanOf, parseSeeds } from './eval-seeds';

const root = path.join(__dirname, '..');

/** The last line of `npm run eval -- … --json`, parsed. */
function evalJson(args: readonly string[]): Record<string, unknown> {
  const out = execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/tsx/dist/cli.mjs'),
      'scripts/eval.ts',
      '--needs',
      'fixtures/bilingual',
      '--startups',
      'fixtures/bilingual',
      // LSA alone at rank 2: a set small enough that the seed moves its figures.
      '--lsa-rank',
      '2',
      '--lexical-weight',
      '0',
      '--json',
      ...args,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
}

describe('the eval over several LSA seeds', () => {
  it('reads a comma-separated list of whole numbers, each once', () => {
    expect(parseSeeds('42,1,2,3,4')).toEqual({ ok: true, value: [42, 1, 2, 3, 4] });
    expect(parseSeeds(' 7 ')).toEqual({ ok: true, value: [7] });
    expect(parseSeeds('42,,1').ok).toBe(false);
    expect(parseSeeds('42,1.5').ok).toBe(false);
    expect(parseSeeds('a').ok).toBe(false);
    expect(parseSeeds('1,2,1')).toEqual({ ok: false, reason: 'seed 1 is given twice' });
  });

  it('prints each figure per seed and its mean', () => {
    expect(meanOf([0.748, 0.728, 0.74])).toBeCloseTo(0.7387, 4);
    expect(formatOverSeeds([0.748, 0.728, 0.74])).toBe('0.748 / 0.728 / 0.740, mean 0.739');
  });

  it('one run with --seeds gives, for each seed, what a run with that --seed gives, and their mean', () => {
    const together = evalJson(['--seeds', '42,1']);
    const alone = [evalJson(['--seed', '42']), evalJson(['--seed', '1'])];
    // The seeds give different figures here, so each run's figure shows its own seed was used.
    expect(alone[0]?.ndcg10).not.toBeCloseTo(alone[1]?.ndcg10 as number, 6);
    const runs = together.runs as Record<string, unknown>[];
    expect(together.seeds).toEqual([42, 1]);
    expect(runs.map((run) => [run.seed, run.ndcg10, run.mrr10])).toEqual([
      [42, alone[0]?.ndcg10, alone[0]?.mrr10],
      [1, alone[1]?.ndcg10, alone[1]?.mrr10],
    ]);
    const mean = together.mean as Record<string, number>;
    expect(mean.ndcg10).toBeCloseTo(((alone[0]?.ndcg10 as number) + (alone[1]?.ndcg10 as number)) / 2, 12);
    for (const run of runs) expect(typeof run.odd === 'number' && typeof run.even === 'number').toBe(true);
    expect(mean.odd).toBeCloseTo(((runs[0]?.odd as number) + (runs[1]?.odd as number)) / 2, 12);
  });
});
