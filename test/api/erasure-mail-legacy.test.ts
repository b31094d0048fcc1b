/**
 * A host's erasure withdraws the startups' meeting e-mails that name the host also when they were
 * queued by the version before e-mails said whom they name (no `mentions`), against the real app,
 * FerretDB and Redis mail queue: the mail worker cannot tell that such a message names the host,
 * so the erasure finds them by their job ids (each meeting's startup side at every sequence).
 */
import { Queue } from 'bullmq';
import type { MailJob } from '../../services/mail';
import { meetingMailId } from '../../services/outcomes';
import { openMailQueue, queueAgendaMeetingMail, startAgendaWorld, type AgendaWorld } from './agenda-world';

let agenda: AgendaWorld;
let mailQueue: Queue;

beforeAll(async () => {
  agenda = await startAgendaWorld();
  await queueAgendaMeetingMail(agenda);
  mailQueue = openMailQueue(agenda.prefix);
  // What the older version queued: the same messages, without `mentions`.
  for (const job of await mailQueue.getDelayed()) {
    const { mentions: _mentions, ...older } = job.data as MailJob;
    await job.updateData(older);
  }
}, 180_000);

afterAll(async () => {
  await mailQueue.close();
  await agenda.destroy();
});

/** The job ids of the startup side's reminder and outcome request of the published meetings of `needIds`. */
function startupMailIds(needIds: readonly string[]): string[] {
  return agenda.meetings
    .filter((meeting) => needIds.includes(meeting.needId))
    .flatMap((meeting) =>
      (['reminder', 'outcome'] as const).map((kind) => meetingMailId(kind, meeting.id, 'startup', 0)),
    );
}

async function waiting(ids: readonly string[]): Promise<number> {
  const jobs = await Promise.all(ids.map((id) => mailQueue.getJob(id)));
  return jobs.filter((job) => job !== undefined).length;
}

describe("erasing a host whose startups' e-mails were queued without saying whom they name", () => {
  it("withdraws the startups' e-mails about her meetings and leaves those about the other host's", async () => {
    const naming = startupMailIds([agenda.world.needIds[0], agenda.world.needIds[1]]);
    const other = startupMailIds([agenda.world.needIds[2]]);
    expect(naming.length).toBeGreaterThan(0);
    expect(other.length).toBeGreaterThan(0);
    expect(await waiting(naming)).toBe(naming.length);
    expect(await waiting(other)).toBe(other.length);
    expect((await mailQueue.getJob(naming[0]!))?.data).not.toHaveProperty('mentions');

    const erased = await agenda.app.request('POST', '/personal-data/erasure', {
      key: agenda.app.facilitatorKey,
      body: { email: agenda.world.hostEmails[0] },
    });
    expect(erased.status).toBe(200);

    expect(await waiting(naming)).toBe(0);
    expect(await waiting(other)).toBe(other.length);
  });
});
