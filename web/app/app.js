// Facilitator page: plain DOM + fetch, no build step. Served two ways: signed in (the page at
// /app/events/:id, whose <meta name="csrf-token"> the script sends with the session cookie), or at
// /app/index.html with an API key kept in sessionStorage only.
'use strict';

const KEY_STORAGE = 'matchmaker.apiKey';
/** The signed-in person's CSRF token, or null on the API-key page. */
const CSRF_TOKEN = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? null;
/** The signed-in page loads a need's matches when it is opened, not every need's at once. */
const LAZY_MATCHES = document.getElementById('tool')?.dataset.lazyMatches === 'true';
/** Needs whose matches are open (kept open when the needs are drawn again). @type {Set<string>} */
const openNeeds = new Set();
/** The page's texts in the person's language (the catalogue's `script.*` keys, handed over as JSON). @type {Record<string, string>} */
const MESSAGES = JSON.parse(document.getElementById('page-messages')?.textContent ?? '{}');
/** The page's language: dates and numbers are written its way. */
const LANGUAGE = document.documentElement.lang === 'en' ? 'en' : 'sv';
const LOCALE = LANGUAGE === 'en' ? 'en-GB' : 'sv-SE';
/** Every date people read is a Stockholm date. */
const TIME_ZONE = 'Europe/Stockholm';

/**
 * A text of the page: `MESSAGES[key]` with `{name}` filled from `params` (a key the catalogue lacks
 * shows as itself, so the gap is seen; a test checks that every key used here exists).
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
function msg(key, params = {}) {
  return (MESSAGES[key] ?? key).replace(/\{(\w+)\}/g, (whole, name) =>
    name in params ? String(params[name]) : whole,
  );
}

const DAY_FORMAT = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
/** A calendar date (`YYYY-MM-DD`) as "tisdag 16 mars 2027" (noon UTC is that day in Stockholm all year). @param {string} isoDate */
const dayName = (isoDate) => DAY_FORMAT.format(new Date(`${isoDate}T12:00:00Z`));
const SCORE_FORMAT = new Intl.NumberFormat(LOCALE, {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  useGrouping: false,
});
/** A score or objective as "0,62" / "0.62". @param {number} value */
const decimal = (value) => SCORE_FORMAT.format(value);
/** A language code in words ("svenska"), the code itself when the catalogue has no name for it. @param {string | undefined} code */
const languageName = (code) => (code && MESSAGES[`script.language.${code}`]) || code || '?';

/** @typedef {{ needId: string, startupId: string }} Pair */

// `others`: profiles that appear in matches but are not enrolled in the event (shown by name too).
/**
 * @type {{ event: PageEvent | null, needs: Map<string, PageNeed>, startups: Map<string, PageStartup>,
 *   others: Map<string, PageStartup>, pairings: { pins: Pair[], bans: Pair[], cancellations?: PageCancellation[] },
 *   schedule: PageSchedule | null }}
 */
const state = {
  event: null,
  needs: new Map(),
  startups: new Map(),
  others: new Map(),
  pairings: { pins: [], bans: [] },
  schedule: null,
};

/**
 * The page's element with id `id` (the page is static: a missing one is a bug, said at once).
 * @param {string} id
 * @returns {HTMLElement}
 */
function $(id) {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The page has no #${id}.`);
  return found;
}

/**
 * A form field's element (input or select): its `value` is what the facilitator entered.
 * @param {string} id
 * @returns {HTMLInputElement | HTMLSelectElement}
 */
function field(id) {
  const found = $(id);
  if (!(found instanceof HTMLInputElement || found instanceof HTMLSelectElement))
    throw new Error(`#${id} is not a form field.`);
  return found;
}

/**
 * A new element: `class`, `on…` handlers and other attributes from `attrs`; children nodes or text.
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...any} children
 * @returns {HTMLElement}
 */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children.flat())
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/**
 * @param {string} text
 * @param {'ok' | 'error'} [kind]
 */
function say(text, kind = 'ok') {
  const box = $('message');
  box.textContent = text;
  box.className = kind;
}

// Resolves with { status, body }; rejects on an HTTP error with the problem's detail.
/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {string} [accept]
 * @returns {Promise<{ status: number, body: any }>} the body as the route answers it (JSON or a Blob)
 */
