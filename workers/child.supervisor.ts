import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';

/** What a forked worker sends its parent once its queues are served. */
const READY_MESSAGE = 'worker-ready';

/** True when this process was forked by a parent worker (it has an IPC channel). */
export function isForkedWorker(): boolean {
  return process.send !== undefined;
}

/** Tells the parent worker that this forked worker serves its queues. */
export function reportReady(): void {
  process.send?.(READY_MESSAGE);
}

/** Options of {@link superviseChild}. */
export interface ChildSupervisorOptions {
  /** Module the child runs (the worker entry itself). */
  modulePath: string;
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Delay before the first restart after a crash; doubles with each further crash. @default 1000 (milliseconds) */
  restartDelayMs?: number;
  /** Longest restart delay. @default 30000 (milliseconds) */
  maxRestartDelayMs?: number;
  /** A child that ran this long before it died counts as a first crash again. @default 60000 (milliseconds) */
  stableAfterMs?: number;
}

/** A supervised child worker process. */
export interface ChildSupervisor {
  /** Resolves once the first child reported ready; rejects if it exited before (a bad start is not retried). */
  readonly ready: Promise<void>;
  /** Pid of the running child, undefined while it is being restarted. */
  pid(): number | undefined;
  /**
   * Sends `signal` to the child, stops restarting it and resolves with its exit code once it has
   * exited (1 if a signal ended it, except `signal` itself before the child reported ready; 0 if
   * none was running).
   */
  stop(signal: NodeJS.Signals): Promise<number>;
}

/**
 * Forks `modulePath` (with this process's node flags, so tsx carries over) and keeps it running:
 * after the first ready report, a child that exits unexpectedly is restarted after a backoff
 * (`restartDelayMs`, doubling up to `maxRestartDelayMs`). The child inherits stdout and stderr and
 * shares an IPC channel, whose end tells it that the parent is gone.
 */
export function superviseChild(options: ChildSupervisorOptions): ChildSupervisor {
  const { logger } = options;
  const firstDelayMs = options.restartDelayMs ?? 1_000;
  const maxDelayMs = options.maxRestartDelayMs ?? 30_000;
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  let child: ChildProcess | undefined;
  let exited: Promise<number> = Promise.resolve(0);
  let stopSignal: NodeJS.Signals | undefined;
  let everReady = false;
  let delayMs = firstDelayMs;
  let restartTimer: NodeJS.Timeout | undefined;
  let resolveReady: () => void = () => undefined;
  let rejectReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });

  function start(): void {
    const startedAt = Date.now();
    const current = fork(options.modulePath, [], {
      env: options.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = current;
    logger.info({ childPid: current.pid }, 'child process started');
    let reportedReady = false;
    current.on('message', (message) => {
      if (message !== READY_MESSAGE) return;
      reportedReady = true;
      everReady = true;
      resolveReady();
    });
    exited = new Promise<number>((resolve) => {
      current.on('exit', (code, signal) => {
        child = undefined;
        // The stop signal ends a child only if it came before the child set up its handlers, which
        // it does before it starts any queue: nothing was cut short then.
        const stoppedBeforeStart = stopSignal !== undefined && signal === stopSignal && !reportedReady;
        resolve(code ?? (stoppedBeforeStart ? 0 : 1));
        if (stopSignal !== undefined) return;
        if (!everReady) {
          rejectReady(new Error(`child process exited (${code ?? signal}) before it was ready`));
          return;
        }
        if (Date.now() - startedAt >= stableAfterMs) delayMs = firstDelayMs;
        logger.error(
          { childPid: current.pid, code, signal, restartInMs: delayMs },
          'child process exited unexpectedly; restarting',
        );
        restartTimer = setTimeout(start, delayMs);
        delayMs = Math.min(delayMs * 2, maxDelayMs);
      });
    });
  }

  start();
  return {
    ready,
    pid: () => child?.pid,
    async stop(signal) {
      stopSignal = signal;
      clearTimeout(restartTimer);
      if (child === undefined) return 0;
      child.kill(signal);
      return exited;
    },
  };
}
