import { Router } from 'express';
import { Registry } from 'prom-client';
import { assertRole } from '../../auth';
import type { AppDeps } from '../app-deps';
import { principalOf } from '../middleware';

/**
 * `GET /metrics` (facilitator key; Prometheus sends it as a bearer token): queue depth, job
 * durations, recompute latency and failures in the Prometheus text format, from the producer's
 * own registry (an empty one when the API runs without the queue).
 */
export function createMetricsRouter({ matchesQueue: producer }: Pick<AppDeps, 'matchesQueue'>): Router {
  const router = Router();
  const empty = new Registry();
  router.get('/', async (_req, res) => {
    assertRole(principalOf(res), 'facilitator');
    const registry = producer?.metrics.registry ?? empty;
    res.set('content-type', registry.contentType).send(await registry.metrics());
  });
  return router;
}
