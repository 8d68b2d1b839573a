/**
 * Markdown conversions of PDF reports (pipe tables). The texts are our own, written to the shapes
 * such converters produce; values are made up.
 */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { t3Rows } from '../../src/model/templates.js';
import { COLS, report, T2_2021, t3Values } from './helpers.js';

const row = (r: ReturnType<typeof parseTextReport>, key: string): (number | null)[] => COLS.map((c) => r.tables.t3?.[key]?.[c] ?? null);
const errors = (r: ReturnType<typeof parseTextReport>): string[] => r.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`);

/** Table 三 as one small pipe table per row, each under a header row of placeholder names (数据1 … 数据6). */
function t3PerRowTables(values = t3Values('split-other')): string {
  const out = ['三、收到和处理政府信息公开申请情况', '', '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)', ''];
  for (const r of t3Rows('split-other')) {
    const label = (r.number ?? '') + r.label;
    if (r.kind === 'group') {
      out.push(`### ${label}`, '');
      continue;
    }
    out.push('| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |', '|---|---|---|---|---|---|---|---|');
    out.push(`| ${label} | ${values[r.key]!.join(' | ')} |`, '');
  }
  return out.join('\n') + '\n';
}

/** Table 四 as three pipe tables, one per group, each with its own column header. */
const T4_GROUPED = `## 四、政府信息公开行政复议、行政诉讼情况

### 行政复议
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|
| 6 | 2 | 1 | 3 | 12 |

### 行政诉讼（未经复议直接起诉）
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|
| 2 | 0 | 0 | 1 | 3 |

### 行政诉讼（复议后起诉）
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|
| 4 | 0 | 1 | 0 | 5 |
`;

