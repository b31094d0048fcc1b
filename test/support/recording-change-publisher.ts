import type { ChangePublisher, EntityChange } from '../../services/changes';

/** A ChangePublisher that remembers every change; `failNext` makes the next publish throw. */
export class RecordingChangePublisher implements ChangePublisher {
  readonly changes: EntityChange[] = [];
  private failures = 0;

  /** The next `count` publishes throw (to test that writes survive a publishing failure). */
  failNext(count = 1): void {
    this.failures += count;
  }

  async publish(change: EntityChange): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('publish failed (test)');
    }
    this.changes.push(change);
  }
}
