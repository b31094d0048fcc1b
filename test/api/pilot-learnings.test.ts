/**
 * A pilot's learnings can be removed again, through the API (`""` or `null`) and on the
 * facilitator's pilot page (the box emptied), against the real app, FerretDB and Redis; the
 * removal is in the audit log.
 */
import { getRepositories, type AuditEntry, type Person, type Repositories } from '../../models';
import { signedIn, startAgendaWorld, type AgendaWorld } from './agenda-world';

interface Pilot {
  id: string;
  version: number;
  learnings?: string;
}

let agenda: AgendaWorld;
let repos: Repositories;
let facilitatorPerson: Person;

function facilitator<T>(method: string, path: string, body?: unknown, version?: number) {
  return agenda.app.request<T>(method, path, {
    key: agenda.app.facilitatorKey,
    ...(version === undefined ? {} : { headers: { 'if-match': `"${version}"` } }),
    ...(body === undefined ? {} : { body }),
  });
}

/** A new pilot of the n-th published meeting, with learnings. */
async function pilotWithLearnings(n: number): Promise<Pilot> {
  const created = await facilitator<Pilot>('POST', '/pilots', {
    eventId: agenda.world.eventId,
    meetingId: agenda.meetings[n]!.id,
    budgetKSek: 80,
    start: '2027-05-01',
    end: '2027-09-30',
    learnings: 'Sensorerna fungerade i tre förskolor.',
  });
  expect(created.status).toBe(201);
  expect(created.body.learnings).toBe('Sensorerna fungerade i tre förskolor.');
  return created.body;
}

/** The audit log's changes to the pilot's learnings, oldest first. */
async function learningsChanges(pilotId: string) {
  const log = await facilitator<{ items: AuditEntry[] }>(
    'GET',
    `/audit?recordKind=pilot&recordId=${pilotId}`,
  );
  return log.body.items
    .reverse()
    .flatMap((entry) => entry.changes.filter((change) => change.path === 'learnings'));
}

beforeAll(async () => {
  agenda = await startAgendaWorld();
  repos = getRepositories(agenda.app.db);
  facilitatorPerson = (await repos.people.create({
    role: 'facilitator',
    name: 'Fia Facilitator',
    email: `fia-${agenda.world.eventId}@matchmaker.test`,
    language: 'sv',
  }))!;
}, 180_000);

afterAll(async () => {
  await agenda.destroy();
});

describe('PATCH /pilots/:id', () => {
  it('removes the learnings with an empty text or null, and the audit log has each removal', async () => {
    const pilot = await pilotWithLearnings(0);
    const emptied = await facilitator<Pilot>('PATCH', `/pilots/${pilot.id}`, { learnings: '' }, 1);
    expect(emptied.status).toBe(200);
    expect(emptied.body).toMatchObject({ version: 2 });
    expect(emptied.body).not.toHaveProperty('learnings');
    expect((await repos.pilots.findById(pilot.id))?.learnings).toBeUndefined();

    const again = await facilitator<Pilot>(
      'PATCH',
      `/pilots/${pilot.id}`,
      { learnings: 'Två klasser först.' },
      2,
    );
    expect(again.body.learnings).toBe('Två klasser först.');
    const nulled = await facilitator<Pilot>('PATCH', `/pilots/${pilot.id}`, { learnings: null }, 3);
    expect(nulled.status).toBe(200);
    expect(nulled.body).not.toHaveProperty('learnings');

    // Created with them, removed, given again, removed (a side without learnings is left out).
    expect(await learningsChanges(pilot.id)).toEqual([
      { path: 'learnings', after: 'Sensorerna fungerade i tre förskolor.' },
      { path: 'learnings', before: 'Sensorerna fungerade i tre förskolor.' },
      { path: 'learnings', after: 'Två klasser först.' },
      { path: 'learnings', before: 'Två klasser först.' },
    ]);
  });

  it('still refuses learnings over 2,000 characters, naming the field', async () => {
    const pilot = await pilotWithLearnings(1);
    const long = await facilitator<{ errors: { path: string }[] }>(
      'PATCH',
      `/pilots/${pilot.id}`,
      { learnings: 'x'.repeat(2001) },
      1,
    );
    expect(long.status).toBe(400);
    expect(long.body.errors.map((e) => e.path)).toEqual(['learnings']);
    expect((await repos.pilots.findById(pilot.id))?.learnings).toBe('Sensorerna fungerade i tre förskolor.');
  });
});

describe('the facilitator’s pilot page', () => {
  it('removes the learnings when the box is emptied and says nothing is there any more', async () => {
    const pilot = await pilotWithLearnings(2);
    const client = await signedIn(agenda.app, facilitatorPerson);
    const path = `/app/events/${agenda.world.eventId}/pilots/${pilot.id}`;
    const page = await client.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sensorerna fungerade i tre förskolor.');
    expect(page.text).toContain('Töm rutan för att ta bort dem.');

    const saved = await client.postForm(path, page, {
      version: String(pilot.version),
      budgetKSek: '80',
      start: '2027-05-01',
      end: '2027-09-30',
      status: 'running',
      learnings: '  ',
    });
    expect(saved.status).toBe(303);
    expect(await repos.pilots.findById(pilot.id)).toMatchObject({ status: 'running', version: 2 });
    expect((await repos.pilots.findById(pilot.id))?.learnings).toBeUndefined();
    const after = await client.get(saved.location!);
    expect(after.status).toBe(200);
    expect(after.text).not.toContain('Sensorerna fungerade');
    expect(after.text).not.toContain('class="error-summary"');
    expect(await learningsChanges(pilot.id)).toEqual([
      { path: 'learnings', after: 'Sensorerna fungerade i tre förskolor.' },
      { path: 'learnings', before: 'Sensorerna fungerade i tre förskolor.' },
    ]);
  });
});
