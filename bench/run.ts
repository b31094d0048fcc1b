import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Runs every `bench/*.bench.ts` in its own process (so each one's peak memory is its own), in
 * name order, and stops with a non-zero code if any fails. `npm run bench -- scoring` runs only
 * the files whose name contains "scoring".
 */
const filter = process.argv[2] ?? '';
const benchDir = __dirname;
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts') && name.includes(filter))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, file)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed += 1;
    console.error(`${file} failed with exit code ${result.status}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