async function send(method, path, body, accept = 'application/json') {
  /** @type {Record<string, string>} */
  const headers = CSRF_TOKEN
    ? { 'x-csrf-token': CSRF_TOKEN, accept }
    : { authorization: `Bearer ${sessionStorage.getItem(KEY_STORAGE) ?? ''}`, accept };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    const problem = type.includes('json') ? await response.json() : { detail: await response.text() };
    const fields = (problem.errors ?? [])
      .map((/** @type {{ path: string, message: string }} */ e) => `${e.path}: ${e.message}`)
      .join('; ');
    throw new Error(`${response.status} ${problem.detail ?? ''}${fields ? ` (${fields})` : ''}`);
  }
  return {
    status: response.status,
    body: type.includes('json') ? await response.json() : await response.blob(),
  };
}

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {string} [accept]
 * @returns {Promise<any>} the body as the route answers it (JSON or a Blob)
 */
async function api(method, path, body, accept = 'application/json') {
  return (await send(method, path, body, accept)).body;
}

// A large event's build or repair answers 202 and runs on the worker: poll the job (showing its
// progress) and load the draft it stored. Smaller ones answer 201 with the draft itself.
/**
 * @param {{ status: number, body: any }} outcome
 * @param {string} label
 * @returns {Promise<{ draft: PageSchedule, result: PageJobResult | null }>}
 */
async function draftOf(outcome, label) {
  if (outcome.status !== 202) return { draft: outcome.body, result: null };
  say(msg('script.job.progress', { label, state: msg('script.job.queued') }));
  const result = await MatchmakerJobs.followJob((path) => api('GET', path), outcome.body.status, {
    text: msg,
    onUpdate: (job) =>
      say(msg('script.job.progress', { label, state: MatchmakerJobs.describeJob(job, msg) })),
  });
  return { draft: await api('GET', `/events/${result.eventId}/schedule?version=${result.version}`), result };
}

// Disables the form's buttons while `action` runs, so a long build is not started twice.
/**
 * @param {EventTarget | null} form
 * @param {() => Promise<void>} action
 */
