import { assertMatchesContract } from './contract';

/** Longest wait: ranking by a worker started under load can take a minute or more. */
const DEFAULT_TIMEOUT_MS = 120_000;
const POLL_INTERVAL_MS = 250;

/** Polls `probe` until it gives a value; throws naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/**
 * A JSON request to the API at `baseUrl` with an API key. The answer is held to `/openapi.json`
 * (test/support/contract.ts) before it is handed back, unread.
 */
export async function fetchWithKey(
  baseUrl: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const contentType = response.headers.get('content-type');
  const text = await response.clone().text();
  assertMatchesContract({
    method,
    path,
    status: response.status,
    contentType,
    body: text === '' ? undefined : /json/.test(contentType ?? '') ? (JSON.parse(text) as unknown) : text,
  });
  return response;
}
