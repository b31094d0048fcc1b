import type { Outcome, Pilot } from '../../../models';
import { verdictOf } from '../../../services/outcomes';
import { translator, type PageLanguage } from '../../i18n';
import type { PageContext } from '../layout';
import {
  meetingOutcomePage,
  meetingOutcomesPage,
  type FacilitatorMeeting,
} from './facilitator-outcomes.page';
import { pilotFormPage } from './pilots.page';

function context(language: PageLanguage = 'sv'): PageContext {
  return { language, t: translator(language), path: '/app/events/e1/outcomes', csrfToken: 'csrf-1' };
}

const names = {
  needTitle: 'Överskottsenergi, "värme" & kyla',
  organisation: 'Helsingborgs stad',
  hostName: 'Johan Berglund',
  startupName: 'HeatLoop <AB>',
  room: 'Bord 2',
};

function record(side: Outcome['side'], answer: Partial<Outcome>, history: Outcome['history'] = []): Outcome {
  return {
    id: `o-${side}`,
    key: `e1|m1|${side}`,
    eventId: 'e1',
    meetingId: 'e1:n1:s1',
    needId: 'n1',
    startupId: 's1',
    organisationId: 'o1',
    side,
    attendance: 'held',
    recordedBy: { role: 'participant', name: 'Johan Berglund', via: 'link' },
    recordedAt: new Date('2027-03-30T08:15:00Z'),
    version: history.length + 1,
    history,
    createdAt: new Date('2027-03-30T08:15:00Z'),
    updatedAt: new Date('2027-03-30T08:15:00Z'),
    ...answer,
  };
}

function meeting(records: Outcome[]): FacilitatorMeeting {
  return {
    id: 'e1:n1:s1',
    date: '2027-03-29',
    start: '09:00',
    end: '09:20',
    names,
    records,
    verdict: verdictOf(records),
  };
}

const flat = (page: string) => page.replace(/\s+/g, ' ');

describe("the facilitator's outcome pages", () => {
  const host = record('host', { attendance: 'held', interest: 'no', nextStep: 'none' });
  const facilitator = record(
    'facilitator',
    {
      attendance: 'no_show',
      absent: ['startup'],
      note: 'Kom aldrig',
      recordedBy: { role: 'facilitator', name: 'Frida Lind', via: 'session' },
      recordedAt: new Date('2027-03-30T12:00:00Z'),
    },
    [
      {
        attendance: 'cancelled_late',
        recordedBy: { role: 'facilitator', name: 'Erik Ek', via: 'key' },
        recordedAt: new Date('2027-03-29T15:30:00Z'),
        version: 1,
      },
    ],
  );

  it('lists each side’s answer, how the meeting counts and the disagreement, names escaped', () => {
    const page = flat(
      meetingOutcomesPage(context(), {
        event: { id: 'e1', name: 'Dagen' },
        meetings: [meeting([host, facilitator])],
        total: 3,
        filter: 'disagree',
      }),
    );
    expect(page).toContain('Visar 1 av 3 möten.');
    expect(page).toContain('href="/app/events/e1/outcomes/e1%3An1%3As1"');
    expect(page).toContain('Överskottsenergi, &quot;värme&quot; &amp; kyla och HeatLoop &lt;AB&gt;');
    expect(page).toContain('måndag 29 mars 2027 kl. 09:00–09:20, Bord 2');
    expect(page).toMatch(/<dt>Värden<\/dt> <dd>mötet blev av, intresse: nej, nästa steg: inget<\/dd>/);
    expect(page).toMatch(/<dt>Startupen<\/dt> <dd>inget svar<\/dd>/);
    expect(page).toContain('Räknas som: startupen uteblev');
    expect(page).toContain('Parterna är oeniga om mötet blev av. Processledarens uppgift avgör.');
    expect(page).toMatch(/<option value="disagree" selected>/);
  });

  it('shows a meeting’s records with their history (who, how, when) and the form filled in', () => {
    const page = flat(
      meetingOutcomePage(context(), {
        event: { id: 'e1', name: 'Dagen' },
        meeting: meeting([host, facilitator]),
        pilots: [],
        values: { attendance: 'no_show', absent: ['startup'], note: 'Kom aldrig' },
        version: 2,
      }),
    );
    expect(page).toContain('Rapporterat av Johan Berglund (via e-postlänken) tisdag 30 mars 2027 kl. 10:15.');
    expect(page).toContain('Tidigare svar (1)');
    expect(page).toContain('måndag 29 mars 2027 kl. 17:30, Erik Ek (med API-nyckel): inställt i sista stund');
    expect(page).toContain('Anteckning: Kom aldrig');
    expect(page).toContain('<input type="hidden" name="version" value="2" />');
    expect(page).toContain('<input type="hidden" name="_csrf" value="csrf-1" />');
    expect(page).toMatch(/id="absent-startup" name="absent" value="startup" checked/);
    expect(page).not.toMatch(/id="absent-host" name="absent" value="host" checked/);
    expect(page).toContain('href="/app/events/e1/pilots/new?meetingId=e1%3An1%3As1"');
  });

  it('names a problem next to its question and keeps what was typed', () => {
    const page = flat(
      meetingOutcomePage(context(), {
        event: { id: 'e1', name: 'Dagen' },
        meeting: meeting([]),
        pilots: [],
        values: { attendance: 'no_show', absent: [], note: 'Ingen kom' },
        errors: [{ field: 'absent-host', message: 'Välj vem som uteblev' }],
      }),
    );
    expect(page).toContain('<title>Det finns ett problem: Utfall:');
    expect(page).toContain('<a href="#absent-host">Välj vem som uteblev</a>');
    expect(page).toContain('<p class="field-error" id="absent-error">Välj vem som uteblev</p>');
    expect(page).toMatch(/<textarea id="note"[^>]*>\s*Ingen kom<\/textarea>/);
    expect(page).toMatch(/value="no_show" checked/);
  });

  it('a pilot’s form keeps what was typed and names the field; English at a click', () => {
    const pilot = {
      id: 'p1',
      version: 3,
      status: 'running',
      budgetKSek: 80,
      start: '2027-05-01',
      end: '2027-09-30',
    } as Pilot;
    const page = flat(
      pilotFormPage(context('en'), {
        event: { id: 'e1', name: 'Dagen' },
        meeting: meeting([]),
        pilot,
        values: { budgetKSek: 'eighty', start: '2027-05-01', end: '2027-09-30', status: 'done' },
        errors: [{ field: 'budgetKSek', message: 'Write the budget in thousands of kronor' }],
      }),
    );
    expect(page).toContain(
      '<h1>Pilot: Överskottsenergi, &quot;värme&quot; &amp; kyla and HeatLoop &lt;AB&gt;</h1>',
    );
    expect(page).toContain('action="/app/events/e1/pilots/p1"');
    expect(page).toContain('<input type="hidden" name="version" value="3" />');
    expect(page).toMatch(
      /id="budgetKSek-error">Write the budget in thousands of kronor<\/p> <input id="budgetKSek" name="budgetKSek" type="text" value="eighty"/,
    );
    expect(page).toMatch(/<option value="done" selected> Done <\/option>/);
    expect(page).toContain('From the meeting on Monday, 29 March 2027, 09:00–09:20');
  });
});
