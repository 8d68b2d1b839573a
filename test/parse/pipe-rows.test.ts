/**
 * Web tables saved as text rows `cell | cell |`, where a cell the agency left unfilled is written as
 * nothing between two pipes. The texts are our own, written to that shape; values are made up.
 */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { t3Rows } from '../../src/model/templates.js';
import { COLS, report, T2_2021, t3Values } from './helpers.js';

const row = (r: ReturnType<typeof parseTextReport>, key: string): (number | null)[] => COLS.map((c) => r.tables.t3?.[key]?.[c] ?? null);
const errors = (r: ReturnType<typeof parseTextReport>): string[] => r.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`);

/** Table 三 as pipe rows; an applicant cell holding 0 is left empty (`|  |`), the 总计 always written. */
function t3PipeRows(values = t3Values('split-other'), edit: (key: string, line: string) => string = (_k, l) => l): string {
  const out = [
    '三、收到和处理政府信息公开申请情况',
    '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |',
    '自然人 | 法人或其他组织 | 总计 |',
    '商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |',
  ];
  for (const r of t3Rows('split-other')) {
    const label = (r.number ?? '') + r.label;
    if (r.kind === 'group') {
      out.push(`${label} | |||`);
      continue;
    }
    const v = values[r.key]!;
    const cells = v.map((x, i) => (x === 0 && i < 6 ? ' ' : String(x)));
    // A row under a merged group heading starts with the heading's empty place.
    const lead = r.parent ? '|  | ' : '';
    out.push(edit(r.key, `${lead}${label} | ${cells.join(' | ')} |`));
  }
  return out.join('\n') + '\n';
}

describe('pipe rows with unfilled cells written as nothing between two pipes', () => {
  it('each empty cell before a value keeps its place: read as a blank cell (0, zeroInferred)', () => {
    const r = parseTextReport(report({ t2: T2_2021, t3: t3PipeRows() }));
    const v = t3Values('split-other');
    for (const key of ['newReceived', 'carriedOver', 'granted', 'partial', 'denied.stateSecret', 'unable.notHeld', 'other.other', 'total', 'carriedForward'])
      expect(row(r, key)).toEqual(v[key]);
    expect(errors(r)).toEqual([]);
    expect(r.cells.filter((c) => c.table === 't3' && c.status === 'missing')).toEqual([]);
    const blank = r.cells.find((c) => c.table === 't3' && c.row === 'newReceived' && c.col === 'research')!;
    expect(blank.value).toBe(0);
    expect(blank.flags).toContain('zeroInferred');
    const written = r.cells.find((c) => c.table === 't3' && c.row === 'newReceived' && c.col === 'naturalPerson')!;
    expect(written.flags ?? []).not.toContain('zeroInferred');
  });

  it('an empty cell with no value after it on its line (a lost 总计) is not read as 0', () => {
    const t3 = t3PipeRows(undefined, (key, line) => (key === 'carriedForward' ? line.replace(/ 1 \|$/, '  |') : line));
    const r = parseTextReport(report({ t2: T2_2021, t3 }));
    const total = r.cells.find((c) => c.table === 't3' && c.row === 'carriedForward' && c.col === 'total')!;
    // Either left missing or worked out from its row (1), never a blank 0.
    expect(total.value === null || (total.value === 1 && total.status === 'derived')).toBe(true);
  });

  it('empty places a table leaves after each label for its merged label cells are no cells; empty cells between values still are', () => {
    // Labels span three columns: a top-level row leaves two empty places after its label, a （一） row one.
    const t3 = t3PipeRows(undefined, (key, line) => {
      const places = ['newReceived', 'carriedOver', 'carriedForward'].includes(key) ? 2 : ['granted', 'partial', 'total'].includes(key) ? 1 : 0;
      return line.replace(/^(\| {2}\| )?([^|]+) \| /, (_m, lead: string | undefined, label: string) => `${lead ?? ''}${label} | ${'  | '.repeat(places)}`);
    });
    const r = parseTextReport(report({ t2: T2_2021, t3 }));
    const v = t3Values('split-other');
    for (const key of ['newReceived', 'carriedOver', 'granted', 'partial', 'denied.stateSecret', 'unable.notHeld', 'total', 'carriedForward'])
      expect(row(r, key)).toEqual(v[key]);
    expect(errors(r)).toEqual([]);
  });

  it('one cell per line ended by a pipe: a pipe alone is an empty cell between the label and a value; after the last value it is a filler', () => {
    const v = t3Values('split-other');
    const out = ['三、收到和处理政府信息公开申请情况', '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) |', '申请人情况 |', '||||||||'];
    for (const c of ['自然人', '法人或其他组织', '总计', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']) out.push(`${c} |`);
    for (const r of t3Rows('split-other')) {
      const label = (r.number ?? '') + r.label;
      out.push(`${label} |`);
      if (r.kind === 'group') continue;
      // An applicant cell holding 0 is left empty; the 总计 is always written.
      v[r.key]!.forEach((x, i) => out.push(x === 0 && i < 6 ? '|' : `${x} |`));
      // Fillers of merged label cells after the row: two pipes for a 一、 row, one for a （一） row.
      if (['newReceived', 'carriedOver', 'carriedForward'].includes(r.key)) out.push('||');
      else if (['granted', 'partial', 'total'].includes(r.key)) out.push('|');
    }
    const r = parseTextReport(report({ t2: T2_2021, t3: out.join('\n') + '\n' }));
    for (const key of ['newReceived', 'carriedOver', 'granted', 'partial', 'denied.stateSecret', 'unable.notHeld', 'other.other', 'total', 'carriedForward'])
      expect(row(r, key)).toEqual(v[key]);
    expect(errors(r)).toEqual([]);
    const blank = r.cells.find((c) => c.table === 't3' && c.row === 'granted' && c.col === 'research')!;
    expect(blank.flags).toContain('zeroInferred');
  });

  it('a pipe alone after a cell written without one (each cell, then a line |) separates cells and is no cell', () => {
    const v = t3Values('split-other');
    const out = ['三、收到和处理政府信息公开申请情况', '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)', '|'];
    for (const c of ['申请人情况', '自然人', '法人或其他组织', '总计', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']) out.push(c, '|');
    for (const r of t3Rows('split-other')) {
      out.push((r.number ?? '') + r.label, '|');
      if (r.kind === 'data') for (const x of v[r.key]!) out.push(String(x), '|');
    }
    const r = parseTextReport(report({ t2: T2_2021, t3: out.join('\n') + '\n' }));
    for (const key of ['newReceived', 'granted', 'unable.notHeld', 'total', 'carriedForward']) expect(row(r, key)).toEqual(v[key]);
    expect(errors(r)).toEqual([]);
  });
});
