import { Router } from 'express';
import { AppError } from '../../app-error';
import { listAudit } from '../../audit';
import type { ServiceDeps } from '../../service-deps';
import { principalOf } from '../middleware';

/**
 * `/audit` (facilitators): the audit log, read only. `GET /audit?actorId=&recordKind=&recordId=&from=&to=`
 * pages it newest first; any method but GET under `/audit` is 405 (`Allow: GET, HEAD`): nobody
 * changes or removes an entry through the API.
 */
export function createAuditRouter(deps: ServiceDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await listAudit(deps, principalOf(res), req.query));
  });
  // Registered after GET, so a GET never reaches it; a GET of anything else under /audit is a 404.
  router.all(['/', '/{*rest}'], (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      next();
      return;
    }
    res.set('Allow', 'GET, HEAD');
    throw new AppError(
      'method_not_allowed',
      'The audit log is read only: its entries are never changed or removed.',
      { httpStatus: 405 },
    );
  });
  return router;
}
