import { localGenerations } from './generations';
import { createReadModel, REFRESH_AHEAD_SHARE } from './read-model';

/** A load that waits until the test lets it end with the value it is given. */
function controlledLoads() {
  const pending: ((value: number) => void)[] = [];
  return {
    load: () => new Promise<number>((resolve) => pending.push(resolve)),
    started: () => pending.length,
    /** Ends the oldest load with `value`, once one has started (a call reads its generation first). */
    async finish(value: number): Promise<void> {
      for (let turn = 0; turn < 100 && pending.length === 0; turn += 1)
        await new Promise((resolve) => setImmediate(resolve));
      const resolve = pending.shift();
      if (resolve === undefined) throw new Error('no load started');
      resolve(value);
    },
  };
}

/** Whether `promise` has settled once everything queued before the check has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('createReadModel: a copy past its refresh share', () => {
  const maxAgeMs = 2_000;
  let clock = 0;
  const now = () => clock;

  beforeEach(() => {
    clock = 0;
  });

  it('answers from the copy while it loads again beside the answer, then answers from the new copy', async () => {
    const loads = controlledLoads();
    const model = createReadModel({
      name: 'x',
      generations: localGenerations(),
      load: loads.load,
      maxAgeMs,
      now,
    });
    const first = model.get();
    await loads.finish(1);
    expect(await first).toBe(1);

    clock = maxAgeMs * REFRESH_AHEAD_SHARE - 1;
    expect(await model.get()).toBe(1);
    expect(loads.started()).toBe(0);

    clock = maxAgeMs * REFRESH_AHEAD_SHARE;
    const ahead = model.get();
    expect(await settled(ahead)).toBe(true);
    expect(await ahead).toBe(1);
    expect(loads.started()).toBe(1);
    // Calls meanwhile share that load: one at a time.
    expect(await model.get()).toBe(1);
    expect(loads.started()).toBe(1);
    await loads.finish(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await model.get()).toBe(2);
    expect(loads.started()).toBe(0);
  });

  it('never answers from a copy past its maximum age: the call waits for the load', async () => {
    const loads = controlledLoads();
    const model = createReadModel({
      name: 'x',
      generations: localGenerations(),
      load: loads.load,
      maxAgeMs,
      now,
    });
    const first = model.get();
    await loads.finish(1);
    await first;

    clock = maxAgeMs;
    const late = model.get();
    expect(await settled(late)).toBe(false);
    await loads.finish(2);
    expect(await late).toBe(2);
  });

  it('a bumped generation makes the next call wait for the load, refresh share or not', async () => {
    const loads = controlledLoads();
    const generations = localGenerations();
    const model = createReadModel({ name: 'x', generations, load: loads.load, maxAgeMs, now });
    const first = model.get();
    await loads.finish(1);
    await first;

    clock = maxAgeMs * REFRESH_AHEAD_SHARE;
    await generations.bump('x');
    const next = model.get();
    expect(await settled(next)).toBe(false);
    await loads.finish(2);
    expect(await next).toBe(2);
  });

  it('a failed load beside an answer leaves the copy, and the next call past the share loads again', async () => {
    let calls = 0;
    const model = createReadModel({
      name: 'x',
      generations: localGenerations(),
      load: async () => {
        calls += 1;
        if (calls === 2) throw new Error('database away');
        return calls;
      },
      maxAgeMs,
      now,
    });
    expect(await model.get()).toBe(1);
    clock = maxAgeMs * REFRESH_AHEAD_SHARE;
    expect(await model.get()).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(2);
    expect(await model.get()).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(3);
    expect(await model.get()).toBe(3);
  });
});
