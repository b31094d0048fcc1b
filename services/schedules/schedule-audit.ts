import { recordChange } from '../audit';
import type { Principal } from '../auth';
import type { ServiceDeps } from '../service-deps';

/**
 * Records a change to an event's schedule in the audit log (record `schedule`, id = the event's):
 * what was asked (`request`: the build options, the cancellation, the pin, …) and the draft and
 * published versions it led to (or the queued job that will make the draft). Host ids in schedule
 * requests are e-mail addresses: the log withholds them.
 */
export async function recordScheduleChange(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  action: string,
  request: object,
  result: { draftVersion?: number; publishedVersion?: number; jobId?: string } = {},
): Promise<void> {
  await recordChange(deps, principal, {
    action,
    record: { kind: 'schedule', id: eventId },
    before: null,
    after: { request, ...result },
  });
}
