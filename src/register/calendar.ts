/**
 * Working days in China: Monday–Friday, less the statutory holidays and rest days of the annual
 * 国务院办公厅 holiday notice, plus the weekend days that notice makes working days (调休上班).
 * Data: the npm package chinese-days (MIT), its published JSON (dist/chinese-days.json), bundled
 * with the package — nothing is fetched at run time. Its date functions are not used: they parse
 * date strings in the machine's time zone and answer for the wrong day west of UTC.
 *
 * A year the data does not cover (no 元旦 and 国庆节 rows: a year whose notice is not out, or
 * before 2004) falls back to Monday–Friday, and every result that touches it says so.
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { addDays, weekday, yearOf, type IsoDate } from './dates.js';

interface DaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const DAYS = data as DaysData;

export interface WorkCalendar {
  /** True on a working day. */
  isWorkday(d: IsoDate): boolean;
  /** The holiday a day belongs to (春节, 国庆节), as the data names it; null for an ordinary day. */
  holidayName(d: IsoDate): string | null;
  /** True when the holiday data has the year (its 元旦 and 国庆节 are listed). */
  covers(year: number): boolean;
  /** Where the data comes from, for messages. */
  source: string;
}

export interface CalendarOptions {
  /** Regional rest days on top of the national ones (e.g. 古尔邦节 in 新疆), `YYYY-MM-DD`. */
  offDays?: IsoDate[];
  /** Extra working days (a regional 调休). */
  workDays?: IsoDate[];
}

/** `春节` from the data's `Spring Festival,春节,4`. */
const cnName = (v: string | undefined): string | null => (v ? (v.split(',')[1] ?? v) : null);

let cachedCovered: Set<number> | null = null;
function coveredYears(): Set<number> {
  if (!cachedCovered) {
    cachedCovered = new Set();
    for (const d of Object.keys(DAYS.holidays)) {
      const y = yearOf(d);
      if (DAYS.holidays[`${y}-01-01`] && DAYS.holidays[`${y}-10-01`]) cachedCovered.add(y);
    }
  }
  return cachedCovered;
}

/** China's national calendar from chinese-days, with optional regional overrides. */
export function chinaCalendar(opts: CalendarOptions = {}): WorkCalendar {
  const off = new Set(opts.offDays ?? []);
  const work = new Set(opts.workDays ?? []);
  return {
    source: 'chinese-days 1.5.7',
    isWorkday(d) {
      if (work.has(d)) return true;
      if (off.has(d)) return false;
      if (DAYS.workdays[d]) return true;
      if (DAYS.holidays[d]) return false;
      const w = weekday(d);
      return w !== 0 && w !== 6;
    },
    holidayName: (d) => cnName(DAYS.holidays[d] ?? DAYS.workdays[d]),
    covers: (year) => coveredYears().has(year),
  };
}

/** The first and last year the holiday data covers. */
export function coverage(): { from: number; to: number } {
  const ys = [...coveredYears()].sort((a, b) => a - b);
  return { from: ys[0]!, to: ys[ys.length - 1]! };
}

/** The shared default calendar. */
export const CHINA: WorkCalendar = chinaCalendar();

/** Safety bound: no deadline of the register runs more than ten years of days. */
const MAX_SCAN = 3660;

/**
 * The n-th working day after `start` (n ≥ 1; `start` itself is not counted), skipping the days
 * `skip` says are not counted (a consultation pause). n = 0 gives `start`.
 */
export function addWorkdays(cal: WorkCalendar, start: IsoDate, n: number, skip?: (d: IsoDate) => boolean): IsoDate {
  let d = start;
  let left = n;
  for (let i = 0; left > 0; i++) {
    if (i > MAX_SCAN) throw new Error(`addWorkdays: no ${n} working days within ten years of ${start}`);
    d = addDays(d, 1);
    if (cal.isWorkday(d) && !(skip && skip(d))) left--;
  }
  return d;
}

/** Working days d with from ≤ d ≤ to. */
export function workdaysIn(cal: WorkCalendar, from: IsoDate, to: IsoDate): number {
  let n = 0;
  for (let d = from, i = 0; d <= to && i <= MAX_SCAN; d = addDays(d, 1), i++) if (cal.isWorkday(d)) n++;
  return n;
}

/** Years in [from, to] the calendar does not cover. */
export function uncoveredYears(cal: WorkCalendar, from: IsoDate, to: IsoDate): number[] {
  const out: number[] = [];
  for (let y = yearOf(from); y <= yearOf(to); y++) if (!cal.covers(y)) out.push(y);
  return out;
}
