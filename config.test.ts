import { parseConfig, sessionSecretOf } from './config';

describe('parseConfig', () => {
  it('fills defaults for an empty environment and freezes the result', () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.MONGODB_URI).toBe('mongodb://127.0.0.1:27017/matchmaker');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad variable', () => {
    expect(() => parseConfig({ PORT: 'eighty', REDIS_URL: 'http://x' })).toThrow(
      /PORT.*REDIS_URL|REDIS_URL.*PORT/,
    );
  });

  it('reads the sign-in settings; production must set SESSION_SECRET', () => {
    const config = parseConfig({ PUBLIC_URL: 'https://matchmaker.example', SMTP_URL: 'smtp://mail:25' });
    expect(config.PUBLIC_URL).toBe('https://matchmaker.example');
    expect(sessionSecretOf(config)).toHaveLength(56);
    expect(() => sessionSecretOf(parseConfig({ NODE_ENV: 'production' }))).toThrow(/SESSION_SECRET/);
    expect(sessionSecretOf(parseConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) }))).toBe(
      's'.repeat(32),
    );
    expect(() => parseConfig({ PUBLIC_URL: 'https://matchmaker.example/app', SMTP_URL: 'http://x' })).toThrow(
      /PUBLIC_URL.*SMTP_URL/,
    );
    expect(parseConfig({}).WORKER_QUEUES).toEqual(['matches', 'schedules', 'mail']);
  });
});
