import pino from 'pino';
import { getConfig } from '../config';
import { isForkedWorker, reportReady, superviseChild, type ChildSupervisor } from './child.supervisor';
import { startMailWorker } from './mail.worker';
import { startMatchesWorker, type RunningWorker } from './matches.worker';
import { startSchedulesWorker } from './schedules.worker';

/**
 * The worker entry (`npm run worker`). Serves the queues named by `WORKER_QUEUES`. With
 * `schedules` and others (the default: all three), this process serves the others (`matches`,
 * `mail`) and forks itself with `WORKER_QUEUES=schedules`:
 * a schedule solve is synchronous CPU work of up to 120 s, and in a shared process it would stop
 * the matches worker from renewing its job locks. A child that dies after it was ready is
 * restarted with a backoff (1 s doubling to 30 s); one that fails to start stops the parent with
 * exit code 1. SIGTERM/SIGINT: both processes finish the job in hand, then exit; a child whose
 * parent disappears (kill -9) does the same. A signal during start-up lets the queue start in
 * progress finish, starts no further queue, closes what started without reporting ready, stops the
 * child and exits with 0.
 */
async function main(): Promise<void> {
  const config = getConfig();
  const queues = config.WORKER_QUEUES;
  const logger = pino({
    level: config.LOG_LEVEL,
    base: { role: 'worker', pid: process.pid, queues: queues.join(',') },
  });
  const forked = isForkedWorker();

  let child: ChildSupervisor | undefined;
  const own = queues.length > 1 ? queues.filter((queue) => queue !== 'schedules') : queues;
  const running: { queue: string; worker: RunningWorker }[] = [];
  // The queue start in progress, if any: stop() waits for it and closes the worker it returns at
  // once, or that worker would serve until process.exit cut its connections. A worker takes jobs
  // only once run, which a start finished after a signal never is.
  let starting: Promise<unknown> = Promise.resolve();
  let stopSignal: string | undefined;
  const stop = async (signal: string): Promise<void> => {
    if (stopSignal !== undefined) return;
    stopSignal = signal;
    logger.info({ signal }, 'finishing the job in hand, then exiting');
    const childCode = child?.stop('SIGTERM') ?? Promise.resolve(0);
    const started = await starting.then(
      () => true,
      () => false,
    );
    // A failed start ends the process with code 1 through main's catch.
    if (!started) return;
    await Promise.all(
      running.map(async ({ queue, worker }) => {
        await worker.close();
        logger.info({ queue }, 'queue worker closed');
      }),
    );
    process.exit((await childCode) === 0 ? 0 : 1);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // The IPC channel closes when the parent exits, however it ended.
  if (forked) process.on('disconnect', () => void stop('parent gone'));
  // Forked only once the handlers are set: a signal must not end this process and leave the child.
  if (own.length < queues.length) {
    child = superviseChild({
      modulePath: __filename,
      // Copied, not read: the child parses the same environment through config.ts.
      env: { ...process.env, WORKER_QUEUES: 'schedules' },
      logger,
    });
  }

  try {
    for (const queue of own) {
      if (stopSignal !== undefined) break;
      const start = { matches: startMatchesWorker, schedules: startSchedulesWorker, mail: startMailWorker }[
        queue
      ];
      starting = start(config, logger).then((worker) => {
        running.push({ queue, worker });
        if (stopSignal === undefined) worker.run();
      });
      await starting;
    }
    // Once the child is being stopped its ready never comes; stop() then ends the process.
    await child?.ready;
  } catch (error) {
    await child?.stop('SIGTERM');
    throw error;
  }
  // stop() is closing what started: a worker being stopped is not ready.
  if (stopSignal !== undefined) return;
  if (forked) {
    logger.info({ prefix: config.QUEUE_PREFIX }, 'child worker serving');
    reportReady();
  } else {
    logger.info({ prefix: config.QUEUE_PREFIX, childPid: child?.pid() }, 'worker ready');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
