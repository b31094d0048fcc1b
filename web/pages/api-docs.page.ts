import { html, type SafeHtml } from '../html';
import { layout, type PageContext } from './layout';

/** The parts of an OpenAPI 3.1 document this page reads. */
interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
}
interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
}
export interface OpenApiLike {
  info: { title: string; version: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

/** A schema in a few words: a component's name (linked), `array of …`, an enum's values, the type. */
function typeOf(schema: JsonSchema | undefined): SafeHtml {
  if (!schema) return html`–`;
  if (schema.$ref) return html`<a href="#schema-${refName(schema.$ref)}">${refName(schema.$ref)}</a>`;
  if (schema.enum) return html`${schema.enum.map((value) => JSON.stringify(value)).join(' | ')}`;
  if (schema.const !== undefined) return html`${JSON.stringify(schema.const)}`;
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return html`${union.map((part, index) => html`${index > 0 ? ' | ' : ''}${typeOf(part)}`)}`;
  if (schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array')))
    return html`array of ${typeOf(schema.items)}`;
  if (Array.isArray(schema.type)) return html`${schema.type.join(' | ')}`;
  return html`${schema.type ?? 'any'}`;
}

function fieldTable(context: PageContext, schema: JsonSchema): SafeHtml {
  const { t } = context;
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return html`<p>${typeOf(schema)}</p>`;
  return html`<table>
    <thead>
      <tr>
        <th scope="col">${t('apidocs.field')}</th>
        <th scope="col">${t('apidocs.type')}</th>
      </tr>
    </thead>
    <tbody>
      ${properties.map(
        ([name, property]) =>
          html`<tr>
            <th scope="row"><code>${name}</code></th>
            <td>
              ${typeOf(property)}${(schema.required ?? []).includes(name) ? html` (${t('apidocs.required')})` : ''}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function anchorOf(method: string, path: string, operation: Operation): string {
  return operation.operationId ?? `${method}-${path.replace(/[^a-z0-9]+/gi, '-')}`;
}

function operationSection(
  context: PageContext,
  method: string,
  path: string,
  operation: Operation,
): SafeHtml {
  const { t } = context;
  const body = operation.requestBody?.content?.['application/json']?.schema;
  const parameters = operation.parameters ?? [];
  return html`<section class="card" id="${anchorOf(method, path, operation)}">
    <h3><code>${method.toUpperCase()} ${path}</code></h3>
    <p>${operation.summary ?? ''}</p>
    <p>
      <strong>${t('apidocs.who')}:</strong> ${(operation.description ?? '').replace(/^Who: /, '')}
      ${operation.security?.length === 0 ? html`(${t('apidocs.public')})` : ''}
    </p>
    ${
      parameters.length > 0 &&
      html`<h4>${t('apidocs.parameters')}</h4>
        <ul>
          ${parameters.map(
            (parameter) =>
              html`<li>
                <code>${parameter.name}</code>
                (${parameter.in}${parameter.required ? `, ${t('apidocs.required')}` : ''}):
                ${typeOf(parameter.schema)}
              </li>`,
          )}
        </ul>`
    }
    ${
      body &&
      html`<h4>${t('apidocs.body')}</h4>
        ${typeOf(body)}`
    }
    <h4>${t('apidocs.responses')}</h4>
    <ul>
      ${Object.entries(operation.responses ?? {})
        .filter(([status]) => status !== 'default')
        .map(
          ([status, response]) =>
            html`<li>
              <strong>${status}</strong> ${response.description ?? ''}
              ${Object.entries(response.content ?? {}).map(
                ([type, media]) =>
                  html` · <code>${type}</code>${type.includes('json') ? html` ${typeOf(media.schema)}` : ''}`,
              )}
            </li>`,
        )}
      <li>${t('apidocs.problem')}: <a href="#schema-Problem">Problem</a></li>
    </ul>
  </section>`;
}

/**
 * `/docs`: the API reference for people who integrate, rendered on the server from the OpenAPI
 * document (no script, nothing fetched from elsewhere): the operations by tag, then every schema
 * with its fields.
 */
export function apiDocsPage(context: PageContext, document: OpenApiLike): string {
  const { t } = context;
  const operations: { tag: string; method: string; path: string; operation: Operation }[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {}))
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) operations.push({ tag: operation.tags?.[0] ?? '', method, path, operation });
    }
  const tags = [...new Set(operations.map((entry) => entry.tag))];
  const schemas = Object.entries(document.components?.schemas ?? {});
  const lead = t('apidocs.lead', { link: '%LINK%' }).split('%LINK%');
  return layout(context, {
    title: t('apidocs.title'),
    body: html`<h1>${t('apidocs.title')}: ${document.info.title} ${document.info.version}</h1>
      <p>${lead[0]}<a href="/openapi.json">/openapi.json</a>${lead[1]}</p>
      <nav aria-labelledby="contents">
        <h2 id="contents">${t('apidocs.contents')}</h2>
        <ul>
          ${tags.map((tag) => html`<li><a href="#tag-${tag.replace(/\W+/g, '-')}">${tag}</a></li>`)}
          <li><a href="#schemas">Schemas</a></li>
        </ul>
      </nav>
      ${tags.map(
        (tag) =>
          html`<h2 id="tag-${tag.replace(/\W+/g, '-')}">${tag}</h2>
            ${operations
              .filter((entry) => entry.tag === tag)
              .map((entry) => operationSection(context, entry.method, entry.path, entry.operation))}`,
      )}
      <h2 id="schemas">Schemas</h2>
      ${schemas.map(
        ([name, schema]) =>
          html`<section class="card" id="schema-${name}">
            <h3>${name}</h3>
            ${fieldTable(context, schema)}
          </section>`,
      )}`,
  });
}
