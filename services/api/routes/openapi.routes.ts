import { Router } from 'express';
import { pageLanguageOf, translator } from '../../../web/i18n';
import { apiDocsPage, type OpenApiLike } from '../../../web/pages/api-docs.page';
import { openApiDocument } from '../contract/document';

/**
 * Public, no key: `GET /openapi.json` (the OpenAPI 3.1 document built from the zod schemas) and
 * `GET /docs` (the same, readable: rendered on the server, Swedish first, `?lang=en`).
 */
export function createOpenApiRouter(): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  router.get('/docs', (req, res) => {
    const language = pageLanguageOf(req.query.lang) ?? 'sv';
    const context = { language, t: translator(language), path: req.originalUrl, csrfToken: '' };
    res.type('html').send(apiDocsPage(context, openApiDocument() as unknown as OpenApiLike));
  });
  return router;
}
