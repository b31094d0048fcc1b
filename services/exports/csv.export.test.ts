import { renderScheduleCsv, csvField, spreadsheetText } from './csv.export';
import { meetingOf, sampleLabels } from './fixtures.test-helpers';

/** A small RFC 4180 reader, enough to check round trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += char;
  }
  return rows;
}

describe('renderScheduleCsv', () => {
  it('writes a BOM, a header and one CRLF row per meeting in time order, quoting per RFC 4180', () => {
    const csv = renderScheduleCsv(
      [
        meetingOf({
          needId: 'n2',
          startupId: 's2',
          start: '09:25',
          end: '09:45',
          roomId: 'bord-2',
          score: 0.5,
        }),
        meetingOf({ needId: 'n1', startupId: 's1' }),
      ],
      sampleLabels,
    );
    expect(csv.startsWith('\uFEFFdate,start,end,room,need,host,startup,score\r\n')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows).toEqual([
      ['date', 'start', 'end', 'room', 'need', 'host', 'startup', 'score'],
      [
        '2027-03-16',
        '09:00',
        '09:20',
        'Bord 1',
        'Rena golv, förskola; "städ" \\ test',
        'Anna Lindqvist',
        'Fuktvakt AB',
        '0.734',
      ],
      [
        '2027-03-16',
        '09:25',
        '09:45',
        'Bord 2',
        'Överskottsenergi\nfrån serverhallar',
        'Johan Berglund',
        '<script>alert(1)</script> & Co',
        '0.500',
      ],
    ]);
  });

  it('makes names and titles that a spreadsheet would run as a formula plain text, and leaves others alone', () => {
    expect(spreadsheetText('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    for (const start of ['+', '-', '@', '\t=', '\r='])
      expect(spreadsheetText(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(spreadsheetText('Fuktvakt AB')).toBe('Fuktvakt AB');
    expect(spreadsheetText('Å=1')).toBe('Å=1');
    const labels = { ...sampleLabels, startups: new Map([['s1', { name: "=cmd|' /C calc'!A0" }]]) };
    const csv = renderScheduleCsv([meetingOf({ needId: 'n1', startupId: 's1' })], labels, { bom: false });
    expect(parseCsv(csv)[1]?.[6]).toBe(`'=cmd|' /C calc'!A0`);
  });

  it('quotes every field that holds a separator (Swedish Excel splits on ;) and neutralises a formula in every part', () => {
    expect(csvField('Acme;AB')).toBe('"Acme;AB"');
    expect(csvField('a\tb')).toBe('"a\tb"');
    expect(spreadsheetText('Acme;=HYPERLINK("http://x","y")')).toBe(`Acme;'=HYPERLINK("http://x","y")`);
    expect(spreadsheetText('Acme,+1;@SUM(A1)')).toBe("Acme,'+1;'@SUM(A1)");
    expect(spreadsheetText('Bygg; rot och -avdrag')).toBe('Bygg; rot och -avdrag');
    const labels = {
      ...sampleLabels,
      startups: new Map([['s1', { name: 'Acme;=HYPERLINK("http://x","y")' }]]),
    };
    const csv = renderScheduleCsv([meetingOf({ needId: 'n1', startupId: 's1' })], labels, { bom: false });
    expect(csv).toContain(`,"Acme;'=HYPERLINK(""http://x"",""y"")",`);
    expect(parseCsv(csv)[1]?.[6]).toBe(`Acme;'=HYPERLINK("http://x","y")`);
  });

  it('leaves the BOM out on request and quotes only when needed', () => {
    expect(renderScheduleCsv([], sampleLabels, { bom: false })).toBe(
      'date,start,end,room,need,host,startup,score\r\n',
    );
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a "b"')).toBe('"a ""b"""');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });
});
