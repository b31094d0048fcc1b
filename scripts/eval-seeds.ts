/** The LSA seeds of `npm run eval -- --seeds 42,1,2,3,4`: whole numbers, each once, in the order given. */
export function parseSeeds(text: string): { ok: true; value: number[] } | { ok: false; reason: string } {
  const parts = text.split(',').map((part) => part.trim());
  const value: number[] = [];
  for (const part of parts) {
    const seed = Number(part);
    if (part === '' || !Number.isSafeInteger(seed))
      return { ok: false, reason: `"${part}" is not a whole number` };
    if (value.includes(seed)) return { ok: false, reason: `seed ${seed} is given twice` };
    value.push(seed);
  }
  return { ok: true, value };
}

/** The arithmetic mean of a non-empty list (NaN for an empty one). */
export function meanOf(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** One figure over the seeds as the eval prints it: `0.748 / 0.728 / 0.740, mean 0.739` (3 decimals). */
export function formatOverSeeds(values: readonly number[]): string {
  return `${values.map((v) => v.toFixed(3)).join(' / ')}, mean ${meanOf(values).toFixed(3)}`;
}
