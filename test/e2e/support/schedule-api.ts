import type { PeopleApp } from '../../support/people-app';
import type { TestApp, TestRequest, TestResponse } from '../../support';

/**
 * What the schedule builders (`test/schedules/schedule-setup.ts`) use of a test app, over a
 * people app's server: requests with a key, and the database.
 */
export function scheduleApiOf(app: PeopleApp, facilitatorKey: string): TestApp {
  async function request<T>(method: string, path: string, init: TestRequest = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.key !== undefined) headers.authorization = `Bearer ${init.key}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    const body = /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body: body as T };
  }
  // The schedule world needs only these; the rest of TestApp belongs to startTestApp's own server.
  return { db: app.db, facilitatorKey, request } as unknown as TestApp;
}