async function busy(form, action) {
  if (!(form instanceof HTMLFormElement)) throw new Error('busy() needs the form.');
  const buttons = [...form.querySelectorAll('button')];
  for (const button of buttons) button.disabled = true;
  try {
    await action();
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

/** Runs `action`, showing its error (if any) as the page's message. @param {() => Promise<void>} action */
async function guarded(action) {
  try {
    await action();
  } catch (error) {
    say(error instanceof Error ? error.message : String(error), 'error');
  }
}

// The schedule controls show as soon as the key works, before an event is picked: say so instead of
// failing with "Cannot read properties of null".
function pickedEvent() {
  if (!state.event) throw new Error(msg('script.pickFirst'));
  return state.event;
}

/**
 * @param {string} needId
 * @param {string} startupId
 */
function pairState(needId, startupId) {
  const same = (/** @type {Pair} */ p) => p.needId === needId && p.startupId === startupId;
  if (state.pairings.bans.some(same)) return 'banned';
  if (state.pairings.pins.some(same)) return 'pinned';
  return '';
}

async function loadEvents() {
  const page = await api('GET', '/events?limit=100');
  const select = $('event-select');
  select.replaceChildren(
    el('option', { value: '' }, msg('script.pickEvent')),
    ...page.items.map((/** @type {PageEvent} */ event) => el('option', { value: event.id }, event.name)),
  );
  $('main').hidden = false;
}

// Picking another event, or drawing the needs again (after a pin), supersedes the load or drawing in
// progress: its answers can come late (the needs are drawn one request each, seconds on a large
// event) and must neither replace nor add to what the page shows for the newer one. Drafts that
// arrive for an event no longer shown are not shown either (see showDraft).
let eventPicks = 0;
let needsDrawings = 0;

/**
 * The event load in progress (the signed-in page loads its event as it opens, one request per need
 * and startup): a button pressed meanwhile waits for it instead of saying that no event is picked.
 * @type {Promise<void>}
 */
let eventLoading = Promise.resolve();

/** @param {string} id */
function loadEvent(id) {
  eventLoading = showEvent(id);
  return eventLoading;
}

/** The event shown, once the load in progress (if any) has ended; for the page's buttons. */
async function eventReady() {
  await eventLoading.catch(() => undefined); // its error is shown by whoever started the load
  return pickedEvent();
}

/** @param {string} id */
async function showEvent(id) {
  const pick = ++eventPicks;
  /** @type {PageEvent} */
  const event = await api('GET', `/events/${id}`);
  /** @type {[PageNeed[], PageStartup[]]} */
  const [needs, startups] = await Promise.all([
    Promise.all(
      event.needIds.map((needId) =>
        api('GET', `/needs/${needId}`).catch(() => ({
          id: needId,
          title: msg('script.unknownNeed'),
          owner: { name: msg('script.unknownPerson'), email: '?' },
        })),
      ),
    ),
    Promise.all(
      event.startupIds.map((startupId) =>
        api('GET', `/startups/${startupId}`).catch(() => ({
          id: startupId,
          name: msg('script.unknownStartup'),
        })),
      ),
    ),
  ]);
  const pairings = await api('GET', `/events/${id}/pairings`);
  if (pick !== eventPicks) return;
  state.event = event;
  state.needs = new Map(needs.map((need) => [need.id, need]));
  state.startups = new Map(startups.map((startup) => [startup.id, startup]));
  state.pairings = pairings;
  $('repair-report').textContent = ''; // it was about the event shown before
  selectMeeting(null);
  renderCancelledMeetings();
  const days = event.days
    .map((day) => day.date)
    .sort()
    .map(dayName)
    .join(', ');
  $('event-summary').textContent = msg('script.eventSummary', {
    needs: needs.length,
    startups: startups.length,
    rooms: event.rooms.length,
    days,
  });
  fillCancelTargets();
  await Promise.all([renderNeeds(), loadSchedule()]);
}

async function renderNeeds() {
  const drawing = ++needsDrawings;
  const container = $('needs');
  container.replaceChildren();
  for (const need of state.needs.values()) {
    const block = el(
      'div',
      { class: 'need' },
      el('h3', {}, need.title),
      el(
        'p',
        { class: 'muted' },
        msg('script.needLine', {
          owner: need.owner.name,
          email: need.owner.email,
          priority: need.priority ?? '?',
          min: need.meetings?.min ?? '?',
          max: need.meetings?.max ?? '?',
        }),
      ),
    );
    if (LAZY_MATCHES) {
      const details = el(
        'details',
        { class: 'need', 'data-need-id': need.id },
        el('summary', {}, ...block.childNodes),
      );
      details.addEventListener('toggle', () => {
        if (!(details instanceof HTMLDetailsElement)) return;
        if (!details.open) {
          openNeeds.delete(need.id);
          return;
        }
        openNeeds.add(need.id);
        if (details.dataset.loaded) return;
        details.dataset.loaded = 'true';
        guarded(async () => {
          await drawMatches(details, need, drawing);
        });
      });
      container.append(details);
      if (openNeeds.has(need.id) && details instanceof HTMLDetailsElement) details.open = true;
      continue;
    }
    container.append(block);
    if (!(await drawMatches(block, need, drawing))) return;
  }
}

/**
 * Draws `need`'s ranked matches into `block`; false when a newer drawing has started meanwhile.
 * @param {HTMLElement} block
 * @param {PageNeed} need
 * @param {number} drawing
 * @returns {Promise<boolean>}
 */
async function drawMatches(block, need, drawing) {
  /** @type {{ items: PageMatch[], stale?: boolean, error?: undefined } | { error: Error }} */
  const matches = await api('GET', `/needs/${need.id}/matches?limit=20`).catch((error) => ({ error }));
  if (drawing !== needsDrawings) return false;
  if (matches.error) {
    block.append(
      el('p', { class: 'muted' }, msg('script.matchesUnavailable', { error: matches.error.message })),
    );
    return true;
  }
  if (matches.items.length === 0) {
    block.append(
      el('p', { class: 'muted' }, matches.stale ? msg('script.matchesComputing') : msg('script.noMatches')),
    );
    return true;
  }
  await fetchOtherNames(matches.items.map((match) => match.startupId));
  if (drawing !== needsDrawings) return false;
  const rows = matches.items.map((match) => {
    const enrolled = state.startups.has(match.startupId);
    const explanation = match.explanation ?? {};
    const why = [
      ...(explanation.terms ?? []).slice(0, 5).map((t) => el('span', { class: 'tag' }, t.term)),
      ...(explanation.tags ?? []).slice(0, 3).map((t) => el('span', { class: 'tag' }, `#${t.tag}`)),
      ...(explanation.crossLanguage
        ? [
            el(
              'span',
              {
                class: 'tag flag',
                title: msg('script.crossLanguageTitle', {
                  need: languageName(explanation.needLanguage),
                  startup: languageName(explanation.startupLanguage),
                }),
              },
              msg('script.crossLanguage'),
            ),
          ]
        : []),
    ];
    const actions = enrolled
      ? [
          el(
            'button',
            { type: 'button', onclick: () => guarded(() => togglePair('pins', need.id, match.startupId)) },
            pairState(need.id, match.startupId) === 'pinned' ? msg('script.unpin') : msg('script.pin'),
          ),
          ' ',
          el(
            'button',
            { type: 'button', onclick: () => guarded(() => togglePair('bans', need.id, match.startupId)) },
            pairState(need.id, match.startupId) === 'banned' ? msg('script.unban') : msg('script.ban'),
          ),
        ]
      : [el('span', { class: 'muted' }, msg('script.notEnrolled'))];
    const name = (state.startups.get(match.startupId) ?? state.others.get(match.startupId))?.name;
    return el(
      'tr',
      { class: pairState(need.id, match.startupId) },
      el('td', {}, match.rank),
      el('td', {}, name ?? msg('script.unknownStartup')),
      el('td', { class: 'score' }, decimal(match.score)),
      el('td', { class: 'why' }, why),
      el('td', { class: 'actions' }, actions),
    );
  });
  block.append(
    el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, '#'),
          el('th', {}, msg('script.startup')),
          el('th', {}, msg('script.score')),
          el('th', {}, msg('script.why')),
          el('th', {}, el('span', { class: 'visually-hidden' }, msg('script.actions'))),
        ),
      ),
      el('tbody', {}, rows),
    ),
  );
  return true;
}

