import { Job, type Queue, type QueueEvents } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ChangeBacklog } from '../matches/change-stream';

/** The API's Prometheus metrics of the change streams and the matches (rebuild) queue, in their own registry (never the global one). */
export interface MatchesMetrics {
  registry: Registry;
  /** Counts changes that could not be added to a change stream, or timed out (the reconciliation recovers them). */
  publishFailures: Counter;
}

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

/**
 * Each shard's change stream (read from Redis at scrape time): entries not acknowledged, by state,
 * and the age of the oldest (how far the owner is behind). The rebuild queue's depth per state;
 * job duration (start to finish) and latency (enqueue to finish) per job name, and failures, from
 * the queue's events.
 */
export function createMatchesMetrics(
  queue: Queue,
  events: QueueEvents | undefined,
  backlogs: () => Promise<ChangeBacklog[]>,
): MatchesMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'matchmaker_api_' });
  const readBacklogs = () => backlogs().catch(() => undefined);
  new Gauge({
    name: 'matchmaker_change_stream_entries',
    help: 'Changes not acknowledged by their shard owner, by state (pending: read and being applied; undelivered: not read yet)',
    labelNames: ['shard', 'state'],
    registers: [registry],
    async collect() {
      // Redis away: report nothing rather than fail the scrape.
      for (const [shard, backlog] of ((await readBacklogs()) ?? []).entries()) {
        this.set({ shard: String(shard), state: 'pending' }, backlog.delivered);
        this.set({ shard: String(shard), state: 'undelivered' }, backlog.undelivered);
      }
    },
  });
  new Gauge({
    name: 'matchmaker_change_stream_lag_seconds',
    help: 'Age of the oldest change its shard owner has not acknowledged (0 when none)',
    labelNames: ['shard'],
    registers: [registry],
    async collect() {
      for (const [shard, backlog] of ((await readBacklogs()) ?? []).entries())
        this.set({ shard: String(shard) }, backlog.lagMs / 1000);
    },
  });
  new Gauge({
    name: 'matchmaker_queue_jobs',
    help: 'Jobs in the queue by state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      try {
        const counts = await queue.getJobCounts(...STATES);
        for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      } catch {
        // Redis away: report nothing rather than fail the scrape.
      }
    },
  });
  const duration = new Histogram({
    name: 'matchmaker_job_duration_seconds',
    help: 'Processing time of completed jobs (worker start to finish)',
    labelNames: ['queue', 'name'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'matchmaker_recompute_latency_seconds',
    help: 'Time from enqueue to completion of matches jobs (rebuilds)',
    labelNames: ['name'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'matchmaker_job_failures_total',
    help: 'Jobs that failed for good',
    labelNames: ['queue', 'name'],
    registers: [registry],
  });
  const publishFailures = new Counter({
    name: 'matchmaker_publish_failures_total',
    help: 'Change notifications that could not be added to a change stream',
    registers: [registry],
  });

  events?.on('completed', ({ jobId }) => {
    void Job.fromId(queue, jobId)
      .then((job) => {
        if (!job?.finishedOn) return;
        if (job.processedOn)
          duration.observe({ queue: queue.name, name: job.name }, (job.finishedOn - job.processedOn) / 1000);
        latency.observe({ name: job.name }, (job.finishedOn - job.timestamp) / 1000);
      })
      .catch(() => undefined);
  });
  events?.on('failed', ({ jobId }) => {
    void Job.fromId(queue, jobId)
      .then((job) => failures.inc({ queue: queue.name, name: job?.name ?? 'unknown' }))
      .catch(() => undefined);
  });
  return { registry, publishFailures };
}
