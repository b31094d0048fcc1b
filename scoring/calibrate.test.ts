import fc from 'fast-check';
import { calibrateScore, fitCalibration } from './calibrate';
import { createGaussian, createPrng } from './prng';

const sample = (count: number, seed: number): number[] => {
  const gaussian = createGaussian(createPrng(seed));
  return Array.from({ length: count }, () => gaussian());
};

describe('calibration', () => {
  it('maps tail fractions to the documented scores', () => {
    const scores = sample(100_000, 1);
    const calibration = fitCalibration(scores, 3);
    const sorted = [...scores].sort((a, b) => a - b);
    const atTail = (fraction: number): number => sorted[Math.floor(sorted.length * (1 - fraction))] as number;
    expect(calibrateScore(atTail(0.1), calibration)).toBeCloseTo(1 / 3, 1);
    expect(calibrateScore(atTail(0.01), calibration)).toBeCloseTo(2 / 3, 1);
    expect(calibrateScore(atTail(0.001), calibration)).toBeGreaterThan(0.95);
    expect(calibrateScore((sorted[0] as number) - 1, calibration)).toBe(0);
    expect(calibrateScore((sorted[sorted.length - 1] as number) + 1, calibration)).toBe(1);
  });

  it('is monotone and stays in [0, 1] for any fit data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 0, maxLength: 300 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (data, a, b) => {
          const calibration = fitCalibration(data);
          const [low, high] = a <= b ? [a, b] : [b, a];
          const sLow = calibrateScore(low, calibration);
          const sHigh = calibrateScore(high, calibration);
          return sLow >= 0 && sHigh <= 1 && sLow <= sHigh;
        },
      ),
    );
  });

  it('keeps quantiles strictly increasing when the data has ties', () => {
    const calibration = fitCalibration(new Array(1000).fill(0));
    for (let i = 1; i < calibration.quantiles.length; i += 1)
      expect(calibration.quantiles[i]).toBeGreaterThan(calibration.quantiles[i - 1] as number);
  });

  it('extrapolates beyond the data for small corpora', () => {
    const calibration = fitCalibration(sample(50, 2), 3);
    expect(calibration.quantiles).toHaveLength(25);
    expect(calibration.quantiles.every(Number.isFinite)).toBe(true);
  });
});
