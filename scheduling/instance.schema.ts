import { z } from 'zod';
import type { ScheduleInstance } from './types';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time HH:MM');
const minutes = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
const formatMinutes = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const window = z
  .object({ date, start: clock, end: clock })
  .refine((w) => minutes(w.start) < minutes(w.end), { message: 'start must be before end', path: ['end'] });
const id = z.string().min(1);
const count = z.number().int().min(0);
const pair = z.object({ needId: id, startupId: id });
const score = z.number().min(0).max(1);

/** One meeting of a result or of `locked`. */
export const meetingSchema = z.object({
  id,
  date,
  start: clock,
  end: clock,
  roomId: id,
  needId: id,
  hostId: id,
  startupId: id,
  score: z.number().finite(),
});

/** The JSON format of one scheduling instance, version 1 (documented in scheduling/README.md). */
export const scheduleInstanceSchema = z
  .object({
    formatVersion: z.literal(1),
    event: z.object({
      id,
      timezone: z.string().min(1).default('Europe/Stockholm'),
      meetingMinutes: z.number().int().min(1).max(1440),
      changeoverMinutes: z.number().int().min(0).max(1440),
      days: z.array(
        z.object({
          date,
          sessions: z.array(
            z.object({ start: clock, end: clock }).refine((s) => minutes(s.start) < minutes(s.end), {
              message: 'start must be before end',
              path: ['end'],
            }),
          ),
        }),
      ),
      rooms: z.array(z.object({ id, name: z.string().optional(), closed: z.array(window).optional() })),
      relevanceFloor: score.optional(),
    }),
    hosts: z.array(z.object({ id, name: z.string().optional(), availability: z.array(window).optional() })),
    needs: z.array(
      z
        .object({
          id,
          hostId: id,
          title: z.string().optional(),
          priority: z.number().int().min(1).max(5),
          minMeetings: count,
          maxMeetings: count,
          relevanceFloor: score.optional(),
        })
        .refine((n) => n.minMeetings <= n.maxMeetings, {
          message: 'minMeetings must not exceed maxMeetings',
          path: ['minMeetings'],
        }),
    ),
    startups: z.array(
      z.object({
        id,
        name: z.string().optional(),
        maxMeetings: count,
        availability: z.array(window).optional(),
      }),
    ),
    candidates: z.array(pair.extend({ score })),
    pins: z.array(pair).default([]),
    bans: z.array(pair).default([]),
    locked: z.array(meetingSchema).default([]),
  })
  .superRefine((inst, ctx) => {
    const unique = (ids: string[], path: string) => {
      const seen = new Set<string>();
      ids.forEach((value, i) => {
        if (seen.has(value))
          ctx.addIssue({ code: 'custom', message: `duplicate id "${value}"`, path: [path, i, 'id'] });
        seen.add(value);
      });
    };
    unique(
      inst.hosts.map((h) => h.id),
      'hosts',
    );
    unique(
      inst.needs.map((n) => n.id),
      'needs',
    );
    unique(
      inst.startups.map((s) => s.id),
      'startups',
    );
    unique(
      inst.event.rooms.map((r) => r.id),
      'rooms',
    );
    // Slots are built per session, so two sessions sharing a minute (on one day, or on a date
    // listed twice) would put one host and one room in two meetings at once.
    const sessionsSeen: { date: string; start: number; end: number; path: string }[] = [];
    inst.event.days.forEach((day, d) => {
      day.sessions.forEach((session, s) => {
        const start = minutes(session.start);
        const end = minutes(session.end);
        const clash = sessionsSeen.find((o) => o.date === day.date && o.start < end && start < o.end);
        if (clash)
          ctx.addIssue({
            code: 'custom',
            message: `${day.date} ${session.start}–${session.end} overlaps ${clash.path} (${formatMinutes(clash.start)}–${formatMinutes(clash.end)}); sessions may not share time`,
            path: ['event', 'days', d, 'sessions', s],
          });
        sessionsSeen.push({ date: day.date, start, end, path: `event.days.${d}.sessions.${s}` });
      });
    });
    const hosts = new Set(inst.hosts.map((h) => h.id));
    const needs = new Set(inst.needs.map((n) => n.id));
    const startups = new Set(inst.startups.map((s) => s.id));
    inst.needs.forEach((n, i) => {
      if (!hosts.has(n.hostId))
        ctx.addIssue({ code: 'custom', message: `unknown host "${n.hostId}"`, path: ['needs', i, 'hostId'] });
    });
    for (const list of ['candidates', 'pins', 'bans'] as const) {
      inst[list].forEach((p, i) => {
        if (!needs.has(p.needId))
          ctx.addIssue({ code: 'custom', message: `unknown need "${p.needId}"`, path: [list, i, 'needId'] });
        if (!startups.has(p.startupId))
          ctx.addIssue({
            code: 'custom',
            message: `unknown startup "${p.startupId}"`,
            path: [list, i, 'startupId'],
          });
      });
    }
  });

export type ParseResult = { ok: true; value: ScheduleInstance } | { ok: false; errors: string[] };

/**
 * Validates unknown JSON as a ScheduleInstance. Errors name the field path, e.g.
 * `needs.3.priority: Too big: expected number to be <=5`. Locked meetings that refer to unknown
 * participants are accepted: they are dropped with a reason when scheduling (a participant cancelled).
 */
export function parseInstance(json: unknown): ParseResult {
  const parsed = scheduleInstanceSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data as ScheduleInstance };
  return {
    ok: false,
    errors: parsed.error.issues.map(
      (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`,
    ),
  };
}
