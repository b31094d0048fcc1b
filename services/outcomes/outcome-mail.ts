import { createHash } from 'node:crypto';
import {
  type Language,
  type MatchmakingEvent,
  type Need,
  type ParticipantSide,
  type Startup,
} from '../../models';
import type { Meeting } from '../../scheduling';
import {
  renderMeetingReminderEmail,
  renderOutcomeRequestEmail,
  type MeetingDetails,
} from '../../web/emails/outcome.email';
import { renderIcs, zonedTimeToUtc, type ScheduleLabels } from '../exports';
import {
  MAIL_QUEUE,
  mailJobOptions,
  mailJobSchema,
  type MailJob,
  type MailRecipient,
} from '../mail/mail.queue';
import { openProducerQueue, withTimeout, type ProducerQueueOptions } from '../queue/producer-queue';
import { calendarKeyOf } from '../schedules';
import type { ServiceDeps } from '../service-deps';
import { issueOutcomeLink } from './outcome-link';

/** Wall-clock time (event's zone) at which the reminder goes out, the day before the meeting. */
export const REMINDER_TIME = '09:00';
/** Wall-clock time (event's zone) at which the outcome e-mail goes out, the day after the meeting. */
export const OUTCOME_REQUEST_TIME = '09:00';

/** One e-mail about one meeting to one participant, and when it goes out. */
export interface PlannedMail {
  kind: 'reminder' | 'outcome';
  meeting: Meeting;
  side: ParticipantSide;
  sendAt: Date;
  /** `sendAt − now`, at least 0: what BullMQ waits. Milliseconds. */
  delayMs: number;
}

/** `YYYY-MM-DD` moved by `days`. */
function shiftDate(date: string, days: number): string {
  const instant = new Date(`${date}T12:00:00Z`);
  instant.setUTCDate(instant.getUTCDate() + days);
  return instant.toISOString().slice(0, 10);
}

/**
 * The e-mails of a published schedule, for both participants of each meeting: the reminder at
 * 09:00 the day before (at once when that has passed; none once the meeting has begun), and the
 * outcome e-mail at 09:00 the day after (at once when that has passed). Pure: `now` is given.
 */
export function planMeetingMail(meetings: readonly Meeting[], timezone: string, now: Date): PlannedMail[] {
  const planned: PlannedMail[] = [];
  const at = (sendAt: Date) => Math.max(0, sendAt.getTime() - now.getTime());
  for (const meeting of meetings) {
    const start = zonedTimeToUtc(meeting.date, meeting.start, timezone);
    const reminderAt = zonedTimeToUtc(shiftDate(meeting.date, -1), REMINDER_TIME, timezone);
    const outcomeAt = zonedTimeToUtc(shiftDate(meeting.date, 1), OUTCOME_REQUEST_TIME, timezone);
    for (const side of ['host', 'startup'] as const) {
      if (start.getTime() > now.getTime())
        planned.push({ kind: 'reminder', meeting, side, sendAt: reminderAt, delayMs: at(reminderAt) });
      planned.push({ kind: 'outcome', meeting, side, sendAt: outcomeAt, delayMs: at(outcomeAt) });
    }
  }
  return planned;
}

/**
 * The job id of one e-mail: it names the meeting, side, kind and the calendar sequence of the
 * meeting as published, so a moved meeting gets new e-mails and an unchanged one none. Hashed:
 * BullMQ ids may not hold the `:` of meeting ids.
 */
export function meetingMailId(
  kind: PlannedMail['kind'],
  meetingId: string,
  side: ParticipantSide,
  sequence: number,
): string {
  const digest = createHash('sha256').update(`${meetingId}|${side}|${sequence}`).digest('hex').slice(0, 40);
  return `outcome-${kind}-${digest}`;
}

