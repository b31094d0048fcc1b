import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { event as fixtureEvent } from '../fixtures';
import { buildSchedule, checkSchedule, meetingId, type Meeting } from '../scheduling';
import { renderIcs, renderScheduleHtml, type ScheduleLabels } from '../services/exports';
import { DEFAULT_MIN_SCORE, hostIdOf } from '../services/schedules/build-instance';
import { namesOfInstance, renderReason } from '../services/schedules/reasons';
import { describeFloor, scoutingList } from '../services/schedules/scouting';
import { translator } from '../web/i18n';
import { outcomesReportPage } from '../web/pages/outcomes';
import { buildDemoInstance, DEMO_TOP_K } from './demo-instance';
import { pastEventReport } from './past-event-report';

const OUT_DIR = path.join(__dirname, '..', 'out');
const ASSETS_DIR = path.join(__dirname, '..', 'web', 'assets');

/** "46 %" (or "–" with nothing to divide). */
function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)} %`;
}

/**
 * The fixtures' past event: its follow-up rate and pilots as lines, and its report as the
 * facilitator's report page renders it (Swedish), with the page's stylesheets inlined so that
 * out/report.html opens from the disk.
 */
function pastEventLines(): { lines: string[]; page: string } {
  const report = pastEventReport();
  const { totals } = report;
  const top = report.byScoreQuartile[0];
  const bottom = report.byScoreQuartile[report.byScoreQuartile.length - 1];
  const lines = [
    `Past event: ${report.event.name} (${report.event.firstDate} – ${report.event.lastDate})`,
    `  ${totals.planned} meetings planned, ${totals.held} held, ${totals.noShows} no-shows, ${totals.cancelledLate} cancelled late; follow-up rate ${percent(totals.followUpRate)} (${totals.withNextStep} held meetings with an agreed next step ÷ ${totals.held} held)`,
    `  pilots: ${totals.pilots.proposed} proposed, ${totals.pilots.started} started, ${totals.pilots.done} done; ${totals.pilots.kSekProposed} kSEK proposed, ${totals.pilots.kSekStarted} kSEK started`,
  ];
  if (top && bottom)
    lines.push(
      `  top quarter of match scores: ${percent(top.followUpRate)} led to a next step; bottom quarter: ${percent(bottom.followUpRate)}`,
    );
  const page = outcomesReportPage(
    {
      language: 'sv',
      t: translator('sv'),
      path: `/app/events/${report.event.id}/report`,
      csrfToken: '',
    },
    report,
  ).replace(
    /<link rel="stylesheet" href="\/assets\/([a-z-]+\.css)" \/>/g,
    (_link, file: string) => `<style>${readFileSync(path.join(ASSETS_DIR, file), 'utf8')}</style>`,
  );
  return { lines, page };
}

function pad(text: string, width: number): string {
  const cut = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return cut.padEnd(width);
}

/**
 * `npm run demo`: the sample data end to end without a server. Fixtures → scoring (top-K per need)
 * → instance (hosts = owner e-mails, candidates ≥ threshold, the default relevance floor) → schedule →
 * the day as a table, the shortfalls with reasons, the scouting list, and out/schedule.html + .ics;
 * then the fixtures' past event: its follow-up rate and pilots, and its report in out/report.html.
 */
function main(): void {
  const started = performance.now();
  const { event, corpusProfiles, enrolledNeeds, enrolledStartups, ranked, relevanceFloor, instance } =
    buildDemoInstance();
  const rankedMs = performance.now() - started;
  const result = buildSchedule(instance, { seed: 1 });
  const violations = checkSchedule(instance, result.meetings);
  const names = namesOfInstance(instance);
  const totalMs = performance.now() - started;

  const labels: ScheduleLabels = {
    needs: new Map(
      enrolledNeeds.map((need) => [
        need.key,
        { title: need.title, hostName: need.owner.name, hostEmail: hostIdOf(need) },
      ]),
    ),
    startups: new Map(enrolledStartups.map((startup) => [startup.key, { name: startup.name }])),
    rooms: new Map(event.rooms.map((room) => [room.id, room.name ?? room.id])),
  };

  const lines: string[] = [];
  lines.push(
    `${fixtureEvent.name} — ${enrolledNeeds.length} needs, ${enrolledStartups.length} startups, ${event.rooms.length} rooms, ${fixtureEvent.days.length} days (${fixtureEvent.timezone})`,
  );
  lines.push(
    `${instance.candidates.length} candidate pairs (top ${DEMO_TOP_K} per need, score ≥ ${DEFAULT_MIN_SCORE}); ${result.meetings.length} meetings; objective ${result.objective.toFixed(2)}, bound ${result.bound.toFixed(2)}, gap ${(result.gap * 100).toFixed(1)} %; ${violations.length} constraint violations; ranked in ${rankedMs.toFixed(0)} ms, total ${totalMs.toFixed(0)} ms`,
  );
  lines.push(describeFloor(relevanceFloor, corpusProfiles, 'en'));
  // Needs are numbered (N1…) with a legend so that the grid stays readable at six rooms.
  const needNumber = new Map(enrolledNeeds.map((need, index) => [need.key, `N${index + 1}`]));
  lines.push('', 'Needs:');
  for (const need of enrolledNeeds) {
    lines.push(
      `  ${pad(needNumber.get(need.key) ?? '', 4)}${need.title} — ${need.owner.name}, priority ${need.priority}, wants ${need.meetings.min}–${need.meetings.max}`,
    );
  }
  const byDate = new Map<string, Meeting[]>();
  for (const meeting of result.meetings)
    byDate.set(meeting.date, [...(byDate.get(meeting.date) ?? []), meeting]);
  const cellWidth = 22;
  for (const [date, meetings] of [...byDate.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      '',
      `${date}`,
      `${pad('time', 12)}${event.rooms.map((room) => pad(room.name ?? room.id, cellWidth)).join(' ')}`,
    );
    const slots = [...new Set(meetings.map((meeting) => `${meeting.start}-${meeting.end}`))].sort();
    for (const slot of slots) {
      const cells = event.rooms.map((room) => {
        const meeting = meetings.find((m) => `${m.start}-${m.end}` === slot && m.roomId === room.id);
        if (!meeting) return pad('·', cellWidth);
        const startup = labels.startups.get(meeting.startupId)?.name ?? meeting.startupId;
        return pad(
          `${needNumber.get(meeting.needId) ?? meeting.needId}↔${startup.slice(0, 11)} ${meeting.score.toFixed(2)}`,
          cellWidth,
        );
      });
      lines.push(`${pad(slot, 12)}${cells.join(' ')}`);
    }
  }
  lines.push(
    '',
    result.shortfalls.length === 0
      ? 'Shortfalls: none, every need reaches its minimum.'
      : `Shortfalls (${result.shortfalls.length}):`,
  );
  for (const shortfall of result.shortfalls) {
    lines.push(
      `  ${needNumber.get(shortfall.needId) ?? ''} ${labels.needs.get(shortfall.needId)?.title ?? shortfall.needId}: ${shortfall.met}/${shortfall.minimum} — ${shortfall.reasons.map((reason) => renderReason(reason, names, 'en')).join('; ')}`,
    );
  }
  for (const pin of result.unmetPins)
    lines.push(`  unmet pin ${pin.needId} ↔ ${pin.startupId}: ${renderReason(pin.reason, names, 'en')}`);
  const scouting = scoutingList(result.scouting, {
    needs: new Map(enrolledNeeds.map((need) => [need.key, { title: need.title, tags: need.tags }])),
    startups: new Map(enrolledStartups.map((startup) => [startup.key, { name: startup.name }])),
    rankings: ranked,
  });
  lines.push(
    '',
    scouting.length === 0
      ? 'Scouting list: empty, every need has enough startups that fit it well.'
      : `Scouting list (${scouting.length} needs short of startups that fit well):`,
  );
  for (const entry of scouting) {
    lines.push(
      `  ${needNumber.get(entry.needId) ?? ''} ${entry.needTitle}: ${entry.goodCandidates} of the minimum ${entry.minimum} fit well (floor ${entry.floor.toFixed(2)})`,
      `      look for: ${[...entry.tags.map((tag) => `#${tag}`), ...entry.terms].join(', ') || '–'}`,
    );
    for (const miss of entry.nearMisses) lines.push(`      near miss ${miss.startupName}: ${miss.why}`);
  }

  mkdirSync(OUT_DIR, { recursive: true });
  const exportEvent = { id: event.id, name: fixtureEvent.name, timezone: event.timezone, rooms: event.rooms };
  writeFileSync(
    path.join(OUT_DIR, 'schedule.html'),
    renderScheduleHtml(exportEvent, result.meetings, labels, {
      shortfalls: result.shortfalls.map((shortfall) => ({
        ...shortfall,
        reasons: shortfall.reasons.map((reason) => renderReason(reason, names, 'en')),
      })),
    }),
  );
  writeFileSync(
    path.join(OUT_DIR, 'schedule.ics'),
    renderIcs(
      exportEvent,
      result.meetings.map((meeting) => ({ meeting, sequence: 0, status: 'CONFIRMED' as const })),
      labels,
      { now: new Date() },
    ),
  );
  lines.push(
    '',
    `Wrote ${path.relative(process.cwd(), path.join(OUT_DIR, 'schedule.html'))} and ${path.relative(process.cwd(), path.join(OUT_DIR, 'schedule.ics'))} (meeting UIDs like ${meetingId(event.id, 'need', 'startup')}@matchmaker).`,
  );
  const past = pastEventLines();
  writeFileSync(path.join(OUT_DIR, 'report.html'), past.page);
  lines.push(
    '',
    ...past.lines,
    `Wrote ${path.relative(process.cwd(), path.join(OUT_DIR, 'report.html'))} (the facilitator's report page of that event).`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
