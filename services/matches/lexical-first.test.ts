import { createLexicalFirst } from './lexical-first';

/** A clock of its own: `sleep` moves it on, and runs `during` at each wait (work starting or ending meanwhile). */
function clock(during: (at: number) => void = () => undefined) {
  let at = 1_000;
  const waits: number[] = [];
  return {
    now: () => at,
    sleep: async (ms: number) => {
      waits.push(ms);
      at += ms;
      during(at);
    },
    waits,
  };
}

describe('lexical first: the embedding service is asked once the changes are quiet', () => {
  it('asks at once when no lexical work has run', async () => {
    const time = clock();
    const gate = createLexicalFirst({ quietMs: 250, maxWaitMs: 10_000, ...time });
    await gate.quiet();
    expect(time.waits).toEqual([]);
  });

  it('waits until the work is over and then quiet for quietMs', async () => {
    let done: (() => void) | undefined;
    const time = clock((at) => {
      // The batch of changes ends 400 ms after the ask.
      if (at >= 1_400 && done) {
        done();
        done = undefined;
      }
    });
    const gate = createLexicalFirst({ quietMs: 250, maxWaitMs: 10_000, ...time });
    done = gate.working();
    await gate.quiet();
    // Busy at 1,000 and 1,250; over at 1,500 (the first wait that sees it); asked at 1,750.
    expect(time.now()).toBe(1_750);
    expect(time.waits).toEqual([250, 250, 250]);
  });

  it('counts from the last piece of work: one that just ended delays the ask by the rest of quietMs', async () => {
    const time = clock();
    const gate = createLexicalFirst({ quietMs: 250, maxWaitMs: 10_000, ...time });
    gate.working()();
    await time.sleep(100);
    await gate.quiet();
    expect(time.now()).toBe(1_250);
  });

  it('lets changes that arrived meanwhile be marked before it says quiet', async () => {
    let arrived: (() => void) | undefined;
    const time = clock((at) => {
      if (at >= 1_500) arrived?.();
    });
    const gate = createLexicalFirst({
      quietMs: 250,
      maxWaitMs: 10_000,
      ...time,
      // A batch of changes read while the timers ran: the consumer marks it before the gate decides.
      afterInput: async () => {
        arrived ??= gate.working();
      },
    });
    await gate.quiet();
    // Marked at 1,000 instead of asking; the batch is over at 1,500, asked 250 ms later.
    expect(time.now()).toBe(1_750);
  });

  it('stops waiting after maxWaitMs when the changes never stop', async () => {
    const time = clock();
    const gate = createLexicalFirst({ quietMs: 250, maxWaitMs: 1_000, ...time });
    gate.working();
    await gate.quiet();
    expect(time.now()).toBe(2_000);
  });

  it('keeps work that overlaps apart: quiet only when every piece is over', async () => {
    const time = clock();
    const gate = createLexicalFirst({ quietMs: 100, maxWaitMs: 500, ...time });
    const first = gate.working();
    gate.working();
    first();
    first();
    await gate.quiet();
    // The second piece never ends: only the deadline lets the ask go.
    expect(time.now()).toBe(1_500);
  });
});
