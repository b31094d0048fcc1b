import { Writable } from 'node:stream';
import { pino, type Level } from 'pino';
import { startTestApp } from '../support';

interface LogLine {
  level: number;
  msg: string;
  req?: { id: unknown; method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}

/** The app with a logger at `level` whose lines are kept, parsed. */
async function appLoggingAt(level: Level) {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n'))
        if (text.trim() !== '') lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });
  const app = await startTestApp({ logger: pino({ level }, stream) });
  return { app, lines };
}

/** pino writes a line asynchronously after the answer has gone out. */
async function until(check: () => boolean): Promise<void> {
  for (let n = 0; n < 100 && !check(); n += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('request logs', () => {
  it('at info, each answered request is one line: id, method, path (a calendar feed’s secret left out), status, time', async () => {
    const { app, lines } = await appLoggingAt('info');
    try {
      await app.request('GET', '/needs', { key: app.facilitatorKey });
      await app.request('GET', '/needs', { key: 'mm_unknown' });
      await app.request('GET', `/cal/mmt_${'A'.repeat(43)}.ics`);
      const completed = () => lines.filter((line) => line.msg === 'request completed');
      await until(() => completed().length === 3);
      expect(completed()).toEqual([
        expect.objectContaining({
          level: 30,
          req: { id: expect.any(Number), method: 'GET', url: '/needs' },
          res: { statusCode: 200 },
          responseTime: expect.any(Number),
        }),
        expect.objectContaining({
          level: 30,
          req: expect.objectContaining({ url: '/needs' }),
          res: { statusCode: 401 },
        }),
        expect.objectContaining({
          level: 30,
          req: expect.objectContaining({ url: '/cal/…' }),
          res: { statusCode: 404 },
        }),
      ]);
      expect(new Set(completed().map((line) => line.req?.id)).size).toBe(3);
      expect(JSON.stringify(lines)).not.toContain('mmt_');
    } finally {
      await app.destroy();
    }
  });

  it('at warn, answered requests write no line', async () => {
    const { app, lines } = await appLoggingAt('warn');
    try {
      await app.request('GET', '/needs', { key: app.facilitatorKey });
      await app.request('GET', '/needs', { key: 'mm_unknown' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(lines.filter((line) => line.msg === 'request completed')).toEqual([]);
    } finally {
      await app.destroy();
    }
  });
});
