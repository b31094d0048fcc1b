import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { getConfig } from '../config';
import { createEmbeddingsClient } from '../services/embeddings';
import {
  buildIndex,
  fitDenseChannel,
  measureRankings,
  needEmbeddingText,
  startupEmbeddingText,
  type DenseChannel,
  type Judgements,
  type NeedDocument,
  type ScoringIndex,
  type ScoringOptions,
  type StartupDocument,
} from '../scoring';
import { embedWithCache } from './embedding-cache';
import { runOutcomeEval } from './eval-outcomes';
import { formatOverSeeds, meanOf, parseSeeds } from './eval-seeds';

/**
 * Measures the scoring core on a relevance set: `--needs DIR` holds needs.jsonl and qrels.tsv
 * (needId, startupId, relevance), `--startups DIR` holds startups.jsonl. Prints nDCG@10, MRR@10,
 * recall@10/50/100 and milliseconds per need (top 100 with explanations, index built once and not
 * counted, median of five passes after a first one that warms the JIT); with `--json` the
 * last line is one JSON object. Scoring options can be passed as `--k1 1.2 --b 0.75 --lsa-rank 100
 * --lexical-weight 0.7 --seed 1` to report what was tried. `--half odd|even` scores only the needs
 * on odd (1st, 3rd, …) or even lines of needs.jsonl, with the index still built from all of them:
 * two halves to check that a change helps more than a few needs. Without `--half` the run also
 * prints nDCG@10 of each half, from the same rankings. `--seeds 42,1,2,3,4` runs once per LSA seed
 * (an index built for each, the dense vectors embedded once) and ends with each figure per seed and
 * its mean; with `--json` the last line is then `{ seeds, runs, mean }`.
 *
 * `--embeddings URL` (an OpenAI-compatible endpoint, e.g. `http://127.0.0.1:8090/v1` from
 * `scripts/services up`; model and key from EMBEDDINGS_MODEL / EMBEDDINGS_API_KEY) adds the dense
 * channel: needs and profiles are embedded (vectors cached on disk in `--embeddings-cache DIR`,
 * default out/embeddings-cache), and the same run prints the figures without and with it, and the
 * ranking cost of one against the other. `--dense-weight N` sets its weight.
 *
 * `--outcomes [--db] [--orders N] [--seed N]` measures instead how well the match score predicted
 * which held meetings of recorded events led to a next step (scripts/eval-outcomes.ts).
 */

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as T);
}

