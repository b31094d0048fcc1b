import express, { Router, type Request, type Response } from 'express';
import { type MatchmakingEvent, type Need, type Person } from '../../../models';
import type { MessageKey } from '../../../web/i18n';
import type { FieldError, PageContext } from '../../../web/pages';
import {
  availabilityEventsPage,
  availabilityFormOf,
  availabilityFormPage,
  needFormOf,
  needFormPage,
  needPage,
  needsListPage,
  unsavedAnswers,
  windowsOfForm,
  NEED_FORM_FIELDS,
  NEW_HOST,
  type AvailabilityForm,
  type EventTakingPart,
  type HostChoice,
  type NeedForm,
  type Participant,
  type RankedStartup,
} from '../../../web/pages/host';
import { AppError } from '../../app-error';
import { principalOfPerson, type Principal } from '../../auth';
import { setAvailability } from '../../events';
import { listHosts } from '../../hosts';
import { listNeedMatches } from '../../matches';
import { createNeed, detectLanguage, getNeed, listNeeds, updateNeed } from '../../needs';
import type { MatchesProducer } from '../../queue/change.producer';
import type { ServiceDeps } from '../../service-deps';
import { getStartup } from '../../startups';
import { VersionConflictError } from '../../versioning';
import { contextOf, csrfRefused, formText, notFoundPage, sessionPeople } from './page-context';

/** What the development head's pages and the availability pages need. */
export interface HostPagesDeps extends ServiceDeps {
  /** Tells whether a need's matches are being recomputed (optional, as for the API). */
  matchesQueue?: MatchesProducer | undefined;
}

/** Needs per page of "Mina behov". */
const NEEDS_PER_PAGE = 20;
/** Ranked startups shown at first on a need's page, and how many more "Visa fler" adds. */
const MATCHES_STEP = 10;
const FORM_LIMIT = '64kb';

type DevelopmentHead = Extract<Person, { role: 'development_head' }>;
type NeedFormField = (typeof NEED_FORM_FIELDS)[number];

/** Whole kronor as typed ("200 000" is 200000); anything else is passed on for the service to name. */
function amountOf(typed: string | undefined): number | string | undefined {
  const compact = (typed ?? '').replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return undefined;
  return /^\d{1,15}$/.test(compact) ? Number(compact) : compact;
}

/** The body of `POST /needs` or `PATCH /needs/:id` a need form gives (the service validates it). */
function needBodyOf(form: NeedForm, organisationId: string | undefined): Record<string, unknown> {
  const priority = form.priority ?? '';
  const body: Record<string, unknown> = {
    title: form.title ?? '',
    description: form.description ?? '',
    department: form.department ?? '',
    priority: /^\d$/.test(priority) ? Number(priority) : priority === '' ? undefined : priority,
    status: form.status,
    budgetSek: { min: amountOf(form.budgetMin), max: amountOf(form.budgetMax) },
    timeframe: { start: (form.timeframeStart ?? '').trim(), end: (form.timeframeEnd ?? '').trim() },
  };
  if (organisationId !== undefined) body.organisationId = organisationId;
  if (form.hostId === NEW_HOST) {
    const phone = (form.ownerPhone ?? '').trim();
    body.owner = {
      name: form.ownerName ?? '',
      email: form.ownerEmail ?? '',
      ...(phone === '' ? {} : { phone }),
    };
  } else if (form.hostId !== undefined && form.hostId !== '') body.hostId = form.hostId;
  if (form.language !== undefined && form.language !== 'auto') body.language = form.language;
  else if (organisationId === undefined)
    // A change asked to read the language again: the same detector the service uses on create.
    body.language = detectLanguage(`${form.title ?? ''}\n${form.description ?? ''}`);
  return body;
}

/** The form field a validation problem of the need service belongs to. */
function needFieldOf(path: string): NeedFormField | undefined {
  const [top = '', part] = path.split('.');
  switch (top) {
    case 'title':
    case 'description':
    case 'department':
    case 'priority':
    case 'status':
    case 'hostId':
    case 'language':
      return top;
    case 'owner':
      if (part === 'name') return 'ownerName';
      if (part === 'email') return 'ownerEmail';
      if (part === 'phone') return 'ownerPhone';
      return 'hostId';
    case 'budgetSek':
      return part === 'max' ? 'budgetMax' : 'budgetMin';
    case 'timeframe':
      return part === 'end' ? 'timeframeEnd' : 'timeframeStart';
    default:
      return undefined;
  }
}