/** The `mail` queue, for e-mails sent later (BullMQ delayed jobs). */
export interface DelayedMailQueue {
  /** Queues `message` to go out after `delayMs` under `jobId`. */
  sendLater(jobId: string, message: MailJob, delayMs: number): Promise<void>;
  /** Removes a waiting or delayed e-mail (a meeting that was cancelled or moved). */
  withdraw(jobId: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens the `mail` queue for delayed e-mails about meetings. */
export function createDelayedMailQueue(
  options: Omit<ProducerQueueOptions, 'listen'> & { attempts: number; timeoutMs: number },
): DelayedMailQueue {
  const { queue, close } = openProducerQueue(MAIL_QUEUE, { ...options, listen: false });
  return {
    async sendLater(jobId, message, delayMs) {
      await withTimeout(
        queue.add('send', mailJobSchema.parse(message), {
          ...mailJobOptions(options.attempts),
          jobId,
          delay: delayMs,
        }),
        options.timeoutMs,
        'queueing an e-mail',
      );
    },
    async withdraw(jobId) {
      // A job being sent right now is locked and cannot be removed: it goes out, as it would have.
      await withTimeout(queue.remove(jobId), options.timeoutMs, 'withdrawing an e-mail').catch(() => 0);
    },
    close,
  };
}

/** What queueing the e-mails of one publish did. */
export interface QueuedMeetingMail {
  queued: number;
  withdrawn: number;
}

interface Participants {
  needs: Map<string, Need>;
  startups: Map<string, Startup>;
}

function recipientOf(
  side: ParticipantSide,
  meeting: Meeting,
  participants: Participants,
): { email: string; name: string; language: Language } | null {
  if (side === 'host') {
    const need = participants.needs.get(meeting.needId);
    return need && need.owner.email
      ? { email: need.owner.email, name: need.owner.name, language: need.language }
      : null;
  }
  const startup = participants.startups.get(meeting.startupId);
  return startup
    ? { email: startup.contact.email, name: startup.contact.name, language: startup.language ?? 'sv' }
    : null;
}

/** The record whose address a side's e-mails go to: the need (its host) or the startup (its contact). */
function recordOf(side: ParticipantSide, meeting: Meeting): MailRecipient {
  return side === 'host' ? { kind: 'need', id: meeting.needId } : { kind: 'startup', id: meeting.startupId };
}

/**
 * Whom a side's e-mails name besides the recipient: the startup's name the host's, and the need's
 * host (name, and address in the calendar entry) the startup's.
 */
function mentionsOf(side: ParticipantSide, meeting: Meeting): { mentions?: MailRecipient[] } {
  return side === 'startup' ? { mentions: [{ kind: 'need', id: meeting.needId }] } : {};
}

function detailsOf(event: MatchmakingEvent, meeting: Meeting, participants: Participants): MeetingDetails {
  const need = participants.needs.get(meeting.needId);
  return {
    eventName: event.name,
    date: meeting.date,
    start: meeting.start,
    end: meeting.end,
    room: event.rooms.find((room) => room.id === meeting.roomId)?.name ?? meeting.roomId,
    needTitle: need?.title ?? '',
    hostName: need?.owner.name ?? '',
    startupName: participants.startups.get(meeting.startupId)?.name ?? '',
  };
}

function labelsOf(event: MatchmakingEvent, participants: Participants): ScheduleLabels {
  return {
    needs: new Map(
      [...participants.needs.values()].map((need) => [
        need.id,
        { title: need.title, hostName: need.owner.name, hostEmail: need.owner.email },
      ]),
    ),
    startups: new Map([...participants.startups.values()].map((s) => [s.id, { name: s.name }])),
    rooms: new Map(event.rooms.map((room) => [room.id, room.name])),
  };
}

/**
 * After a publish: queues, as delayed jobs on the `mail` queue, each participant's reminder (with
 * the calendar entry) and outcome e-mail (with a link that records without signing in) for every
 * meeting of the published schedule whose e-mails were not queued before at its current calendar
 * sequence; withdraws the waiting e-mails of meetings that were cancelled or moved. Each e-mail is
 * claimed in the database first, so publishing twice never mails twice. `now` is injected.
 */
export async function queueMeetingMail(
  deps: ServiceDeps,
  queue: DelayedMailQueue,
  options: { eventId: string; publicUrl: string; now: Date },
): Promise<QueuedMeetingMail> {
  const { eventId, publicUrl, now } = options;
  const repositories = deps.repos;
  const event = await repositories.events.findById(eventId);
  const pointer = await repositories.schedules.pointer(eventId);
  const version =
    pointer.publishedVersion > 0
      ? await repositories.schedules.version(eventId, pointer.publishedVersion)
      : null;
  if (!event || !version) return { queued: 0, withdrawn: 0 };
  const sequenceOf = (meetingId: string) => pointer.calendar[calendarKeyOf(meetingId)]?.sequence ?? 0;

  let withdrawn = 0;
  const current = new Set(version.meetings.map((m) => `${m.id}#${sequenceOf(m.id)}`));
  for (const entry of Object.values(pointer.calendar)) {
    for (let sequence = 0; sequence <= entry.sequence; sequence += 1) {
      if (current.has(`${entry.meeting.id}#${sequence}`)) continue;
      for (const kind of ['reminder', 'outcome'] as const)
        for (const side of ['host', 'startup'] as const) {
          await queue.withdraw(meetingMailId(kind, entry.meeting.id, side, sequence));
          withdrawn += 1;
        }
    }
  }

  const all = { limit: 5_000, page: 1 };
  const [needs, startups] = await Promise.all([
    repositories.needs.list({ _id: { $in: [...new Set(version.meetings.map((m) => m.needId))] } }, all),
    repositories.startups.list({ _id: { $in: [...new Set(version.meetings.map((m) => m.startupId))] } }, all),
  ]);
  const participants: Participants = {
    needs: new Map(needs.items.map((need) => [need.id, need])),
    startups: new Map(startups.items.map((startup) => [startup.id, startup])),
  };
  const labels = labelsOf(event, participants);
  let queued = 0;
  for (const mail of planMeetingMail(version.meetings, event.timezone, now)) {
    const recipient = recipientOf(mail.side, mail.meeting, participants);
    if (!recipient) continue;
    const sequence = sequenceOf(mail.meeting.id);
    const jobId = meetingMailId(mail.kind, mail.meeting.id, mail.side, sequence);
    if (!(await repositories.outcomes.claimMail(jobId, now))) continue;
    try {
      const details = detailsOf(event, mail.meeting, participants);
      let message: MailJob;
      if (mail.kind === 'reminder') {
        const rendered = renderMeetingReminderEmail(recipient, details);
        const ics = renderIcs(
          { id: event.id, name: event.name, timezone: event.timezone },
          [{ meeting: mail.meeting, sequence, status: 'CONFIRMED' }],
          labels,
          { now },
        );
        message = {
          to: recipient.email,
          ...rendered,
          icalEvent: { method: 'PUBLISH', filename: 'meeting.ics', content: ics },
          recipient: recordOf(mail.side, mail.meeting),
          ...mentionsOf(mail.side, mail.meeting),
        };
      } else {
        const { secret, token } = await issueOutcomeLink(
          deps.repos,
          {
            eventId,
            meetingId: mail.meeting.id,
            side: mail.side,
            name: recipient.name,
            language: recipient.language,
          },
          mail.sendAt,
          now,
        );
        const link = `${publicUrl}/outcome?token=${encodeURIComponent(secret)}`;
        message = {
          to: recipient.email,
          ...renderOutcomeRequestEmail(recipient, details, link, token.expiresAt),
          recipient: recordOf(mail.side, mail.meeting),
          ...mentionsOf(mail.side, mail.meeting),
        };
      }
      await queue.sendLater(jobId, message, mail.delayMs);
      queued += 1;
    } catch (error) {
      await repositories.outcomes.releaseMail(jobId);
      throw error;
    }
  }
  return { queued, withdrawn };
}

/**
 * The `afterPublish` of the API: queues the published meetings' e-mails ({@link queueMeetingMail}).
 * A failure is logged, never thrown: the publish stands, and the next publish queues what is missing.
 */
export function meetingMailAfterPublish(
  deps: ServiceDeps,
  queue: DelayedMailQueue,
  publicUrl: string,
  clock: () => Date = () => new Date(),
): (eventId: string) => Promise<void> {
  return async (eventId) => {
    try {
      const result = await queueMeetingMail(deps, queue, { eventId, publicUrl, now: clock() });
      deps.logger.info({ eventId, ...result }, 'meeting e-mails queued');
    } catch (error) {
      deps.logger.error({ err: error, eventId }, 'meeting e-mails not queued; publishing again queues them');
    }
  };
}
