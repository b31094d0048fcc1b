import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The quota's accounting period. Short, so a confined process runs like one on a slower machine:
 * with the default 100 ms, a process confined to 0.25 core runs 25 ms and is then frozen for 75 ms,
 * holding whatever it holds (a need lock the other worker waits for, a half-sent request).
 */
const PERIOD_US = 10_000;
const V1_ROOT = '/sys/fs/cgroup/cpu';
const V2_ROOT = '/sys/fs/cgroup';

/** A CPU limit on one process (a cgroup of its own); `release` removes the group once the process is gone. */
export interface CpuLimit {
  release(): void;
}

/**
 * Confines process `pid` to `cpus` cores (e.g. 0.5) with a CPU-quota cgroup named `name`, as if it
 * ran on a machine of that size; for benchmarks that must tell how work spreads over processes on
 * a machine with fewer cores than the processes it runs. Needs root and the cgroup cpu controller
 * (v1 or v2); throws, saying why, when it cannot.
 */
export function limitCpu(pid: number, cpus: number, name: string): CpuLimit {
  if (!(cpus > 0)) throw new Error(`cpu limit must be above 0, got ${cpus}`);
  const quota = String(Math.round(cpus * PERIOD_US));
  let dir: string;
  if (existsSync(path.join(V1_ROOT, 'cpu.cfs_quota_us'))) {
    dir = path.join(V1_ROOT, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
    writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), quota);
  } else if (
    existsSync(path.join(V2_ROOT, 'cgroup.controllers')) &&
    readFileSync(path.join(V2_ROOT, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('cpu')
  ) {
    writeFileSync(path.join(V2_ROOT, 'cgroup.subtree_control'), '+cpu');
    dir = path.join(V2_ROOT, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'cpu.max'), `${quota} ${PERIOD_US}`);
  } else {
    throw new Error(
      'no cgroup cpu controller found under /sys/fs/cgroup: cannot limit a process to part of the machine',
    );
  }
  writeFileSync(path.join(dir, 'cgroup.procs'), String(pid));
  return {
    release() {
      try {
        rmdirSync(dir);
      } catch {
        // Still in use or already gone: the kernel keeps an empty group, harmlessly.
      }
    },
  };
}
