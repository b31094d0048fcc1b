/**
 * The facilitator page's meeting controls (web/app/app.js) in a real DOM against the real API and
 * database: a meeting in the grid opens its controls; "Cancel this meeting" with a reason, "Undo"
 * in the list of cancelled meetings, "Move meeting" to a taken place (the API's refusal shown) and
 * to a free one; and the note a draft repaired by a deleted need leaves on the page.
 */
import { formatCalendarDate } from '../../web/i18n';
import { JSDOM, VirtualConsole, type DOMWindow } from 'jsdom';
import type { Meeting } from '../../scheduling';
import { buildEvent, startTestApp, type TestApp } from '../support';
import { createScheduleWorld, type ScheduleWorld } from '../schedules/schedule-setup';
import { waitFor } from '../workers/support/wait';

const KEY_STORAGE = 'matchmaker.apiKey';
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

interface Draft {
  version: number;
  meetings: Meeting[];
}

interface Page {
  window: DOMWindow;
  errors: string[];
  el<T extends HTMLElement = HTMLElement>(id: string): T;
  text(id: string): string;
  idle(): Promise<void>;
  close(): void;
}

/** /app/ as the API serves it, run by jsdom with Node's fetch, the key already in the session. */
async function openPage(app: TestApp): Promise<Page> {
  const errors: string[] = [];
  let inFlight = 0;
  let loaded!: () => void;
  const load = new Promise<void>((resolve) => (loaded = resolve));
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('jsdomError', (error: Error) => errors.push(error.message));
  const dom = await JSDOM.fromURL(`${app.baseUrl}/app/`, {
    runScripts: 'dangerously',
    resources: 'usable',
    virtualConsole,
    beforeParse(window) {
      window.sessionStorage.setItem(KEY_STORAGE, app.facilitatorKey);
      window.fetch = (async (input: string | URL, init: RequestInit = {}) => {
        inFlight += 1;
        try {
          const response = await fetch(new URL(String(input), window.location.href), init);
          const body = await response.arrayBuffer();
          return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
          });
        } finally {
          inFlight -= 1;
        }
      }) as typeof window.fetch;
      window.addEventListener('load', () => loaded());
    },
  });
  await load;
  const page: Page = {
    window: dom.window,
    errors,
    el<T extends HTMLElement>(id: string) {
      const found = dom.window.document.getElementById(id);
      if (!found) throw new Error(`the page has no #${id}`);
      return found as T;
    },
    text: (id) => page.el(id).textContent ?? '',
    async idle() {
      await waitFor(
        'the page to finish its requests',
        async () => {
          if (inFlight > 0) return undefined;
          await new Promise((resolve) => setTimeout(resolve, 30));
          return inFlight === 0 ? true : undefined;
        },
        30_000,
        10,
      );
    },
    close: () => dom.window.close(),
  };
  return page;
}

function choose(page: Page, id: string, value: string): void {
  const select = page.el<HTMLSelectElement>(id);
  select.value = value;
  if (select.value !== value) throw new Error(`#${id} has no option ${value}`);
  select.dispatchEvent(new page.window.Event('change', { bubbles: true }));
}

function submit(page: Page, formId: string): void {
  const found = page.el(formId).querySelector<HTMLButtonElement>('button[type=submit]');
  if (!found) throw new Error(`#${formId} has no submit button`);
  found.click();
}

/** The grid cell button of the meeting between these two names. */
function meetingButton(page: Page, title: string, startup: string): HTMLButtonElement {
  const found = [...page.el('grid').querySelectorAll<HTMLButtonElement>('button.meeting')].find((b) =>
    (b.textContent ?? '').startsWith(`${title} ↔ ${startup} `),
  );
  if (!found) throw new Error(`no meeting ${title} ↔ ${startup} in the grid`);
  return found;
}

