import { TestEnvironment } from 'jest-environment-node';
import { DIAGNOSTICS_KEY, type FailureDiagnostic } from './failure-diagnostics';

/** Lines of one process's output shown per failed test (the newest). */
const MAX_LINES = 200;

/** The part of jest-circus's events this environment reads. */
interface TestEvent {
  name: string;
  test?: { name: string; errors: unknown[] };
}

/**
 * Jest's node environment, plus: when a test fails or times out, the diagnostics its file
 * registered (test/support/failure-diagnostics.ts) are added to the test's errors, so they appear
 * in the failure report and in `--json` results. Each process's output is shown from where the
 * previous test ended; each wait still in progress says what it waits for.
 */
export default class FailureReportEnvironment extends TestEnvironment {
  /** Length of each diagnostic's log when the previous test ended. */
  private readonly shown = new WeakMap<FailureDiagnostic, number>();

  handleTestEvent(event: TestEvent): void {
    if (event.name !== 'test_done' || event.test === undefined) return;
    const diagnostics = [...this.registered()];
    if (event.test.errors.length > 0 && diagnostics.length > 0) {
      const report = new Error(this.report(diagnostics));
      // The report is the whole message: no stack of this environment's own below it.
      report.stack = report.message;
      event.test.errors.push(report);
    }
    for (const each of diagnostics) this.shown.set(each, each.log?.().length ?? 0);
  }

  private registered(): FailureDiagnostic[] {
    const registry = (this.global as unknown as Record<string, unknown>)[DIAGNOSTICS_KEY];
    // Made in the test's own realm: a Set there is not one here (instanceof would say no).
    return registry === undefined ? [] : [...(registry as Iterable<FailureDiagnostic>)];
  }

  private report(diagnostics: FailureDiagnostic[]): string {
    const parts = diagnostics.map((each) => {
      const lines = [`── ${each.title()}`];
      const state = each.state?.();
      if (state !== undefined) lines.push(state);
      if (each.log) {
        const log = each.log().slice(this.shown.get(each) ?? 0);
        const logged = log.split('\n').filter((line) => line !== '');
        if (logged.length > MAX_LINES) lines.push(`(${logged.length - MAX_LINES} earlier lines left out)`);
        // Prefixed, so a stack trace in the output is not taken for the report's own.
        lines.push(...logged.slice(-MAX_LINES).map((line) => `| ${line}`));
        if (logged.length === 0) lines.push('(nothing logged since the previous test ended)');
      }
      return lines.join('\n');
    });
    return `What the test's processes and waits were doing when it failed:\n${parts.join('\n')}`;
  }
}
