import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { addFailureDiagnostic } from '../../support/failure-diagnostics';

const ROOT = path.join(__dirname, '..', '..', '..');

/** A real worker process (`node --import tsx workers/main.ts`). */
export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves once it logged "worker ready". */
  ready: Promise<void>;
  /** Resolves with the exit code (or signal name) once it exited. */
  exited: Promise<number | string>;
  /** kill -9 */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | string>;
}

/**
 * Starts a worker with `env` on top of this process's environment. WORKER_NODE_ARGS (space
 * separated) are passed to node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile bench workers.
 */
export function spawnWorker(env: Record<string, string>, readyTimeoutMs = 60_000): WorkerProcess {
  const nodeArgs = (process.env.WORKER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', path.join(ROOT, 'workers', 'main.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  let exitedAs: number | string | undefined;
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve((exitedAs = code ?? signal ?? 'unknown'))),
  );
  // A test that fails or times out shows this worker's output (test/support/failure-diagnostics.ts).
  const started = new Date().toISOString();
  addFailureDiagnostic({
    title: () =>
      `worker pid ${child.pid ?? '?'}, started ${started}, ${exitedAs === undefined ? 'running' : `exited (${exitedAs})`}`,
    log: () => text,
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker not ready after ${readyTimeoutMs} ms:\n${text}`)),
      readyTimeoutMs,
    );
    const check = () => {
      if (text.includes('worker ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before it was ready:\n${text}`));
    });
  });
  ready.catch(() => undefined);
  return {
    child,
    output: () => text,
    ready,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Whether a process with this pid is still running. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The JSON lines `worker` (and its child, on the same stdout) logged so far; a line still being written is skipped. */
export function jsonLinesOf<T>(worker: WorkerProcess): T[] {
  return worker
    .output()
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as T];
      } catch {
        return [];
      }
    });
}
