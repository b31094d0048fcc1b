/**
 * Erasing a development head whose account points at a host with another address, against the
 * real app, FerretDB and Redis (the app's mail queue). Such accounts are real: before hosts'
 * address changes were carried to the people who sign in as them, a PATCH of a host's e-mail
 * changed the host record only (a colleague taking over the host's needs, or the head's own new
 * address), and the organisation's next development head invited with the host's new address is
 * linked to the same host. An erasure removes the erased person's data and nothing of anyone else's.
 */
import { Queue } from 'bullmq';
import { getRepositories, type Host, type Repositories } from '../../models';
import { issueApiKey } from '../../services/api-keys';
import type { MailJob } from '../../services/mail';
import { addPerson } from '../../services/people';
import { ERASED_NAME } from '../../services/privacy';
import { csrfTokenIn } from '../support/browser-less-session';
import {
  openMailQueue,
  queueAgendaMeetingMail,
  setHostWindow,
  signedIn,
  startAgendaWorld,
  type AgendaWorld,
} from './agenda-world';

let agenda: AgendaWorld;
let repos: Repositories;
let mailQueue: Queue;

function facilitator<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
  return agenda.app.request<T>(method, path, {
    key: agenda.app.facilitatorKey,
    ...(body === undefined ? {} : { body }),
  });
}

async function queuedMail(): Promise<MailJob[]> {
  const jobs = await mailQueue.getJobs(['delayed', 'waiting', 'prioritized']);
  return jobs.map((job) => job.data as MailJob);
}

/** The e-mails waiting to go to `address`, and those to others naming one of `needIds` (a startup's, naming the need's host). */
async function queuedAbout(address: string, needIds: readonly string[]) {
  const mail = await queuedMail();
  return {
    to: mail.filter((m) => m.to === address).length,
    naming: mail.filter((m) => m.mentions?.some((n) => n.kind === 'need' && needIds.includes(n.id))).length,
  };
}

/** The event and its published and draft schedules, as the API shows them. */
async function eventAndSchedulesText(): Promise<string> {
  const eventId = agenda.world.eventId;
  const event = await facilitator('GET', `/events/${eventId}`);
  const published = await facilitator('GET', `/events/${eventId}/schedule?version=published`);
  const csv = await agenda.app.request<string>('GET', `/events/${eventId}/schedule.csv`, {
    key: agenda.app.facilitatorKey,
  });
  return [JSON.stringify(event.body), JSON.stringify(published.body), csv.body].join('\n');
}

/** The outcome links sent for the host side of `hostEmail`'s published meetings that still work. */
async function openHostLinks(hostEmail: string): Promise<number> {
  const host = (await repos.hosts.findByEmail(hostEmail))!;
  const needIds = (await repos.needs.list({ hostId: host.id }, { limit: 10, page: 1 })).items.map(
    (n) => n.id,
  );
  const subjects = agenda.meetings
    .filter((m) => needIds.includes(m.needId))
    .map((m) => `${agenda.world.eventId}|${m.id}|host`);
  return (await repos.tokens.listAbout(subjects)).filter((token) => !token.revokedAt).length;
}

/** What the PATCH of a host's e-mail did before it was carried to the people who sign in as it: the host only. */
async function oldCodeAddressChange(host: Host, patch: { name?: string; email: string }): Promise<Host> {
  const written = await repos.hosts.update(host.id, host.version, patch);
  if (!written.ok) throw new Error(`host not written: ${written.reason}`);
  return written.value;
}

beforeAll(async () => {
  agenda = await startAgendaWorld();
  repos = getRepositories(agenda.app.db);
  for (const email of agenda.world.hostEmails)
    expect(
      await setHostWindow(agenda.app, agenda.world.eventId, email, { start: '09:00', end: '09:40' }),
    ).toBe(200);
  await queueAgendaMeetingMail(agenda);
  mailQueue = openMailQueue(agenda.prefix);
}, 180_000);

afterAll(async () => {
  await mailQueue.close();
  await agenda.destroy();
});

