import path from 'node:path';
import express, { type Express } from 'express';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { ServiceDeps } from '../service-deps';
import {
  cachePrincipals,
  createReadModels,
  localGenerations,
  noticeWrites,
  READ_MODEL_MAX_AGE_MS,
} from '../read-models';
import type { AppDeps } from './app-deps';
import {
  authenticate,
  errorHandler,
  limitFailedAuthentications,
  notFoundHandler,
  rateLimitPerKey,
} from './middleware';
import { createHealthRouter } from './routes/health.routes';
import { createOpenApiRouter } from './routes/openapi.routes';
import { createApiKeysRouter } from './routes/api-keys.routes';
import { createAuditRouter } from './routes/audit.routes';
import { createPersonalDataRouter } from './routes/personal-data.routes';
import { createEventsRouter } from './routes/events.routes';
import { createHostsRouter } from './routes/hosts.routes';
import { createNeedsRouter } from './routes/needs.routes';
import { createOrganisationsRouter } from './routes/organisations.routes';
import { createStartupsRouter } from './routes/startups.routes';
import { createMatchesRouter } from './routes/matches.routes';
import { createJobsRouter } from './routes/jobs.routes';
import { createMetricsRouter } from './routes/metrics.routes';
import { createSchedulesRouter } from './routes/schedules.routes';
import { createOutcomesRouter } from './routes/outcomes.routes';
import { createOutcomePagesRouter } from './routes/outcome-pages.routes';
import { createFacilitatorOutcomePagesRouter } from './routes/facilitator-outcome-pages.routes';
import { keyToolPage } from '../../web/pages';
import { createPagesRouter } from './routes/pages.routes';
import { createRegistrationPagesRouter } from './routes/registration-pages.routes';
import { createStartupPagesRouter } from './routes/startup-pages.routes';
import { createHostPagesRouter } from './routes/host-pages.routes';
import { createAgendaPagesRouter } from './routes/agenda-pages.routes';
import { createCalendarFeedRouter } from './routes/calendar-feed.routes';
import { createPrivacyPagesRouter } from './routes/privacy-pages.routes';
import { answerConditionalGets } from './middleware/conditional-get';
import { sessions } from './middleware/session.middleware';
import { unlessApiKey } from './middleware/bearer-token';
import { noStore, noStoreWhenSignedIn, securityHeaders } from './middleware/security-headers.middleware';

/** Requests per minute per key when `rateLimitPerMinute` is not given. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
/** Failed authentications per minute per client address when `authFailuresPerMinute` is not given. */
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 60;
/** Body limit when `bodyLimit` is not given. */
export const DEFAULT_BODY_LIMIT = '256kb';

const WEB_DIR = path.join(__dirname, '..', '..', 'web');

/**
 * The Express app. Order: security headers and request logs; public routes (health, landing page);
 * sessions and pages for people (skipped by requests with an API key);
 * failed authentications per client address; rate limit per key; API key authentication; JSON body; the resource routers; 404; errors as
 * problem+json. To add a router, mount it with one line in the marked block.
 */
