import { addFailureDiagnostic } from '../../support/failure-diagnostics';

/**
 * Polls `probe` every `intervalMs` until it returns a value other than undefined, or fails after
 * `timeoutMs`. The probe may `note` why it is not done yet (e.g. what is still busy): the time-out's
 * error says the last note, and so does the report of a test that fails or times out meanwhile.
 */
export async function waitFor<T>(
  what: string,
  probe: (note: (state: string) => void) => Promise<T | undefined>,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let lastError: unknown;
  let lastNote: string | undefined;
  let probing: number | undefined;
  const note = (state: string) => (lastNote = state);
  const last = () =>
    [lastNote, lastError === undefined ? undefined : `last error: ${String(lastError)}`]
      .filter((each) => each !== undefined)
      .join('; ');
  // A wait outlives a test that timed out: the report of a later failure says whose it is.
  // (Benches wait with it too, outside jest.)
  const test = typeof expect === 'undefined' ? 'no test' : (expect.getState().currentTestName ?? 'a hook');
  const remove = addFailureDiagnostic({
    title: () => `waiting for ${what} (${Date.now() - started} ms of ${timeoutMs}, in "${test}")`,
    state: () =>
      [
        probing === undefined ? undefined : `a probe is in progress for ${Date.now() - probing} ms`,
        last() || 'no probe answered yet',
      ]
        .filter((each) => each !== undefined)
        .join('\n'),
  });
  try {
    for (;;) {
      try {
        probing = Date.now();
        const value = await probe(note);
        if (value !== undefined) return value;
      } catch (error) {
        lastError = error;
      } finally {
        probing = undefined;
      }
      if (Date.now() > deadline) {
        const state = last();
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state ? `: ${state}` : ''}`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  } finally {
    remove();
  }
}
