// Apart from call-quality.ts on purpose: the elements need only this, and it is all of quality that the
// initial bundle carries (the stats reading loads with the call engine).
export type QualityRating = 'good' | 'fair' | 'poor';

/** Good from 4.0 (toll quality), fair from 3.6 (most users satisfied), poor below. */
export function ratingOf(mos: number): QualityRating {
  if (mos >= 4) return 'good';
  if (mos >= 3.6) return 'fair';
  return 'poor';
}
