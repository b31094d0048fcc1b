import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  buildSchedule,
  diffMeetings,
  parseInstance,
  parseRepairFile,
  repairSchedule,
  solveExact,
  tightenScoreBound,
  type RepairFile,
  type ScheduleInstance,
} from '../scheduling';

const USAGE = `usage: npm run schedule -- --in instance.json [--exact] [--time-limit-ms N] [--seed N]
                            [--repair changes.json] [--out FILE]

Reads one scheduling instance (JSON, formatVersion 1, see scheduling/README.md) and prints the
schedule result as JSON on stdout (parts.scoreBound: the score-tier bound of schedules as good in
the pin and minimum tiers, HiGHS ≤ 2 s). --exact solves the MILP with HiGHS (default limit 60000 ms).
--repair changes.json repairs a schedule instead of building one: the file holds
{ "meetings": [...], "changes": [...] } (the meetings of an earlier result and the changes, applied
in order; no untouched meeting moves), and the result gets "repair": { kept, moved, added,
dropped } (meeting ids against the file's meetings). --out FILE writes the JSON to FILE instead of
stdout (npm prints its banner on stdout unless run with -s).
Exit codes: 0 done, 2 bad arguments, a bad instance or a bad repair file (errors on stderr, one per line).`;

/** HiGHS's limit for the score-tier bound of a default build (`tightenScoreBound`). */
const SCORE_BOUND_LIMIT_MS = 2_000;

function fail(lines: string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    fail([`--${name} must be a non-negative integer, got "${value}"`, USAGE]);
  return parsed;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    fail([`${path}: ${(error as Error).message}`]);
  }
}

/** Applies the file's changes one after the other, each repairing the previous one's result. */
function repairAll(instance: ScheduleInstance, file: RepairFile, seed: number) {
  let current = instance;
  let meetings = file.meetings;
  let result = null;
  for (const change of file.changes) {
    const repaired = repairSchedule(current, meetings, change, { seed });
    current = repaired.instance;
    meetings = repaired.result.meetings;
    result = repaired.result;
  }
  if (!result) throw new Error('a repair file has at least one change');
  const diff = diffMeetings(file.meetings, result.meetings);
  return {
    ...result,
    repair: {
      kept: diff.kept.map((m) => m.id),
      moved: diff.moved.map((m) => m.id),
      added: diff.added.map((m) => m.id),
      dropped: diff.dropped.map((m) => m.id),
    },
  };
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        in: { type: 'string' },
        exact: { type: 'boolean', default: false },
        'time-limit-ms': { type: 'string' },
        seed: { type: 'string' },
        repair: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    fail([(error as Error).message, USAGE]);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.in) fail(['--in is required', USAGE]);
  if (values.exact && values.repair !== undefined)
    fail([
      '--exact and --repair cannot be combined: a repair keeps every untouched meeting and refills with the heuristic',
      USAGE,
    ]);
  const parsed = parseInstance(readJson(values.in));
  if (!parsed.ok)
    fail([`${values.in}: not a valid scheduling instance:`, ...parsed.errors.map((e) => `  ${e}`)]);
  let repairFile: RepairFile | undefined;
  if (values.repair !== undefined) {
    const file = parseRepairFile(readJson(values.repair));
    if (!file.ok) fail([`${values.repair}: not a valid repair file:`, ...file.errors.map((e) => `  ${e}`)]);
    repairFile = file.value;
  }
  const seed = integer('seed', values.seed, 1);
  const timeLimitMs = integer('time-limit-ms', values['time-limit-ms'], 60_000);
  const result = repairFile
    ? repairAll(parsed.value, repairFile, seed)
    : values.exact
      ? await solveExact(parsed.value, { timeLimitMs, clock: () => performance.now() })
      : await tightenScoreBound(parsed.value, buildSchedule(parsed.value, { seed }), {
          timeLimitMs: SCORE_BOUND_LIMIT_MS,
        });
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (values.out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(values.out, text);
  } catch (error) {
    fail([`${values.out}: ${(error as Error).message}`]);
  }
}

void main();