describe('erasing a development head whose host has another address', () => {
  it("of another person's name: the head goes; the host, its availability, meetings, mail, links and keys stay", async () => {
    // Dora signs in as the host record that is Anna's (her name and address): Anna took it over.
    const dora = agenda.developmentHead;
    const [annaEmail] = agenda.world.hostEmails;
    const anna = (await repos.hosts.findByEmail(annaEmail))!;
    expect(dora.role === 'development_head' && dora.hostId).toBe(anna.id);
    const annasNeeds = [agenda.world.needIds[0], agenda.world.needIds[1]];
    const annasKey = await issueApiKey(repos, {
      name: 'Anna Lindqvist',
      role: 'development_head',
      organisationId: anna.organisationId,
    });
    const mailBefore = await queuedAbout(annaEmail, annasNeeds);
    expect(mailBefore.to).toBeGreaterThan(0);
    expect(mailBefore.naming).toBeGreaterThan(0);
    const linksBefore = await openHostLinks(annaEmail);
    expect(linksBefore).toBeGreaterThan(0);

    // Dora, signed in, answers how one of Anna's meetings went: the answer bears her name.
    const client = await signedIn(agenda.app, dora);
    const meeting = agenda.meetings.find((m) => m.needId === annasNeeds[0])!;
    const answered = await client.request(
      'PUT',
      `/events/${agenda.world.eventId}/meetings/${encodeURIComponent(meeting.id)}/outcomes/host`,
      {
        json: { attendance: 'held', interest: 'yes', nextStep: 'demo' },
        headers: { 'x-csrf-token': csrfTokenIn(await client.get('/app/')) },
      },
    );
    expect(answered.status).toBe(201);

    // Dora's own data does not include Anna's contact details.
    const exported = await facilitator('POST', '/personal-data/export', { email: dora.email });
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).not.toContain(agenda.hostPhones[0]);

    const erased = await facilitator('POST', '/personal-data/erasure', { email: dora.email });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({
      person: true,
      host: false,
      apiKeysRevoked: 0,
      mailsWithdrawn: 0,
      outcomesAnonymised: 1,
    });

    expect(await repos.people.findById(dora.id)).toBeNull();
    expect(await repos.hosts.findById(anna.id)).toMatchObject({
      name: 'Anna Lindqvist',
      email: annaEmail,
      phone: agenda.hostPhones[0],
    });
    const text = await eventAndSchedulesText();
    expect(text).toContain(annaEmail);
    expect(text).toContain('Anna Lindqvist');
    expect(text).not.toContain(dora.email);
    const outcome = (await repos.outcomes.listByEvent(agenda.world.eventId)).find(
      (o) => o.meetingId === meeting.id && o.side === 'host',
    );
    expect(outcome?.recordedBy.name).toBe(ERASED_NAME);
    expect(await queuedAbout(annaEmail, annasNeeds)).toEqual(mailBefore);
    expect(await openHostLinks(annaEmail)).toBe(linksBefore);
    expect((await repos.apiKeys.list()).find((key) => key.id === annasKey.id)?.revokedAt).toBeUndefined();
  });

  it('of a host shared with the account that has its address: only the erased account goes; erasing the other erases the host', async () => {
    // Per signed in as Johan's host before it was Johan's; Johan was then invited with its address.
    const [, johanEmail] = agenda.world.hostEmails;
    const johanHost = (await repos.hosts.findByEmail(johanEmail))!;
    const per = (await repos.people.create({
      role: 'development_head',
      name: 'Per Persson',
      email: `per-${agenda.prefix}@ystad.se`,
      language: 'sv',
      organisationId: johanHost.organisationId,
      hostId: johanHost.id,
    }))!;
    const johan = await addPerson(repos, {
      role: 'development_head',
      name: 'Johan Berglund',
      email: johanEmail,
      language: 'sv',
      organisationId: johanHost.organisationId,
    });
    expect(johan.role === 'development_head' && johan.hostId).toBe(johanHost.id);
    const johansNeeds = [agenda.world.needIds[2]];
    const mailBefore = await queuedAbout(johanEmail, johansNeeds);
    expect(mailBefore.to).toBeGreaterThan(0);

    const perErased = await facilitator('POST', '/personal-data/erasure', { email: per.email });
    expect(perErased.status).toBe(200);
    expect(perErased.body).toMatchObject({ person: true, host: false });
    expect(await repos.hosts.findById(johanHost.id)).toMatchObject({
      name: 'Johan Berglund',
      email: johanEmail,
    });
    expect(await repos.people.findById(johan.id)).toMatchObject({ email: johanEmail });
    expect(await eventAndSchedulesText()).toContain(johanEmail);
    expect(await queuedAbout(johanEmail, johansNeeds)).toEqual(mailBefore);

    // The reverse: Johan's erasure is his host's too (its address is his).
    const johanErased = await facilitator('POST', '/personal-data/erasure', { email: johanEmail });
    expect(johanErased.body).toMatchObject({ person: true, host: true });
    expect(await repos.hosts.findById(johanHost.id)).toMatchObject({ name: ERASED_NAME });
    const text = await eventAndSchedulesText();
    expect(text).not.toContain(johanEmail);
    expect(text).not.toContain('Johan Berglund');
    expect(await queuedAbout(johanEmail, johansNeeds)).toEqual({ to: 0, naming: 0 });
  });

  it('whose own host got a new address the account never followed: the host is erased with her', async () => {
    const [annaEmail] = agenda.world.hostEmails;
    const host = (await repos.hosts.findByEmail(annaEmail))!;
    const anna = (await repos.people.create({
      role: 'development_head',
      name: 'Anna Lindqvist',
      email: annaEmail,
      language: 'sv',
      organisationId: host.organisationId,
      hostId: host.id,
    }))!;
    const newAddress = `anna.ny-${agenda.prefix}@tomelilla.se`;
    await oldCodeAddressChange(host, { email: newAddress });

    const erased = await facilitator('POST', '/personal-data/erasure', { email: annaEmail });
    expect(erased.body).toMatchObject({ person: true, host: true });
    expect(await repos.people.findById(anna.id)).toBeNull();
    expect(await repos.hosts.findById(host.id)).toMatchObject({ name: ERASED_NAME });
    const text = await eventAndSchedulesText();
    for (const shown of [annaEmail, newAddress, 'Anna Lindqvist']) expect(text).not.toContain(shown);
    expect(await queuedAbout(annaEmail, [])).toMatchObject({ to: 0 });
  });
});
