import { Router } from 'express';
import type { AppDeps } from '../app-deps';

/** How long one readiness result answers `/readyz` (milliseconds). */
const READY_CACHE_MS = 1_000;
/** How long `/readyz` waits for each dependency. */
const READY_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function check(probe: () => Promise<unknown>): Promise<'ok' | 'down'> {
  try {
    await withTimeout(probe(), READY_TIMEOUT_MS);
    return 'ok';
  } catch {
    return 'down';
  }
}

/**
 * `GET /healthz`: the process answers. `GET /readyz`: the database (and Redis when given) answer;
 * 503 otherwise; the result of one check answers for a second.
 */
export function createHealthRouter(deps: Pick<AppDeps, 'db' | 'redis'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  async function readiness(): Promise<Record<string, 'ok' | 'down'>> {
    const checks: Record<string, 'ok' | 'down'> = {
      database: await check(async () => {
        await deps.db.ping();
      }),
    };
    const redis = deps.redis;
    if (redis) checks.redis = await check(() => redis.ping());
    return checks;
  }
  // One check answers every /readyz for a second (those arriving while it runs too): a flood of
  // probes costs the database and Redis one ping each a second.
  let last: { startedAt: number; checks: Promise<Record<string, 'ok' | 'down'>> } | undefined;
  router.get('/readyz', async (_req, res) => {
    const now = Date.now();
    if (!last || now - last.startedAt >= READY_CACHE_MS) last = { startedAt: now, checks: readiness() };
    const checks = await last.checks;
    const ready = Object.values(checks).every((state) => state === 'ok');
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: ready ? 'ready' : 'unavailable', checks });
  });
  return router;
}
