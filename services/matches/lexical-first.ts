/** What the gate needs: a clock and a way to wait (the worker's; tests give their own). */
export interface LexicalFirstOptions {
  /** Lexical work must have been over this long before the embedding service is asked. Milliseconds. */
  quietMs: number;
  /**
   * Longest one ask waits for quiet: under changes that never stop, the dense channel still gets a
   * batch embedded this often. Milliseconds.
   */
  maxWaitMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Lets input already arrived be handled first (setImmediate: after the event loop's I/O). */
  afterInput?: () => Promise<void>;
}

/**
 * Lexical rankings first: the change consumers mark their work (`working`), and the dense pass asks
 * the embedding service only once no change has been applied for `quietMs` (`quiet`). A burst of
 * changes is ranked lexically without an embedding server computing beside it on the same cores
 * (on a 2-core machine it takes one of them), and embedded when the burst is over. A request already
 * sent is not held back, so a burst that starts meanwhile shares the cores with one batch at most.
 */
export function createLexicalFirst(options: LexicalFirstOptions) {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const afterInput = options.afterInput ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  /** Lexical work running now. */
  let running = 0;
  /** When lexical work last started or ended. */
  let lastActive = Number.NEGATIVE_INFINITY;

  return {
    /** Marks lexical work as running; call the returned function when it is over (once). */
    working(): () => void {
      running += 1;
      lastActive = now();
      let over = false;
      return () => {
        if (over) return;
        over = true;
        running -= 1;
        lastActive = now();
      };
    },

    /** Resolves once no lexical work has run for `quietMs`, or after `maxWaitMs` at the latest. */
    async quiet(): Promise<void> {
      const deadline = now() + options.maxWaitMs;
      for (;;) {
        const at = now();
        const quietFor = running > 0 ? 0 : at - lastActive;
        if (at >= deadline) return;
        if (quietFor >= options.quietMs) {
          // Timers run before the I/O that arrived meanwhile (after the process was stalled or
          // stopped): changes already read but not yet marked would otherwise find the gate open.
          const seen = lastActive;
          await afterInput();
          if (running === 0 && lastActive === seen) return;
          continue;
        }
        await sleep(Math.min(options.quietMs - quietFor, deadline - at));
      }
    },
  };
}

/** The gate of a worker process (see {@link createLexicalFirst}). */
export type LexicalFirst = ReturnType<typeof createLexicalFirst>;