/**
 * A new person typed in while a known host is chosen: which one is meant is unclear, and the typed
 * person would otherwise be dropped without a word.
 */
function mixedOwnerError(form: NeedForm, context: PageContext): FieldError | undefined {
  const typedPerson = [form.ownerName, form.ownerEmail, form.ownerPhone].some(
    (value) => (value ?? '').trim() !== '',
  );
  if (form.hostId === NEW_HOST || !typedPerson) return undefined;
  return { field: 'hostId', message: context.t('host.form.errors.ownerChoice') };
}

/** The service's field problems as the form's errors, in the form's order (catalogue messages). */
function needFormErrors(error: AppError, context: PageContext): FieldError[] {
  const messages = new Map<NeedFormField, MessageKey>();
  for (const problem of error.fields) {
    const field = needFieldOf(problem.path);
    if (field === undefined) throw error;
    const key: MessageKey =
      field === 'ownerEmail' && problem.message.includes('another organisation')
        ? 'host.form.errors.ownerEmailOther'
        : `host.form.errors.${field}`;
    if (!messages.has(field)) messages.set(field, key);
  }
  return NEED_FORM_FIELDS.flatMap((field) => {
    const key = messages.get(field);
    return key === undefined ? [] : [{ field, message: context.t(key) }];
  });
}

/**
 * The development head's pages (her organisation's needs: list, create, change, each need's ranked
 * startups with why) and "my availability at an event" for development heads (their hosts) and
 * startups (themselves). Server-rendered, Swedish first; every write goes through the same use-case
 * as the API (services/needs, services/events) with the signed-in person's principal.
 */
