import { pilotCreateSchema, pilotPatchSchema, type Pilot } from '../../../models';
import { verdictOf, type OutcomeAnswer } from '../../../services/outcomes';
import { translator } from '../../i18n';
import {
  answerWords,
  disagreementsOf,
  fieldErrorsOf,
  meetingFilterOf,
  outcomeBodyOf,
  outcomeValuesOf,
  OUTCOME_FORM_MESSAGES,
  PILOT_FORM_MESSAGES,
  pilotBodyOf,
  pilotValuesOf,
  shownUnder,
  verdictWords,
} from './facilitator-forms';

const sv = translator('sv');
const held = (side: OutcomeAnswer['side'], nextStep: OutcomeAnswer['nextStep']): OutcomeAnswer => ({
  side,
  attendance: 'held',
  nextStep,
});

describe('disagreementsOf', () => {
  it('finds none when the sides say the same, or only one side answered', () => {
    expect(disagreementsOf([])).toEqual([]);
    expect(disagreementsOf([held('host', 'demo')])).toEqual([]);
    expect(disagreementsOf([held('host', 'demo'), held('startup', 'demo')])).toEqual([]);
  });

  it('finds a disagreement on attendance, and on who was absent', () => {
    const noShow = (side: OutcomeAnswer['side'], absent: ('host' | 'startup')[]): OutcomeAnswer => ({
      side,
      attendance: 'no_show',
      absent,
    });
    expect(disagreementsOf([held('host', 'none'), noShow('facilitator', ['startup'])])).toEqual([
      'attendance',
    ]);
    expect(disagreementsOf([noShow('host', ['startup']), noShow('startup', ['host'])])).toEqual([
      'attendance',
    ]);
    expect(
      disagreementsOf([noShow('host', ['startup', 'host']), noShow('facilitator', ['host', 'startup'])]),
    ).toEqual([]);
  });

  it('finds a disagreement on the next step among the sides that say it was held', () => {
    expect(disagreementsOf([held('host', 'demo'), held('startup', 'none')])).toEqual(['nextStep']);
    expect(
      disagreementsOf([
        held('host', 'demo'),
        held('startup', 'procurement'),
        { side: 'facilitator', attendance: 'cancelled_late' },
      ]),
    ).toEqual(['attendance', 'nextStep']);
  });
});

describe('the filter of the meetings list', () => {
  const item = (records: OutcomeAnswer[]) => ({ records, verdict: verdictOf(records) });

  it('reads ?show= and falls back to every meeting', () => {
    expect(meetingFilterOf('open')).toBe('open');
    expect(meetingFilterOf('noShow')).toBe('noShow');
    expect(meetingFilterOf('anything')).toBe('all');
    expect(meetingFilterOf(undefined)).toBe('all');
  });

  it('shows meetings without the facilitator, with a disagreement, or a no-show', () => {
    const open = item([held('host', 'demo')]);
    const decided = item([
      held('host', 'demo'),
      { side: 'facilitator', attendance: 'no_show', absent: ['host'] },
    ]);
    expect([shownUnder('open', open), shownUnder('open', decided)]).toEqual([true, false]);
    expect([shownUnder('disagree', open), shownUnder('disagree', decided)]).toEqual([false, true]);
    expect([shownUnder('noShow', open), shownUnder('noShow', decided)]).toEqual([false, true]);
    expect(shownUnder('all', item([]))).toBe(true);
  });
});

describe('the outcome form', () => {
  it('sends interest and next step only for a held meeting, and who was absent only for a no-show', () => {
    const typed = { absent: ['host'], interest: 'yes', nextStep: 'demo', note: '  Bra möte ' };
    expect(outcomeBodyOf({ ...typed, attendance: 'held' })).toEqual({
      attendance: 'held',
      interest: 'yes',
      nextStep: 'demo',
      note: 'Bra möte',
    });
    expect(outcomeBodyOf({ ...typed, attendance: 'no_show' })).toEqual({
      attendance: 'no_show',
      absent: ['host'],
      note: 'Bra möte',
    });
    expect(outcomeBodyOf({ ...typed, attendance: 'cancelled_late', note: ' ' })).toEqual({
      attendance: 'cancelled_late',
    });
  });

  it('sends a no-show without anyone absent as it is, for the use-case to name the field', () => {
    expect(outcomeBodyOf({ attendance: 'no_show', absent: [] })).toEqual({
      attendance: 'no_show',
      absent: [],
    });
    expect(outcomeBodyOf({ absent: [], interest: 'yes' })).toEqual({});
  });

  it('fills in the stored record, or nothing', () => {
    expect(outcomeValuesOf(undefined)).toEqual({ absent: [] });
  });

  it('names the problems in the order of the form, once per field, linking to the control', () => {
    const errors = fieldErrorsOf(
      sv,
      [{ path: 'nextStep' }, { path: 'absent' }, { path: 'absent.0' }, { path: 'attendance' }],
      OUTCOME_FORM_MESSAGES,
      { absent: 'absent-host' },
    );
    expect(errors).toEqual([
      { field: 'attendance', message: 'Välj om mötet blev av' },
      { field: 'absent-host', message: 'Välj vem som uteblev' },
      { field: 'nextStep', message: 'Välj vilket nästa steg parterna kom överens om' },
    ]);
  });
});