/**
 * Looks up, once per page, the names of matched profiles that are not enrolled (a failed look-up shows the id).
 * @param {string[]} startupIds
 */
async function fetchOtherNames(startupIds) {
  const missing = [...new Set(startupIds)].filter((id) => !state.startups.has(id) && !state.others.has(id));
  /** @type {PageStartup[]} */
  const found = await Promise.all(
    missing.map((id) =>
      api('GET', `/startups/${id}`).catch(() => ({ id, name: msg('script.unknownStartup') })),
    ),
  );
  for (const startup of found) state.others.set(startup.id, startup);
}

/**
 * @param {'pins' | 'bans'} kind
 * @param {string} needId
 * @param {string} startupId
 */
async function togglePair(kind, needId, startupId) {
  const current = pairState(needId, startupId);
  const active = (kind === 'pins' && current === 'pinned') || (kind === 'bans' && current === 'banned');
  state.pairings = await api(active ? 'DELETE' : 'POST', `/events/${pickedEvent().id}/${kind}`, {
    needId,
    startupId,
  });
  if (kind === 'pins') say(msg(active ? 'script.pinRemoved' : 'script.pinAdded'));
  else say(msg(active ? 'script.banRemoved' : 'script.banAdded'));
  await renderNeeds();
}

function fillCancelTargets() {
  const kind = field('cancel-kind').value;
  /** @type {[string, string][]} */
  let options;
  if (kind === 'startup') options = [...state.startups.values()].map((s) => [s.id, s.name]);
  else if (kind === 'host')
    options = [
      ...new Map(
        [...state.needs.values()].map((n) => [
          n.owner.email.toLowerCase(),
          `${n.owner.name} <${n.owner.email}>`,
        ]),
      ).entries(),
    ];
  else options = (state.event?.rooms ?? []).map((r) => [r.id, r.name]);
  $('cancel-target').replaceChildren(...options.map(([value, label]) => el('option', { value }, label)));
}

async function loadSchedule() {
  const event = pickedEvent();
  const schedule = await api('GET', `/events/${event.id}/schedule?version=draft`).catch(() => null);
  if (state.event !== event) return;
  state.schedule = schedule;
  renderSchedule();
  await scoutingShown;
  // A need or startup that left (deleted, closed) repaired the draft by itself: say so here.
  const repair = schedule?.repair;
  if (repair?.label !== undefined)
    $('repair-report').textContent = msg('script.repairedOnDeparture', {
      version: schedule.version,
      name: repair.label,
      dropped: repair.dropped.length,
      added: repair.added.length,
      kept: repair.kept,
    });
}

// Shows a draft that a build or repair of `picked` returned, unless another event has been picked
// since (a queued build can take minutes); says whether it did.
/**
 * @param {PageEvent} picked
 * @param {PageSchedule} draft
 */
function showDraft(picked, draft) {
  if (state.event?.id !== picked.id) return false;
  state.schedule = draft;
  renderSchedule();
  return true;
}

// The needs short of startups that fit well (the draft's scouting list), as the API words it in the
// page's language: each need's strongest terms and tags, its near misses and why they fell short,
// and the event's sign-up link to send to the startups a facilitator finds.
let scoutingDrawings = 0;
/** The scouting list being drawn for the draft shown: flows that show a draft await it before they say they are done. */
let scoutingShown = Promise.resolve();

