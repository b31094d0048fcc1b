import { hostname } from 'node:os';
import { Queue } from 'bullmq';
import { getConfig } from '../../config';
import { SCHEDULES_QUEUE } from '../../services/queue/queues';
import { bullConnectionFromUrl } from '../../services/queue/redis-options';
import { createHarness, type Harness } from './support/harness';
import { waitFor } from './support/wait';
import { alive, spawnWorker, type WorkerProcess, jsonLinesOf } from './support/worker-process';

/** How long a worker signalled during start-up may take to finish starting, close and exit. Milliseconds. */
const EXIT_BOUND_MS = 30_000;

/** One pino line a worker printed. */
interface LogLine {
  pid: number;
  queues: string;
  msg: string;
  queue?: string;
  childPid?: number;
}

describe('a worker signalled while it is still starting', () => {
  let harness: Harness;
  let schedules: Queue;
  const workers: WorkerProcess[] = [];

  beforeEach(async () => {
    harness = await createHarness();
    schedules = new Queue(SCHEDULES_QUEUE, {
      connection: bullConnectionFromUrl(getConfig().REDIS_URL, 'blocking'),
      prefix: harness.prefix,
    });
    schedules.on('error', () => undefined);
    // A change waits in the stream before the worker starts, for a worker that serves after the signal to take.
    const needId = await harness.insertNeed(1);
    for (let i = 0; i < 5; i += 1) await harness.insertStartup(100 + i);
    await harness.publish('need', needId, 1);
  });

  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.kill();
    await schedules.obliterate({ force: true }).catch(() => undefined);
    await schedules.close();
    await harness.cleanup();
  });

  /** Starts a worker (by default matches here, schedules in its child) and sends SIGTERM as soon as it logs `msg`. */
  async function signalWhenLogged(msg: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
    // Each job takes a second, so one cut short by process.exit would still be active afterwards.
    const worker = spawnWorker(harness.workerEnv({ WORKER_TEST_DELAY_MS: '1000', ...env }));
    workers.push(worker);
    await waitFor(
      `the worker to log "${msg}"`,
      async () => (jsonLinesOf<LogLine>(worker).some((line) => line.msg === msg) ? true : undefined),
      60_000,
      5,
    );
    worker.child.kill('SIGTERM');
    return worker;
  }

  async function exitCodeWithin(worker: WorkerProcess, ms: number): Promise<number | string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>(
      (resolve) => (timer = setTimeout(() => resolve(`still running after ${ms} ms`), ms)),
    );
    const code = await Promise.race([worker.exited, timeout]);
    clearTimeout(timer);
    return code;
  }

  /** What every signalled start-up must end in, whatever it had reached when the signal came. */
  async function expectStoppedCleanly(worker: WorkerProcess): Promise<void> {
    const code = await exitCodeWithin(worker, EXIT_BOUND_MS);
    const parentPid = worker.child.pid as number;
    const parent = jsonLinesOf<LogLine>(worker).filter((line) => line.pid === parentPid);
    const childPids = parent
      .filter((line) => line.msg === 'child process started')
      .map((line) => line.childPid as number);

    // Compared with the output beside it, so a failure shows what the worker logged.
    expect({ code, output: worker.output() }).toEqual({ code: 0, output: worker.output() });
    const msgs = parent.map((line) => line.msg);
    expect(msgs).toContain('finishing the job in hand, then exiting');
    // The matches worker whose start was under way was closed, after the signal, not dropped by process.exit.
    expect(parent.filter((line) => line.msg === 'queue worker closed').map((line) => line.queue)).toEqual([
      'matches',
    ]);
    expect(msgs.indexOf('queue worker closed')).toBeGreaterThan(
      msgs.indexOf('finishing the job in hand, then exiting'),
    );
    // It never reported ready and took no change: a worker reads its change stream only once run,
    // which a start finished after the signal never is; nothing was read from the stream.
    expect(msgs).not.toContain('worker ready');
    expect(msgs).not.toContain('changes applied');
    expect((await harness.changeBacklog()).delivered).toBe(0);
    // No BullMQ worker of either process is still connected, and the child is gone.
    const names = new Set([parentPid, ...childPids].map((pid) => `${hostname()}:${pid}`));
    const connected = [...(await harness.queue.getWorkers()), ...(await schedules.getWorkers())].map(
      (client) => client.name,
    );
    expect(connected.filter((name) => name !== undefined && names.has(name))).toEqual([]);
    expect(childPids.filter(alive)).toEqual([]);
  }

  it('SIGTERM right after the schedules child is forked: the matches worker being started is closed, the child is stopped, exit code 0', async () => {
    const worker = await signalWhenLogged('child process started');
    await expectStoppedCleanly(worker);
  }, 60_000);

  it('SIGTERM while the matches worker loads its index: it is closed rather than left serving, the child is stopped, exit code 0', async () => {
    const worker = await signalWhenLogged('index loaded');
    await expectStoppedCleanly(worker);
  }, 60_000);

  it('SIGTERM while a worker without a child loads its matches index: the worker is closed rather than left serving, exit code 0', async () => {
    const worker = await signalWhenLogged('index loaded', { WORKER_QUEUES: 'matches' });
    await expectStoppedCleanly(worker);
  }, 60_000);
});