describe('the pilot form', () => {
  const link = { eventId: '64b7f0c2a1b2c3d4e5f60718', meetingId: 'm1' };

  it('reads a budget written the Swedish way as a number', () => {
    for (const [typed, budget] of [
      ['75', 75],
      ['75,5', 75.5],
      ['1 200', 1200],
      [' 40 ', 40],
    ] as const)
      expect(
        pilotBodyOf({ budgetKSek: typed, start: '2027-05-01', end: '2027-09-30' }, { link }).budgetKSek,
      ).toBe(budget);
  });

  it('sends anything else as typed, and the schema names the field', () => {
    for (const typed of ['åttio', '', '-5', '1e3'])
      expect(
        pilotCreateSchema
          .safeParse(pilotBodyOf({ budgetKSek: typed, start: '2027-05-01', end: '2027-09-30' }, { link }))
          .error?.issues.map((issue) => issue.path.join('.')),
      ).toEqual(['budgetKSek']);
  });

  it('gets every problem named at once, the end before the start among them', () => {
    const issues = (
      body: Record<string, unknown>,
      schema: typeof pilotCreateSchema | typeof pilotPatchSchema = pilotCreateSchema,
    ) => schema.safeParse(body).error?.issues.map((issue) => issue.path.join('.'));
    const typed = { budgetKSek: 'åttio', start: '2027-05-01', end: '2027-04-01' };
    expect(issues(pilotBodyOf(typed, { link }))).toEqual(['budgetKSek', 'end']);
    expect(issues(pilotBodyOf(typed, {}), pilotPatchSchema)).toEqual(['budgetKSek', 'end']);
    expect(new Set(issues(pilotBodyOf({ ...typed, start: '1 maj' }, { link })))).toEqual(
      new Set(['budgetKSek', 'start']),
    );
    expect(pilotCreateSchema.safeParse(null).success).toBe(false);
  });

  it('leaves out empty learnings, unless the pilot had some (then the empty text removes them)', () => {
    const values = {
      budgetKSek: '80',
      start: '2027-05-01',
      end: '2027-09-30',
      status: 'running',
      learnings: ' ',
    };
    expect(pilotBodyOf(values, { link })).toEqual({
      ...link,
      budgetKSek: 80,
      start: '2027-05-01',
      end: '2027-09-30',
      status: 'running',
    });
    const patch = pilotBodyOf(values, { hadLearnings: true });
    expect(patch.learnings).toBe('');
    expect(pilotPatchSchema.safeParse(patch)).toMatchObject({ success: true, data: { learnings: '' } });
    expect(pilotPatchSchema.safeParse({ learnings: null })).toMatchObject({ data: { learnings: null } });
    expect(pilotPatchSchema.safeParse({ learnings: 'x'.repeat(2001) }).error?.issues[0]?.path).toEqual([
      'learnings',
    ]);
  });

  it('round-trips a stored pilot through the form', () => {
    const pilot = {
      budgetKSek: 62.5,
      start: '2027-01-10',
      end: '2027-03-31',
      status: 'approved',
      learnings: 'Lärde oss mycket',
    } as Pilot;
    const body = pilotBodyOf(pilotValuesOf(pilot), { hadLearnings: true });
    expect(body).toEqual({
      budgetKSek: 62.5,
      start: '2027-01-10',
      end: '2027-03-31',
      status: 'approved',
      learnings: 'Lärde oss mycket',
    });
    expect(pilotPatchSchema.safeParse(body).success).toBe(true);
  });

  it('maps the use-case’s fields to the page’s messages, the meeting first', () => {
    expect(
      fieldErrorsOf(sv, [{ path: 'end' }, { path: 'meetingId' }], PILOT_FORM_MESSAGES).map((e) => e.field),
    ).toEqual(['meetingId', 'end']);
  });
});

describe('answers in words', () => {
  it('says what a side answered and how the meeting counts', () => {
    expect(answerWords(sv, { attendance: 'held', interest: 'maybe', nextStep: 'pilot_proposal' })).toBe(
      'mötet blev av, intresse: kanske, nästa steg: pilotförslag',
    );
    expect(answerWords(sv, { attendance: 'no_show', absent: ['host', 'startup'] })).toBe('båda uteblev');
    expect(answerWords(sv, { attendance: 'cancelled_late' })).toBe('inställt i sista stund');
    expect(verdictWords(sv, verdictOf([]))).toBe('inget rapporterat ännu (räknas som hållet)');
    expect(
      verdictWords(
        translator('en'),
        verdictOf([
          held('host', 'demo'),
          { side: 'facilitator', attendance: 'no_show', absent: ['startup'] },
        ]),
      ),
    ).toBe('the startup did not come');
  });
});
