/** What the refresher needs to know of one pass. */
export interface DensePassResult {
  /** The service failed or was too slow: try again after the back-off. */
  degraded: boolean;
  /** Another pass straight away may do more (documents arrived while this one ran). */
  more: boolean;
}

export interface DenseRefresherOptions {
  /** One pass (the shard owner's `refreshDense`). */
  pass: () => Promise<DensePassResult>;
  /** First wait after a failed pass; it doubles after each further failure. Milliseconds. */
  retryMs: number;
  /** Longest wait between tries while the service stays down. Milliseconds. */
  maxRetryMs: number;
  /** A pass threw (not the service: the database, or the shard's ownership lost). */
  onError: (error: unknown) => void;
}

/**
 * Runs the dense passes of a shard, one at a time: `request()` after every change asks for one
 * (requests during a pass make one more pass after it, not one each). While the service is down
 * the passes back off, doubling from `retryMs` to `maxRetryMs`, and requests wait for the next
 * try instead of asking the failing service at every change; the first pass that succeeds resets
 * the wait.
 */
export function createDenseRefresher(options: DenseRefresherOptions) {
  let running = false;
  let requested = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let wait = options.retryMs;

  function later(): void {
    if (stopped) return;
    retry = setTimeout(() => {
      retry = undefined;
      void loop();
    }, wait);
    wait = Math.min(options.maxRetryMs, wait * 2);
  }

  async function loop(): Promise<void> {
    running = true;
    try {
      do {
        requested = false;
        const result = await options.pass();
        if (result.degraded) {
          requested = false;
          later();
          return;
        }
        wait = options.retryMs;
        if (result.more) requested = true;
      } while (requested && !stopped);
    } catch (error) {
      options.onError(error);
      later();
    } finally {
      running = false;
    }
  }

  return {
    /** Asks for a pass: now, after the one running, or at the next try while backing off. */
    request(): void {
      if (stopped || retry !== undefined) return;
      if (running) requested = true;
      else void loop();
    },
    /** No further passes (the one running finishes). */
    stop(): void {
      stopped = true;
      if (retry !== undefined) clearTimeout(retry);
      retry = undefined;
    },
  };
}

/** A shard's dense refresher (see {@link createDenseRefresher}). */
export type DenseRefresher = ReturnType<typeof createDenseRefresher>;
