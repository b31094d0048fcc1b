import type { Browser, Page } from 'playwright-core';
import { getRepositories, type Person } from '../../../models';
import type { Meeting } from '../../../scheduling';
import { issueApiKey } from '../../../services/api-keys';
import { issueSignInLink } from '../../../services/people';
import { createScheduleWorld, type ScheduleWorld } from '../../schedules/schedule-setup';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../../support/people-app';
import type { TestApp, TestResponse } from '../../support';
import type { Journey } from './browser';
import { scheduleApiOf } from './schedule-api';
import { openLinkAndSignIn } from './sign-in';

/** The people app with the small world of test/schedules, its schedule built and published, and a facilitator who signs in. */
export interface PublishedEvent {
  app: PeopleApp;
  /** The API over the app's server, as the schedule builders use it (facilitator key). */
  api: TestApp;
  /** A facilitator's API key. */
  key: string;
  world: ScheduleWorld;
  /** The published meetings, in the order the build gave them. */
  meetings: Meeting[];
  /** Frida Lind, a facilitator (Swedish pages). */
  facilitator: Person;
}

/** Throws with the answer's body unless `response` has `status` (set-up steps are not what a test checks). */
export async function expectStatus(response: Promise<TestResponse>, status: number): Promise<void> {
  const answered = await response;
  if (answered.status !== status) throw new Error(`${answered.status}: ${JSON.stringify(answered.body)}`);
}

/** Starts the people app, makes the schedule world, builds and publishes its schedule, and makes a facilitator. */
export async function startPublishedEvent(): Promise<PublishedEvent> {
  const app = await startPeopleApp();
  const { key } = await issueApiKey(getRepositories(app.db), { role: 'facilitator', name: 'Seed' });
  const api = scheduleApiOf(app, key);
  const world = await createScheduleWorld(api);
  const built = await api.request<{ meetings: Meeting[]; version: number }>(
    'POST',
    `/events/${world.eventId}/schedule`,
    { key, body: {} },
  );
  await expectStatus(
    api.request('POST', `/events/${world.eventId}/schedule/publish`, {
      key,
      body: { draftVersion: built.body.version },
    }),
    200,
  );
  const facilitator = await app.createPerson({
    role: 'facilitator',
    name: 'Frida Lind',
    email: uniqueEmail('frida'),
    language: 'sv',
  });
  return { app, api, key, world, meetings: built.body.meetings, facilitator };
}

/** A new browser context signed in as `person` through a sign-in link (the link's page is a journey step named `label`). */
export async function signedInPage(
  browser: Browser,
  app: PeopleApp,
  journey: Journey,
  person: Person,
  label: string,
): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const link = await issueSignInLink(getRepositories(app.db), person, new Date());
  await openLinkAndSignIn(
    page,
    journey,
    `${app.publicUrl}/sign-in/link?token=${encodeURIComponent(link.secret)}`,
    label,
  );
  return page;
}
