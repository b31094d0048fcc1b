/**
 * Generated Swedish-looking texts for the matches benchmarks: 15 topics of 40 made-up words each
 * (none shared) plus common public-sector words, so profiles and needs of one topic match and the
 * rankings have a clear top. Deterministic in the seed.
 */
export const TOPICS = 15;

const COMMON =
  'kommun region invånare digital tjänst plattform data analys system verksamhet utveckling förbättra effektiv'.split(
    ' ',
  );
const SYLLABLES = 'an be da el fo gi ho ik ju ka lo mi no pa ri sa tu ve ys ör'.split(' ');

/** Topic vocabularies of made-up Swedish-looking words: 40 per topic, none shared. */
const TOPIC_WORDS = Array.from({ length: TOPICS }, (_, topic) =>
  Array.from(
    { length: 40 },
    (_, i) =>
      `${SYLLABLES[topic % SYLLABLES.length]}${SYLLABLES[i % SYLLABLES.length]}${SYLLABLES[(i * 7 + topic) % SYLLABLES.length]}ning${Math.floor(i / SYLLABLES.length) || ''}`,
  ),
);

/** Generated text about `topic`: mostly its words, some common ones (deterministic in `seed`). */
export function topicText(topic: number, seed: number, count: number): string {
  let state = (seed * 2654435761 + topic * 97) >>> 0 || 1;
  const words: string[] = [];
  for (let i = 0; i < count; i += 1) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const pool = state % 10 < 7 ? (TOPIC_WORDS[topic] as string[]) : COMMON;
    words.push(pool[(state >>> 4) % pool.length] as string);
  }
  return words.join(' ');
}

/** Scoring texts of the benches' i-th need. */
export function needTexts(i: number): { title: string; description: string } {
  return { title: topicText(i % TOPICS, i, 6), description: topicText(i % TOPICS, i + 10_000, 60) };
}

/** Scoring texts of the i-th profile loaded before any measurement. */
export function corpusStartupTexts(i: number): { oneLiner: string; description: string; offering: string } {
  return {
    oneLiner: topicText(i % TOPICS, i + 20_000, 10),
    description: topicText(i % TOPICS, i + 30_000, 80),
    offering: topicText(i % TOPICS, i + 40_000, 15),
  };
}

/** Scoring texts of the n-th profile registered in a measured round; rounds with one `seed` register the same texts. */
export function registeredStartupTexts(
  n: number,
  seed: number,
): { oneLiner: string; description: string; offering: string } {
  return {
    oneLiner: topicText(n % TOPICS, seed + n, 10),
    description: topicText(n % TOPICS, seed + 1_000_000 + n, 80),
    offering: topicText(n % TOPICS, seed + 2_000_000 + n, 15),
  };
}
