/**
 * Holds an API response to `/openapi.json`: `startTestApp().request` calls it on every answer, so
 * a test that gets a response the document does not describe fails, and the contract cannot drift
 * from what the API sends.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../services/api/contract/document';

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface OperationObject {
  responses: Record<string, ResponseObject>;
}
type PathItem = Record<string, OperationObject>;

const document = openApiDocument() as unknown as {
  paths: Record<string, PathItem>;
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, 'openapi');

/** Path templates, most specific first (fewest parameters), each with its pattern. */
const templates = Object.keys(document.paths)
  .map((template) => ({
    template,
    params: (template.match(/\{/g) ?? []).length,
    pattern: new RegExp(
      `^${template
        .split(/\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]+')}$`,
    ),
  }))
  .sort((a, b) => a.params - b.params);

const compiled = new Map<string, ValidateFunction>();

/** Ajv's errors, each with the field it names (an extra property, a missing one). */
function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .map((error) => {
      const params = error.params as { additionalProperty?: string; missingProperty?: string };
      const field = params.additionalProperty ?? params.missingProperty;
      return `${error.instancePath || '(body)'} ${error.message ?? error.keyword}${field ? `: ${field}` : ''}`;
    })
    .join('; ');
}

function pointer(...parts: string[]): string {
  return parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function validatorOf(template: string, method: string, status: string, mediaType: string): ValidateFunction {
  const ref = `openapi#/${pointer('paths', template, method, 'responses', status, 'content', mediaType, 'schema')}`;
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`no schema at ${ref}`);
    compiled.set(ref, validate);
  }
  return validate;
}

/** A response as the tests see it. */
export interface ContractResponse {
  method: string;
  /** The path asked for, with its query. */
  path: string;
  status: number;
  contentType: string | null;
  /** Parsed JSON, text, or undefined for an empty body. */
  body: unknown;
}

/** The operation template of a request path, or undefined when the document has none. */
export function templateOf(path: string): string | undefined {
  const bare = path.split('?')[0] ?? path;
  return templates.find((candidate) => candidate.pattern.test(bare))?.template;
}

/**
 * Throws, naming the operation and what differs, when `response` is not what `/openapi.json`
 * says that operation answers. Paths the document does not describe (the people's pages, static
 * files) are not the API's: only their JSON answers are held to it (a Problem).
 */
export function assertMatchesContract(response: ContractResponse): void {
  const method = response.method.toLowerCase();
  const mediaType = (response.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const template = templateOf(response.path);
  const operation = template === undefined ? undefined : document.paths[template]?.[method];
  const where = `${response.method} ${response.path} → ${response.status}`;
  if (!template || !operation) {
    if (!/json/.test(mediaType)) return;
    if (response.status < 400 || mediaType !== 'application/problem+json')
      throw new Error(`${where}: ${mediaType} answer of an operation /openapi.json does not describe`);
    const validate = ajv.getSchema('openapi#/components/schemas/Problem');
    if (validate && !validate(response.body))
      throw new Error(`${where}: not a Problem: ${errorsOf(validate)}`);
    return;
  }
  const statusKey = String(response.status);
  const declared = operation.responses[statusKey]
    ? statusKey
    : response.status >= 400
      ? 'default'
      : undefined;
  if (declared === undefined)
    throw new Error(
      `${where}: status ${statusKey} is not in /openapi.json for ${method.toUpperCase()} ${template}`,
    );
  const content = operation.responses[declared]?.content;
  if (response.body === undefined) {
    if (content && response.status !== 304)
      throw new Error(`${where}: empty body, but /openapi.json gives ${Object.keys(content).join(', ')}`);
    return;
  }
  if (!content || !content[mediaType])
    throw new Error(
      `${where}: ${mediaType || 'no content type'} is not in /openapi.json for ${method.toUpperCase()} ${template} ${declared} (${Object.keys(content ?? {}).join(', ') || 'no body'})`,
    );
  if (!/json/.test(mediaType)) return;
  const validate = validatorOf(template, method, declared, mediaType);
  if (!validate(response.body))
    throw new Error(
      `${where}: the body does not match /openapi.json (${method.toUpperCase()} ${template} ${declared}): ${errorsOf(validate)}`,
    );
}
