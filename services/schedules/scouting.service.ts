import type { MatchmakingEvent } from '../../models';
import { AppError } from '../app-error';
import { assertRole, type Principal } from '../auth';
import { csvField, spreadsheetText, UTF8_BOM } from '../exports';
import type { ServiceDeps } from '../service-deps';
import { parseInput } from '../validation';
import { loadScheduleContext } from './schedule-context';
import type { Rendered } from './schedule-read.service';
import { scoutingQuerySchema } from './schedule.schemas';
import { describeFloor, scoutingList, type Language, type ScoutingView } from './scouting';

/** Columns of the scouting list as CSV: one row per near miss (one row with empty near-miss cells when a need has none). */
export const SCOUTING_CSV_COLUMNS = [
  'need',
  'fit_well',
  'minimum',
  'floor',
  'tags',
  'terms',
  'near_miss',
  'score',
  'why',
  'sign_up',
] as const;

function renderScoutingCsv(views: readonly ScoutingView[], signUpUrl: string | null): string {
  const line = (cells: readonly string[]) => cells.map((cell) => csvField(spreadsheetText(cell))).join(',');
  const rows = [line(SCOUTING_CSV_COLUMNS)];
  for (const view of views) {
    const head = [
      view.needTitle,
      String(view.goodCandidates),
      String(view.minimum),
      view.floor.toFixed(2),
      view.tags.join('; '),
      view.terms.join('; '),
    ];
    const signUp = signUpUrl ?? '';
    if (view.nearMisses.length === 0) rows.push(line([...head, '', '', '', signUp]));
    for (const miss of view.nearMisses)
      rows.push(line([...head, miss.startupName, miss.score.toFixed(2), miss.why, signUp]));
  }
  return `${UTF8_BOM}${rows.join('\r\n')}\r\n`;
}

/**
 * `GET /events/:id/scouting` (facilitator): the current draft's scouting list, the needs short of
 * startups that fit well, with names, the need's tags and strongest terms (from its stored
 * matches' explanations) and each near miss with what it shares and lacks; JSON or CSV, both with
 * the event's sign-up link (`signUpUrlOf`, null when the event has no sign-up page) for the startups
 * a facilitator finds. 404 when no draft was built yet.
 */
export async function readScouting(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  query: unknown,
  format: 'json' | 'csv',
  signUpUrlOf: (event: MatchmakingEvent) => string | null = () => null,
): Promise<Rendered> {
  assertRole(principal, 'facilitator');
  const input = parseInput(scoutingQuerySchema, query ?? {});
  const context = await loadScheduleContext(deps, eventId);
  const repository = deps.repos.schedules;
  const pointer = await repository.pointer(eventId);
  const draft = pointer.draftVersion > 0 ? await repository.version(eventId, pointer.draftVersion) : null;
  if (!draft)
    throw new AppError('schedule_not_found', 'No draft has been built for this event yet.', {
      httpStatus: 404,
    });
  const entries = draft.scouting ?? [];
  const rankings = await deps.repos.matches.listForNeeds(entries.map((entry) => entry.needId));
  const language: Language = input.lang;
  const views = scoutingList(
    entries,
    {
      needs: new Map(context.needs.map((need) => [need.id, { title: need.title, tags: need.tags }])),
      startups: new Map(context.startups.map((startup) => [startup.id, { name: startup.name }])),
      rankings,
    },
    language,
  );
  const signUpUrl = signUpUrlOf(context.event);
  if ((input.format ?? format) === 'csv') {
    return {
      kind: 'text',
      contentType: 'text/csv; charset=utf-8',
      body: renderScoutingCsv(views, signUpUrl),
      filename: `scouting-${eventId}.csv`,
    };
  }
  const floor = draft.build?.relevanceFloor;
  return {
    kind: 'json',
    value: {
      draftVersion: draft.version,
      relevanceFloor: floor ?? null,
      floorText: floor === undefined ? null : describeFloor(floor, undefined, language),
      signUpUrl,
      needs: views,
    },
  };
}
