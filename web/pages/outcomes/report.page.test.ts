import { eventReportOf, verdictOf, type ReportMeeting } from '../../../services/outcomes';
import { translator, type PageLanguage } from '../../i18n';
import { outcomesReportPage } from './report.page';

/** A held meeting of need `needId` with `score`, that led to a demo or to nothing. */
function held(needId: string, score: number, ledSomewhere: boolean): ReportMeeting {
  return {
    needId,
    startupId: `s-${needId}-${score}`,
    hostId: 'anna@tomelilla.se',
    score,
    priority: 1,
    organisationId: 'o1',
    verdict: verdictOf([
      {
        side: 'host',
        attendance: 'held',
        nextStep: ledSomewhere ? 'demo' : 'none',
      },
    ]),
  };
}

function render(language: PageLanguage, meetings: ReportMeeting[]): string {
  const report = eventReportOf({
    event: { id: 'e1', name: 'Dagen', firstDate: '2026-10-13', lastDate: '2026-10-13' },
    meetings,
    pilots: [],
    priorityOfNeed: new Map([['n1', 1]]),
    names: { organisations: new Map([['o1', 'Tomelilla kommun']]), startups: new Map(), hosts: new Map() },
    trend: [],
  });
  const page = outcomesReportPage(
    { language, t: translator(language), path: '/app/events/e1/report', csrfToken: 'x' },
    report,
  );
  return page.replace(/\s+/g, ' ');
}

// Three of four pairs (led somewhere, did not) have the meeting that led somewhere scoring higher.
const meetings = [
  held('n1', 0.9, true),
  held('n1', 0.7, false),
  held('n1', 0.5, true),
  held('n1', 0.3, false),
];

describe('the report page says how well the match score foretold the outcome', () => {
  it('in Swedish: the share of pairs the score ordered right, beside a random order, and nDCG@10', () => {
    const page = render('sv', meetings);
    expect(page).toMatch(
      /hade mötet med nästa steg högre matchningspoäng i 75 % av paren \(i en slumpvis ordning \d\d %\)/,
    );
    expect(page).toMatch(/nDCG@10 0,\d\d \(1 är bäst; i en slumpvis ordning 0,\d\d\)/);
    expect(page).toContain('i den översta fjärdedelen av matchningspoäng ledde 100 % till ett nästa steg');
  });

  it('in English', () => {
    const page = render('en', meetings);
    expect(page).toMatch(/had the higher match score in 75% of the pairs \(in a random order \d\d%\)/);
  });

  it('says it cannot tell when no held meeting (or every one) led somewhere', () => {
    const page = render(
      'sv',
      meetings.map((meeting) => held(meeting.needId, meeting.score, false)),
    );
    expect(page).toContain('Det behövs hållna möten både med och utan nästa steg');
  });
});
