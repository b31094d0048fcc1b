/** What changed: one need or startup profile, at the version now stored (or deleted). */
export interface EntityChange {
  kind: 'need' | 'startup';
  id: string;
  version: number;
  deleted: boolean;
}

/**
 * Told of every committed change to a need or profile, after the write succeeded. The queue
 * producer implements it in production; tests may pass a recording one.
 */
export interface ChangePublisher {
  publish(change: EntityChange): Promise<void>;
}

/** For processes that run the API without workers (and for tests that do not look at matches). */
export const ignoreChanges: ChangePublisher = { publish: async () => undefined };
