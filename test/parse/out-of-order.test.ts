/**
 * Lines a scan gave out of order (a seal over the table made a row's values a line of their own,
 * placed above the table's header): no row takes another's values.
 *
 * - A wrapped label's first line (一、本年新收政府信息公开申) left just above the next row's whole
 *   label (二、上年结转政府信息公开申请数量) read, through the one gap a wrapped label may have, as
 *   row 一 with 二's label in its gap and `请数量` of 二 as its end: row 一 took 二's values, and 二
 *   was "not found" — silently wrong.
 * - Table 二's block heading (第二十条第（八）项) read above the rows before it, so the next
 *   block's header row (信息内容 本年收费金额…) with the fee's value read into it followed 行政强制,
 *   which took the fee as its value.
 */
import { describe, expect, it } from 'vitest';
import { reportFromRead } from '../../src/index.js';
import { T2_2021, readOf, report, t3Text, t3Values } from './helpers.js';

const parse = (text: string): ReturnType<typeof reportFromRead> => reportFromRead(readOf(text, true), { path: 'scan.pdf', sha256: 'x', bytes: 1 });

describe('a wrapped label is not taken across another row', () => {
  const values = t3Values('split-other');
  values['newReceived'] = [6, 2, 0, 0, 0, 0, 8];
  values['granted'] = [5, 2, 0, 0, 0, 0, 7];
  values['total'] = [6, 2, 0, 0, 0, 0, 8];
  values['carriedForward'] = [1, 0, 0, 0, 0, 0, 1];
  const inOrder = t3Text('split-other', values);
  // Row 一's values went up above the header, with its label's second line; its first line stayed.
  const scrambled = inOrder
    .replace('一、本年新收政府信息公开申请数量 6 2 0 0 0 0 8\n', '一、本年新收政府信息公开申\n')
    .replace('（本列数据的勾稽关系为', '请数量 6 2 0 0 0 0 8\n（本列数据的勾稽关系为');

  it('(the text is as a scan gave it)', () => {
    expect(scrambled).toContain('一、本年新收政府信息公开申\n二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1');
    expect(scrambled.indexOf('请数量 6 2')).toBeLessThan(scrambled.indexOf('自然人'));
  });

  it('row 二 keeps its label and values; row 一 never takes them', () => {
    const rep = parse(report({ t3: scrambled }));
    expect(Object.values(rep.tables.t3!['carriedOver']!)).toEqual([1, 0, 0, 0, 0, 0, 1]);
    const first = Object.values(rep.tables.t3!['newReceived']!);
    expect(first).not.toEqual([1, 0, 0, 0, 0, 0, 1]);
    // Not read from the text; where the relations fix it, derived (marked) to its true values.
    for (const c of rep.cells.filter((x) => x.table === 't3' && x.row === 'newReceived')) {
      expect(c.status).not.toBe('read');
      if (c.value !== null) expect(c.status).toBe('derived');
    }
    expect(first.every((v, i) => v === null || v === values['newReceived']![i])).toBe(true);
  });

  it('a label wrapped round a neighbour cell’s fragment is still found', () => {
    // The group label (三)不予公开 between the halves of 2.其他法律行政法规禁止公开: no other row's label.
    const text = report({ t3: inOrder.replace('2.其他法律行政法规禁止公开 0', '2.其他法律行\n（三）不予公开\n政法规禁止公开 0') });
    expect(text).toContain('2.其他法律行\n（三）不予公开\n政法规禁止公开 0 0 0 0 0 0 0');
    const rep = parse(text);
    expect(rep.cells.filter((c) => c.table === 't3' && c.row === 'denied.lawProhibited' && c.status === 'read')).toHaveLength(7);
  });
});

describe('table 二: a row stops at the next block’s header row', () => {
  // 第二十条第（八）项 read above 行政处罚; 行政强制's 0 lost under the seal; the header row of 收费
  // with the fee read into it follows.
  const t2 = T2_2021.replace(
    '第二十条第（六）项\n信息内容 本年处理决定数量\n行政处罚 4\n行政强制 0\n第二十条第（八）项\n信息内容 本年收费金额（单位：万元）\n行政事业性收费 1.25\n',
    '第二十条第（六）项\n信息内容 本年处理决定数量 第二十条第（八）项\n行政处罚 4\n行政强制\n信息内容 本年收费金额（单位：万元） 1.25\n行政事业性收费\n',
  );

  it('(the text is as a scan gave it)', () => {
    expect(t2).toContain('行政强制\n信息内容 本年收费金额（单位：万元） 1.25');
  });

  it('行政强制 does not take the fee', () => {
    const rep = parse(report({ t2 }));
    expect(rep.tables.t2!['coercion']!['decisions']).not.toBe(1.25);
    expect(rep.tables.t2!['penalty']!['decisions']).toBe(4);
    const cell = rep.cells.find((c) => c.table === 't2' && c.row === 'coercion');
    expect(cell?.value ?? null).toBeNull();
  });
});
