/**
 * One cell per line as some page converters write a table: a filled cell is a paragraph (its value,
 * then a blank line), an EMPTY cell only a line break — one empty line, not a whole stride. Our own
 * hand-built texts.
 */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { t3Rows, type T3Shape } from '../../src/model/templates.js';
import { t3Values } from './helpers.js';

/** A label or filled cell: its text and a blank line; an empty cell: one line break. */
const para = (t: string): string => `${t}\n\n`;
const cell = (v: number | null): string => (v === null ? '\n' : para(String(v)));

const T2_LINES = [
  ['第二十条第（一）项'],
  ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'],
  ['规章', '0', '0', '0'],
  ['规范性文件', '2', '2', '30'],
  ['第二十条第（五）项'],
  ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
  ['行政许可', '40', '-3', '120'],
  ['其他对外管理服务事项', '5', '0', '7'],
  ['第二十条第（六）项'],
  ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
  ['行政处罚', '12', '2', '30'],
  ['行政强制', '3', '0', '1'],
  ['第二十条第（八）项'],
  ['信息内容', '上一年项目数量', '本年增/减'],
  ['行政事业性收费', '4', '0'],
  ['第二十条第（九）项'],
  ['信息内容', '采购项目数量', '采购总金额'],
  ['政府集中采购', '3', '52'],
];

/** Table 三 rows whose zero applicant cells are left empty (the 总计 always written), as many agencies fill it. */
function report(shape: T3Shape, values: Record<string, number[]>, edit: (row: string, text: string) => string = (_r, t) => t): string {
  let s = para('某某街道办事处2020年政府信息公开工作年度报告') + para('一、总体情况') + para('本年度我街道认真落实条例要求。');
  s += para('二、主动公开政府信息情况');
  for (const l of T2_LINES) s += l.map(para).join('');
  s += para('三、收到和处理政府信息公开申请情况');
  s += ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况', '自然人', '法人或其他组织', '总计'].map(para).join('');
  s += ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map(para).join('');
  for (const r of t3Rows(shape)) {
    const label = (r.number ?? '') + r.label;
    if (r.kind === 'group') {
      s += para(label);
      continue;
    }
    const v = values[r.key]!;
    s += edit(r.key, para(label) + v.map((x, k) => cell(k < 6 && x === 0 ? null : x)).join(''));
  }
  s += para('四、政府信息公开行政复议、行政诉讼情况');
  s += para('行政复议') + para('行政诉讼') + para('未经复议直接起诉') + para('复议后起诉');
  s += ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'].map(para).join('').repeat(3);
  s += [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0].map((x) => para(String(x))).join('');
  s += para('五、存在的主要问题及改进情况') + para('栏目更新不够及时。') + para('六、其他需要报告的事项') + para('无。');
  return s;
}

describe('an empty cell as a single empty line (table 三 with only its non-zero cells written)', () => {
  const values = t3Values('single-other');

  it('reads every row: the empty lines are blank cells (0, zeroInferred) at their place, the values in their columns', () => {
    const r = parseTextReport(report('single-other', values));
    for (const [row, v] of Object.entries(values)) expect(Object.values(r.tables.t3![row]!), row).toEqual(v);
    const blank = r.cells.find((c) => c.table === 't3' && c.row === 'newReceived' && c.col === 'research')!;
    expect(blank).toMatchObject({ value: 0, raw: '' });
    expect(blank.flags).toContain('zeroInferred');
    expect(blank.line).not.toBeNull();
    const five = r.cells.find((c) => c.table === 't3' && c.row === 'newReceived' && c.col === 'total')!;
    expect(five).toMatchObject({ value: 5, raw: '5', status: 'read' });
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a row one empty line too long is not placed by its lines: only what the relations fix, and marked so', () => {
    // 上年结转: 1 in 自然人, five empty cells — one empty line more than the row has cells.
    const text = report('single-other', values, (row, t) => (row === 'carriedOver' ? t.replace('\n\n\n', '\n\n\n\n') : t));
    const r = parseTextReport(text);
    const row = r.tables.t3!['carriedOver']!;
    // Whatever was read is what the text says (1 in 自然人, 1 in 总计); nothing else is claimed.
    for (const [col, v] of Object.entries(row)) if (v !== null) expect(v, col).toBe(values['carriedOver']![Object.keys(row).indexOf(col)]);
    // Its blank cells are not placed by their lines: any value they get comes from the table's
    // relations and is marked so (placedByRelation / derived), not read from an empty line.
    const cells = r.cells.filter((c) => c.table === 't3' && c.row === 'carriedOver' && c.raw === '');
    expect(cells).toEqual([]);
    for (const c of r.cells.filter((c) => c.table === 't3' && c.row === 'carriedOver' && c.value !== null))
      expect(c.status === 'derived' || c.flags?.includes('placedByRelation'), c.col).toBe(true);
  });
});
