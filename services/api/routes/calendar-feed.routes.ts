import { Router } from 'express';
import { personOfCalendarLink, renderCalendarFeed } from '../../calendars';
import type { ServiceDeps } from '../../service-deps';

/** `/cal/<secret>.ics`: the secret is a calendar token (services/tokens, purpose `calendar`). */
const FEED_PATH = /^\/cal\/([A-Za-z0-9_-]+)\.ics$/;

/**
 * A person's calendar feed at its secret address, public (calendar apps send no credentials):
 * the token is the key. An unknown, revoked or expired token gets a bare 404, the same for each,
 * so an address tells nothing about why it does not work.
 */
export function createCalendarFeedRouter(deps: ServiceDeps): Router {
  const router = Router();
  router.get(/^\/cal\//, async (req, res) => {
    const secret = FEED_PATH.exec(req.path)?.[1];
    const now = new Date();
    const person = secret === undefined ? null : await personOfCalendarLink(deps.repos, secret, now);
    if (!person) {
      res.status(404).set('Cache-Control', 'no-store').end();
      return;
    }
    res
      .status(200)
      .set('Cache-Control', 'no-store')
      .type('text/calendar; charset=utf-8')
      .send(await renderCalendarFeed(deps, person, now));
  });
  return router;
}
