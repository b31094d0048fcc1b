/**
 * What a test file started that explains a failure: a worker process's output, a wait in progress.
 * The integration tests' environment (failure-report.environment.ts) adds them to the report of a
 * test that fails or times out: a time-out ends the test before its own waits can throw, and the
 * processes' output would otherwise be lost with them.
 */
export interface FailureDiagnostic {
  /** A heading, read at the failure (so it can say "exited with SIGKILL"). */
  title(): string;
  /** Everything logged so far: a failure report shows what was added since the previous test ended. */
  log?(): string;
  /** The state now, e.g. what a wait waits for and its last answer. */
  state?(): string;
}

/** Where the registry lives on the test file's global, which the environment shares. */
export const DIAGNOSTICS_KEY = '__failureDiagnostics';

/** The test file's registered diagnostics, in the order they were added (the environment reads the same set). */
function failureDiagnostics(): Set<FailureDiagnostic> {
  const scope = globalThis as unknown as Record<string, Set<FailureDiagnostic> | undefined>;
  return (scope[DIAGNOSTICS_KEY] ??= new Set());
}

/** Registers `diagnostic` for the rest of the test file, or until the returned function is called. */
export function addFailureDiagnostic(diagnostic: FailureDiagnostic): () => void {
  const all = failureDiagnostics();
  all.add(diagnostic);
  return () => all.delete(diagnostic);
}
