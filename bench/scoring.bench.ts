import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  buildIndex,
  measureRankings,
  type Judgements,
  type NeedDocument,
  type RankingQuality,
  type StartupDocument,
} from '../scoring';
import { createPrng } from '../scoring/prng';

/**
 * Scoring benchmarks, in one run on the same data:
 * 1. SBIR (`--sbir DIR`, else $SBIR_DIR, else ../shared/data/sbir from the project root): our ranker
 *    vs wink-bm25-text-search and natural's TfIdf, quality and speed; skipped with a notice when the
 *    directory is missing.
 * 2. SBIR full matrix: every need against every profile (62 × 1,578).
 * 3. Synthetic: 10,000 profiles × 1,000 needs, top 20 per need, with peak memory.
 * Prints one markdown table per section.
 */

const load = createRequire(__filename);

interface WinkEngine {
  defineConfig(config: { fldWeights: Record<string, number>; bm25Params?: Record<string, number> }): void;
  definePrepTasks(tasks: ((input: never) => unknown)[]): void;
  addDoc(doc: Record<string, string>, id: string): void;
  consolidate(): void;
  search(text: string, limit?: number): [string, number][];
}
interface WinkUtils {
  string: { lowerCase(s: string): string; removeHTMLTags(s: string): string; tokenize0(s: string): string[] };
  tokens: { removeWords(t: string[]): string[]; stem(t: string[]): string[] };
}
interface NaturalTfIdf {
  addDocument(text: string, key: string): void;
  tfidfs(text: string, callback: (index: number, measure: number, key: string) => void): void;
}

const projectRoot = path.join(__dirname, '..');
const { values: args } = parseArgs({ options: { sbir: { type: 'string' } }, allowPositionals: true });
// The bench is not part of the pure core: it may read the environment for the data path.
const sbirDir = path.resolve(projectRoot, args.sbir ?? process.env.SBIR_DIR ?? '../shared/data/sbir');

const readJsonl = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

function readQrels(file: string): Map<string, Judgements> {
  const judged = new Map<string, Map<string, number>>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [needId, startupId, grade] = line.trim().split('\t');
    if (!needId || !startupId || !(Number(grade) > 0)) continue;
    const entry = judged.get(needId) ?? new Map<string, number>();
    entry.set(startupId, Number(grade));
    judged.set(needId, entry);
  }
  return judged;
}

interface Run {
  name: string;
  buildMs: number;
  msPerNeed: number;
  quality: RankingQuality;
}

function timeRankings(
  needs: readonly NeedDocument[],
  rank: (need: NeedDocument) => string[],
): { rankings: Map<string, string[]>; msPerNeed: number } {
  const rankings = new Map<string, string[]>();
  const start = performance.now();
  for (const need of needs) rankings.set(need.id, rank(need));
  return { rankings, msPerNeed: (performance.now() - start) / Math.max(1, needs.length) };
}

function runOurs(needs: NeedDocument[], startups: StartupDocument[], qrels: Map<string, Judgements>): Run {
  const start = performance.now();
  const index = buildIndex(needs, startups);
  const buildMs = performance.now() - start;
  const rank = (need: NeedDocument): string[] =>
    index.rankStartups(need.id, { topK: 100 }).map((m) => m.startupId);
  timeRankings(needs, rank); // JIT warm-up, as in a long-running worker
  const { rankings, msPerNeed } = timeRankings(needs, rank);
  return {
    name: 'matchmaker scoring (BM25F + LSA)',
    buildMs,
    msPerNeed,
    quality: measureRankings(rankings, qrels),
  };
}

function runWink(needs: NeedDocument[], startups: StartupDocument[], qrels: Map<string, Judgements>): Run {
  const createEngine = load('wink-bm25-text-search') as () => WinkEngine;
  const nlp = load('wink-nlp-utils') as WinkUtils;
  const start = performance.now();
  const engine = createEngine();
  engine.defineConfig({ fldWeights: { name: 1, body: 1, tags: 2 } });
  engine.definePrepTasks([
    nlp.string.removeHTMLTags,
    nlp.string.lowerCase,
    nlp.string.tokenize0,
    nlp.tokens.removeWords,
    nlp.tokens.stem,
  ] as ((input: never) => unknown)[]);
  for (const s of startups)
    engine.addDoc({ name: s.name, body: s.description, tags: (s.tags ?? []).join(' ') }, s.id);
  engine.consolidate();
  const buildMs = performance.now() - start;
  const { rankings, msPerNeed } = timeRankings(needs, (need) =>
    engine.search(`${need.title} ${need.description}`, 100).map(([id]) => id),
  );
  return {
    name: 'wink-bm25-text-search (stem + stopwords)',
    buildMs,
    msPerNeed,
    quality: measureRankings(rankings, qrels),
  };
}

function runNatural(needs: NeedDocument[], startups: StartupDocument[], qrels: Map<string, Judgements>): Run {
  const TfIdf = load('natural/lib/natural/tfidf/tfidf') as new () => NaturalTfIdf;
  const start = performance.now();
  const tfidf = new TfIdf();
  for (const s of startups) tfidf.addDocument(`${s.name} ${s.description} ${(s.tags ?? []).join(' ')}`, s.id);
  const buildMs = performance.now() - start;
  const { rankings, msPerNeed } = timeRankings(needs, (need) => {
    const scored: [string, number][] = [];
    tfidf.tfidfs(`${need.title} ${need.description}`, (_i, measure, key) => scored.push([key, measure]));
    return scored
      .sort((a, b) => b[1] - a[1])
      .slice(0, 100)
      .map(([id]) => id);
  });
  return { name: 'natural TfIdf', buildMs, msPerNeed, quality: measureRankings(rankings, qrels) };
}

