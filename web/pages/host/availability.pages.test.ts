import type { MatchmakingEvent } from '../../../models';
import { availabilityFormOf, windowsOfForm, type AvailabilityWindow } from './availability.pages';

/** Two days of the event's shape; only days matter to the form. */
const event = {
  days: [
    {
      date: '2027-03-16',
      sessions: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '16:00' },
      ],
    },
    { date: '2027-03-17', sessions: [{ start: '09:00', end: '12:00' }] },
  ],
} as unknown as MatchmakingEvent;

describe('the availability form', () => {
  it('nothing stored is every whole session, and saving it stores each session as a window', () => {
    const form = availabilityFormOf(event, undefined);
    expect(form).toEqual({ 's0-0': 'all', 's0-1': 'all', 's1-0': 'all' });
    expect(windowsOfForm(event, form).windows).toEqual([
      { date: '2027-03-16', start: '09:00', end: '12:00' },
      { date: '2027-03-16', start: '13:00', end: '16:00' },
      { date: '2027-03-17', start: '09:00', end: '12:00' },
    ]);
  });

  it('stored windows read back as whole, part (cut to the session) and not at all, and save as they were', () => {
    const stored: AvailabilityWindow[] = [
      { date: '2027-03-16', start: '08:00', end: '12:30' },
      { date: '2027-03-17', start: '10:00', end: '11:20' },
    ];
    const form = availabilityFormOf(event, stored);
    expect(form).toEqual({
      's0-0': 'all',
      's0-1': 'none',
      's1-0': 'part',
      's1-0-from': '10:00',
      's1-0-to': '11:20',
    });
    const { windows, fields, unanswered } = windowsOfForm(event, form);
    expect(windows).toEqual([
      { date: '2027-03-16', start: '09:00', end: '12:00' },
      { date: '2027-03-17', start: '10:00', end: '11:20' },
    ]);
    expect(fields).toEqual(['s0-0', 's1-0']);
    expect(unanswered).toEqual([]);
  });

  it('an empty list (not available) is every session "not at all"; a session without an answer is named', () => {
    expect(availabilityFormOf(event, [])).toEqual({ 's0-0': 'none', 's0-1': 'none', 's1-0': 'none' });
    expect(windowsOfForm(event, { 's0-0': 'none', 's1-0': 'maybe' }).unanswered).toEqual(['s0-1', 's1-0']);
  });

  it('part of a session is passed on as typed (trimmed), for the service to validate', () => {
    const { windows } = windowsOfForm(event, {
      's0-0': 'part',
      's0-0-from': ' 10:00 ',
      's0-0-to': '9',
      's0-1': 'none',
      's1-0': 'none',
    });
    expect(windows).toEqual([{ date: '2027-03-16', start: '10:00', end: '9' }]);
  });
});