/** @param {PageSchedule | null} schedule */
async function renderScouting(schedule) {
  const drawing = ++scoutingDrawings;
  const event = state.event;
  if (!event || !schedule || (schedule.scouting ?? []).length === 0) {
    $('scouting').replaceChildren();
    return;
  }
  /** @type {PageScouting} */
  const list = await api('GET', `/events/${event.id}/scouting?lang=${LANGUAGE}`);
  if (drawing !== scoutingDrawings || state.event !== event) return;
  const items = list.needs.map((need) =>
    el(
      'li',
      {},
      el('strong', {}, need.needTitle),
      ` – ${need.summary}. `,
      msg('script.scouting.lookFor', {
        terms: [...need.tags.map((tag) => `#${tag}`), ...need.terms].join(', '),
      }),
      need.nearMisses.length === 0
        ? el('p', { class: 'muted' }, msg('script.scouting.noNearMisses'))
        : el(
            'div',
            {},
            el('p', {}, msg('script.scouting.nearMisses')),
            el(
              'ul',
              {},
              need.nearMisses.map((miss) =>
                el(
                  'li',
                  {},
                  // The reason starts with the score, written so that it reads as below the floor.
                  msg('script.scouting.nearMiss', { name: miss.startupName, why: miss.why }),
                ),
              ),
            ),
          ),
    ),
  );
  const signUp = list.signUpUrl
    ? el(
        'p',
        {},
        msg('script.scouting.signUp'),
        ' ',
        el('a', { href: list.signUpUrl, class: 'sign-up-link' }, list.signUpUrl),
      )
    : el('p', { class: 'muted' }, msg('script.scouting.noSignUp'));
  $('scouting').replaceChildren(
    el('h3', {}, msg('script.scouting.title')),
    ...(list.floorText ? [el('p', { class: 'muted' }, list.floorText)] : []),
    signUp,
    el('ul', {}, ...items),
    el('button', { type: 'button', onclick: () => guarded(downloadScouting) }, msg('script.scouting.csv')),
  );
}

