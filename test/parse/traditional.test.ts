/** A report served in traditional characters (a big5 gateway), and simplified texts left alone. Our own text. */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { isTraditional } from '../../src/parse/traditional.js';

const TRAD = `某某縣示例局2022年政府信息公開工作年度報告
一、總體情況
本年度我局認真落實條例要求，主動公開政府信息86條，依申請公開辦理及時。
二、主動公開政府信息情況
第二十條第（一）項
信息內容 本年制發件數 本年廢止件數 現行有效件數
規章 0 0 0
行政規範性文件 2 1 9
第二十條第（五）項
信息內容 本年處理決定數量
行政許可 31
第二十條第（六）項
信息內容 本年處理決定數量
行政處罰 7
行政強制 0
第二十條第（八）項
信息內容 本年收費金額（單位：萬元）
行政事業性收費 0.35
三、收到和處理政府信息公開申請情況
`;

describe('a report in traditional characters', () => {
  it('is read as its simplified form: title, sections and table 二', () => {
    const r = parseTextReport(TRAD);
    expect(r.findings.some((f) => f.rule === 'P.notReport')).toBe(false);
    expect(r.agency).toBe('某某县示例局');
    expect(r.year).toBe(2022);
    expect(r.tables.t2!['normativeDocuments']).toEqual({ issued: 2, repealed: 1, inForce: 9 });
    expect(r.tables.t2!['licensing']).toEqual({ decisions: 31 });
    expect(r.tables.t2!['penalty']).toEqual({ decisions: 7 });
    expect(r.tables.t2!['fees']).toEqual({ feesWan: 0.35 });
    // Every cell keeps its place in the source.
    const c = r.cells.find((x) => x.row === 'licensing')!;
    expect(TRAD.slice(c.span![0], c.span![1])).toBe('31');
  });

  it('a simplified text with a few traditional characters in names is not traditional', () => {
    expect(isTraditional('於家村2022年政府信息公开工作年度报告。一、总体情况。本年度於家村后續工作…'.repeat(3))).toBe(false);
    expect(isTraditional(TRAD)).toBe(true);
  });
});
