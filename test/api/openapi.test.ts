/**
 * The contract: `/openapi.json` is a valid OpenAPI 3.1 document built from the zod schemas, `/docs`
 * shows it to people, and the hook that holds every test response to it (test/support/contract.ts)
 * catches a response that drifts from it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fullFormats } from 'ajv-formats/dist/formats';
import { OPERATIONS } from '../../services/api/contract/operations';
import { buildNeed, buildOrganisation, startTestApp, type TestApp } from '../support';
import { assertMatchesContract } from '../support/contract';

/** The OpenAPI 3.1 schema validator's command line (the package is an ES module; jest here runs CommonJS). */
const VALIDATOR = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');

async function validateOpenApi(document: unknown): Promise<{ valid: boolean; errors?: unknown[] }> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'openapi-')), 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [VALIDATOR, file]);
    return JSON.parse(stdout) as { valid: boolean };
  } catch (error) {
    // Exit code 1: invalid, with the errors on stdout.
    const stdout = (error as { stdout?: string }).stdout;
    if (stdout) return JSON.parse(stdout) as { valid: boolean; errors: unknown[] };
    throw error;
  }
}

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.destroy();
});

describe('/openapi.json', () => {
  it('is served without a key and validates as OpenAPI 3.1', async () => {
    const response = await app.request<Record<string, unknown>>('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(await validateOpenApi(response.body)).toEqual({ valid: true });
  });

  it('the validator refuses a broken document (so the check above can fail)', async () => {
    const response = await app.request<{ paths: Record<string, unknown> }>('GET', '/openapi.json');
    const broken = {
      ...response.body,
      paths: { ...response.body.paths, '/needs': { get: { parameters: [{ name: 'status' }] } } },
    };
    const result = await validateOpenApi(broken);
    expect(result.valid).toBe(false);
  });

  it('names only formats that JSON Schema validators know (an unknown one is ignored, with a warning)', async () => {
    const response = await app.request<unknown>('GET', '/openapi.json');
    const formats = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node !== null && typeof node === 'object')
        for (const [key, value] of Object.entries(node)) {
          if (key === 'format' && typeof value === 'string') formats.add(value);
          else collect(value);
        }
    };
    collect(response.body);
    // ajv-formats' full list: JSON Schema's formats and OpenAPI's (int32, byte, password…).
    const known = Object.keys(fullFormats);
    expect(formats.size).toBeGreaterThan(0);
    expect([...formats].filter((format) => !known.includes(format))).toEqual([]);
  });

  it('describes every operation with request and response schemas', async () => {
    const response = await app.request<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>('GET', '/openapi.json');
    for (const operation of OPERATIONS) {
      const documented = response.body.paths[operation.path]?.[operation.method];
      expect(documented).toBeDefined();
      expect(Object.keys(documented?.responses ?? {})).toEqual(
        expect.arrayContaining([...Object.keys(operation.responses), 'default']),
      );
    }
    const need = response.body.paths['/needs']?.post as unknown as {
      requestBody: { content: Record<string, { schema: { $ref?: string } }> };
    };
    expect(need.requestBody.content['application/json']?.schema).toBeDefined();
  });
});

describe('/docs', () => {
  it('lists every operation on a page rendered on the server, Swedish first and English at a click', async () => {
    const sv = await app.request<string>('GET', '/docs');
    expect(sv.status).toBe(200);
    expect(sv.headers.get('content-type')).toMatch(/text\/html/);
    expect(sv.body).toContain('<html lang="sv">');
    expect(sv.body).toContain('API-referens');
    expect(sv.body).not.toMatch(/<script/);
    for (const operation of OPERATIONS)
      expect(sv.body).toContain(`${operation.method.toUpperCase()} ${operation.path}`);
    const en = await app.request<string>('GET', '/docs?lang=en');
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('API reference');
  });
});

describe('the contract hook of the API tests', () => {
  let need: Record<string, unknown>;
  beforeAll(async () => {
    const organisation = await app.request<{ id: string }>('POST', '/organisations', {
      key: app.facilitatorKey,
      body: buildOrganisation(),
    });
    const created = await app.request<Record<string, unknown>>('POST', '/needs', {
      key: app.facilitatorKey,
      body: buildNeed({ organisationId: organisation.body.id }),
    });
    need = created.body;
  });
  const answer = (body: unknown, overrides: Partial<Parameters<typeof assertMatchesContract>[0]> = {}) => ({
    method: 'GET',
    path: `/needs/${String(need.id)}`,
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body,
    ...overrides,
  });

  it('passes a real answer', () => {
    expect(() => assertMatchesContract(answer(need))).not.toThrow();
  });
  it('fails a field the document does not name', () => {
    expect(() => assertMatchesContract(answer({ ...need, internalNote: 'x' }))).toThrow(/internalNote/);
  });
  it('fails a missing field, a wrong type and a wrong enum value', () => {
    const { title: _title, ...untitled } = need;
    expect(() => assertMatchesContract(answer(untitled))).toThrow(/title/);
    expect(() => assertMatchesContract(answer({ ...need, priority: 'high' }))).toThrow(/priority/);
    expect(() => assertMatchesContract(answer({ ...need, status: 'archived' }))).toThrow(/status/);
  });
  it('fails a status or a media type the operation does not answer', () => {
    expect(() => assertMatchesContract(answer(need, { status: 202 }))).toThrow(/202/);
    expect(() => assertMatchesContract(answer('a,b', { contentType: 'text/csv' }))).toThrow(/text\/csv/);
  });
  it('holds errors to Problem and undocumented JSON answers fail', () => {
    expect(() =>
      assertMatchesContract(
        answer({ status: 404 }, { status: 404, contentType: 'application/problem+json' }),
      ),
    ).toThrow(/Problem|title/);
    expect(() => assertMatchesContract(answer({ ok: true }, { path: '/not-in-the-document' }))).toThrow(
      /does not describe/,
    );
  });
});
