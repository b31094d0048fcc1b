import type { Attendance, NextStep, Outcome, OutcomeSide, ParticipantSide } from '../../models';
import type { Principal } from '../auth';

/** The parts of a side's record that decide what became of a meeting. */
export type OutcomeAnswer = Pick<Outcome, 'side' | 'attendance' | 'absent' | 'nextStep'>;

/** What became of one meeting once every side's record is weighed. */
export interface MeetingVerdict {
  attendance: Attendance;
  /** Who did not come (empty unless `attendance` is `no_show`). */
  absent: ParticipantSide[];
  /** The next step that counts (null when nobody said, or the meeting was not held). */
  nextStep: NextStep | null;
  /** Held, with an agreed next step other than `none`: what the follow-up rate counts. */
  followUp: boolean;
  /** Whether any side recorded anything. */
  recorded: boolean;
}

const SIDE_ORDER: readonly OutcomeSide[] = ['host', 'startup'];

/**
 * Weighs the records of one meeting. The facilitator's record wins on attendance, on who was absent
 * and on the next step. Without one, the meeting counts as held unless a side says no-show (then
 * those that side names as absent are), or cancelled late; its next step is the first other than
 * `none` that the host or the startup recorded (host first), else `none` when one said so.
 * Pure: no I/O, no clock.
 */
export function verdictOf(records: readonly OutcomeAnswer[]): MeetingVerdict {
  const facilitator = records.find((record) => record.side === 'facilitator');
  const sides = SIDE_ORDER.flatMap((side) => records.filter((record) => record.side === side));
  const recorded = records.length > 0;
  if (facilitator) {
    const held = facilitator.attendance === 'held';
    const nextStep = held ? (facilitator.nextStep ?? null) : null;
    return {
      attendance: facilitator.attendance,
      absent: facilitator.attendance === 'no_show' ? [...(facilitator.absent ?? [])] : [],
      nextStep,
      followUp: held && nextStep !== null && nextStep !== 'none',
      recorded,
    };
  }
  const noShows = sides.filter((record) => record.attendance === 'no_show');
  if (noShows.length > 0) {
    const absent = new Set(noShows.flatMap((record) => record.absent ?? []));
    return {
      attendance: 'no_show',
      absent: (['host', 'startup'] as const).filter((side) => absent.has(side)),
      nextStep: null,
      followUp: false,
      recorded,
    };
  }
  if (sides.some((record) => record.attendance === 'cancelled_late'))
    return { attendance: 'cancelled_late', absent: [], nextStep: null, followUp: false, recorded };
  const steps = sides.map((record) => record.nextStep).filter((step) => step !== undefined);
  const nextStep = steps.find((step) => step !== 'none') ?? steps[0] ?? null;
  return {
    attendance: 'held',
    absent: [],
    nextStep,
    followUp: nextStep !== null && nextStep !== 'none',
    recorded,
  };
}

/** The meeting a record is about, as far as who may record it goes. */
export interface MeetingParties {
  startupId: string;
  /** The organisation of the meeting's need. */
  organisationId: string;
}

/**
 * Why `principal` may not record `side` of the meeting, or null when it may: a facilitator records
 * any side; a startup its own side of its own meetings; a development head the host side of the
 * meetings of her organisation's needs.
 */
export function refusalToRecord(
  principal: Principal,
  side: OutcomeSide,
  meeting: MeetingParties,
): string | null {
  switch (principal.role) {
    case 'facilitator':
      return null;
    case 'startup':
      if (side !== 'startup') return `A startup records only its own side (startup), not ${side}.`;
      return meeting.startupId === principal.startupId
        ? null
        : 'A startup records outcomes only of its own meetings.';
    case 'development_head':
      if (side !== 'host') return `A development head records only the host side, not ${side}.`;
      return meeting.organisationId === principal.organisationId
        ? null
        : 'A development head records outcomes only of meetings of her own organisation’s needs.';
  }
}

/**
 * The sides whose records `principal` reads in full: a facilitator every side; a startup its own,
 * a development head the host side. The other side's interest and note are its own business; the
 * verdict (held, no-show, the agreed next step) is shared by both.
 */
export function readableSides(principal: Principal): readonly OutcomeSide[] {
  if (principal.role === 'facilitator') return ['host', 'startup', 'facilitator'];
  return principal.role === 'startup' ? ['startup'] : ['host'];
}

/** Whether `principal` may read the outcomes of the meeting (the same parties that may record one of its sides). */
export function mayReadMeeting(principal: Principal, meeting: MeetingParties): boolean {
  if (principal.role === 'facilitator') return true;
  if (principal.role === 'startup') return meeting.startupId === principal.startupId;
  return meeting.organisationId === principal.organisationId;
}
