/**
 * The editor's record (src/editor/record.ts): with nothing to start from every cell is blank
 * (never 0); the rules run on it unchanged; edits keep only the statutory cells; a section has
 * its heading once written; an error stops a submission until explained.
 */
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../src/check/index.js';
import { blocking, findingKey, prefill, withEdits, emptyT2 } from '../../src/editor/record.js';
import { aggregateYear } from '../../src/register/index.js';
import { registerRows, SECTION_TEXT, t2of2023 } from './fixture.js';

const allNull = (t: Record<string, Record<string, number | null>>): boolean => Object.values(t).every((cols) => Object.values(cols).every((v) => v === null));

describe('the editor record', () => {
  it('with no last year and no register: every cell blank, the format the year calls for, a note saying so', () => {
    const p = prefill({ unitName: '青禾县水利局', year: 2024, previous: null, register: null });
    expect(p.record.template).toBe('2021');
    expect(allNull(p.record.tables.t2!) && allNull(p.record.tables.t3!) && allNull(p.record.tables.t4!)).toBe(true);
    expect(p.record.cells.every((c) => c.value === null && c.status === 'missing')).toBe(true);
    expect(p.sections).toEqual({});
    expect(p.notes.join('')).toContain('没有2023年度的报告');
    expect(prefill({ unitName: '青禾县水利局', year: 2020, previous: null, register: null }).record.template).toBe('2019');
    // Six sections missing, each named by the rule the reviewer runs.
    expect(checkReport(p.record).filter((f) => f.rule === 'M.section')).toHaveLength(6);
  });

  it('prefilled from last year: 现行有效 and 上年结转 carried, 制发/废止 blank', () => {
    const rows = registerRows();
    const last = prefill({ unitName: 'X', year: 2023, previous: null, register: aggregateYear(rows, 2023) });
    const lastRecord = withEdits(last.record, { t2: t2of2023(), t3: last.record.tables.t3!, t4: last.record.tables.t4! }, SECTION_TEXT);
    const p = prefill({ unitName: 'X', year: 2024, previous: lastRecord, register: null });
    expect(p.record.tables.t2!['regulations']).toEqual({ issued: null, repealed: null, inForce: 3 });
    expect(p.record.tables.t3!['carriedOver']).toEqual(lastRecord.tables.t3!['carriedForward']);
    expect(allNull({ n: p.record.tables.t3!['newReceived']! })).toBe(true);
  });

  it('edits: only statutory cells kept, non-numbers blank, sections with text get their heading; errors block until explained', () => {
    const base = prefill({ unitName: 'X', year: 2024, previous: null, register: null }).record;
    const t2 = { ...emptyT2('2021'), invented: { x: 5 }, regulations: { issued: 2, repealed: Number.NaN, inForce: 7, extra: 1 } };
    const r = withEdits(base, { t2, t3: {}, t4: {} }, { s1: '总体', s2: '  ' });
    expect(r.tables.t2!['invented']).toBeUndefined();
    expect(r.tables.t2!['regulations']).toEqual({ issued: 2, repealed: null, inForce: 7 });
    expect(r.sections.map((s) => s.heading)).toEqual(['一、总体情况', null, null, null, null, null]);
    const findings = checkReport(r);
    const errors = findings.filter((f) => f.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(blocking(findings, {})).toHaveLength(errors.length);
    const explained = Object.fromEntries(errors.slice(1).map((f) => [findingKey(f), '说明']));
    expect(blocking(findings, explained)).toEqual([errors[0]]);
    expect(blocking(findings, { ...explained, [findingKey(errors[0]!)]: '   ' })).toEqual([errors[0]]);
  });
});
