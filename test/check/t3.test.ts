import { describe, expect, it } from 'vitest';
import { t3CellSuspect } from '../../src/check/rules/t3-cell-suspect.js';
import { t3Balance } from '../../src/check/rules/t3-balance.js';
import { t3Domain } from '../../src/check/rules/t3-domain.js';
import { t3OutcomeSum } from '../../src/check/rules/t3-outcome-sum.js';
import { t3RowSum } from '../../src/check/rules/t3-row-sum.js';
import { cellOf, makeReport, run } from './factory.js';

describe('T3.balance', () => {
  it('is silent when 新收 + 结转 = 总计 + 结转下年度 in every column', () => {
    expect(run(t3Balance, makeReport())).toEqual([]);
    expect(run(t3Balance, makeReport({ template: '2019' }))).toEqual([]);
  });

  it('names the column whose balance fails, at the （七）总计 cell', () => {
    // 商业企业: 新收 2 + 结转 0 = 2, but 总计 1 + 结转下年度 2 = 3.
    const r = makeReport({ t3: { carriedForward: { commercial: 2 } } });
    const fs = run(t3Balance, r);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'T3.balance', severity: 'error', table: 't3', row: 'total', col: 'commercial', actual: 3, expected: 2 });
    expect(fs[0]!.message).toContain('表三「（七）总计」行「商业企业」列');
    expect(fs[0]!.span).toEqual(cellOf(r, 't3', 'total', 'commercial').span);
    expect(fs[0]!.line).toBe(cellOf(r, 't3', 'total', 'commercial').line);
  });

  it('never reads a missing cell as 0: stays silent on that column', () => {
    const r = makeReport({ t3: { newReceived: { naturalPerson: null }, total: { naturalPerson: 99 } } });
    expect(run(t3Balance, r).map((f) => f.col)).not.toContain('naturalPerson');
  });
});

describe('T3.rowSum', () => {
  it('is silent when every row adds up to its 总计', () => {
    expect(run(t3RowSum, makeReport())).toEqual([]);
    expect(run(t3RowSum, makeReport({ template: '2019' }))).toEqual([]);
  });

  it('reports a row whose 总计 differs from the sum of its columns', () => {
    const fs = run(t3RowSum, makeReport({ t3: { granted: { total: 6 } } }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'T3.rowSum', severity: 'error', table: 't3', row: 'granted', col: 'total', actual: 6, expected: 5 });
    expect(fs[0]!.message).toContain('表三「（一）予以公开」行「总计」列');
  });

  it('names a sub-row together with its group', () => {
    const fs = run(t3RowSum, makeReport({ t3: { 'denied.thirdParty': { total: 2 } } }));
    expect(fs).toHaveLength(1);
    expect(fs[0]!.message).toContain('表三「不予公开-保护第三方合法权益」行「总计」列');
  });

  it('warns when a blank 总计 was derived from the row sum', () => {
    const r = makeReport();
    // raw '': the cell was blank in the source (a grid's empty cell)
    Object.assign(cellOf(r, 't3', 'partial', 'total'), { status: 'derived', flags: ['derivedFromRelation'], raw: '' });
    const fs = run(t3RowSum, r);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'T3.rowSum', severity: 'warning', row: 'partial', col: 'total', actual: null, expected: 2 });
    expect(fs[0]!.message).toContain('表三「（二）部分公开」行「总计」列未填写');
  });

  it('says nothing of a 总计 lost in extraction and derived (no raw text: the parser names that row itself)', () => {
    const r = makeReport();
    Object.assign(cellOf(r, 't3', 'partial', 'total'), { status: 'derived', flags: ['derivedFromRelation'], raw: null });
    expect(run(t3RowSum, r)).toEqual([]);
  });

  it('does not repeat per row that the whole 总计 column is absent (P.columns / M.column say it once)', () => {
    const r = makeReport();
    r.structure.t3.columns = r.structure.t3.columns.filter((c) => c !== 'total');
    Object.assign(cellOf(r, 't3', 'partial', 'total'), { status: 'derived', flags: ['derivedFromRelation'] });
    expect(run(t3RowSum, r)).toEqual([]);
  });

  it('skips a row with a missing cell', () => {
    const r = makeReport({ t3: { granted: { research: null, total: 40 } } });
    expect(run(t3RowSum, r)).toEqual([]);
  });
});

