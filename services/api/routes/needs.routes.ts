import { Router } from 'express';
import { createNeed, deleteNeed, getNeed, listNeeds, updateNeed } from '../../needs';
import type { ServiceDeps } from '../../service-deps';
import { expectedVersion, principalOf, sendWritten, setVersionTag } from '../middleware';
import { sendWrittenWithRepairs } from './schedule-repairs';
import { createNeedJsonCache, createNeedPageCache, pageJson } from './need-list-json';
import { publishedTiesOfCaller } from '../../schedules';
import { needAsSeenBy, readerOf } from '../../visibility';

/** Express's 'etag fn' setting: the ETag of a body. */
type EtagOf = (body: Buffer, encoding: BufferEncoding) => string | undefined;

/**
 * `/needs`: list and read (every role; startups only open needs), create/update/delete
 * (facilitator; development head for their own organisation). Updates and deletes need `If-Match`.
 * Deleting or closing a need with meetings in a schedule repairs those drafts at once and says so.
 */
export function createNeedsRouter(deps: ServiceDeps): Router {
  const router = Router();
  const needJson = createNeedJsonCache();
  let pageBody: ReturnType<typeof createNeedPageCache> | undefined;
  router.get('/', async (req, res) => {
    const principal = principalOf(res);
    const page = await listNeeds(deps, principal, req.query);
    // The owner's contact as services/visibility allows (a host's e-mail and phone only to whom may see them).
    const ties = await publishedTiesOfCaller(deps, principal);
    const reader = readerOf(principal);
    // The ETag as express would derive it from the bytes (its 'etag fn' setting).
    pageBody ??= createNeedPageCache((body) =>
      (req.app.get('etag fn') as EtagOf | undefined)?.(body, 'utf8'),
    );
    const sent = pageBody(`${JSON.stringify(reader)} ${req.originalUrl}`, page, ties, () =>
      pageJson(
        { ...page },
        page.items.map((need) => needJson(reader, need, ties)),
      ),
    );
    if (sent.etag !== undefined) res.set('ETag', sent.etag);
    res.type('json').send(sent.body);
  });
  router.post('/', async (req, res) => {
    const written = await createNeed(deps, principalOf(res), req.body);
    res.location(`${req.baseUrl}/${written.value.id}`);
    sendWritten(res, 201, written);
  });
  router.get('/:id', async (req, res) => {
    const principal = principalOf(res);
    const need = await getNeed(deps, principal, req.params.id);
    setVersionTag(res, need.version);
    res.json(needAsSeenBy(readerOf(principal), need, await publishedTiesOfCaller(deps, principal)));
  });
  router.patch('/:id', async (req, res) => {
    sendWrittenWithRepairs(
      res,
      200,
      await updateNeed(deps, principalOf(res), req.params.id, expectedVersion(req), req.body),
    );
  });
  router.delete('/:id', async (req, res) => {
    sendWrittenWithRepairs(
      res,
      204,
      await deleteNeed(deps, principalOf(res), req.params.id, expectedVersion(req)),
    );
  });
  return router;
}