describe('the facilitator page: one meeting at a time', () => {
  let app: TestApp;
  let world: ScheduleWorld;
  let eventId: string;
  const pages: Page[] = [];
  const johan = { title: 'Överskottsenergi, "värme" & kyla', startup: 'Occupi Sense' };

  async function draft(): Promise<Draft> {
    const response = await app.request<Draft>('GET', `/events/${eventId}/schedule?version=draft`, {
      key: app.facilitatorKey,
    });
    return response.body;
  }

  async function pagePickingEvent(): Promise<Page> {
    const page = await openPage(app);
    pages.push(page);
    await page.idle();
    choose(page, 'event-select', eventId);
    await page.idle();
    return page;
  }

  beforeAll(async () => {
    app = await startTestApp();
    world = await createScheduleWorld(app);
    const created = await app.request<{ id: string }>('POST', '/events', {
      key: app.facilitatorKey,
      body: buildEvent({
        name: 'Möten en i taget',
        meetingMinutes: 20,
        changeoverMinutes: 5,
        days: [{ date: '2027-03-29', sessions: [{ start: '09:00', end: '10:15' }] }],
        rooms: [
          { id: 'bord-1', name: 'Bord 1' },
          { id: 'bord-2', name: 'Bord 2' },
          { id: 'bord-3', name: 'Bord 3' },
        ],
        needIds: world.needIds,
        startupIds: world.startupIds,
      }),
    });
    eventId = created.body.id;
    // Candidates ≥ 0.7: Johan's need meets only Occupi Sense, and the grid has free places.
    const built = await app.request('POST', `/events/${eventId}/schedule`, {
      key: app.facilitatorKey,
      body: { minScore: 0.7 },
    });
    expect(built.status).toBe(201);
  });

  afterAll(async () => {
    for (const page of pages) page.close();
    await app.destroy();
  });

  it('a meeting opens its controls; "Cancel this meeting" with a reason repairs the draft and lists it; "Undo" puts it back', async () => {
    const page = await pagePickingEvent();
    expect(page.el('meeting-panel').hidden).toBe(true);
    const before = await draft();
    const meeting = before.meetings.find(
      (m) => m.needId === world.needIds[2] && m.startupId === world.startupIds[1],
    );
    if (!meeting) throw new Error('no meeting of Johan');

    meetingButton(page, johan.title, johan.startup).click();
    expect(page.el('meeting-panel').hidden).toBe(false);
    expect(page.text('meeting-title')).toBe(
      `${johan.title} ↔ ${johan.startup}, ${formatCalendarDate(meeting.date, 'en')} ${meeting.start}–${meeting.end}, Bord ${meeting.roomId.slice(-1)}`,
    );
    page.el<HTMLInputElement>('meeting-reason').value = 'Johan är sjuk';
    submit(page, 'meeting-cancel-form');
    await page.idle();

    expect(page.text('message')).toBe('Meeting cancelled.');
    const cancelled = await draft();
    expect(cancelled.version).toBeGreaterThan(before.version);
    expect(cancelled.meetings.some((m) => m.id === meeting.id)).toBe(false);
    expect(page.text('repair-report')).toBe(
      `Repaired draft ${cancelled.version}: ${before.meetings.length - 1} kept in place, 0 moved, 0 added, 1 dropped. Publish to send the calendar updates.`,
    );
    expect(page.el('meeting-panel').hidden).toBe(true);
    expect(page.text('grid')).not.toContain(johan.startup);
    const listed = page.el('cancelled-meetings').querySelector('li');
    expect(listed?.textContent).toBe(
      `${johan.title} ↔ ${johan.startup}, ${formatCalendarDate(meeting.date, 'en')} ${meeting.start}, Bord ${meeting.roomId.slice(-1)}: cancelled (Johan är sjuk) Undo`,
    );

    listed?.querySelector('button')?.click();
    await page.idle();
    const undone = await draft();
    expect(page.text('message')).toBe(
      `${johan.title} ↔ ${johan.startup} is back in draft ${undone.version}.`,
    );
    expect(undone.meetings).toContainEqual(meeting);
    expect(page.el('cancelled-meetings').querySelector('li')).toBeNull();
    expect(meetingButton(page, johan.title, johan.startup)).toBeDefined();
    expect(page.errors).toEqual([]);
  });

  it('"Move meeting" to a taken table shows the API’s refusal naming it and changes nothing; to a free place it moves', async () => {
    const page = await pagePickingEvent();
    const before = await draft();
    const meeting = before.meetings.find((m) => m.needId === world.needIds[2]);
    const other = before.meetings.find((m) => meeting && m.start !== meeting.start);
    if (!meeting || !other) throw new Error('not enough meetings');

    meetingButton(page, johan.title, johan.startup).click();
    choose(page, 'move-slot', `${other.date} ${other.start}`);
    choose(page, 'move-room', other.roomId);
    submit(page, 'meeting-move-form');
    await page.idle();
    expect(page.el('message').className).toBe('error');
    expect(page.text('message')).toMatch(
      new RegExp(
        `^409 .*Bord ${other.roomId.slice(-1)} is taken then by .+ \\(${other.start}–${other.end}, Bord`,
      ),
    );
    expect((await draft()).version).toBe(before.version);

    const free = ['09:00', '09:25', '09:50']
      .filter((start) => start !== meeting.start)
      .flatMap((start) => ['bord-1', 'bord-2', 'bord-3'].map((roomId) => ({ start, roomId })))
      .find((p) => !before.meetings.some((m) => m.start === p.start && m.roomId === p.roomId));
    if (!free) throw new Error('no free place');
    choose(page, 'move-slot', `${meeting.date} ${free.start}`);
    choose(page, 'move-room', free.roomId);
    submit(page, 'meeting-move-form');
    await page.idle();
    expect(page.text('message')).toBe('Meeting moved.');
    const moved = await draft();
    expect(moved.meetings.find((m) => m.id === meeting.id)).toMatchObject({
      start: free.start,
      roomId: free.roomId,
    });
    const row = [...page.el('grid').querySelectorAll('tbody tr')].find((r) =>
      (r.querySelector('th')?.textContent ?? '').startsWith(free.start),
    );
    const column = Number(free.roomId.slice(-1));
    expect((row as HTMLTableRowElement | undefined)?.cells[column]?.textContent).toMatch(
      new RegExp(`^${johan.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ↔ ${johan.startup} `),
    );
    expect(page.errors).toEqual([]);
  });

  it('after a need with meetings is deleted, the event’s page says its draft was repaired and why', async () => {
    const need = await app.request('GET', `/needs/${world.needIds[2]}`, { key: app.facilitatorKey });
    const deleted = await app.request('DELETE', `/needs/${world.needIds[2]}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': need.headers.get('etag') ?? '' },
    });
    expect(deleted.status).toBe(200);
    const repaired = await draft();
    const page = await pagePickingEvent();
    expect(page.text('repair-report')).toBe(
      `Draft ${repaired.version} was repaired when ${johan.title} left the event: 1 dropped, 0 added, ${repaired.meetings.length} kept in place. Publish to send the calendar updates.`,
    );
    expect(page.errors).toEqual([]);
  });
});