describe('Markdown pipe tables from PDF conversions', () => {
  it('a header row naming columns 数据1 … 数据6 holds no values: each row keeps its own seven', () => {
    const r = parseTextReport(report({ t3: t3PerRowTables() }));
    const v = t3Values('split-other');
    for (const key of ['newReceived', 'carriedOver', 'granted', 'unable.notHeld', 'denied.queryMatter', 'declined.confirm', 'total', 'carriedForward'])
      expect(row(r, key)).toEqual(v[key]);
    expect(errors(r)).toEqual([]);
    expect(r.cells.filter((c) => c.status === 'missing')).toEqual([]);
  });

  it('a number in a header row that stands in its own cell is still a value (a data row the converter made the header)', () => {
    const t3 = t3PerRowTables().replace(
      '| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |\n|---|---|---|---|---|---|---|---|\n| 1.属于国家秘密 |',
      '| 1.属于国家秘密 |',
    );
    const withRule = t3.replace(/(\| 1\.属于国家秘密 \|[^\n]*\n)/, '$1|---|---|---|---|---|---|---|---|\n');
    const r = parseTextReport(report({ t3: withRule }));
    expect(row(r, 'denied.stateSecret')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(errors(r)).toEqual([]);
  });

  it('table 四 written group by group, each with its own header, is read in the statutory order', () => {
    const r = parseTextReport(report({ t4: T4_GROUPED }));
    expect(r.tables.t4).toEqual({
      review: { upheld: 6, corrected: 2, other: 1, pending: 3, total: 12 },
      litigationDirect: { upheld: 2, corrected: 0, other: 0, pending: 1, total: 3 },
      litigationAfterReview: { upheld: 4, corrected: 0, other: 1, pending: 0, total: 5 },
    });
    expect(errors(r)).toEqual([]);
  });

  it('table 四 by groups with a value lost is flagged, not shifted', () => {
    const r = parseTextReport(report({ t4: T4_GROUPED.replace('| 2 | 0 | 0 | 1 | 3 |', '| 2 | 0 | 1 | 3 |') }));
    const t4 = r.cells.filter((c) => c.table === 't4');
    expect(t4.some((c) => c.status === 'missing')).toBe(true);
    expect(r.findings.some((f) => f.rule.startsWith('P.') && f.severity === 'error')).toBe(true);
  });

  it('table 二 with the 第二十条第（一）项 block moved after the others is read row by row', () => {
    const first = T2_2021.slice(T2_2021.indexOf('第二十条第（一）项'), T2_2021.indexOf('第二十条第（五）项'));
    const moved =
      T2_2021.replace(first, '第二十条第（一）项\n') +
      '## 表二：主动公开政府信息情况\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 3 | 1 | 12 |\n';
    const r = parseTextReport(report({ t2: moved }));
    expect(r.tables.t2).toEqual({
      regulations: { issued: 0, repealed: 0, inForce: 0 },
      normativeDocuments: { issued: 3, repealed: 1, inForce: 12 },
      licensing: { decisions: 15 },
      penalty: { decisions: 4 },
      coercion: { decisions: 0 },
      fees: { feesWan: 1.25 },
    });
    expect(errors(r)).toEqual([]);
  });

  it('a row label that occurs twice out of order is not guessed at', () => {
    const first = T2_2021.slice(T2_2021.indexOf('第二十条第（一）项'), T2_2021.indexOf('第二十条第（五）项'));
    const moved = T2_2021.replace(first, '').replace('行政许可 15\n', '行政许可 15\n行政许可 7\n') + first;
    const r = parseTextReport(report({ t2: moved }));
    expect(r.tables.t2?.licensing?.decisions ?? null).toBeNull();
    expect(r.findings.some((f) => f.rule === 'M.row' && f.message.includes('行政许可'))).toBe(true);
  });

  /** Table 三 as pipe rows, with the labels of three wrapped rows printed as loose lines before the table and their value rows left without a label. */
  function t3LabelsMoved(values: Record<string, number[]>, order: string[] = ['declined.confirm', 'other.overdueCorrection', 'other.overdueFee']): string {
    const out = [
      '三、收到和处理政府信息公开申请情况',
      '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)',
      '| 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |',
      '|---|---|---|---|---|---|---|',
    ];
    const moved = new Set(['declined.confirm', 'other.overdueCorrection', 'other.overdueFee']);
    out.push('5.要求行政机关确认或重新出具', '已获取信息', '1.申请人无正当理由逾期不补正、', '开申请');
    for (const r of t3Rows('split-other')) {
      if (r.kind === 'group') continue;
      if (moved.has(r.key)) {
        if (r.key === order[0]) for (const k of order) out.push(`| ${values[k]!.join(' | ')} |`);
        continue;
      }
      out.push(`| ${(r.number ?? '') + r.label} | ${values[r.key]!.join(' | ')} |`);
    }
    return out.join('\n') + '\n';
  }

  it('value rows whose labels were moved away are read in the fixed row order when the sums hold, and flagged', () => {
    const v = t3Values('split-other');
    v['other.overdueCorrection'] = [2, 0, 0, 0, 1, 0, 3];
    v['declined.massive'] = [1, 0, 0, 0, 0, 0, 1];
    v['total'] = [7, 1, 0, 0, 1, 0, 9];
    v['newReceived'] = [6, 1, 0, 0, 1, 0, 8];
    const r = parseTextReport(report({ t3: t3LabelsMoved(v) }));
    for (const k of ['declined.massive', 'declined.confirm', 'other.overdueCorrection', 'other.overdueFee', 'other.other', 'total'])
      expect(row(r, k)).toEqual(v[k]);
    expect(r.findings.find((f) => f.rule === 'P.rowOrder')?.severity).toBe('warning');
    const placed = r.cells.find((c) => c.row === 'other.overdueCorrection' && c.col === 'total');
    expect(placed).toMatchObject({ status: 'derived', flags: ['lowConfidence'] });
  });

  it('value rows printed in another order than the table are never given as plainly read (missing or derived and flagged)', () => {
    const v = t3Values('split-other');
    v['other.overdueCorrection'] = [2, 0, 0, 0, 1, 0, 3];
    v['declined.confirm'] = [0, 0, 0, 0, 0, 1, 1];
    v['total'] = [6, 1, 0, 0, 1, 1, 9];
    v['newReceived'] = [5, 1, 0, 0, 1, 1, 8];
    // The value rows printed in another order than the table's: the column sums no longer tell them apart,
    // so the rows are checked against each other only through their totals — here the order swaps two rows.
    const text = t3LabelsMoved(v, ['declined.confirm', 'other.overdueCorrection', 'other.overdueFee']).replace(
      `| ${v['declined.confirm']!.join(' | ')} |\n| ${v['other.overdueCorrection']!.join(' | ')} |`,
      `| ${v['other.overdueCorrection']!.join(' | ')} |\n| ${v['declined.confirm']!.join(' | ')} |`,
    );
    const r = parseTextReport(report({ t3: text }));
    const placed = r.cells.filter((c) => c.table === 't3' && ['declined.confirm', 'other.overdueCorrection'].includes(c.row));
    // Swapped rows still add up column by column: read in the fixed order, and flagged for review.
    expect(placed.every((c) => c.status !== 'read')).toBe(true);
    expect(r.findings.some((f) => f.rule === 'P.rowOrder')).toBe(true);
  });

  it('a placement that breaks a column sum is undone: the rows are missing and the finding is an error', () => {
    const v = t3Values('split-other');
    v['other.overdueCorrection'] = [2, 0, 0, 0, 1, 0, 3];
    v['total'] = [6, 1, 0, 0, 0, 0, 7]; // the printed total does not count that row
    v['newReceived'] = [5, 1, 0, 0, 0, 0, 6];
    const r = parseTextReport(report({ t3: t3LabelsMoved(v) }));
    expect(row(r, 'other.overdueCorrection')).toEqual([null, null, null, null, null, null, null]);
    expect(row(r, 'declined.massive')).toEqual([null, null, null, null, null, null, null]);
    expect(r.findings.find((f) => f.rule === 'P.rowOrder')?.severity).toBe('error');
  });
});
