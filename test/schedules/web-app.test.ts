import { startTestApp, type TestApp } from '../support';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app.destroy();
});

describe('the facilitator page', () => {
  it('is served without a key at /app/ with its script and styles, under a CSP that allows them', async () => {
    const page = await app.request<string>('GET', '/app/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('<script src="app.js" defer></script>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await app.request<string>('GET', '/app/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.body).toContain('sessionStorage');
    expect((await app.request('GET', '/app/app.css')).status).toBe(200);
  });
});
