/** Languages scores are written in. */
type Language = 'sv' | 'en';

/** A score with two decimals, "0,62" in Swedish and "0.62" in English. */
export function scoreText(value: number, language: Language): string {
  const text = value.toFixed(2);
  return language === 'sv' ? text.replace('.', ',') : text;
}

/**
 * A score below the floor, written so that it reads as below it: two decimals, unless those round
 * up to the floor's own two decimals (0.397 under a floor of 0.40), then three decimals rounded
 * down ("0.397"). A reason saying "0.40 below the floor 0.40" would not be true as read.
 */
export function scoreBelowText(score: number, floor: number, language: Language): string {
  if (Number(score.toFixed(2)) < Number(floor.toFixed(2))) return scoreText(score, language);
  const text = (Math.floor(score * 1000 + 1e-9) / 1000).toFixed(3);
  return language === 'sv' ? text.replace('.', ',') : text;
}
