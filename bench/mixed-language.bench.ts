import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildIndex,
  ndcgAt,
  scoreReachedBy,
  type Judgements,
  type NeedDocument,
  type StartupDocument,
} from '../scoring';
import { DEFAULT_FLOOR_EXPECTED_PROFILES } from '../services/schedules/build-instance';
import { NEED_TEXT_PREFIX, ownText, readRelevant, swedishNeedTexts } from './sbir-event';

/**
 * Scores in a pool of two languages, on real data. The SBIR development needs in Swedish
 * (`sbir-sv`) and in English (`sbir-en-short`, the same needs) are ranked against the English
 * profiles of `sbir/startups.jsonl` plus 62 Swedish documents that fit none of them: the Swedish
 * needs' own texts, entered as profiles (a need never meets its own text or its translation). The
 * qrels judge only English profiles, so the Swedish documents are distractors: a Swedish need
 * shares its language with them, an English need does not. Reported per need set: nDCG@10 on the
 * qrels, distractors in each need's top 10 and at or above the default relevance floor, relevant
 * profiles at or above it.
 */
const projectRoot = path.join(__dirname, '..');
const { values: args } = parseArgs({ options: { data: { type: 'string' } }, allowPositionals: true });
// The bench is not part of the pure core: it may read the environment for the data path.
const dataDir = path.resolve(projectRoot, args.data ?? process.env.SHARED_DATA_DIR ?? '../shared/data');

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as T);
}

const english = readJsonl<StartupDocument>(path.join(dataDir, 'sbir', 'startups.jsonl'));
const distractors = swedishNeedTexts(path.join(dataDir, 'sbir-sv'));
const pool = [...english, ...distractors];
const relevant = readRelevant(path.join(dataDir, 'sbir'));
const floor = scoreReachedBy(DEFAULT_FLOOR_EXPECTED_PROFILES, pool.length);

const rows = [
  `Pool: ${english.length} English SBIR profiles + ${distractors.length} Swedish distractors (the sbir-sv needs' texts); default floor ${floor.toFixed(2)} (${DEFAULT_FLOOR_EXPECTED_PROFILES} profiles by chance)`,
  '',
  '| needs | nDCG@10 | distractors in top 10 (per need) | distractors ≥ floor (per need) | relevant ≥ floor (share) |',
  '|---|---|---|---|---|',
];
for (const set of ['sbir-sv', 'sbir-en-short']) {
  const needs = readJsonl<NeedDocument>(path.join(dataDir, set, 'needs.jsonl'));
  const index = buildIndex(needs, pool);
  let ndcg = 0;
  let inTop = 0;
  let aboveFloor = 0;
  let relevantAbove = 0;
  let relevantCount = 0;
  for (const need of needs) {
    const ranked = index
      .rankStartups(need.id, { topK: pool.length, explain: false })
      .filter((match) => !ownText(need.id, match.startupId));
    const judged: Judgements = new Map([...(relevant.get(need.id) ?? [])].map((id) => [id, 1]));
    ndcg += ndcgAt(
      ranked.map((m) => m.startupId),
      judged,
      10,
    );
    const isDistractor = (id: string) => id.startsWith(NEED_TEXT_PREFIX);
    inTop += ranked.slice(0, 10).filter((m) => isDistractor(m.startupId)).length;
    aboveFloor += ranked.filter((m) => m.score >= floor && isDistractor(m.startupId)).length;
    relevantAbove += ranked.filter((m) => m.score >= floor && judged.has(m.startupId)).length;
    relevantCount += judged.size;
  }
  const n = needs.length;
  rows.push(
    `| ${set} | ${(ndcg / n).toFixed(3)} | ${(inTop / n).toFixed(2)} | ${(aboveFloor / n).toFixed(2)} | ${(relevantAbove / Math.max(1, relevantCount)).toFixed(3)} |`,
  );
  process.stderr.write(`${set} done\n`);
}
console.log(rows.join('\n'));
