import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  buildIndex,
  fitDenseChannel,
  type NeedDocument,
  type ScoringIndex,
  type StartupDocument,
} from '../scoring';
import { createGaussian, createPrng } from '../scoring/prng';

/**
 * What the dense channel costs a ranking: the 62 Swedish SBIR needs (`--needs DIR`, else
 * ../shared/data/sbir-sv) against the 1,578 English profiles (`--sbir DIR`, else $SBIR_DIR, else
 * ../shared/data/sbir), the pairs the channel scores (only those across the language line; within
 * one language it adds nothing to pay for), top 100 with explanations, ranked without and
 * with 384-wide vectors on every need and profile (the width of multilingual-e5-small), in
 * alternating rounds so both see the same load. The vectors are seeded random ones sharing a
 * common direction, as sentence embeddings do: the cost does not depend on what they say, and the
 * bench needs no embedding server. Target: ≤ 1.2× the ranking without.
 *
 * Two indexes built alike, one with the channel and one without, each ranking in its steady state,
 * as a worker's does. (Turning the channel off and on in one index between rounds put the work of
 * `setDenseChannel`, which projects every vector again and is done once per fitted channel, into the
 * rounds with the channel only: 1.25–1.5× where the steady state is 1.1–1.2×.) `--toggle` measures
 * that way instead, to compare with figures taken so before.
 */

const projectRoot = path.join(__dirname, '..');
const { values: args } = parseArgs({
  options: { sbir: { type: 'string' }, needs: { type: 'string' }, toggle: { type: 'boolean' } },
  allowPositionals: true,
});
// The bench is not part of the pure core: it may read the environment for the data path.
const sbirDir = path.resolve(projectRoot, args.sbir ?? process.env.SBIR_DIR ?? '../shared/data/sbir');
const needsDir = path.resolve(projectRoot, args.needs ?? '../shared/data/sbir-sv');
const ROUNDS = 15;
const WIDTH = 384;
const TARGET = 1.2;

const readJsonl = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function main(): void {
  if (!existsSync(path.join(needsDir, 'needs.jsonl')) || !existsSync(path.join(sbirDir, 'startups.jsonl'))) {
    console.log(
      `dense bench skipped: no ${needsDir}/needs.jsonl or ${sbirDir}/startups.jsonl (pass --needs DIR, --sbir DIR).`,
    );
    return;
  }
  const needs = readJsonl<NeedDocument>(path.join(needsDir, 'needs.jsonl'));
  const startups = readJsonl<StartupDocument>(path.join(sbirDir, 'startups.jsonl'));
  const gaussian = createGaussian(createPrng(11));
  const common = Float32Array.from({ length: WIDTH }, () => gaussian());
  const vector = (): Float32Array => Float32Array.from(common, (c) => 4 * c + gaussian());
  const startupVectors = startups.map(vector);
  const needVectors = needs.map(vector);
  const channel = fitDenseChannel('bench-random', startupVectors);
  const build = (dense: boolean): ScoringIndex => {
    const index = buildIndex(needs, startups);
    if (dense) index.setDenseChannel(channel);
    startups.forEach((s, i) => index.setStartupVector(s.id, startupVectors[i] as Float32Array));
    needs.forEach((n, i) => index.setNeedVector(n.id, needVectors[i] as Float32Array));
    return index;
  };
  const plain = build(false);
  const dense = args.toggle ? plain : build(true);

  const pass = (index: ScoringIndex): number => {
    const start = performance.now();
    for (const need of needs) index.rankStartups(need.id, { topK: 100 });
    return (performance.now() - start) / needs.length;
  };
  const without: number[] = [];
  const withDense: number[] = [];
  for (let round = 0; round <= ROUNDS; round += 1) {
    if (args.toggle) plain.setDenseChannel(null);
    const a = pass(plain);
    if (args.toggle) plain.setDenseChannel(channel);
    const b = pass(dense);
    // Round 0 warms the JIT up for both, as in a long-running worker.
    if (round === 0) continue;
    without.push(a);
    withDense.push(b);
  }
  const ratio = median(withDense) / median(without);
  console.log(
    `\n### Dense channel: ${needs.length} needs × ${startups.length} profiles, top 100 with explanations, ${args.toggle ? 'one index, the channel turned off and on between rounds' : 'two indexes (without, with)'}\n`,
  );
  console.log(`| ranking | ms/need (median of ${ROUNDS} rounds) | every round |`);
  console.log('| --- | --- | --- |');
  console.log(
    `| lexical + LSA | ${median(without).toFixed(2)} | ${without.map((v) => v.toFixed(2)).join(', ')} |`,
  );
  console.log(
    `| + dense (${WIDTH} wide, ${channel.rank} directions) | ${median(withDense).toFixed(2)} | ${withDense.map((v) => v.toFixed(2)).join(', ')} |`,
  );
  console.log(
    `\ncost with the dense channel: ${ratio.toFixed(2)}× (target ≤ ${TARGET}×: ${ratio <= TARGET ? 'met' : 'NOT met'})`,
  );
}

main();
