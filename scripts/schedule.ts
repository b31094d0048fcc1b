import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildSchedule, parseInstance, solveExact } from '../scheduling';

const USAGE = `usage: npm run schedule -- --in instance.json [--exact] [--time-limit-ms N] [--seed N]

Reads one scheduling instance (JSON, formatVersion 1, see scheduling/README.md) and prints the
schedule result as JSON on stdout. --exact solves the MILP with HiGHS (default limit 60000 ms).
Exit codes: 0 done, 2 bad arguments or a bad instance (errors on stderr, one per line).`;

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

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        in: { type: 'string' },
        exact: { type: 'boolean', default: false },
        'time-limit-ms': { type: 'string' },
        seed: { type: 'string' },
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
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(values.in, 'utf8'));
  } catch (error) {
    fail([`${values.in}: ${(error as Error).message}`]);
  }
  const parsed = parseInstance(json);
  if (!parsed.ok)
    fail([`${values.in}: not a valid scheduling instance:`, ...parsed.errors.map((e) => `  ${e}`)]);
  const seed = integer('seed', values.seed, 1);
  const timeLimitMs = integer('time-limit-ms', values['time-limit-ms'], 60_000);
  const result = values.exact
    ? await solveExact(parsed.value, { timeLimitMs, clock: () => performance.now() })
    : buildSchedule(parsed.value, { seed });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

void main();
