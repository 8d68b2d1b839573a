/**
 * Report years a reviewer can ask for. A year's reports are due by 31 January of the next year
 * (条例 第四十九条), so the year now running has none due: the latest is last year. The first is
 * 2019, the first year of the statutory tables (国办公开办函〔2019〕60号).
 */
export const FIRST_YEAR = 2019;

/** The latest report year that is due (or being published) on `today`. */
export function latestDueYear(today: Date = new Date()): number {
  return today.getFullYear() - 1;
}

/** Every report year from the latest due back to 2019, newest first. */
export function dueYears(today: Date = new Date()): number[] {
  const out: number[] = [];
  for (let y = latestDueYear(today); y >= FIRST_YEAR; y--) out.push(y);
  return out;
}
