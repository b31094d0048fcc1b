import pino from 'pino';
import { getConfig } from '../config';
import { isForkedWorker, reportReady, superviseChild, type ChildSupervisor } from './child.supervisor';
import { startMatchesWorker, type RunningWorker } from './matches.worker';
import { startSchedulesWorker } from './schedules.worker';

/**
 * The worker entry (`npm run worker`). Serves the queues named by `WORKER_QUEUES`. With both
 * (the default), this process serves `matches` and forks itself with `WORKER_QUEUES=schedules`:
 * a schedule solve is synchronous CPU work of up to 120 s, and in a shared process it would stop
 * the matches worker from renewing its job locks. A child that dies after it was ready is
 * restarted with a backoff (1 s doubling to 30 s); one that fails to start stops the parent with
 * exit code 1. SIGTERM/SIGINT: both processes finish the job in hand, then exit; a child whose
 * parent disappears (kill -9) does the same.
 */
async function main(): Promise<void> {
  const config = getConfig();
  const queues = config.WORKER_QUEUES;
  const logger = pino({ level: config.LOG_LEVEL, base: { role: 'worker', pid: process.pid, queues: queues.join(',') } });
  const forked = isForkedWorker();

  let child: ChildSupervisor | undefined;
  const own = queues.length > 1 ? queues.filter((queue) => queue !== 'schedules') : queues;
  if (own.length < queues.length) {
    child = superviseChild({
      modulePath: __filename,
      // Copied, not read: the child parses the same environment through config.ts.
      env: { ...process.env, WORKER_QUEUES: 'schedules' },
      logger,
    });
  }
  const running: RunningWorker[] = [];
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'finishing the job in hand, then exiting');
    const [childCode] = await Promise.all([child?.stop('SIGTERM') ?? 0, ...running.map((worker) => worker.close())]);
    process.exit(childCode === 0 ? 0 : 1);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // The IPC channel closes when the parent exits, however it ended.
  if (forked) process.on('disconnect', () => void stop('parent gone'));

  try {
    for (const queue of own) running.push(queue === 'matches' ? await startMatchesWorker(config, logger) : await startSchedulesWorker(config, logger));
    await child?.ready;
  } catch (error) {
    await child?.stop('SIGTERM');
    throw error;
  }
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
