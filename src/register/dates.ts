/**
 * Calendar dates of the register as ISO strings `YYYY-MM-DD`, computed on day numbers (days since
 * 1970-01-01, UTC), so no time zone can move a date.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date written `YYYY-MM-DD` (2024-02-30 is not one). */
export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM-DD` from year, month (1–12), day; null when no such date. */
export function isoOf(year: number, month: number, day: number): IsoDate | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || year < 1000 || year > 9999) return null;
  const s = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(s) ? s : null;
}

/** Days since 1970-01-01. */
export function dayNumber(d: IsoDate): number {
  const m = ISO.exec(d);
  if (!m) throw new Error(`not an ISO date: ${d}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export const addDays = (d: IsoDate, n: number): IsoDate => fromDayNumber(dayNumber(d) + n);

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (d: IsoDate): number => new Date(dayNumber(d) * DAY_MS).getUTCDay();

export const yearOf = (d: IsoDate): number => Number(d.slice(0, 4));
/** `YYYY-MM`. */
export const monthOf = (d: IsoDate): string => d.slice(0, 7);

/** ISO dates compare as strings. */
export const before = (a: IsoDate, b: IsoDate): boolean => a < b;
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);

/** A date as written in messages: 2024年3月5日. */
export function cnDate(d: IsoDate): string {
  const m = ISO.exec(d);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : d;
}

/** The Sunday ending the week (Monday–Sunday) that holds `d`. */
export function endOfWeek(d: IsoDate): IsoDate {
  const w = weekday(d);
  return addDays(d, w === 0 ? 0 : 7 - w);
}
