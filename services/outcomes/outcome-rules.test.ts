import { refusalToRecord, verdictOf, type OutcomeAnswer } from './outcome-rules';

const heldWith = (side: OutcomeAnswer['side'], nextStep: OutcomeAnswer['nextStep']): OutcomeAnswer => ({
  side,
  attendance: 'held',
  nextStep,
});

describe('verdictOf', () => {
  it.each<[string, OutcomeAnswer[], ReturnType<typeof verdictOf>]>([
    [
      'nothing recorded counts as held, without a next step',
      [],
      { attendance: 'held', absent: [], nextStep: null, followUp: false, recorded: false },
    ],
    [
      "one side's next step other than none is the meeting's",
      [heldWith('host', 'none'), heldWith('startup', 'demo')],
      { attendance: 'held', absent: [], nextStep: 'demo', followUp: true, recorded: true },
    ],
    [
      'both sides saying none: no follow-up',
      [heldWith('host', 'none'), heldWith('startup', 'none')],
      { attendance: 'held', absent: [], nextStep: 'none', followUp: false, recorded: true },
    ],
    [
      "a side's no-show beats the other side's held, and names who was absent",
      [heldWith('host', 'demo'), { side: 'startup', attendance: 'no_show', absent: ['host'] }],
      { attendance: 'no_show', absent: ['host'], nextStep: null, followUp: false, recorded: true },
    ],
    [
      'cancelled late by a side is not held',
      [heldWith('host', 'demo'), { side: 'startup', attendance: 'cancelled_late' }],
      { attendance: 'cancelled_late', absent: [], nextStep: null, followUp: false, recorded: true },
    ],
    [
      "the facilitator's held wins over a side's no-show, with the facilitator's next step",
      [{ side: 'startup', attendance: 'no_show', absent: ['host'] }, heldWith('facilitator', 'procurement')],
      { attendance: 'held', absent: [], nextStep: 'procurement', followUp: true, recorded: true },
    ],
    [
      "the facilitator's no-show wins over both sides' held",
      [
        heldWith('host', 'demo'),
        heldWith('startup', 'demo'),
        { side: 'facilitator', attendance: 'no_show', absent: ['startup'] },
      ],
      { attendance: 'no_show', absent: ['startup'], nextStep: null, followUp: false, recorded: true },
    ],
  ])('%s', (_name, records, expected) => {
    expect(verdictOf(records)).toEqual(expected);
  });
});

describe('refusalToRecord', () => {
  const meeting = { startupId: 's1', organisationId: 'o1' };
  it.each([
    [{ role: 'facilitator', name: 'F', keyId: 'k' } as const, 'host', true],
    [{ role: 'facilitator', name: 'F', keyId: 'k' } as const, 'facilitator', true],
    [{ role: 'startup', name: 'S', keyId: 'k', startupId: 's1' } as const, 'startup', true],
    [{ role: 'startup', name: 'S', keyId: 'k', startupId: 's1' } as const, 'host', false],
    [{ role: 'startup', name: 'S', keyId: 'k', startupId: 's2' } as const, 'startup', false],
    [{ role: 'development_head', name: 'D', keyId: 'k', organisationId: 'o1' } as const, 'host', true],
    [{ role: 'development_head', name: 'D', keyId: 'k', organisationId: 'o1' } as const, 'startup', false],
    [{ role: 'development_head', name: 'D', keyId: 'k', organisationId: 'o2' } as const, 'host', false],
  ] as const)('%o may record %s: %s', (principal, side, allowed) => {
    expect(refusalToRecord(principal, side, meeting) === null).toBe(allowed);
  });
});
