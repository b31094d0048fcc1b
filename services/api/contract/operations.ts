import { z } from 'zod';
import {
  apiKeyCreateSchema,
  auditListQuerySchema,
  availabilitySchema,
  enrolmentSchema,
  eventCreateSchema,
  eventListQuerySchema,
  eventPatchSchema,
  hostCreateSchema,
  hostListQuerySchema,
  hostPatchSchema,
  needCreateSchema,
  needListQuerySchema,
  needPatchSchema,
  objectIdSchema,
  organisationCreateSchema,
  organisationListQuerySchema,
  organisationPatchSchema,
  outcomeBodySchema,
  outcomeSideSchema,
  pilotCreateSchema,
  pilotListQuerySchema,
  pilotPatchSchema,
  startupCreateSchema,
  startupListQuerySchema,
  startupPatchSchema,
} from '../../../models';
import { personalDataRequestSchema } from '../../privacy';
import { reviewSchema } from '../../registrations';
import {
  agendaQuerySchema,
  buildBodySchema,
  cancellationBodySchema,
  declineBodySchema,
  moveBodySchema,
  pairBodySchema,
  publishBodySchema,
  scheduleQuerySchema,
  scoutingQuerySchema,
} from '../../schedules/schedule.schemas';
import type { RecordKind } from '../../visibility';
import * as r from './responses';

/** What one status of an operation answers: JSON of a schema, text of some media types (either, as asked), or nothing. */
export interface ResponseSpec {
  readonly description: string;
  readonly json?: z.ZodType;
  readonly text?: readonly string[];
}

/** One operation of the API: the source of its entry in `/openapi.json` and on `/docs`. */
export interface Operation {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template, e.g. `/needs/{id}`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  /** Who may call it (the table in services/api/README.md says more). */
  readonly roles: string;
  /** False for the public endpoints (no key). */
  readonly auth?: false;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** `If-Match: "<version>"` is required (428 without it). */
  readonly ifMatch?: boolean;
  /** The record (or page of records) it answers with, cut per role by services/visibility's FIELD_RULE. */
  readonly record?: RecordKind;
  /** Success answers by status; every error is a Problem. */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
}

const byId = z.object({ id: objectIdSchema });
const meetingParams = z.object({ id: objectIdSchema, meetingId: z.string() });
const CSV = ['text/csv'];
const ICS = ['text/calendar'];
const HTML = ['text/html'];

function json(schema: z.ZodType, description = 'OK'): ResponseSpec {
  return { description, json: schema };
}
const deleted: ResponseSpec = { description: 'Deleted' };
/** A GET sent with `If-None-Match` naming the ETag of the answer it would get: no body. */
const notModified: ResponseSpec = { description: 'Not modified: the answer is the one whose ETag was sent' };

/** A resource with list, create, read, update and delete. */
function crud(options: {
  path: string;
  tag: string;
  name: string;
  record: RecordKind;
  roles: { read: string; write: string };
  query: z.ZodObject;
  create: z.ZodType;
  patch: z.ZodType;
  schema: z.ZodType;
  page: z.ZodType;
  written?: z.ZodType;
}): Operation[] {
  const { path, tag, name, roles } = options;
  const written = options.written ?? options.schema;
  const record = options.record;
  return [
    {
      method: 'get',
      path,
      tag,
      summary: `List ${name}s`,
      roles: roles.read,
      record,
      query: options.query,
      responses: { 200: json(options.page), 304: notModified },
    },
    {
      method: 'post',
      path,
      tag,
      summary: `Create a ${name}`,
      roles: roles.write,
      body: options.create,
      responses: { 201: json(written, 'Created') },
    },
    {
      method: 'get',
      path: `${path}/{id}`,
      tag,
      summary: `Read a ${name}`,
      roles: roles.read,
      record,
      params: byId,
      responses: { 200: json(options.schema), 304: notModified },
    },
    {
      method: 'patch',
      path: `${path}/{id}`,
      tag,
      summary: `Change a ${name}`,
      roles: roles.write,
      params: byId,
      ifMatch: true,
      body: options.patch,
      responses: { 200: json(written) },
    },
    {
      method: 'delete',
      path: `${path}/{id}`,
      tag,
      summary: `Delete a ${name}`,
      roles: roles.write,
      params: byId,
      ifMatch: true,
      responses: options.written
        ? { 200: json(written, 'Deleted; drafts that held it were repaired'), 204: deleted }
        : { 204: deleted },
    },
  ];
}

