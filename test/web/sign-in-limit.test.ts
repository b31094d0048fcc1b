/**
 * The limit on sign-in links per e-mail address, over HTTP against the real app, Redis, the real
 * mail worker process and the development mail server: past it the person asking sees the same
 * "check your e-mail" page, and nothing more reaches the inbox.
 */
import { getRepositories, type Person } from '../../models';
import { CookieClient, type PageResponse } from '../support/browser-less-session';
import { emailsTo, waitForEmails } from '../support/mail-inbox';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../support/people-app';

const LINKS_PER_HOUR = 2;

let app: PeopleApp;

beforeAll(async () => {
  app = await startPeopleApp({ signInLinksPerHour: LINKS_PER_HOUR });
});

afterAll(async () => {
  await app.destroy();
});

async function newPerson(name: string): Promise<Person> {
  return app.createPerson({ role: 'facilitator', name, email: uniqueEmail(name), language: 'sv' });
}

/** Asks for a link for `email` from a fresh client (as from another browser); returns the page shown after. */
async function askForLink(email: string): Promise<PageResponse> {
  const client = new CookieClient(app.baseUrl);
  const form = await client.get('/sign-in');
  const sent = await client.postForm('/sign-in', form, { email });
  expect(sent.status).toBe(303);
  expect(sent.location).toBe('/sign-in/sent');
  return client.get('/sign-in/sent');
}

/** The page without what differs between two requests (its CSRF token). */
const withoutToken = (page: PageResponse) => page.text.replace(/content="[^"]*"|value="[^"]*"/g, '');

/** How many sign-in links were made for `person` (counted by revoking them all: call it last). */
async function signInLinksMadeFor(person: Person): Promise<number> {
  return getRepositories(app.db).tokens.revokeAll('sign_in', person.id, new Date());
}

describe('sign-in links per e-mail address', () => {
  it('past the limit the page is the same, but no link is made or sent; another address still gets its own', async () => {
    const anna = await newPerson('anna');
    const pages: PageResponse[] = [];
    for (let i = 0; i < LINKS_PER_HOUR + 2; i++) pages.push(await askForLink(anna.email.toUpperCase()));
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(withoutToken(page)).toBe(withoutToken(pages[0]!));
    }

    // The limit is the address's, not the client's: the same client address still reaches Bo.
    const bo = await newPerson('bo');
    await askForLink(bo.email);
    await waitForEmails(bo.email, 1);
    await waitForEmails(anna.email, LINKS_PER_HOUR);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a late extra message would show by now
    expect(await emailsTo(anna.email)).toHaveLength(LINKS_PER_HOUR);
    expect(await signInLinksMadeFor(anna)).toBe(LINKS_PER_HOUR);
  });

  it('an address nobody has is counted the same way and gets the same page as a known one past its limit', async () => {
    const nobody = uniqueEmail('nobody');
    const known = await newPerson('cecilia');
    for (let i = 0; i < LINKS_PER_HOUR; i++) await askForLink(known.email);
    const pageOfKnown = await askForLink(known.email);
    const pageOfNobody = await askForLink(nobody);
    expect(withoutToken(pageOfNobody)).toBe(withoutToken(pageOfKnown).replace(known.email, nobody));
    expect(await emailsTo(nobody)).toHaveLength(0);
    const counters = await app.redis.keys(`${app.prefix}:sign-in-links:*`);
    expect(counters.length).toBeGreaterThanOrEqual(3);
    expect(counters.join(' ')).not.toContain('@'); // hashed: Redis holds no addresses
  });
});
