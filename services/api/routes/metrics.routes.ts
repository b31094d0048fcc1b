import { Router } from 'express';
import { Registry } from 'prom-client';
import { assertRole } from '../../auth';
import { matchesQueueOf } from '../../queue/change.producer';
import type { ServiceDeps } from '../../service-deps';
import { principalOf } from '../middleware';

/**
 * `GET /metrics` (facilitator key; Prometheus sends it as a bearer token): queue depth, job
 * durations, recompute latency and failures in the Prometheus text format, from the producer's
 * own registry (an empty one when the API runs without the queue).
 */
export function createMetricsRouter(deps: ServiceDeps, appDeps: object = {}): Router {
  const router = Router();
  const producer = matchesQueueOf(deps.changes, appDeps);
  const empty = new Registry();
  router.get('/', async (_req, res) => {
    assertRole(principalOf(res), 'facilitator');
    const registry = producer?.metrics.registry ?? empty;
    res.set('content-type', registry.contentType).send(await registry.metrics());
  });
  return router;
}
