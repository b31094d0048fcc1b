import { translator } from '../../i18n';
import { outcomeNoteField } from './note-field';
import { outcomeRecordPage } from './record.page';

const sv = translator('sv');

describe('the note field of the outcome forms', () => {
  it('ties hint and error to the text area, marks it invalid and keeps what was typed, escaped', () => {
    const field = outcomeNoteField(sv, 'Demo i <april> & maj', 'För lång anteckning').toString();
    expect(field).toContain('<label for="note">');
    expect(field).toMatch(
      /<textarea id="note" name="note" rows="4"[^>]*aria-describedby="note-hint note-error"/,
    );
    expect(field).toContain('aria-invalid="true"');
    expect(field).toContain('<p class="field-error" id="note-error">För lång anteckning</p>');
    expect(field).toMatch(/>\s*Demo i &lt;april&gt; &amp; maj<\/textarea>/);
  });

  it('without an error names only the hint', () => {
    const field = outcomeNoteField(sv, undefined, undefined).toString();
    expect(field).toContain('aria-describedby="note-hint"');
    expect(field).not.toContain('aria-invalid');
    expect(field).toMatch(/>\s*<\/textarea>/);
  });

  it('is the field the link page shows', () => {
    const page = outcomeRecordPage(
      { language: 'sv', t: sv, path: '/outcome', csrfToken: 'csrf-1' },
      'token-1',
      {
        eventName: 'Matchmakingdag',
        needTitle: 'Rena golv',
        hostName: 'Anna Lindqvist',
        startupName: 'Fuktvakt AB',
        date: '2027-03-29',
        start: '09:00',
        end: '09:20',
        side: 'startup',
        otherName: 'Anna Lindqvist',
        respondent: 'Sam',
        expiresAt: new Date('2027-04-28T00:00:00Z'),
      },
      { note: 'Ses igen' },
      [{ field: 'note', message: 'För lång anteckning' }],
    );
    expect(page).toContain(outcomeNoteField(sv, 'Ses igen', 'För lång anteckning').toString());
  });
});