export function createApp(deps: AppDeps): Express {
  const logger = deps.logger ?? pino({ level: 'info' });
  // Writes of needs and hosts bump the needs generation; the read models check it on every read.
  const generations = deps.generations ?? localGenerations();
  const repos = noticeWrites(deps.db.repos, generations);
  const services: ServiceDeps = {
    repos,
    changes: deps.changes,
    logger,
    readModels: createReadModels(repos, generations),
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? 0);
  answerConditionalGets(app);
  app.use(securityHeaders(deps.people?.publicUrl.startsWith('https:') ?? false));
  const requestLogs = pinoHttp({
    logger,
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        // A calendar feed's address is its secret: never in the logs.
        url: req.url.replace(/^\/cal\/[^?]*/, '/cal/…'),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  // pino-http writes one line a request, at info, whatever the status; below that level it writes
  // nothing but still builds a child logger (serialising the request) and listens for the answer:
  // 6 % of the API's CPU on `GET /needs`. So it runs only when its line would be written.
  app.use((req, res, next) => {
    if (requestLogs.logger.isLevelEnabled('info')) requestLogs(req, res, next);
    else next();
  });

  // Public: no API key.
  app.use(createHealthRouter(deps));
  app.use(createOpenApiRouter());
  app.use(createCalendarFeedRouter(services));
  if (deps.people) {
    // Sessions and pages are for people: a request with an API key skips them all (no session read,
    // touch or cookie), so an integration pays for neither; a page request has no key.
    const pages = express.Router();
    app.use(unlessApiKey(pages));
    pages.use(
      sessions({
        redis: deps.people.redis,
        secret: deps.people.sessionSecret,
        hours: deps.people.sessionHours,
        secureCookies: deps.people.publicUrl.startsWith('https:'),
        ...(deps.people.sessionPrefix === undefined ? {} : { prefix: deps.people.sessionPrefix }),
      }),
    );
    pages.use('/assets', express.static(path.join(WEB_DIR, 'assets'), { fallthrough: false }));
    pages.use(
      noStoreWhenSignedIn,
      createPagesRouter({
        ...deps.people,
        repos,
        logger,
        rateLimitStore: deps.rateLimitStore,
      }),
    );
    pages.use(
      createRegistrationPagesRouter({ ...services, ...deps.people, rateLimitStore: deps.rateLimitStore }),
    );
    pages.use(noStoreWhenSignedIn, createOutcomePagesRouter(services));
    pages.use(noStoreWhenSignedIn, createFacilitatorOutcomePagesRouter(services));
    pages.use(createStartupPagesRouter({ ...services, matchesQueue: deps.matchesQueue }));
    pages.use(noStoreWhenSignedIn, createHostPagesRouter({ ...services, matchesQueue: deps.matchesQueue }));
    pages.use(
      noStoreWhenSignedIn,
      createAgendaPagesRouter({ ...services, publicUrl: deps.people.publicUrl }),
    );
    pages.use(noStoreWhenSignedIn, createPrivacyPagesRouter({ ...services, mail: deps.people.mail }));
  }
  app.get('/', (_req, res) => res.sendFile(path.join(WEB_DIR, 'index.html')));
  app.get(['/app/', '/app/index.html'], (_req, res) => res.type('html').send(keyToolPage()));
  app.use('/app', express.static(path.join(WEB_DIR, 'app'), { index: 'index.html', fallthrough: true }));

  app.use(
    limitFailedAuthentications(
      deps.authFailuresPerMinute ?? DEFAULT_AUTH_FAILURES_PER_MINUTE,
      deps.rateLimitStore,
    ),
  );
  app.use(rateLimitPerKey(deps.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE, deps.rateLimitStore));
  app.use(authenticate(repos, cachePrincipals(repos, generations, READ_MODEL_MAX_AGE_MS)));
  // Every answer from here on is for one caller and may carry people's contact details.
  app.use(noStore);
  app.use(express.json({ limit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT }));

  // Authenticated routers, one line each (principalOf(res) gives the caller).
  app.use(createMatchesRouter(services, deps));
  app.use('/jobs', createJobsRouter(deps));
  app.use('/metrics', createMetricsRouter(deps));
  app.use('/organisations', createOrganisationsRouter(services));
  app.use('/hosts', createHostsRouter({ ...services, mail: deps.people?.mail }));
  app.use('/needs', createNeedsRouter(services));
  app.use('/startups', createStartupsRouter(services));
  app.use(createSchedulesRouter(services, deps));
  app.use(createOutcomesRouter(services));
  app.use('/events', createEventsRouter(services));
  app.use('/api-keys', createApiKeysRouter(services));
  app.use('/audit', createAuditRouter(services));
  app.use('/personal-data', createPersonalDataRouter({ ...services, mail: deps.people?.mail }));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
