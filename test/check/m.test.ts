import { describe, expect, it } from 'vitest';
import { mColumn } from '../../src/check/rules/m-column.js';
import { mHybrid } from '../../src/check/rules/m-hybrid.js';
import { mRow } from '../../src/check/rules/m-row.js';
import { mSection } from '../../src/check/rules/m-section.js';
import { mTable } from '../../src/check/rules/m-table.js';
import { mVersion } from '../../src/check/rules/m-version.js';
import type { Finding } from '../../src/model/report.js';
import { makeReport, run } from './factory.js';

const fatal: Finding = { rule: 'R.unreadable', severity: 'error', fatal: true, message: '无法读取' };

describe('M.version', () => {
  it('is silent when the format fits the year', () => {
    expect(run(mVersion, makeReport({ year: 2021 }))).toEqual([]);
    expect(run(mVersion, makeReport({ template: '2019', year: 2019 }))).toEqual([]);
    expect(run(mVersion, makeReport({ template: '2019', year: 2020 }))).toEqual([]);
  });

  it('warns on a 2021 format for 2020 and a 2019 format for 2021', () => {
    const a = run(mVersion, makeReport({ year: 2020 }));
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ rule: 'M.version', severity: 'warning', actual: '2021', expected: '2019' });
    expect(a[0]!.message).toContain('报告为2020年度，应使用2019年版格式');
    const b = run(mVersion, makeReport({ template: '2019', year: 2021 }));
    expect(b[0]).toMatchObject({ actual: '2019', expected: '2021' });
    expect(b[0]!.message).toContain('国办公开办函〔2021〕30号');
  });

  it('is silent without a year', () => {
    const r = makeReport({ year: 2020 });
    r.year = null;
    expect(run(mVersion, r)).toEqual([]);
  });
});

describe('M.hybrid', () => {
  it('is silent when tables 二 and 三 are of one version', () => {
    expect(run(mHybrid, makeReport())).toEqual([]);
    expect(run(mHybrid, makeReport({ template: '2019' }))).toEqual([]);
  });

  it('warns on a 2021 table 二 with a single-row （六）其他处理', () => {
    const r = makeReport();
    r.layout.t3 = 'single-other';
    const fs = run(mHybrid, r);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'M.hybrid', severity: 'warning' });
    expect(fs[0]!.message).toContain('表二为2021年版格式，但表三「（六）其他处理」为单行');
  });
});

describe('M.section', () => {
  it('is silent when all six headings are found', () => {
    expect(run(mSection, makeReport())).toEqual([]);
  });

  it('names each missing part, one finding each', () => {
    const r = makeReport();
    r.sections[3]!.heading = null;
    r.sections[5]!.heading = null;
    const fs = run(mSection, r);
    expect(fs).toHaveLength(2);
    expect(fs[0]).toMatchObject({ rule: 'M.section', severity: 'error' });
    expect(fs[0]!.message).toBe('缺少「四、政府信息公开行政复议、行政诉讼情况」部分');
    expect(fs[1]!.message).toContain('缺少「六、其他需要报告的事项」部分');
    expect(fs[1]!.message).toContain('信息处理费');
  });

  it('is silent on an unreadable document', () => {
    const r = makeReport({ findings: [fatal] });
    r.sections.forEach((s) => (s.heading = null));
    expect(run(mSection, r)).toEqual([]);
  });
});

describe('M.table', () => {
  it('is silent when the three tables are found', () => {
    expect(run(mTable, makeReport())).toEqual([]);
  });

  it('reports a table not found', () => {
    const r = makeReport();
    r.tables.t4 = null;
    const fs = run(mTable, r);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'M.table', severity: 'error', table: 't4' });
    expect(fs[0]!.message).toContain('未找到表四');
    expect(fs[0]!.message).toContain('「四、政府信息公开行政复议、行政诉讼情况」');
  });

  it('is silent on an unreadable document', () => {
    const r = makeReport({ findings: [fatal] });
    r.tables = { t2: null, t3: null, t4: null };
    expect(run(mTable, r)).toEqual([]);
  });
});

describe('M.row', () => {
  it('is silent when every data row was found', () => {
    expect(run(mRow, makeReport())).toEqual([]);
    expect(run(mRow, makeReport({ template: '2019' }))).toEqual([]);
  });

  it('lists the table 三 rows whose label was not found, by printed label', () => {
    const r = makeReport();
    r.structure.t3.rows = r.structure.t3.rows.filter((k) => k !== 'denied.stateSecret');
    const fs = run(mRow, r);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'M.row', severity: 'error', table: 't3', row: 'denied.stateSecret', actual: 24, expected: 25 });
    expect(fs[0]!.message).toContain('表三缺少1个数据行');
    expect(fs[0]!.message).toContain('「不予公开-属于国家秘密」');
    expect(fs[0]!.col).toBeUndefined();
  });

  it('lists several missing table 二 rows in one finding', () => {
    const r = makeReport();
    r.structure.t2.rows = r.structure.t2.rows.filter((k) => k !== 'penalty' && k !== 'coercion');
    const fs = run(mRow, r);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ table: 't2', actual: 4, expected: 6 });
    expect(fs[0]!.row).toBeUndefined();
    expect(fs[0]!.message).toContain('「行政处罚」、「行政强制」');
  });
});

describe('M.column', () => {
  it('is silent when the header names all seven columns', () => {
    expect(run(mColumn, makeReport())).toEqual([]);
  });

  it('reports a column the header lacks', () => {
    const r = makeReport();
    r.structure.t3.columns = r.structure.t3.columns.filter((c) => c !== 'otherOrg');
    const fs = run(mColumn, r);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'M.column', severity: 'error', table: 't3', col: 'otherOrg', actual: 6, expected: 7 });
    expect(fs[0]!.message).toContain('表三缺少「法人或其他组织-其他」列');
  });

  it('does not repeat the parser’s P.columns finding', () => {
    const pColumns: Finding = { rule: 'P.columns', severity: 'error', table: 't3', col: 'otherOrg', message: '表三表头缺少「其他」列' };
    const r = makeReport({ findings: [pColumns] });
    r.structure.t3.columns = r.structure.t3.columns.filter((c) => c !== 'otherOrg');
    expect(run(mColumn, r)).toEqual([]);
  });
});
