import { afterEach, describe, expect, it } from 'vitest';
import { CHINA, addWorkdays, chinaCalendar, coverage, workdaysIn } from '../../src/register/calendar.js';
import { addDays, dayNumber, endOfWeek, fromDayNumber, isIsoDate, weekday } from '../../src/register/dates.js';

describe('dates', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-3-1')).toBe(false);
  });
  it('day numbers, weekdays and week ends', () => {
    expect(fromDayNumber(dayNumber('2024-12-31') + 1)).toBe('2025-01-01');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(weekday('2025-01-26')).toBe(0); // a Sunday
    expect(endOfWeek('2025-01-22')).toBe('2025-01-26');
    expect(endOfWeek('2025-01-26')).toBe('2025-01-26');
  });
});

describe('working days: holidays and 调休 from chinese-days', () => {
  const cal = CHINA;
  it('knows 调休 working weekends and holiday weekdays (2024, 2025)', () => {
    // 2024 春节: 2.10–2.17 off; Sunday 2.4 and Sunday 2.18 worked.
    expect(cal.isWorkday('2024-02-04')).toBe(true);
    expect(cal.isWorkday('2024-02-18')).toBe(true);
    expect(cal.isWorkday('2024-02-15')).toBe(false);
    // 2025 春节: 除夕 1.28 is a statutory holiday from 2025; Sunday 1.26 and Saturday 2.8 worked.
    expect(cal.isWorkday('2025-01-28')).toBe(false);
    expect(cal.isWorkday('2025-01-26')).toBe(true);
    expect(cal.isWorkday('2025-02-08')).toBe(true);
    expect(cal.isWorkday('2025-02-04')).toBe(false);
    // 5月2日 a statutory holiday from 2025.
    expect(cal.isWorkday('2025-05-02')).toBe(false);
    // 2024 国庆: 10.1–10.7 off; Sunday 9.29 and Saturday 10.12 worked. 2025: 10.1–10.8 off; 9.28 and 10.11 worked.
    expect(cal.isWorkday('2024-09-29')).toBe(true);
    expect(cal.isWorkday('2024-10-12')).toBe(true);
    expect(cal.isWorkday('2024-10-07')).toBe(false);
    expect(cal.isWorkday('2025-09-28')).toBe(true);
    expect(cal.isWorkday('2025-10-11')).toBe(true);
    expect(cal.isWorkday('2025-10-08')).toBe(false);
    // 2020 春节 extended to 2.2 by a separate notice.
    expect(cal.isWorkday('2020-01-31')).toBe(false);
    // An ordinary Saturday and Monday.
    expect(cal.isWorkday('2024-03-09')).toBe(false);
    expect(cal.isWorkday('2024-03-11')).toBe(true);
    expect(cal.holidayName('2025-01-28')).toBe('春节');
  });

  it('says which years it covers: 2004–2026 in 1.5.7, not 2027', () => {
    expect(cal.covers(2024)).toBe(true);
    expect(cal.covers(2026)).toBe(true);
    expect(cal.covers(2027)).toBe(false);
    expect(cal.covers(2003)).toBe(false);
    expect(coverage()).toEqual({ from: 2004, to: 2026 });
  });

  it('counts working days across 春节 2025 (day 1 = the first working day after the start)', () => {
    // Mon 1.20: 1.21–1.24 (4), Sun 1.26 (5), 1.27 (6), 1.28–2.4 off, 2.5–2.7 (9), Sat 2.8 (10), 2.10–2.14 (15), 2.17–2.21 (20).
    expect(addWorkdays(cal, '2025-01-20', 20)).toBe('2025-02-21');
    expect(addWorkdays(cal, '2025-01-20', 5)).toBe('2025-01-26');
    expect(workdaysIn(cal, '2025-01-21', '2025-02-21')).toBe(20);
  });

  it('counts working days across 国庆 2024 and 2025', () => {
    // Mon 2024-09-23: 9.24–9.27 (4), Sun 9.29 (5), 9.30 (6), 10.1–10.7 off, 10.8–10.11 (10), Sat 10.12 (11), 10.14–10.18 (16), 10.21–10.24 (20).
    expect(addWorkdays(cal, '2024-09-23', 20)).toBe('2024-10-24');
    // Fri 2025-09-26: Sun 9.28 (1), 9.29–9.30 (3), 10.1–10.8 off, 10.9–10.10 (5), Sat 10.11 (6), 10.13–10.17 (11), 10.20–10.24 (16), 10.27–10.30 (20).
    expect(addWorkdays(cal, '2025-09-26', 20)).toBe('2025-10-30');
  });

  it('takes regional rest days and working days on top', () => {
    const xj = chinaCalendar({ offDays: ['2024-06-17'], workDays: ['2024-06-15'] });
    expect(xj.isWorkday('2024-06-17')).toBe(false);
    expect(xj.isWorkday('2024-06-15')).toBe(true);
    expect(CHINA.isWorkday('2024-06-17')).toBe(true);
  });

  const tz = process.env['TZ'];
  afterEach(() => {
    if (tz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = tz;
  });
  it('does not depend on the machine time zone', () => {
    for (const zone of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai']) {
      process.env['TZ'] = zone;
      expect(CHINA.isWorkday('2023-01-01')).toBe(false);
      expect(CHINA.isWorkday('2025-01-26')).toBe(true);
      expect(addWorkdays(CHINA, '2025-01-20', 20)).toBe('2025-02-21');
    }
  });
});
