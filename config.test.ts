import { parseConfig } from './config';

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
});