const f3 = (v: number): string => v.toFixed(3);
const f1 = (v: number): string => v.toFixed(1);

function sbirSections(): void {
  if (!existsSync(path.join(sbirDir, 'needs.jsonl'))) {
    console.log(`\nSBIR sections skipped: no needs.jsonl in ${sbirDir} (pass --sbir DIR or set SBIR_DIR).`);
    return;
  }
  const needs = readJsonl<NeedDocument>(path.join(sbirDir, 'needs.jsonl'));
  const startups = readJsonl<StartupDocument>(path.join(sbirDir, 'startups.jsonl'));
  const qrels = readQrels(path.join(sbirDir, 'qrels.tsv'));
  const runs = [
    runOurs(needs, startups, qrels),
    runWink(needs, startups, qrels),
    runNatural(needs, startups, qrels),
  ];
  const ours = runs[0] as Run;
  console.log(
    `\n### SBIR development half: ${needs.length} needs × ${startups.length} profiles (${sbirDir})\n`,
  );
  console.log(
    '| ranker | nDCG@10 | MRR@10 | R@10 | R@50 | R@100 | build ms | ms/need | nDCG vs ours | ms/need vs ours |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const run of runs) {
    const q = run.quality;
    console.log(
      `| ${run.name} | ${f3(q.ndcg10)} | ${f3(q.mrr10)} | ${f3(q.recall10)} | ${f3(q.recall50)} | ${f3(q.recall100)} | ${run.buildMs.toFixed(0)} | ${run.msPerNeed.toFixed(2)} | ${f3(q.ndcg10 / ours.quality.ndcg10)} | ${f1(run.msPerNeed / ours.msPerNeed)}× |`,
    );
  }

  const start = performance.now();
  const index = buildIndex(needs, startups);
  const buildMs = performance.now() - start;
  const rankStart = performance.now();
  let pairs = 0;
  for (const need of needs) pairs += index.rankStartups(need.id, { topK: startups.length }).length;
  const rankMs = performance.now() - rankStart;
  console.log(`\n### SBIR full matrix\n`);
  console.log('| pairs ranked and explained | build ms | rank ms | ms/need |');
  console.log('|---|---|---|---|');
  console.log(
    `| ${pairs} (${needs.length} × ${startups.length}) | ${buildMs.toFixed(0)} | ${rankMs.toFixed(0)} | ${(rankMs / needs.length).toFixed(2)} |`,
  );
}

/**
 * Synthetic corpus with topic structure: 400 topics, each a Zipf-weighted bag over its own 60 of a
 * 30,000-word vocabulary, mixed with Zipf background words; every need is written from one topic.
 */
function syntheticCorpus(
  startupCount: number,
  needCount: number,
): { needs: NeedDocument[]; startups: StartupDocument[] } {
  const random = createPrng(2026);
  const vocabulary = Array.from({ length: 30_000 }, (_, i) => `w${i.toString(36)}x`);
  const topics = Array.from({ length: 400 }, () =>
    Array.from({ length: 60 }, () => vocabulary[Math.floor(random() * vocabulary.length)] as string),
  );
  const zipf = (n: number): number => Math.min(n - 1, Math.floor(n ** random()) - 1);
  const text = (topic: readonly string[], words: number): string =>
    Array.from({ length: words }, () =>
      random() < 0.4 ? topic[zipf(topic.length)] : vocabulary[zipf(vocabulary.length)],
    ).join(' ');
  const pick = (): string[] => topics[Math.floor(random() * topics.length)] as string[];
  const startups = Array.from({ length: startupCount }, (_, i) => {
    const topic = pick();
    return {
      id: `s${i}`,
      name: `Startup ${i}`,
      oneLiner: text(topic, 10),
      description: text(topic, 150),
      tags: [topic[0] as string, topic[1] as string],
    };
  });
  const needs = Array.from({ length: needCount }, (_, i) => {
    const topic = pick();
    return { id: `n${i}`, title: text(topic, 8), description: text(topic, 250), tags: [topic[0] as string] };
  });
  return { needs, startups };
}

function syntheticSection(): void {
  const { needs, startups } = syntheticCorpus(10_000, 1_000);
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const index = buildIndex(needs, startups);
  const buildMs = performance.now() - start;
  const rankStart = performance.now();
  let matches = 0;
  for (const need of needs) matches += index.rankStartups(need.id, { topK: 20 }).length;
  const rankMs = performance.now() - rankStart;
  const totalMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`\n### Synthetic: ${startups.length} profiles × ${needs.length} needs, top 20 per need\n`);
  console.log(
    '| fit + index ms | rank ms | ms/need | total s (wall) | CPU s | matches | heap MB now | peak RSS MB |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${buildMs.toFixed(0)} | ${rankMs.toFixed(0)} | ${(rankMs / needs.length).toFixed(2)} | ${(totalMs / 1000).toFixed(1)} | ${cpuSeconds.toFixed(1)} | ${matches} | ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} | ${maxRssMb.toFixed(0)} |`,
  );
}

sbirSections();
syntheticSection();
