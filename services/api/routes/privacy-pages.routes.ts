import express, { Router } from 'express';
import { confirmErasurePage, erasedPage, myDataPage } from '../../../web/pages';
import { principalOfPerson } from '../../auth';
import { erasePersonalData, exportPersonalData, type QueuedMailWithdrawal } from '../../privacy';
import type { ServiceDeps } from '../../service-deps';
import { signOut } from '../middleware/session.middleware';
import { contextOf, csrfRefused, formText, sessionPeople } from './page-context';

/**
 * "Mina uppgifter" for every signed-in person: `/app/my-data` sums up what is held, with a
 * download of it all (`/app/my-data/download`, the export of `GET /personal-data`) and the way to
 * erasure: `/app/my-data/erase` asks for a ticked box, then erases through the same use-case as
 * `POST /personal-data/erasure` and signs the person out.
 */
export function createPrivacyPagesRouter(
  deps: ServiceDeps & { mail?: QueuedMailWithdrawal | undefined },
): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '4kb' });
  const { requirePerson } = sessionPeople(deps.repos.people);

  router.get('/app/my-data', async (req, res) => {
    const person = await requirePerson(req, res);
    if (!person) return;
    const data = await exportPersonalData(deps, principalOfPerson(person), {}, new Date());
    res.send(
      myDataPage(contextOf(req, person), {
        email: data.email,
        ...(data.host ? { hostedNeeds: data.hostedNeeds.length } : {}),
        startups: data.startupContacts.map((contact) => contact.startupName),
        meetings: data.meetings.length,
        links: data.links.length,
        changes: data.changesMade.length,
      }),
    );
  });

  router.get('/app/my-data/download', async (req, res) => {
    const person = await requirePerson(req, res);
    if (!person) return;
    const data = await exportPersonalData(deps, principalOfPerson(person), {}, new Date());
    res
      .attachment('mina-uppgifter.json')
      .type('application/json')
      .send(JSON.stringify(data, null, 2));
  });

  router.get('/app/my-data/erase', async (req, res) => {
    const person = await requirePerson(req, res);
    if (!person) return;
    res.send(confirmErasurePage(contextOf(req, person)));
  });

  router.post('/app/my-data/erase', form, async (req, res) => {
    const person = await requirePerson(req, res);
    if (!person || csrfRefused(req, res, person)) return;
    const context = contextOf(req, person);
    if (formText(req, 'confirm') !== 'yes') {
      res
        .status(400)
        .send(
          confirmErasurePage(context, [{ field: 'confirm', message: context.t('myData.confirm.required') }]),
        );
      return;
    }
    await erasePersonalData(deps, principalOfPerson(person), {}, new Date(), deps.mail);
    await signOut(req);
    const { person: _erased, ...signedOut } = context;
    res.send(erasedPage(signedOut));
  });

  return router;
}
