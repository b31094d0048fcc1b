import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { getConfig } from '../../config';
import { issueApiKey } from '../../services/api-keys';
import { buildOrganisation, connectTestDatabase, testDatabaseName } from '../support';
import { freePort } from '../workers/support/private-servers';
import { waitFor } from '../workers/support/wait';
import { getRepositories } from '../../models';

const ROOT = path.join(__dirname, '..', '..');

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
}

function get(port: number, agent: Agent, key?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: key ? '/organisations' : '/healthz',
        agent,
        headers: key ? { authorization: `Bearer ${key}` } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown of the API process', () => {
  it('after SIGTERM a request in flight on a keep-alive connection is answered with Connection: close, its connection closes, and the process exits 0 at once', async () => {
    const dbName = testDatabaseName();
    const db = await connectTestDatabase(dbName);
    const key = (await issueApiKey(getRepositories(db), { role: 'facilitator', name: 'shutdown' })).key;
    const port = await freePort();
    const uri = new URL(getConfig().MONGODB_URI);
    uri.pathname = `/${dbName}`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'services', 'api', 'server.ts')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: String(port),
          MONGODB_URI: uri.toString(),
          QUEUE_PREFIX: `test-${randomUUID()}`,
          LOG_LEVEL: 'warn',
          RATE_LIMIT_PER_MINUTE: '1000000',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | string>((resolve) =>
      child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
    );
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await waitFor(
        'the API to answer',
        () =>
          get(port, agent)
            .then((answer) => answer.status === 200 || undefined)
            .catch(() => undefined),
        60_000,
        200,
      );

      for (let i = 0; i < 3; i += 1) expect((await get(port, agent, key)).status).toBe(200);

      // A request in flight at SIGTERM: its headers are in, its body is still coming.
      const body = JSON.stringify(buildOrganisation());
      const inFlight = new Promise<Answer>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/organisations',
            method: 'POST',
            agent,
            headers: {
              authorization: `Bearer ${key}`,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(10)), 500);
        }, 500);
      });
      const answer = await inFlight;
      const signalledAt = Date.now() - 500;
      expect(answer.status).toBe(201);
      expect(answer.headers.connection).toBe('close');
      const next = await get(port, agent, key).then(
        (later) => `answered ${later.status}`,
        (error: NodeJS.ErrnoException) => error.code,
      );
      expect(next).toBe('ECONNREFUSED');
      expect(await exited).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(5_000);
    } finally {
      agent.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await db.dropDatabase();
      await db.close();
      if (stderr.includes('Error')) console.warn(stderr);
    }
  }, 90_000);
});