export function createHostPagesRouter(deps: HostPagesDeps): Router {
  const repositories = deps.repos;
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: FORM_LIMIT });

  const { requirePerson } = sessionPeople(repositories.people);

  function takeFlash(req: Request): string | undefined {
    const flash = req.session.flash;
    delete req.session.flash;
    return flash;
  }

  async function requireDevelopmentHead(req: Request, res: Response): Promise<DevelopmentHead | undefined> {
    const person = await requirePerson(req, res, 'development_head');
    return person?.role === 'development_head' ? person : undefined;
  }

  /** Her organisation's need `id`, or undefined (another organisation's or none: not found). */
  async function ownNeed(
    principal: Principal,
    organisationId: string,
    id: string,
  ): Promise<Need | undefined> {
    try {
      const need = await getNeed(deps, principal, id);
      return need.organisationId === organisationId ? need : undefined;
    } catch (error) {
      if (error instanceof AppError && error.httpStatus === 404) return undefined;
      throw error;
    }
  }

  async function hostChoices(principal: Principal): Promise<HostChoice[]> {
    const page = await listHosts(deps, principal, { limit: 100 });
    return page.items
      .map((host) => ({ id: host.id, name: host.name, email: host.email }))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  function readNeedForm(req: Request): NeedForm {
    const typed: NeedForm = {};
    for (const field of [...NEED_FORM_FIELDS, 'version'] as const) {
      const value = formText(req, field);
      if (value !== undefined) typed[field] = value;
    }
    return typed;
  }

  // "Mina behov", a page at a time.
  router.get('/app/needs', async (req, res) => {
    const person = await requireDevelopmentHead(req, res);
    if (!person) return;
    const principal = principalOfPerson(person);
    const requested = typeof req.query.page === 'string' && /^\d{1,5}$/.test(req.query.page);
    const page = await listNeeds(deps, principal, {
      organisationId: person.organisationId,
      limit: NEEDS_PER_PAGE,
      page: requested ? Math.max(1, Number(req.query.page)) : 1,
    });
    const organisation = await repositories.organisations.findById(person.organisationId);
    res.send(
      needsListPage(contextOf(req, person), organisation?.name ?? '', { ...page, page: page.page ?? 1 }),
    );
  });

  router.get('/app/needs/new', async (req, res) => {
    const person = await requireDevelopmentHead(req, res);
    if (!person) return;
    const hosts = await hostChoices(principalOfPerson(person));
    // She sits in the meetings herself unless she chooses someone else.
    res.send(needFormPage(contextOf(req, person), { kind: 'new' }, { hostId: person.hostId }, hosts));
  });

  router.post('/app/needs', form, async (req, res) => {
    const person = await requireDevelopmentHead(req, res);
    if (!person || csrfRefused(req, res, person)) return;
    const context = contextOf(req, person);
    const principal = principalOfPerson(person);
    const typed = readNeedForm(req);
    const mixed = mixedOwnerError(typed, context);
    if (mixed) {
      res
        .status(400)
        .send(needFormPage(context, { kind: 'new' }, typed, await hostChoices(principal), [mixed]));
      return;
    }
    let need: Need;
    try {
      need = (await createNeed(deps, principal, needBodyOf(typed, person.organisationId))).value;
    } catch (error) {
      if (!(error instanceof AppError) || error.fields.length === 0) throw error;
      const errors = needFormErrors(error, context);
      res
        .status(400)
        .send(needFormPage(context, { kind: 'new' }, typed, await hostChoices(principal), errors));
      return;
    }
    req.session.flash = context.t('host.need.created', { title: need.title });
    res.redirect(303, `/app/needs/${need.id}`);
  });

  router.get('/app/needs/:id', async (req, res) => {
    const person = await requireDevelopmentHead(req, res);
    if (!person) return;
    const principal = principalOfPerson(person);
    const need = await ownNeed(principal, person.organisationId, req.params.id);
    if (!need) {
      notFoundPage(req, res, person);
      return;
    }
    const asked = typeof req.query.visa === 'string' && /^\d{1,3}$/.test(req.query.visa);
    const shown = asked ? Math.max(MATCHES_STEP, Number(req.query.visa)) : MATCHES_STEP;
    // The stored ranking is one read (top K); only the startups shown are read besides.
    const ranking = await listNeedMatches(deps, deps.matchesQueue, principal, need.id, {});
    const items: RankedStartup[] = [];
    for (const match of ranking.items.slice(0, shown)) {
      try {
        const startup = await getStartup(deps, principal, match.startupId);
        items.push({
          rank: match.rank,
          score: match.score,
          explanation: match.explanation,
          name: startup.name,
          oneLiner: startup.oneLiner,
          website: startup.website,
          language: startup.language ?? 'sv',
        });
      } catch (error) {
        // A profile deleted or sent back for review since the ranking was written is not shown.
        if (!(error instanceof AppError && error.httpStatus === 404)) throw error;
      }
    }
    const more = ranking.items.length > shown;
    res.send(
      needPage(
        contextOf(req, person),
        need,
        {
          items,
          total: ranking.items.length,
          stale: ranking.stale,
          computed: ranking.appliedVersion > 0,
          ...(more
            ? { moreHref: `/app/needs/${need.id}?visa=${shown + MATCHES_STEP}#startup-${shown + 1}` }
            : {}),
        },
        takeFlash(req),
      ),
    );
  });

  router.get('/app/needs/:id/edit', async (req, res) => {
    const person = await requireDevelopmentHead(req, res);
    if (!person) return;
    const principal = principalOfPerson(person);
    const need = await ownNeed(principal, person.organisationId, req.params.id);
    if (!need) {
      notFoundPage(req, res, person);
      return;
    }
    res.send(
      needFormPage(
        contextOf(req, person),
        { kind: 'edit', needId: need.id },
        needFormOf(need),
        await hostChoices(principal),
      ),
    );
  });

  router.post('/app/needs/:id', form, async (req, res) => {
    const person = await requireDevelopmentHead(req, res);
    if (!person || csrfRefused(req, res, person)) return;
    const context = contextOf(req, person);
    const principal = principalOfPerson(person);
    const need = await ownNeed(principal, person.organisationId, req.params.id);
    if (!need) {
      notFoundPage(req, res, person);
      return;
    }
    const typed = readNeedForm(req);
    const mode = { kind: 'edit', needId: need.id } as const;
    const mixed = mixedOwnerError(typed, context);
    if (mixed) {
      res.status(400).send(needFormPage(context, mode, typed, await hostChoices(principal), [mixed]));
      return;
    }
    const version = /^\d{1,9}$/.test(typed.version ?? '') ? Number(typed.version) : -1;
    let saved: Awaited<ReturnType<typeof updateNeed>>;
    try {
      saved = await updateNeed(deps, principal, need.id, version, needBodyOf(typed, undefined));
    } catch (error) {
      const hosts = await hostChoices(principal);
      if (error instanceof VersionConflictError) {
        // Never overwrite: show what is stored now, and what she had written beside it.
        const latest = await ownNeed(principal, person.organisationId, need.id);
        if (!latest) {
          notFoundPage(req, res, person);
          return;
        }
        const stored = needFormOf(latest);
        const unsaved = unsavedAnswers(context, typed, stored, hosts);
        res.status(409).send(needFormPage(context, mode, stored, hosts, [], unsaved));
        return;
      }
      if (!(error instanceof AppError) || error.fields.length === 0) throw error;
      res.status(400).send(needFormPage(context, mode, typed, hosts, needFormErrors(error, context)));
      return;
    }
    const repaired = saved.scheduleRepairs.filter((repair) => repair.ok);
    if (repaired.length > 0) {
      const names = await Promise.all(
        repaired.map(async (repair) => (await repositories.events.findById(repair.eventId))?.name ?? ''),
      );
      req.session.flash = context.t('host.need.repaired', { events: names.filter(Boolean).join(', ') });
    } else req.session.flash = context.t('host.need.saved', { title: saved.value.title });
    res.redirect(303, `/app/needs/${need.id}`);
  });

  /** Her organisation's needs, every page of them. */
  async function organisationNeeds(organisationId: string): Promise<Need[]> {
    const filter = await repositories.needs.filterOf({ organisationId });
    const all: Need[] = [];
    for (let page: number | null = 1; page !== null;) {
      const found = await repositories.needs.list(filter, { limit: 100, page });
      all.push(...found.items);
      page = found.nextPage;
    }
    return all;
  }

  async function eventsWith(filter: Record<string, unknown>): Promise<MatchmakingEvent[]> {
    const all: MatchmakingEvent[] = [];
    for (let page: number | null = 1; page !== null;) {
      const found = await repositories.events.list(filter, { limit: 100, page });
      all.push(...found.items);
      page = found.nextPage;
    }
    return all;
  }

  function storedWindows(
    event: MatchmakingEvent,
    kind: 'host' | 'startup',
    participantId: string,
  ): Participant['windows'] {
    return event.availability.find(
      (entry) => entry.participantKind === kind && entry.participantId === participantId,
    )?.windows;
  }

  /** The hosts of her organisation who sit in an enrolled need's meetings at `event`, by name. */
  async function hostsAt(
    event: MatchmakingEvent,
    needs: readonly Need[],
  ): Promise<(Participant & { email: string })[]> {
    const enrolled = new Set(event.needIds);
    const hostIds = [
      ...new Set(
        needs.filter((need) => enrolled.has(need.id) && need.hostId !== null).map((need) => need.hostId),
      ),
    ] as string[];
    const hosts = await Promise.all(hostIds.map((id) => repositories.hosts.findById(id)));
    return hosts
      .filter((host) => host !== null)
      .map((host) => ({
        kind: 'host' as const,
        id: host.id,
        name: host.name,
        email: host.email,
        windows: storedWindows(event, 'host', host.email),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  // The events she (her organisation's hosts) or the startup takes part in.
  router.get('/app/availability', async (req, res) => {
    const person = await requirePerson(req, res, 'development_head', 'startup');
    if (!person) return;
    const context = contextOf(req, person);
    const taking: EventTakingPart[] = [];
    let lead: string;
    if (person.role === 'development_head') {
      const organisation = await repositories.organisations.findById(person.organisationId);
      lead = context.t('host.availability.leadHead', { organisation: organisation?.name ?? '' });
      const needs = await organisationNeeds(person.organisationId);
      const events =
        needs.length === 0 ? [] : await eventsWith({ needIds: { $in: needs.map((need) => need.id) } });
      for (const event of events) taking.push({ event, participants: await hostsAt(event, needs) });
    } else if (person.role === 'startup') {
      const startup = await repositories.startups.findById(person.startupId);
      lead = context.t('host.availability.leadStartup', { startup: startup?.name ?? '' });
      for (const event of await eventsWith({ startupIds: person.startupId }))
        taking.push({
          event,
          participants: [
            {
              kind: 'startup',
              id: person.startupId,
              name: startup?.name ?? '',
              windows: storedWindows(event, 'startup', person.startupId),
            },
          ],
        });
    } else return;
    res.send(availabilityEventsPage(context, lead, taking, takeFlash(req)));
  });

  /** The event and the participant a form is for, when this person may give their times. */
  async function participantOf(
    person: Person,
    eventId: string,
    kind: string,
    id: string,
  ): Promise<{ event: MatchmakingEvent; participant: Participant; participantId: string } | undefined> {
    const event = /^[0-9a-f]{24}$/i.test(eventId) ? await repositories.events.findById(eventId) : null;
    if (!event) return undefined;
    if (kind === 'hosts' && person.role === 'development_head') {
      const hosts = await hostsAt(event, await organisationNeeds(person.organisationId));
      const host = hosts.find((candidate) => candidate.id === id);
      return host && { event, participant: host, participantId: host.email };
    }
    if (kind === 'startups' && person.role === 'startup' && id === person.startupId) {
      if (!event.startupIds.includes(id)) return undefined;
      const startup = await repositories.startups.findById(id);
      if (!startup) return undefined;
      return {
        event,
        participant: {
          kind: 'startup',
          id,
          name: startup.name,
          windows: storedWindows(event, 'startup', id),
        },
        participantId: id,
      };
    }
    return undefined;
  }

  router.get('/app/availability/:eventId/:kind/:id', async (req, res) => {
    const person = await requirePerson(req, res, 'development_head', 'startup');
    if (!person) return;
    const found = await participantOf(person, req.params.eventId, req.params.kind, req.params.id);
    if (!found) {
      notFoundPage(req, res, person);
      return;
    }
    const { event, participant } = found;
    res.send(
      availabilityFormPage(
        contextOf(req, person),
        event,
        participant,
        availabilityFormOf(event, participant.windows),
      ),
    );
  });

  router.post('/app/availability/:eventId/:kind/:id', form, async (req, res) => {
    const person = await requirePerson(req, res, 'development_head', 'startup');
    if (!person || csrfRefused(req, res, person)) return;
    const found = await participantOf(person, req.params.eventId, req.params.kind, req.params.id);
    if (!found) {
      notFoundPage(req, res, person);
      return;
    }
    const { event, participant, participantId } = found;
    const context = contextOf(req, person);
    const typed: AvailabilityForm = {};
    for (const [field, value] of Object.entries((req.body ?? {}) as Record<string, unknown>))
      if (/^s\d{1,2}-\d{1,2}(-from|-to)?$/.test(field) && typeof value === 'string') typed[field] = value;
    const { windows, fields, unanswered } = windowsOfForm(event, typed);
    const sessionOf = (field: string) => {
      const [day = 0, session = 0] = field.slice(1).split('-').map(Number);
      return event.days[day]?.sessions[session] ?? { start: '', end: '' };
    };
    const show = (errors: FieldError[]) =>
      res.status(400).send(availabilityFormPage(context, event, participant, typed, errors));
    if (unanswered.length > 0) {
      show(
        unanswered.map((field) => ({
          field,
          message: context.t('host.availability.errors.choice', {
            name: participant.name,
            ...sessionOf(field),
          }),
        })),
      );
      return;
    }
    try {
      await setAvailability(deps, principalOfPerson(person), event.id, {
        participantKind: participant.kind,
        participantId,
        windows,
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.fields.length === 0) throw error;
      const errors: FieldError[] = [];
      for (const problem of error.fields) {
        const [top, index, part] = problem.path.split('.');
        const field = top === 'windows' ? fields[Number(index)] : undefined;
        if (field === undefined || (part !== 'start' && part !== 'end')) throw error;
        const id = `${field}-${part === 'start' ? 'from' : 'to'}`;
        if (errors.some((known) => known.field === id)) continue;
        errors.push({
          field: id,
          message: context.t(
            part === 'start' ? 'host.availability.errors.from' : 'host.availability.errors.to',
            {
              name: participant.name,
            },
          ),
        });
      }
      show(errors);
      return;
    }
    req.session.flash = context.t('host.availability.saved', { name: participant.name, event: event.name });
    res.redirect(303, '/app/availability');
  });

  return router;
}
