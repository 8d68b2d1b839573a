/**
 * A cell-per-line pipe rendering that writes a row's filled cells first, each `n |`, then all its
 * empty cells together as one line of pipes. Our own text, made-up figures.
 */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { T2_2019 } from './helpers.js';

const row = (label: string, values: number[], pipes: number): string => `${label} |\n${values.map((v) => `${v} |`).join('\n')}\n${'|'.repeat(pipes)}\n`;

const T3 = `三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |
申请人情况 |
||||||||
自然人 |
法人或其他组织 |
总计 |
|||||||
商业企业 |
科研机构 |
社会公益组织 |
法律服务机构 |
其他 |
|||||
${row('一、本年新收政府信息公开申请数量', [4, 4], 7)}${row('二、上年结转政府信息公开申请数量', [0, 0], 7)}三、本年度办理结果 |
${row('（一）予以公开', [4, 4], 6)}`;

describe('empty cells written together after the filled ones', () => {
  it('are blank at places the relations give, or the cell is flagged', () => {
    const r = parseTextReport(`某某县示例局2019年政府信息公开工作年度报告\n一、总体情况\n本年度我局认真落实条例要求。\n${T2_2019}${T3}`);
    const t3 = r.tables.t3!;
    // 总计 is the only column a row's two equal values can share with its sum.
    expect(t3['newReceived']!['total']).toBe(4);
    expect(t3['granted']!['total']).toBe(4);
    // Which applicant column holds the 4 is not in the text.
    expect(t3['newReceived']!['naturalPerson']).toBeNull();
    // A row of zeros is zeros wherever they stand.
    expect(Object.values(t3['carriedOver']!)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(r.findings.find((f) => f.rule === 'P.blankDropped')?.message).toContain('集中写在数值之后');
    expect(r.findings.some((f) => f.rule === 'P.ambiguous')).toBe(true);
  });

  it('a row short of values with no such line after it stays unread', () => {
    const text = T3.replace('4 |\n4 |\n|||||||\n二、', '4 |\n4 |\n二、');
    const r = parseTextReport(`某某县示例局2019年政府信息公开工作年度报告\n一、总体情况\n本年度我局认真落实条例要求。\n${T2_2019}${text}`);
    expect(r.tables.t3!['newReceived']!['total']).toBeNull();
  });
});
