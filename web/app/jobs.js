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
   * One line about where a job is, e.g. "running, 30 %" or "waiting to retry (attempt 2 failed)".
   * @param {PageJob} job
   * @returns {string}
   */
  function describeJob(job) {
    const percent =
      typeof job.progress === 'number' && job.progress > 0 ? `, ${Math.round(job.progress * 100)} %` : '';
    switch (job.state) {
      case 'waiting':
      case 'prioritized':
      case 'waiting-children':
        return 'queued';
      case 'delayed':
        return job.attemptsMade > 0
          ? `waiting to retry (attempt ${job.attemptsMade} failed${job.failedReason ? `: ${job.failedReason}` : ''})`
          : 'queued';
      case 'active':
        return `running${percent}`;
      default:
        return job.state;
    }
  }

  /** `ms` in words for a message: "10 min", "45 s". @param {number} ms */
  function durationOf(ms) {
    return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.ceil(ms / 1000)} s`;
  }

  /**
   * Polls `statusPath` with `getJson(path)` (which adds the key and rejects on an HTTP error) until
   * the job completes, and resolves with its result; rejects with the job's failure reason when it
   * fails, and with a message saying so when it has not finished within `timeoutMs` (the job itself
   * goes on; the page stops asking). `onUpdate(job)` is called after every poll.
   *
   * @param {(path: string) => Promise<PageJob>} getJson
   * @param {string} statusPath
   * @param {{ onUpdate?: (job: PageJob) => void, intervalMs?: number, timeoutMs?: number }} [options]
   * @returns {Promise<PageJobResult>} the job's result
   */
  async function followJob(
    getJson,
    statusPath,
    { onUpdate = () => undefined, intervalMs = POLL_INTERVAL_MS, timeoutMs = POLL_TIMEOUT_MS } = {},
  ) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await getJson(statusPath);
      onUpdate(job);
      if (job.state === 'completed') return /** @type {PageJobResult} */ (job.result);
      if (job.state === 'failed') throw new Error(`The job failed: ${job.failedReason ?? 'no reason given'}`);
      if (Date.now() + intervalMs > deadline)
        throw new Error(
          `The job is still ${describeJob(job)} after ${durationOf(timeoutMs)}: stopped following it. ` +
            'It may still finish; reload the schedule later.',
        );
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  Object.assign(root, {
    MatchmakerJobs: Object.freeze({ describeJob, followJob, POLL_INTERVAL_MS, POLL_TIMEOUT_MS }),
  });
})(typeof window === 'undefined' ? globalThis : window);
