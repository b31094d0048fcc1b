import { fitModel, ScoringIndex, type NeedDocument, type StartupDocument } from '../scoring';
import { MatchEngine } from '../services/matches/match-engine';
import type { StoredNeed, StoredStartup } from '../models';
import { corpusStartupTexts, needTexts, registeredStartupTexts } from './synthetic-text';

/**
 * What one profile change costs a matches worker in CPU, in process (no I/O): every shard owner
 * applies every profile change to its own index and cached rankings
 * (services/matches/match-engine.ts), so this is the work each shard repeats.
 *
 * Same corpus as the freshness bench (150 needs × 1,500 profiles, top 20). Each round applies 400
 * new profiles and deletes them again; figures are medians over the rounds after a warm-up round.
 * Parts, measured on their own on the same index: analysis and indexing (`upsertStartup`), scoring
 * against every need as numbers (`scoreNeeds`, what the engine does), and the baseline it replaced,
 * `rankNeeds` over every need (ranked matches with explanations built for all of them).
 */
const NEEDS = 150;
const STARTUPS = 1_500;
const CHANGES = 400;
const ROUNDS = 6;

const hexId = (n: number): string => n.toString(16).padStart(24, '0');

function need(i: number): StoredNeed {
  const doc: NeedDocument = { id: hexId(1_000_000 + i), ...needTexts(i), language: 'sv', tags: [] };
  return { doc, version: 1, rankable: true };
}

/** Profile `id` with `texts` (the corpus's, or a round's registrations). */
function startup(id: number, texts: ReturnType<typeof corpusStartupTexts>): StoredStartup {
  const doc: StartupDocument = { id: hexId(id), name: `Startup ${id}`, ...texts, tags: [], language: 'sv' };
  return { doc, version: 1 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** CPU milliseconds per item of `run` over `items`. */
function cpuMsPer<T>(items: readonly T[], run: (item: T) => void): number {
  const before = process.cpuUsage();
  for (const item of items) run(item);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / items.length;
}

async function main(): Promise<void> {
  const needs = Array.from({ length: NEEDS }, (_, i) => need(i));
  const startups = Array.from({ length: STARTUPS }, (_, i) => startup(i, corpusStartupTexts(i)));
  // The engine reads from an in-memory source here: this bench measures its CPU, not storage.
  const engine = new MatchEngine({
    source: { allNeeds: async () => needs, allStartups: async () => startups } as never,
    owns: () => true,
    models: {
      pointer: async () => null,
      loadOrCreate: async (fit: () => Promise<never>) => ({
        model: await fit(),
        snapshotId: 'bench',
        generation: 1,
      }),
    } as never,
    topK: 20,
    fit: (fitNeeds, fitStartups) =>
      fitModel(
        fitNeeds.map((item) => item.doc),
        fitStartups.map((item) => item.doc),
      ),
  });
  await engine.start();
  const model = fitModel(
    needs.map((item) => item.doc),
    startups.map((item) => item.doc),
  );
  const index = new ScoringIndex(model);
  for (const item of needs) index.upsertNeed(item.doc);
  for (const item of startups) index.upsertStartup(item.doc);

  const applied: number[] = [];
  const deleted: number[] = [];
  const analysed: number[] = [];
  const scored: number[] = [];
  const ranked: number[] = [];
  for (let round = 0; round <= ROUNDS; round += 1) {
    // The registrations of the freshness bench's rounds (seed 60,000), then other texts each round.
    const batch = Array.from({ length: CHANGES }, (_, n) =>
      startup(100_000 + round * 1_000 + n, registeredStartupTexts(n, 60_000 + round * 1_000)),
    );
    const apply = cpuMsPer(batch, (item) => engine.applyStartup(item.doc.id, item));
    const remove = cpuMsPer(batch, (item) => engine.applyStartup(item.doc.id, null));
    const analyse = cpuMsPer(batch, (item) => index.upsertStartup(item.doc));
    const score = cpuMsPer(batch, (item) => index.scoreNeeds(item.doc.id));
    const rank = cpuMsPer(batch, (item) => index.rankNeeds(item.doc.id, { topK: NEEDS, explain: false }));
    for (const item of batch) index.removeStartup(item.doc.id);
    if (round === 0) continue; // warm-up
    applied.push(apply);
    deleted.push(remove);
    analysed.push(analyse);
    scored.push(score);
    ranked.push(rank);
  }

  const ms = (value: number) => `${value.toFixed(3)} ms`;
  console.log(
    `\nOne profile change in a worker's index (${NEEDS} needs, ${STARTUPS} profiles, top 20; CPU per change, median of ${ROUNDS} rounds of ${CHANGES})\n`,
  );
  console.log('| measure | CPU per change | vs baseline |');
  console.log('| --- | --- | --- |');
  console.log(
    `| new profile applied (index, scores, cached rankings, explanations of entries entering a top 20) | ${ms(median(applied))} | |`,
  );
  console.log(`| profile deleted | ${ms(median(deleted))} | |`);
  console.log(`| of a new profile: analysis and indexing (upsertStartup) | ${ms(median(analysed))} | |`);
  console.log(
    `| of a new profile: scores against every need (scoreNeeds) | ${ms(median(scored))} | ${(median(scored) / median(ranked)).toFixed(2)}× |`,
  );
  console.log(
    `| baseline: every need ranked and explained (rankNeeds, explain off) | ${ms(median(ranked))} | 1.00× |`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
