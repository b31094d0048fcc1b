import { z } from 'zod';
import {
  createDocument,
  type oas31,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from 'zod-openapi';
import { OPERATIONS, type Operation, type ResponseSpec } from './operations';
import { problemSchema } from './responses';

const PROBLEM = 'application/problem+json';

function contentOf(spec: ResponseSpec) {
  const content: Record<string, { schema: z.ZodType }> = {};
  if (spec.json) content['application/json'] = { schema: spec.json };
  for (const type of spec.text ?? []) content[type] = { schema: z.string() };
  return Object.keys(content).length === 0 ? {} : { content };
}

function operationObject(operation: Operation): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, spec] of Object.entries(operation.responses))
    responses[status] = { description: spec.description, ...contentOf(spec) };
  responses.default = {
    description:
      'A problem: 400 validation_failed (naming every bad field), 401, 403, 404, 409, 428, 429, 503 …',
    content: { [PROBLEM]: { schema: problemSchema } },
  };
  const ifMatch = operation.ifMatch
    ? z.object({ 'if-match': z.string().meta({ description: 'The version read: `"<version>"`' }) })
    : undefined;
  return {
    operationId: `${operation.method}${operation.path.replace(/[{}]/g, '').replace(/[/.-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
    tags: [operation.tag],
    summary: operation.summary,
    description: `Who: ${operation.roles}.`,
    ...(operation.auth === false ? { security: [] } : {}),
    requestParams: {
      ...(operation.params ? { path: operation.params } : {}),
      ...(operation.query ? { query: operation.query } : {}),
      ...(ifMatch ? { header: ifMatch } : {}),
    },
    ...(operation.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: operation.body } } } }
      : {}),
    responses: responses as ZodOpenApiOperationObject['responses'],
  };
}

let cached: oas31.OpenAPIObject | undefined;

/**
 * The OpenAPI 3.1 document of the API, built once from {@link OPERATIONS}: request schemas are
 * the zod schemas the API validates with, response schemas those of ./responses.
 */
export function openApiDocument(): oas31.OpenAPIObject {
  if (cached) return cached;
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of OPERATIONS) {
    const item = (paths[operation.path] ??= {});
    item[operation.method] = operationObject(operation);
  }
  cached = createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Matchmaker API',
      version: '1',
      description:
        'Challenge-driven innovation matchmaking: needs of public bodies, startup profiles, matches, schedules of 20-minute meetings, outcomes. Send `Authorization: Bearer mm_…`. What each role sees of each record: the table in services/api/README.md.',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key, `mm_…`' } },
    },
    security: [{ apiKey: [] }],
    paths,
  });
  return cached;
}
