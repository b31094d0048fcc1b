/**
 * `npm run schedule` as a person runs it (tsx in a child process): a build written with --out, then
 * that result repaired with --repair, and bad repair files refused with the field named.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Meeting } from '../../scheduling';

const ROOT = path.join(__dirname, '..', '..');
const INSTANCE = path.join(ROOT, 'scheduling', 'examples', 'small.json');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function schedule(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(ROOT, 'scripts', 'schedule.ts'), ...args],
      { cwd: ROOT },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'schedule-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run schedule', () => {
  it('--out writes the result to a file and nothing to stdout; --repair cancels one meeting and moves nobody', async () => {
    const built = path.join(dir, 'built.json');
    const build = await schedule(['--in', INSTANCE, '--out', built]);
    expect(build).toMatchObject({ code: 0, stdout: '' });
    const result = JSON.parse(await readFile(built, 'utf8')) as { meetings: Meeting[] };
    const [first] = result.meetings;
    if (!first) throw new Error('the example schedules no meeting');

    const changes = path.join(dir, 'changes.json');
    await writeFile(
      changes,
      JSON.stringify({
        meetings: result.meetings,
        changes: [{ kind: 'cancel-meeting', needId: first.needId, startupId: first.startupId }],
      }),
    );
    const repaired = await schedule(['--in', INSTANCE, '--repair', changes]);
    expect(repaired.code).toBe(0);
    const after = JSON.parse(repaired.stdout) as {
      meetings: Meeting[];
      repair: { kept: string[]; moved: string[]; added: string[]; dropped: string[] };
    };
    expect(after.repair.dropped).toEqual([first.id]);
    expect(after.repair.moved).toEqual([]);
    expect(after.repair.kept.sort()).toEqual(
      result.meetings
        .filter((m) => m.id !== first.id)
        .map((m) => m.id)
        .sort(),
    );
    const now = new Map(after.meetings.map((m) => [m.id, m]));
    for (const m of result.meetings.filter((m) => m.id !== first.id)) expect(now.get(m.id)).toEqual(m);
  });

  it('refuses a bad repair file naming the field, and --exact with --repair, with exit code 2', async () => {
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ meetings: [], changes: [{ kind: 'cancel-everything' }] }));
    const refused = await schedule(['--in', INSTANCE, '--repair', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`${bad}: not a valid repair file:`);
    expect(refused.stderr).toMatch(/changes\.0\.kind: /);
    const empty = path.join(dir, 'empty.json');
    await writeFile(empty, JSON.stringify({ meetings: [], changes: [] }));
    expect((await schedule(['--in', INSTANCE, '--repair', empty])).stderr).toContain(
      'changes: give at least one change',
    );
    const both = await schedule(['--in', INSTANCE, '--repair', bad, '--exact']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--exact and --repair cannot be combined');
  });
});
