import type { Response } from 'express';
import type { DepartureRepair } from '../../schedules';
import type { Published } from '../../service-deps';
import { sendWritten } from '../middleware';

/**
 * Sends a write of a need or profile that may have made schedules leave it (deleted, closed).
 * Without repairs it is sent as usual (a delete: 204); with them the body is the record plus
 * `scheduleRepairs` (one entry per event whose draft was repaired at once), a delete included (200).
 */
export function sendWrittenWithRepairs<T extends { version: number }>(
  res: Response,
  status: 200 | 204,
  written: Published<T> & { scheduleRepairs: DepartureRepair[] },
): void {
  const { scheduleRepairs, ...rest } = written;
  if (scheduleRepairs.length === 0) {
    sendWritten(res, status, rest);
    return;
  }
  sendWritten(res, 200, { ...rest, value: { ...rest.value, scheduleRepairs } });
}
