// Following a queued job (`202` from a build or a cancellation) by polling `GET /jobs/:id`:
// EventSource cannot send the Authorization header, fetch can. No DOM; loaded before app.js.
'use strict';

// `root`: the window (globalThis outside a browser).
(function (/** @type {object} */ root) {
  /** Milliseconds between two polls. */
  const POLL_INTERVAL_MS = 1000;
  /** How long the page follows one job before it stops polling and says so. Milliseconds. */
  const POLL_TIMEOUT_MS = 10 * 60 * 1000;

  /**
   * One line about where a job is, e.g. "pågår, 30 %" or "väntar på nytt försök (försök 2
   * misslyckades: …)", in the words `text` gives (app.js's `msg`: the page's catalogue).
   * @param {PageJob} job
   * @param {PageText} text
   * @returns {string}
   */
  function describeJob(job, text) {
    switch (job.state) {
      case 'waiting':
      case 'prioritized':
      case 'waiting-children':
        return text('script.job.queued');
      case 'delayed':
        if (job.attemptsMade === 0) return text('script.job.queued');
        return job.failedReason
          ? text('script.job.retryingBecause', { attempt: job.attemptsMade, reason: job.failedReason })
          : text('script.job.retrying', { attempt: job.attemptsMade });
      case 'active':
        return typeof job.progress === 'number' && job.progress > 0
          ? text('script.job.runningPercent', { percent: Math.round(job.progress * 100) })
          : text('script.job.running');
      case 'completed':
        return text('script.job.completed');
      case 'failed':
        return text('script.job.failed');
      default:
        return job.state;
    }
  }

  /** `ms` in words for a message: "10 min", "45 s". @param {number} ms @param {PageText} text */
  function durationOf(ms, text) {
    return ms >= 60_000
      ? text('script.minutes', { n: Math.round(ms / 60_000) })
      : text('script.seconds', { n: Math.ceil(ms / 1000) });
  }

  /**
   * Polls `statusPath` with `getJson(path)` (which adds the key and rejects on an HTTP error) until
   * the job completes, and resolves with its result; rejects with the job's failure reason when it
   * fails, and with a message saying so when it has not finished within `timeoutMs` (the job itself
   * goes on; the page stops asking). `onUpdate(job)` is called after every poll; `text` words the
   * messages (the page's catalogue).
   *
   * @param {(path: string) => Promise<PageJob>} getJson
   * @param {string} statusPath
   * @param {{ text: PageText, onUpdate?: (job: PageJob) => void, intervalMs?: number, timeoutMs?: number }} options
   * @returns {Promise<PageJobResult>} the job's result
   */
  async function followJob(
    getJson,
    statusPath,
    { text, onUpdate = () => undefined, intervalMs = POLL_INTERVAL_MS, timeoutMs = POLL_TIMEOUT_MS },
  ) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await getJson(statusPath);
      onUpdate(job);
      if (job.state === 'completed') return /** @type {PageJobResult} */ (job.result);
      if (job.state === 'failed')
        throw new Error(
          text('script.job.failedBecause', { reason: job.failedReason ?? text('script.job.noReason') }),
        );
      if (Date.now() + intervalMs > deadline)
        throw new Error(
          text('script.job.timedOut', {
            state: describeJob(job, text),
            duration: durationOf(timeoutMs, text),
          }),
        );
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  Object.assign(root, {
    MatchmakerJobs: Object.freeze({ describeJob, followJob, POLL_INTERVAL_MS, POLL_TIMEOUT_MS }),
  });
})(typeof window === 'undefined' ? globalThis : window);