/** Every operation of the API, in the order `/docs` shows them. */
export const OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/healthz',
    tag: 'Health',
    summary: 'The process answers',
    roles: 'anyone',
    auth: false,
    responses: { 200: json(r.healthSchema) },
  },
  {
    method: 'get',
    path: '/readyz',
    tag: 'Health',
    summary: 'The database and Redis answer',
    roles: 'anyone',
    auth: false,
    responses: { 200: json(r.readinessSchema), 503: json(r.readinessSchema, 'A dependency is down') },
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'Contract',
    summary: 'This document (OpenAPI 3.1)',
    roles: 'anyone',
    auth: false,
    responses: { 200: json(r.openApiDocumentSchema) },
  },
  {
    method: 'get',
    path: '/docs',
    tag: 'Contract',
    summary: 'This document as a page for people',
    roles: 'anyone',
    auth: false,
    query: z.object({ lang: z.enum(['sv', 'en']).optional() }),
    responses: { 200: { description: 'HTML', text: HTML } },
  },
  ...crud({
    path: '/organisations',
    tag: 'Organisations',
    name: 'organisation',
    record: 'organisation',
    roles: { read: 'every role', write: 'facilitator' },
    query: organisationListQuerySchema,
    create: organisationCreateSchema,
    patch: organisationPatchSchema,
    schema: r.organisationSchema,
    page: r.organisationPageSchema,
  }),
  ...crud({
    path: '/hosts',
    tag: 'Hosts',
    name: 'host',
    record: 'host',
    roles: {
      read: "facilitator; development head: her organisation's hosts",
      write: "facilitator; development head: her organisation's hosts",
    },
    query: hostListQuerySchema,
    create: hostCreateSchema,
    patch: hostPatchSchema,
    schema: r.hostSchema,
    page: r.hostPageSchema,
  }),
  ...crud({
    path: '/needs',
    tag: 'Needs',
    name: 'need',
    record: 'need',
    roles: {
      read: 'every role (a startup: open needs; fields per role)',
      write: "facilitator; development head: her organisation's needs",
    },
    query: needListQuerySchema,
    create: needCreateSchema,
    patch: needPatchSchema,
    schema: r.needSchema,
    page: r.needPageSchema,
    written: r.needWrittenSchema,
  }),
  ...crud({
    path: '/startups',
    tag: 'Startups',
    name: 'startup profile',
    record: 'startup',
    roles: {
      read: 'facilitator; development head: approved profiles; startup: its own (fields per role)',
      write: 'facilitator (create, delete); a startup changes its own',
    },
    query: startupListQuerySchema,
    create: startupCreateSchema,
    patch: startupPatchSchema,
    schema: r.startupSchema,
    page: r.startupPageSchema,
    written: r.startupWrittenSchema,
  }),
  {
    method: 'post',
    path: '/startups/{id}/review',
    tag: 'Startups',
    summary: 'Approve or reject a registered profile',
    roles: 'facilitator',
    params: byId,
    ifMatch: true,
    body: reviewSchema,
    responses: { 200: json(r.startupWrittenSchema) },
  },
  {
    method: 'get',
    path: '/needs/{id}/matches',
    record: 'match',
    tag: 'Matches',
    summary: "A need's ranked startups",
    roles: "facilitator; development head: her organisation's needs",
    params: byId,
    query: z.object({ limit: z.coerce.number().int().min(1).optional() }),
    responses: { 200: json(r.needMatchListSchema), 304: notModified },
  },
  {
    method: 'get',
    path: '/startups/{id}/matches',
    record: 'match',
    tag: 'Matches',
    summary: 'The needs a profile ranks in',
    roles: "facilitator; development head: her organisation's needs; startup: its own, open needs",
    params: byId,
    query: z.object({ limit: z.coerce.number().int().min(1).optional() }),
    responses: { 200: json(r.startupMatchListSchema), 304: notModified },
  },
  {
    method: 'post',
    path: '/matches/rebuild',
    tag: 'Matches',
    summary: 'Rank everything again (queued)',
    roles: 'facilitator',
    responses: { 202: json(r.queuedJobSchema, 'Queued') },
  },
  {
    method: 'get',
    path: '/jobs/{id}',
    record: 'job',
    tag: 'Jobs',
    summary: "A job's state, progress and result",
    roles: 'facilitator',
    params: z.object({ id: z.string() }),
    responses: { 200: json(r.jobSchema) },
  },
  {
    method: 'get',
    path: '/jobs/{id}/events',
    tag: 'Jobs',
    summary: "A job's state, progress and end as server-sent events",
    roles: 'facilitator',
    params: z.object({ id: z.string() }),
    responses: { 200: { description: 'An event stream', text: ['text/event-stream'] } },
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'Jobs',
    summary: 'Queue and recompute metrics (Prometheus text format)',
    roles: 'facilitator',
    responses: { 200: { description: 'Prometheus text', text: ['text/plain'] } },
  },
  ...crud({
    path: '/events',
    tag: 'Events',
    name: 'event',
    record: 'event',
    roles: { read: 'every role', write: 'facilitator' },
    query: eventListQuerySchema,
    create: eventCreateSchema,
    patch: eventPatchSchema,
    schema: r.eventSchema,
    page: r.eventPageSchema,
  }),
  {
    method: 'post',
    path: '/events/{id}/enrolments',
    tag: 'Events',
    summary: 'Enrol needs and startups',
    roles: 'facilitator',
    params: byId,
    body: enrolmentSchema,
    responses: { 200: json(r.eventSchema) },
  },
  {
    method: 'delete',
    path: '/events/{id}/enrolments/{kind}/{participantId}',
    tag: 'Events',
    summary: 'Take a need or startup out of an event',
    roles: 'facilitator',
    params: z.object({
      id: objectIdSchema,
      kind: z.enum(['needs', 'startups']),
      participantId: objectIdSchema,
    }),
    responses: { 200: json(r.eventSchema) },
  },
  {
    method: 'put',
    path: '/events/{id}/availability',
    tag: 'Events',
    summary: "Set one participant's availability",
    roles: "facilitator; development head: her organisation's hosts; startup: itself",
    record: 'event',
    params: byId,
    body: availabilitySchema,
    responses: { 200: json(r.eventSchema) },
  },
  {
    method: 'delete',
    path: '/events/{id}/availability/{kind}/{participantId}',
    tag: 'Events',
    summary: "Clear one participant's availability",
    roles: "facilitator; development head: her organisation's hosts; startup: itself",
    record: 'event',
    params: z.object({ id: objectIdSchema, kind: z.enum(['host', 'startup']), participantId: z.string() }),
    responses: { 200: json(r.eventSchema) },
  },
  {
    method: 'post',
    path: '/events/{id}/schedule',
    tag: 'Schedules',
    summary: 'Build a draft schedule',
    roles: 'facilitator',
    params: byId,
    body: buildBodySchema,
    responses: { 201: json(r.scheduleSchema, 'Built'), 202: json(r.queuedJobSchema, 'Queued') },
  },
  {
    method: 'get',
    path: '/events/{id}/schedule',
    tag: 'Schedules',
    summary: 'A version of the schedule (JSON, CSV, iCalendar or printable HTML)',
    roles: 'facilitator',
    params: byId,
    query: scheduleQuerySchema,
    responses: {
      200: { description: 'OK', json: r.scheduleSchema, text: [...CSV, ...ICS, ...HTML] },
    },
  },
  {
    method: 'get',
    path: '/events/{id}/schedule.csv',
    tag: 'Schedules',
    summary: 'The schedule as CSV',
    roles: 'facilitator',
    params: byId,
    query: scheduleQuerySchema,
    responses: { 200: { description: 'CSV', text: CSV } },
  },
  {
    method: 'get',
    path: '/events/{id}/schedule.ics',
    tag: 'Schedules',
    summary: 'The schedule as iCalendar',
    roles: 'facilitator',
    params: byId,
    query: scheduleQuerySchema,
    responses: { 200: { description: 'iCalendar', text: ICS } },
  },
  {
    method: 'post',
    path: '/events/{id}/schedule/publish',
    tag: 'Schedules',
    summary: 'Publish the draft',
    roles: 'facilitator',
    params: byId,
    body: publishBodySchema,
    responses: { 200: json(r.scheduleSchema) },
  },
  {
    method: 'post',
    path: '/events/{id}/cancellations',
    tag: 'Schedules',
    summary: 'Cancel a meeting, or a participant or room, and repair the draft',
    roles: 'facilitator',
    params: byId,
    body: cancellationBodySchema,
    responses: { 201: json(r.repairSchema, 'Repaired'), 202: json(r.queuedJobSchema, 'Queued') },
  },
  {
    method: 'post',
    path: '/events/{id}/cancellations/{cancellationId}/undo',
    tag: 'Schedules',
    summary: 'Undo a cancellation',
    roles: 'facilitator',
    params: z.object({ id: objectIdSchema, cancellationId: z.string() }),
    responses: { 201: json(r.repairSchema, 'Repaired') },
  },
  {
    method: 'post',
    path: '/events/{id}/meetings/{meetingId}/decline',
    tag: 'Schedules',
    summary: 'Decline a meeting',
    roles: "facilitator; development head: her organisation's meetings; startup: its own",
    params: meetingParams,
    body: declineBodySchema,
    responses: { 201: json(r.repairSchema, 'Repaired') },
  },
  {
    method: 'post',
    path: '/events/{id}/meetings/{meetingId}/move',
    tag: 'Schedules',
    summary: 'Move a meeting',
    roles: 'facilitator',
    params: meetingParams,
    body: moveBodySchema,
    responses: { 201: json(r.repairSchema, 'Repaired') },
  },
  ...(['pins', 'bans'] as const).flatMap((kind): Operation[] => [
    {
      method: 'post',
      path: `/events/{id}/${kind}`,
      tag: 'Schedules',
      summary: kind === 'pins' ? 'Pin a pair (must meet)' : 'Ban a pair (must never meet)',
      roles: 'facilitator',
      params: byId,
      body: pairBodySchema,
      responses: { 201: json(r.pairingsSchema, 'Added') },
    },
    {
      method: 'delete',
      path: `/events/{id}/${kind}`,
      tag: 'Schedules',
      summary: kind === 'pins' ? 'Remove a pin' : 'Remove a ban',
      roles: 'facilitator',
      params: byId,
      body: pairBodySchema,
      responses: { 200: json(r.pairingsSchema) },
    },
  ]),
  {
    method: 'get',
    path: '/events/{id}/pairings',
    tag: 'Schedules',
    summary: 'Pins, bans and cancellations',
    roles: 'facilitator',
    params: byId,
    responses: { 200: json(r.pairingsSchema) },
  },
  {
    method: 'get',
    path: '/events/{id}/scouting',
    tag: 'Schedules',
    summary: "The draft's scouting list (JSON or CSV)",
    roles: 'facilitator',
    params: byId,
    query: scoutingQuerySchema,
    responses: { 200: { description: 'OK', json: r.scoutingSchema, text: CSV } },
  },
  {
    method: 'get',
    path: '/events/{id}/scouting.csv',
    tag: 'Schedules',
    summary: 'The scouting list as CSV',
    roles: 'facilitator',
    params: byId,
    query: scoutingQuerySchema,
    responses: { 200: { description: 'CSV', text: CSV } },
  },
  {
    method: 'get',
    path: '/events/{id}/agenda',
    tag: 'Schedules',
    summary: "A participant's published meetings (JSON, iCalendar or HTML)",
    roles: 'facilitator (names the participant); development head and startup: their own',
    params: byId,
    query: agendaQuerySchema,
    responses: { 200: { description: 'OK', json: r.agendaSchema, text: [...ICS, ...HTML] } },
  },
  {
    method: 'get',
    path: '/events/{id}/agenda.ics',
    tag: 'Schedules',
    summary: "A participant's published meetings as iCalendar",
    roles: 'facilitator (names the participant); development head and startup: their own',
    params: byId,
    query: agendaQuerySchema,
    responses: { 200: { description: 'iCalendar', text: ICS } },
  },
  {
    method: 'get',
    path: '/events/{id}/outcomes',
    tag: 'Outcomes',
    summary: "The caller's published meetings with every outcome record and the verdict",
    roles: "facilitator; development head: her organisation's meetings; startup: its own",
    params: byId,
    query: z.object({ meetingId: z.string().optional() }),
    responses: { 200: json(r.meetingOutcomesListSchema) },
  },
  {
    method: 'put',
    path: '/events/{id}/meetings/{meetingId}/outcomes/{side}',
    tag: 'Outcomes',
    summary: "Record one side's outcome of a published meeting",
    roles: 'facilitator: any side; development head: host; startup: startup',
    params: z.object({ id: objectIdSchema, meetingId: z.string(), side: outcomeSideSchema }),
    body: outcomeBodySchema,
    responses: { 200: json(r.outcomeSchema, 'Changed'), 201: json(r.outcomeSchema, 'Recorded') },
  },
  {
    method: 'get',
    path: '/events/{id}/report',
    tag: 'Outcomes',
    summary: "The event's report (JSON or CSV)",
    roles: 'facilitator',
    params: byId,
    query: z.object({ format: z.enum(['json', 'csv']).optional() }),
    responses: { 200: { description: 'OK', json: r.reportSchema, text: CSV } },
  },
  {
    method: 'get',
    path: '/pilots',
    record: 'pilot',
    tag: 'Outcomes',
    summary: 'List pilots',
    roles: "facilitator; development head: her organisation's; startup: its own",
    query: pilotListQuerySchema,
    responses: { 200: json(r.pilotPageSchema) },
  },
  {
    method: 'post',
    path: '/pilots',
    record: 'pilot',
    tag: 'Outcomes',
    summary: 'Record a pilot that came of a published meeting',
    roles: "facilitator; development head: her organisation's",
    body: pilotCreateSchema,
    responses: { 201: json(r.pilotSchema, 'Created') },
  },
  {
    method: 'get',
    path: '/pilots/{id}',
    record: 'pilot',
    tag: 'Outcomes',
    summary: 'Read a pilot',
    roles: "facilitator; development head: her organisation's; startup: its own",
    params: byId,
    responses: { 200: json(r.pilotSchema) },
  },
  {
    method: 'patch',
    path: '/pilots/{id}',
    record: 'pilot',
    tag: 'Outcomes',
    summary: 'Change a pilot',
    roles: "facilitator; development head: her organisation's",
    params: byId,
    ifMatch: true,
    body: pilotPatchSchema,
    responses: { 200: json(r.pilotSchema) },
  },
  {
    method: 'get',
    path: '/audit',
    tag: 'Audit',
    summary: 'The audit log, newest first (read only: other methods get 405)',
    roles: 'facilitator',
    query: auditListQuerySchema,
    responses: { 200: json(r.auditPageSchema) },
  },
  {
    method: 'get',
    path: '/personal-data',
    tag: 'Personal data',
    summary: 'Everything held about the signed-in person, as JSON',
    roles: 'a signed-in person: their own',
    responses: { 200: json(r.personalDataExportSchema) },
  },
  {
    method: 'post',
    path: '/personal-data/export',
    tag: 'Personal data',
    summary: 'Everything held about one e-mail address, as JSON',
    roles: "facilitator: anyone's (email); a signed-in person: their own",
    body: personalDataRequestSchema,
    responses: { 200: json(r.personalDataExportSchema) },
  },
  {
    method: 'post',
    path: '/personal-data/erasure',
    tag: 'Personal data',
    summary:
      "Erase one person's data: contact details removed, records kept anonymised, links, keys and sessions revoked",
    roles: "facilitator: anyone's (email); a signed-in person: their own",
    body: personalDataRequestSchema,
    responses: { 200: json(r.erasureReportSchema) },
  },
  {
    method: 'get',
    path: '/api-keys',
    tag: 'API keys',
    summary: 'List keys (never their secrets)',
    roles: 'facilitator',
    responses: { 200: json(r.apiKeyListSchema) },
  },
  {
    method: 'post',
    path: '/api-keys',
    tag: 'API keys',
    summary: 'Issue a key (the secret is in this answer only)',
    roles: 'facilitator',
    body: apiKeyCreateSchema,
    responses: { 201: json(r.issuedApiKeySchema, 'Issued') },
  },
  {
    method: 'delete',
    path: '/api-keys/{id}',
    tag: 'API keys',
    summary: 'Revoke a key',
    roles: 'facilitator',
    params: byId,
    responses: { 204: { description: 'Revoked' } },
  },
];