async function downloadScouting() {
  const event = pickedEvent();
  const blob = await api('GET', `/events/${event.id}/scouting.csv?lang=${LANGUAGE}`, undefined, 'text/csv');
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: `scouting-${event.id}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** @param {string} id */
const needTitle = (id) => state.needs.get(id)?.title ?? msg('script.unknownNeed');
/** @param {string} id */
const startupName = (id) =>
  (state.startups.get(id) ?? state.others.get(id))?.name ?? msg('script.unknownStartup');
/** @param {PageMeeting} m */
const meetingName = (m) => `${needTitle(m.needId)} ↔ ${startupName(m.startupId)}`;
/** @param {string} roomId */
const roomName = (roomId) =>
  state.event?.rooms.find((r) => r.id === roomId)?.name ?? msg('script.unknownRoom');
/** @param {PageRepairedDraft} draft */
const repairLine = (draft) =>
  msg('script.repaired', {
    version: draft.version,
    kept: draft.kept,
    moved: draft.moved.length,
    added: draft.added.length,
    dropped: draft.dropped.length,
  });

/**
 * The event's slots, as the API's slot grid makes them.
 * @param {PageEvent} event
 * @returns {{ date: string, start: string, end: string }[]}
 */
function slotsOf(event) {
  const clock = (/** @type {number} */ minutes) =>
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const minutesOf = (/** @type {string} */ hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const slots = [];
  for (const day of [...event.days].sort((a, b) => a.date.localeCompare(b.date)))
    for (const session of [...day.sessions].sort((a, b) => a.start.localeCompare(b.start)))
      for (
        let start = minutesOf(session.start);
        start + event.meetingMinutes <= minutesOf(session.end);
        start += event.meetingMinutes + event.changeoverMinutes
      )
        slots.push({ date: day.date, start: clock(start), end: clock(start + event.meetingMinutes) });
  return slots;
}

/** @type {string | null} */
let selectedMeetingId = null;

/**
 * Opens the controls of one meeting of the shown draft (null closes them).
 * @param {string | null} meetingId
 */
function selectMeeting(meetingId) {
  const meeting = meetingId ? state.schedule?.meetings.find((m) => m.id === meetingId) : undefined;
  const event = state.event;
  selectedMeetingId = meeting && event ? meeting.id : null;
  $('meeting-panel').hidden = !(meeting && event);
  if (!meeting || !event) return;
  $('meeting-title').textContent = msg('script.meetingTitle', {
    meeting: meetingName(meeting),
    date: dayName(meeting.date),
    start: meeting.start,
    end: meeting.end,
    room: roomName(meeting.roomId),
  });
  field('meeting-reason').value = '';
  $('move-slot').replaceChildren(
    ...slotsOf(event).map((slot) =>
      el(
        'option',
        { value: `${slot.date} ${slot.start}` },
        msg('script.slot', { date: dayName(slot.date), start: slot.start, end: slot.end }),
      ),
    ),
  );
  field('move-slot').value = `${meeting.date} ${meeting.start}`;
  $('move-room').replaceChildren(...event.rooms.map((room) => el('option', { value: room.id }, room.name)));
  field('move-room').value = meeting.roomId;
  $('meeting-reason').focus();
}

/** "inställt (sjuk)", "avböjt av Anna Lind". @param {PageCancellation} c */
function cancellationWords(c) {
  const name = c.by?.name ?? msg('script.aParticipant');
  if (c.declined)
    return c.reason
      ? msg('script.declinedByBecause', { name, reason: c.reason })
      : msg('script.declinedBy', { name });
  return c.reason ? msg('script.cancelledBecause', { reason: c.reason }) : msg('script.cancelled');
}

// The meetings cancelled or declined one at a time, each with Undo.
function renderCancelledMeetings() {
  /** @type {(PageCancellation & { meeting: PageMeeting })[]} */
  const cancelled = [];
  for (const c of state.pairings.cancellations ?? [])
    if (c.change.kind === 'cancel-meeting' && c.meeting !== undefined && c.id !== undefined)
      cancelled.push({ ...c, meeting: c.meeting });
  $('cancelled-meetings').replaceChildren(
    ...(cancelled.length === 0
      ? []
      : [
          el('h3', {}, msg('script.cancelledMeetings')),
          el(
            'ul',
            {},
            cancelled.map((c) =>
              el(
                'li',
                {},
                `${msg('script.cancelledMeeting', {
                  meeting: meetingName(c.meeting),
                  date: dayName(c.meeting.date),
                  start: c.meeting.start,
                  room: roomName(c.meeting.roomId),
                  what: cancellationWords(c),
                })} `,
                el(
                  'button',
                  {
                    type: 'button',
                    'aria-label': msg('script.undoLabel', { meeting: meetingName(c.meeting) }),
                    onclick: () => guarded(() => undoCancellation(c)),
                  },
                  msg('script.undo'),
                ),
              ),
            ),
          ),
        ]),
  );
}

/** @param {PageEvent} picked */
async function refreshPairings(picked) {
  const pairings = await api('GET', `/events/${picked.id}/pairings`);
  if (state.event?.id !== picked.id) return;
  state.pairings = pairings;
  renderCancelledMeetings();
}

/**
 * Shows a draft made by one of the meeting controls and what it did.
 * @param {PageEvent} picked
 * @param {PageRepairedDraft} draft
 * @param {string} done what to say
 */
async function afterMeetingChange(picked, draft, done) {
  if (!showDraft(picked, draft)) return;
  await scoutingShown;
  $('repair-report').textContent = repairLine(draft);
  selectMeeting(null);
  await refreshPairings(picked);
  say(done);
}

/** @param {PageCancellation} cancellation one meeting's (it has an id and the meeting) */
async function undoCancellation(cancellation) {
  if (!cancellation.id || !cancellation.meeting) return;
  const meeting = cancellation.meeting;
  const picked = pickedEvent();
  const draft = await api(
    'POST',
    `/events/${picked.id}/cancellations/${encodeURIComponent(cancellation.id)}/undo`,
  );
  await afterMeetingChange(
    picked,
    draft,
    msg('script.meetingBack', { meeting: meetingName(meeting), version: draft.version }),
  );
}

/**
 * A stored reason in the page's language, with names (rendered from its code when it was stored;
 * drafts stored before reasons had codes hold a sentence).
 * @param {PageReason} reason
 */
function reasonText(reason) {
  return typeof reason === 'string' ? reason : (reason.text?.[LANGUAGE] ?? reason.code);
}

function renderSchedule() {
  const schedule = state.schedule;
  if (selectedMeetingId && !schedule?.meetings.some((m) => m.id === selectedMeetingId)) selectMeeting(null);
  scoutingShown = guarded(() => renderScouting(schedule));
  if (!schedule) {
    $('schedule-status').textContent = msg('script.noDraft');
    $('grid').replaceChildren();
    $('shortfalls').replaceChildren();
    return;
  }
  const published = schedule.publishedVersion
    ? msg('script.published', { version: schedule.publishedVersion })
    : msg('script.notPublished');
  $('schedule-status').textContent = msg('script.status', {
    version: schedule.version,
    meetings: schedule.meetings.length,
    objective: decimal(schedule.objective),
    bound: decimal(schedule.bound),
    gap: new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
      schedule.gap * 100,
    ),
    published,
  });
  const rooms = pickedEvent().rooms;
  const shortfalls = [
    ...schedule.shortfalls.map((s) =>
      el(
        'li',
        {},
        msg('script.shortfall', {
          need: needTitle(s.needId),
          met: s.met,
          minimum: s.minimum,
          reasons: s.reasons.map(reasonText).join('; '),
        }),
      ),
    ),
    ...(schedule.unmetPins ?? []).map((p) =>
      el(
        'li',
        {},
        msg('script.unmetPin', {
          need: needTitle(p.needId),
          startup: startupName(p.startupId),
          reason: reasonText(p.reason),
        }),
      ),
    ),
  ];
  $('shortfalls').replaceChildren(
    ...(shortfalls.length
      ? [el('h3', {}, msg('script.shortfalls')), el('ul', {}, shortfalls)]
      : [el('p', { class: 'muted' }, msg('script.noShortfalls'))]),
  );
  const grid = $('grid');
  grid.replaceChildren();
  const dates = [...new Set(schedule.meetings.map((m) => m.date))].sort();
  for (const date of dates) {
    const ofDay = schedule.meetings.filter((m) => m.date === date);
    const slots = [...new Set(ofDay.map((m) => `${m.start}–${m.end}`))].sort();
    const rows = slots.map((slot) =>
      el(
        'tr',
        {},
        el('th', {}, slot),
        rooms.map((room) => {
          const meeting = ofDay.find((m) => `${m.start}–${m.end}` === slot && m.roomId === room.id);
          if (!meeting) return el('td', { class: 'empty' });
          // The whole cell is a button: it opens the meeting's controls (cancel, move) below the grid.
          return el(
            'td',
            {},
            el(
              'button',
              {
                type: 'button',
                class: 'meeting',
                'aria-controls': 'meeting-panel',
                onclick: () => selectMeeting(meeting.id),
              },
              el('strong', {}, needTitle(meeting.needId)),
              ' ↔ ',
              startupName(meeting.startupId),
              ' ',
              el('span', { class: 'score muted' }, decimal(meeting.score)),
            ),
          );
        }),
      ),
    );
    grid.append(
      el('h3', {}, dayName(date)),
      el(
        'table',
        {},
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', {}, msg('script.time')),
            rooms.map((room) => el('th', {}, room.name)),
          ),
        ),
        el('tbody', {}, rows),
      ),
    );
  }
}

/** @param {string | undefined} format 'csv', 'ics' or 'html' (a button's data-download) */
async function download(format) {
  const eventId = (await eventReady()).id;
  // Signed in, the printable agenda is a page of its own (session, print stylesheet).
  if (format === 'html' && CSRF_TOKEN) {
    window.open(`/app/events/${encodeURIComponent(eventId)}/print?version=draft`, '_blank');
    return;
  }
  const path =
    format === 'html'
      ? `/events/${eventId}/schedule?format=html&version=draft`
      : `/events/${eventId}/schedule.${format}`;
  const blob = await api('GET', path, undefined, format === 'html' ? 'text/html' : '*/*');
  const url = URL.createObjectURL(blob);
  if (format === 'html') {
    window.open(url, '_blank');
  } else {
    const link = el('a', { href: url, download: `schedule.${format}` });
    document.body.append(link);
    link.click();
    link.remove();
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function start() {
  if (CSRF_TOKEN) startSignedIn();
  else startWithKey();
  startControls();
}

// Signed in: the event of the page's address is picked at once (the menu still switches events).
function startSignedIn() {
  const eventId = $('tool').dataset.eventId;
  // The buttons wait for the whole start, the menu's list of events included (see eventReady).
  const starting = (async () => {
    await loadEvents();
    if (!eventId) return;
    field('event-select').value = eventId;
    await loadEvent(eventId);
  })();
  eventLoading = starting;
  guarded(() => starting);
}

function startWithKey() {
  const stored = sessionStorage.getItem(KEY_STORAGE);
  $('key-forget').hidden = !stored;
  if (stored) guarded(loadEvents);
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, field('key-input').value.trim());
    field('key-input').value = '';
    $('key-forget').hidden = false;
    guarded(async () => {
      await loadEvents();
      say(msg('script.keyAccepted'));
    });
  });
  $('key-forget').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    location.reload();
  });
}

function startControls() {
  $('event-select').addEventListener('change', () => {
    const id = field('event-select').value;
    // Signed in, the link to the event's report follows the event picked (the key page has none).
    const report = document.getElementById('report-link');
    if (id && report instanceof HTMLAnchorElement)
      report.href = `/app/events/${encodeURIComponent(id)}/report`;
    const outcomes = document.getElementById('outcomes-link');
    if (id && outcomes instanceof HTMLAnchorElement)
      outcomes.href = `/app/events/${encodeURIComponent(id)}/outcomes`;
    if (id) guarded(() => loadEvent(id));
  });
  $('cancel-kind').addEventListener('change', fillCancelTargets);
  /** The build form's options; a field left empty is left out, so the API's default applies (not 0). */
  function buildOptions() {
    /** @type {Record<string, number>} */
    const options = {};
    for (const [option, id] of [
      ['minScore', 'min-score'],
      ['topK', 'top-k'],
      ['relevanceFloor', 'relevance-floor'],
    ]) {
      const text = field(id).value.trim();
      if (text !== '') options[option] = Number(text);
    }
    return options;
  }
  $('build-form').addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(() =>
      busy(event.target, async () => {
        const picked = await eventReady();
        say(msg('script.buildingNow'));
        const outcome = await send('POST', `/events/${picked.id}/schedule`, buildOptions());
        const { draft } = await draftOf(outcome, msg('script.building'));
        const shown = showDraft(picked, draft);
        await scoutingShown;
        say(
          shown
            ? msg('script.built', { version: draft.version })
            : msg('script.builtElsewhere', { version: draft.version, event: picked.name }),
        );
      }),
    );
  });
  $('publish').addEventListener('click', () =>
    guarded(async () => {
      const picked = await eventReady();
      // Name the draft shown: without draftVersion the API publishes whatever draft is current,
      // e.g. one built elsewhere since this page showed "No draft yet.", never reviewed here.
      if (!state.schedule) throw new Error(msg('script.noDraftToPublish'));
      const published = await api('POST', `/events/${picked.id}/schedule/publish`, {
        draftVersion: state.schedule.version,
      });
      say(msg('script.publishedAs', { version: published.version }));
      await loadSchedule();
    }),
  );
  for (const button of document.querySelectorAll('button[data-download]')) {
    if (!(button instanceof HTMLButtonElement)) continue;
    button.addEventListener('click', () => guarded(() => download(button.dataset.download)));
  }
  $('meeting-cancel-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const meetingId = selectedMeetingId;
    const reason = field('meeting-reason').value.trim();
    guarded(() =>
      busy(event.target, async () => {
        const picked = await eventReady();
        if (!meetingId) throw new Error(msg('script.pickMeeting'));
        if (reason === '') throw new Error(msg('script.giveReason'));
        const draft = await api('POST', `/events/${picked.id}/cancellations`, {
          kind: 'meeting',
          meetingId,
          reason,
        });
        await afterMeetingChange(picked, draft, msg('script.meetingCancelled'));
      }),
    );
  });
  $('meeting-move-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const meetingId = selectedMeetingId;
    const [date, start] = field('move-slot').value.split(' ');
    const roomId = field('move-room').value;
    guarded(() =>
      busy(event.target, async () => {
        const picked = await eventReady();
        if (!meetingId) throw new Error(msg('script.pickMeeting'));
        const draft = await api(
          'POST',
          `/events/${picked.id}/meetings/${encodeURIComponent(meetingId)}/move`,
          {
            date,
            start,
            roomId,
          },
        );
        await afterMeetingChange(picked, draft, msg('script.meetingMoved'));
      }),
    );
  });
  $('meeting-close').addEventListener('click', () => selectMeeting(null));
  $('cancel-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const kind = field('cancel-kind').value;
    const target = field('cancel-target').value;
    const body =
      kind === 'startup'
        ? { kind, startupId: target }
        : kind === 'host'
          ? { kind, hostId: target }
          : { kind, roomId: target };
    guarded(() =>
      busy(event.target, async () => {
        const picked = await eventReady();
        const outcome = await send('POST', `/events/${picked.id}/cancellations`, body);
        const { draft, result } = await draftOf(outcome, msg('script.repairing'));
        if (!showDraft(picked, draft)) {
          say(msg('script.cancellationRecordedElsewhere', { event: picked.name, version: draft.version }));
          return;
        }
        await scoutingShown;
        // The job's result counts the meetings; the 201 body lists them.
        const repaired = /** @type {PageRepairedDraft} */ (draft);
        const counts = result?.repair ?? {
          kept: repaired.kept,
          moved: repaired.moved.length,
          added: repaired.added.length,
          dropped: repaired.dropped.length,
        };
        $('repair-report').textContent = msg('script.repaired', { version: draft.version, ...counts });
        say(msg('script.cancellationRecorded'));
      }),
    );
  });
}

start();
