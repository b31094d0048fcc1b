import { meetingOf, sampleLabels } from './fixtures.test-helpers';
import { renderAgendaHtml, renderScheduleHtml } from './html.export';

const event = {
  id: 'ev1',
  name: 'Dag <1>',
  timezone: 'Europe/Stockholm',
  rooms: [
    { id: 'bord-1', name: 'Bord 1' },
    { id: 'bord-2', name: 'Bord 2' },
  ],
};

describe('renderScheduleHtml', () => {
  it('lays out the day as time × room, escapes user text and lists shortfalls', () => {
    const html = renderScheduleHtml(
      event,
      [
        meetingOf({ needId: 'n1', startupId: 's2' }),
        meetingOf({ needId: 'n2', startupId: 's1', roomId: 'bord-2', start: '09:25', end: '09:45' }),
      ],
      sampleLabels,
      { shortfalls: [{ needId: 'n2', met: 1, minimum: 2, reasons: ['host <away> in the afternoon'] }] },
    );
    expect(html).toContain('<th scope="col">Bord 1</th><th scope="col">Bord 2</th>');
    expect(html).toContain(
      '<th scope="row">09:00–09:20</th><td><span class="need">Rena golv, förskola; &quot;städ&quot; \\ test</span> ↔ &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co',
    );
    expect(html).toContain('<th scope="row">09:25–09:45</th><td class="empty"></td><td>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Dag &lt;1&gt;');
    expect(html).toContain('1 of 2 meetings — host &lt;away&gt; in the afternoon');
    expect(html).toContain('@media print');
  });
});

describe('renderAgendaHtml', () => {
  it('lists one participant’s meetings in time order', () => {
    const html = renderAgendaHtml(
      event,
      'Fuktvakt AB',
      [
        meetingOf({ needId: 'n2', startupId: 's1', start: '10:00', end: '10:20' }),
        meetingOf({ needId: 'n1', startupId: 's1' }),
      ],
      sampleLabels,
    );
    expect(html.indexOf('09:00–09:20')).toBeLessThan(html.indexOf('10:00–10:20'));
    expect(html).toContain('Agenda for Fuktvakt AB · 2 meetings');
  });
});