describe('T3.outcomeSum', () => {
  it('is silent when （七）总计 = the six outcome groups, both shapes of （六）', () => {
    expect(run(t3OutcomeSum, makeReport())).toEqual([]);
    expect(run(t3OutcomeSum, makeReport({ template: '2019' }))).toEqual([]);
  });

  it('2021: counts 其他处理 as the sum of its three sub-rows', () => {
    // One more 其他处理-其他 in 社会公益组织: the group subtotal rises, （七）总计 does not.
    const fs = run(t3OutcomeSum, makeReport({ t3: { 'other.other': { publicWelfare: 1 } } }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'T3.outcomeSum', severity: 'error', table: 't3', row: 'total', col: 'publicWelfare', actual: 1, expected: 2 });
    expect(fs[0]!.message).toContain('表三「（七）总计」行「社会公益组织」列');
    expect(fs[0]!.message).toContain('其他处理1');
  });

  it('2019: counts 其他处理 as the printed single row', () => {
    const fs = run(t3OutcomeSum, makeReport({ template: '2019', t3: { 'other.subtotal': { naturalPerson: 2 } } }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ row: 'total', col: 'naturalPerson', actual: 9, expected: 10 });
    expect(fs[0]!.message).toContain('表三「（七）总计」行「自然人」列');
  });

  it('names 其他 of 法人或其他组织 unambiguously', () => {
    const fs = run(t3OutcomeSum, makeReport({ t3: { total: { otherOrg: 5 } } }));
    expect(fs[0]!.message).toContain('「法人或其他组织-其他」列');
  });

  it('skips a column where an outcome cell is missing (seed 003 lost cells)', () => {
    const r = makeReport({ t3: { 'denied.stateSecret': { total: null }, total: { total: 99 } } });
    expect(run(t3OutcomeSum, r)).toEqual([]);
  });
});

describe('T3.domain', () => {
  it('accepts non-negative integers', () => {
    expect(run(t3Domain, makeReport())).toEqual([]);
  });

  it('reports a fraction and a negative number, each at its cell', () => {
    const r = makeReport({ t3: { granted: { commercial: 1.5 }, 'unable.notHeld': { naturalPerson: -2 } } });
    const fs = run(t3Domain, r);
    expect(fs).toHaveLength(2);
    expect(fs[0]).toMatchObject({ rule: 'T3.domain', severity: 'error', table: 't3', row: 'granted', col: 'commercial', actual: 1.5 });
    expect(fs[0]!.message).toContain('表三「（一）予以公开」行「商业企业」列为1.5');
    expect(fs[1]).toMatchObject({ row: 'unable.notHeld', col: 'naturalPerson', actual: -2 });
    expect(fs[1]!.message).toContain('表三「无法提供-本机关不掌握相关政府信息」行「自然人」列');
  });

  it('ignores missing cells', () => {
    expect(run(t3Domain, makeReport({ t3: { granted: { commercial: null } } }))).toEqual([]);
  });
});

describe('T3.cellSuspect', () => {
  it('is silent on a consistent table', () => {
    expect(run(t3CellSuspect, makeReport())).toEqual([]);
  });

  it('names the one cell whose other value would mend both its row sum and its column (a digit lost: 11 read as 1)', () => {
    // 予以公开 自然人 3 → 1 (as if a digit were lost): the row sum and the column's outcome sum both ask 3.
    const r = makeReport({ t3: { granted: { naturalPerson: 1 } } });
    const fs = run(t3CellSuspect, r);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'T3.cellSuspect', severity: 'warning', table: 't3', row: 'granted', col: 'naturalPerson', actual: 1, expected: 3 });
    expect(fs[0]!.message).toContain('表三「（一）予以公开」行「自然人」列为1，按本行合计与本列办理结果之和都应为3');
  });

  it('says nothing when the broken relations do not agree on one cell (two cells wrong)', () => {
    const r = makeReport({ t3: { granted: { naturalPerson: 1, commercial: 5 } } });
    expect(run(t3CellSuspect, r)).toEqual([]);
  });

  it('skips relations with a missing cell', () => {
    expect(run(t3CellSuspect, makeReport({ t3: { granted: { naturalPerson: 1, research: null } } }))).toEqual([]);
  });
});