function readQrels(file: string): Map<string, Map<string, number>> {
  const judged = new Map<string, Map<string, number>>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [needId, startupId, relevance] = line.trim().split('\t');
    if (!needId || !startupId || relevance === undefined) continue;
    const grade = Number(relevance);
    if (!(grade > 0)) continue;
    const entry = judged.get(needId) ?? new Map<string, number>();
    entry.set(startupId, grade);
    judged.set(needId, entry);
  }
  return judged;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      needs: { type: 'string' },
      startups: { type: 'string' },
      json: { type: 'boolean', default: false },
      k1: { type: 'string' },
      b: { type: 'string' },
      k3: { type: 'string' },
      'lsa-rank': { type: 'string' },
      'lexical-weight': { type: 'string' },
      seed: { type: 'string' },
      seeds: { type: 'string' },
      half: { type: 'string' },
      embeddings: { type: 'string' },
      'embeddings-cache': { type: 'string', default: 'out/embeddings-cache' },
      'dense-weight': { type: 'string' },
      outcomes: { type: 'boolean', default: false },
      db: { type: 'boolean', default: false },
      orders: { type: 'string', default: '1000' },
    },
  });
  if (values.outcomes) {
    const orders = Number(values.orders);
    const seed = values.seed === undefined ? 42 : Number(values.seed);
    if (!Number.isInteger(orders) || orders < 1 || !Number.isInteger(seed)) {
      console.error('--orders must be a whole number ≥ 1 and --seed a whole number');
      process.exit(2);
    }
    await runOutcomeEval({ db: values.db ?? false, json: values.json ?? false, orders, seed });
    return;
  }
  if (!values.needs || !values.startups) {
    console.error(
      'usage: npm run eval -- --needs DIR --startups DIR [--json] [--half odd|even] [--embeddings URL [--embeddings-cache DIR] [--dense-weight N]] [--k1 N --b N --k3 N --lsa-rank N --lexical-weight N --seed N | --seeds N,N,…]\n       npm run eval -- --outcomes [--db] [--orders N] [--seed N] [--json]',
    );
    process.exit(2);
  }
  if (values.half !== undefined && values.half !== 'odd' && values.half !== 'even') {
    console.error('--half must be odd or even');
    process.exit(2);
  }
  const seeds = values.seeds === undefined ? null : parseSeeds(values.seeds);
  if (seeds && !seeds.ok) {
    console.error(`--seeds: ${seeds.reason}`);
    process.exit(2);
  }
  if (seeds && values.seed !== undefined) {
    console.error('--seed and --seeds: give one of them');
    process.exit(2);
  }
  const options: ScoringOptions = {};
  if (values.k1) options.k1 = Number(values.k1);
  if (values.b) options.b = Number(values.b);
  if (values.k3) options.queryK3 = Number(values.k3);
  if (values['lsa-rank']) options.lsaRank = Number(values['lsa-rank']);
  if (values['lexical-weight']) options.lexicalWeight = Number(values['lexical-weight']);
  if (values.seed) options.seed = Number(values.seed);
  if (values['dense-weight']) options.denseWeight = Number(values['dense-weight']);

  const needs = readJsonl<NeedDocument>(path.join(values.needs, 'needs.jsonl'));
  const startups = readJsonl<StartupDocument>(path.join(values.startups, 'startups.jsonl'));
  const qrels = readQrels(path.join(values.needs, 'qrels.tsv'));

  // Line n (1-based) is odd when its index n − 1 is even.
  const inHalf = (i: number): boolean =>
    values.half === undefined || (values.half === 'odd') === (i % 2 === 0);
  const judgedNeeds = needs.filter((need, i) => inHalf(i) && qrels.has(need.id));
  const oddLine = new Map(needs.map((need, i) => [need.id, i % 2 === 0]));
  const judgements = new Map<string, Judgements>(
    judgedNeeds.map((need) => [need.id, qrels.get(need.id) ?? new Map()]),
  );
  type Quality = ReturnType<typeof measureRankings>;
  interface Measured {
    quality: Quality;
    halves: { odd: Quality; even: Quality } | null;
    ms: number;
    coldMs: number;
    bareMs: number;
  }
  const measure = (index: ScoringIndex): Measured => {
    const rankings = new Map<string, string[]>();
    // The first pass includes JIT warm-up; a worker ranks with a warm index, so the second pass is reported.
    const timePass = (explain: boolean): number => {
      const start = performance.now();
      for (const need of judgedNeeds)
        rankings.set(
          need.id,
          index.rankStartups(need.id, { topK: 100, explain }).map((match) => match.startupId),
        );
      return (performance.now() - start) / Math.max(1, judgedNeeds.length);
    };
    // Median of five passes: this machine is shared, and a single pass swings with other load.
    const median = (explain: boolean): number => {
      const passes = Array.from({ length: 5 }, () => timePass(explain)).sort((a, b) => a - b);
      return passes[2] as number;
    };
    const coldMs = timePass(true);
    const ms = median(true);
    const bareMs = median(false);
    // The needs of odd and even lines too, from the same rankings (when the run scores all of them).
    const halfQuality = (odd: boolean): Quality =>
      measureRankings(
        new Map([...rankings].filter(([id]) => oddLine.get(id) === odd)),
        new Map([...judgements].filter(([id]) => oddLine.get(id) === odd)),
      );
    const halves = values.half === undefined ? { odd: halfQuality(true), even: halfQuality(false) } : null;
    return { quality: measureRankings(rankings, judgements), halves, ms, coldMs, bareMs };
  };
  const f = (v: number): string => v.toFixed(3);
  const report = (label: string, run: Measured): void => {
    const q = run.quality;
    console.log(
      `${label}nDCG@10 ${f(q.ndcg10)}  MRR@10 ${f(q.mrr10)}  recall@10 ${f(q.recall10)}  recall@50 ${f(q.recall50)}  recall@100 ${f(q.recall100)}  ms/need ${run.ms.toFixed(2)}`,
    );
    if (run.halves)
      console.log(
        `${label}nDCG@10 of the needs on odd lines ${f(run.halves.odd.ndcg10)}, on even lines ${f(run.halves.even.ndcg10)}`,
      );
    console.log(
      `${label}ms/need: ${run.ms.toFixed(2)} top 100 with explanations (median of 5; first pass ${run.coldMs.toFixed(2)}), ${run.bareMs.toFixed(2)} without explanations`,
    );
  };
  console.log(
    `needs judged: ${judgedNeeds.length} of ${needs.length}${values.half ? ` (${values.half} lines)` : ''}; startups: ${startups.length}; options ${JSON.stringify(options)}${seeds ? `; seeds ${seeds.value.join(', ')}` : ''}`,
  );

  // Embedded once for every seed: the vectors and the dense channel do not depend on the LSA seed.
  let denseInputs: {
    channel: DenseChannel;
    startupVectors: Float32Array[];
    needVectors: Float32Array[];
  } | null = null;
  if (values.embeddings) {
    const config = getConfig();
    const client = createEmbeddingsClient({
      url: values.embeddings,
      model: config.EMBEDDINGS_MODEL,
      apiKey: config.EMBEDDINGS_API_KEY,
      // A 3,000-character profile takes about half a second on a quiet 2-core machine: allow for a busy one.
      timeoutMs: 300_000,
    });
    const cache = path.join(values['embeddings-cache'] ?? 'out/embeddings-cache', config.EMBEDDINGS_MODEL);
    const progress =
      (what: string) =>
      (done: number, missing: number): void => {
        if (done === missing || done % 80 === 0)
          console.error(`embedded ${done} of ${missing} ${what} not in the cache`);
      };
    const embedStart = performance.now();
    const startupVectors = await embedWithCache(
      client,
      cache,
      startups.map(startupEmbeddingText),
      'passage',
      progress('profiles'),
    );
    const needVectors = await embedWithCache(
      client,
      cache,
      needs.map(needEmbeddingText),
      'query',
      progress('needs'),
    );
    const embedMs = performance.now() - embedStart;
    const fitStart = performance.now();
    const channel = fitDenseChannel(config.EMBEDDINGS_MODEL, startupVectors);
    console.log(
      `dense channel (${config.EMBEDDINGS_MODEL}): vectors in ${embedMs.toFixed(0)} ms (cache ${cache}), channel fitted in ${(performance.now() - fitStart).toFixed(0)} ms`,
    );
    denseInputs = { channel, startupVectors, needVectors };
  }

  const runs: { seed: number | undefined; lexical: Measured; dense: Measured | null }[] = [];
  for (const seed of seeds ? seeds.value : [options.seed]) {
    const seedOptions: ScoringOptions = seed === undefined ? options : { ...options, seed };
    const label = seeds ? `seed ${seed}: ` : '';
    const buildStart = performance.now();
    const index = buildIndex(needs, startups, seedOptions);
    console.log(`${label}index built in ${(performance.now() - buildStart).toFixed(0)} ms`);
    const lexical = measure(index);
    report(`${label}${denseInputs ? 'without dense: ' : ''}`, lexical);
    if (!denseInputs) {
      runs.push({ seed, lexical, dense: null });
      continue;
    }
    const { channel, startupVectors, needVectors } = denseInputs;
    index.setDenseChannel(channel);
    startups.forEach((startup, i) => index.setStartupVector(startup.id, startupVectors[i] as Float32Array));
    needs.forEach((need, i) => index.setNeedVector(need.id, needVectors[i] as Float32Array));
    const dense = measure(index);
    // Again without, right after: the cost ratio compares passes under the same load.
    index.setDenseChannel(null);
    const lexicalAgain = measure(index);
    report(`${label}with dense:    `, dense);
    const baseMs = Math.min(lexical.ms, lexicalAgain.ms);
    console.log(
      `${label}dense ranking cost: ${(dense.ms / baseMs).toFixed(2)}x with explanations (${dense.ms.toFixed(2)} vs ${baseMs.toFixed(2)} ms/need), ${(dense.bareMs / Math.min(lexical.bareMs, lexicalAgain.bareMs)).toFixed(2)}x without`,
    );
    runs.push({ seed, lexical, dense });
  }

  const figures = (run: Measured) => ({
    ...run.quality,
    msPerNeed: run.ms,
    ...(run.halves ? { odd: run.halves.odd.ndcg10, even: run.halves.even.ndcg10 } : {}),
  });
  if (!seeds) {
    const only = runs[0] as (typeof runs)[number];
    if (values.json)
      console.log(
        JSON.stringify({
          ...only.lexical.quality,
          msPerNeed: only.lexical.ms,
          ...(only.dense ? { dense: { ...only.dense.quality, msPerNeed: only.dense.ms } } : {}),
        }),
      );
    return;
  }
  // Each figure per seed and its mean: the seed alone moves a set's nDCG@10 by a few hundredths.
  const means = (pick: (run: (typeof runs)[number]) => Measured | null) => {
    const measured = runs.map(pick).filter((run): run is Measured => run !== null);
    if (measured.length === 0) return null;
    const line = (of: (run: Measured) => number): string => formatOverSeeds(measured.map(of));
    const halves = measured.every((run) => run.halves !== null);
    return {
      ndcg10: line((run) => run.quality.ndcg10),
      odd: halves ? line((run) => run.halves?.odd.ndcg10 ?? NaN) : null,
      even: halves ? line((run) => run.halves?.even.ndcg10 ?? NaN) : null,
      mean: {
        ndcg10: meanOf(measured.map((run) => run.quality.ndcg10)),
        ...(halves
          ? {
              odd: meanOf(measured.map((run) => run.halves?.odd.ndcg10 ?? NaN)),
              even: meanOf(measured.map((run) => run.halves?.even.ndcg10 ?? NaN)),
            }
          : {}),
      },
    };
  };
  const summary = [
    { label: denseInputs ? 'without dense' : 'lexical', of: means((run) => run.lexical) },
    { label: 'with dense', of: means((run) => run.dense) },
  ];
  console.log(`over seeds ${seeds.value.join(' / ')}:`);
  for (const { label, of } of summary) {
    if (!of) continue;
    console.log(`${label}: nDCG@10 ${of.ndcg10}`);
    if (of.odd && of.even) console.log(`${label}: odd lines ${of.odd}; even lines ${of.even}`);
  }
  if (values.json) {
    const lexicalMeans = summary[0]?.of;
    const denseMeans = summary[1]?.of;
    console.log(
      JSON.stringify({
        seeds: seeds.value,
        runs: runs.map((run) => ({
          seed: run.seed,
          ...figures(run.lexical),
          ...(run.dense ? { dense: figures(run.dense) } : {}),
        })),
        mean: { ...lexicalMeans?.mean, ...(denseMeans ? { dense: denseMeans.mean } : {}) },
      }),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
