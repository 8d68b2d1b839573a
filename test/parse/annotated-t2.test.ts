/**
 * A local 2019-format template that annotates its table 二 (湖北 2020): notes in brackets after row
 * labels and column names, some naming other rows or holding years, and a row the national
 * template does not have. Our own text: made-up agency and figures.
 */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';

const HEAD = `某某市示例局2020年政府信息公开工作年度报告
一、总体情况
本年度我局认真落实条例要求。
二、主动公开政府信息情况
`;

const PIPES = `第二十条第（一）项 | |||
信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
规章（设区的市人民政府应提供相关数据） | 0 | 0 | 0 |
规范性文件（行政机关制定发布的决定、公告、通知等，一般属于规范性文件） | 3 | 3 | 27 |
其他主动公开文件（除规范性文件以外的主动公开文件） | 140 | 61 | 230 |
第二十条第（五）项 | |||
信息内容 | 上一年项目数量（指2019年事项数） | 本年增/减（指2020年增加或减少的事项数，减用负值表示，如-8） | 处理决定数量（指2020年办件量） |
行政许可 | 6 | -1 | 75 |
其他对外管理服务事项（指行政许可以外的事项，含行政确认、行政处罚、行政强制、行政检查等） | 96 | 2 | 140 |
第二十条第（六）项 | |||
信息内容 | 上一年项目数量（指2019年事项数） | 本年增/减（指2020年增加或减少的事项数，减用负值表示，如-8） | 处理决定数量（指2020年办件量） |
行政处罚 | 71 | 0 | 18 |
行政强制 | 3 | 1 | 2 |
第二十条第（八）项 | |||
信息内容 | 上一年项目数量（指2019年事项数） | 本年增/减（指2020年增加或减少的事项数） |
行政事业性收费 | 1 | 0 |
第二十条第（九）项 | |||
信息内容 | 采购项目数量（指2020年采购项目数） | 采购总金额（指2020年采购金额） |
政府集中采购 | 4 | 12.5 |
三、收到和处理政府信息公开申请情况
`;

describe('an annotated table 二', () => {
  it('reads each row: no digit of a note is a cell, no row named in a note is a row, an added row is not the row above', () => {
    const r = parseTextReport(HEAD + PIPES);
    const t2 = r.tables.t2!;
    expect(t2['regulations']).toEqual({ newlyMade: 0, newlyPublished: 0, totalPublished: 0 });
    expect(t2['normativeDocuments']).toEqual({ newlyMade: 3, newlyPublished: 3, totalPublished: 27 });
    expect(t2['licensing']).toEqual({ prevYearItems: 6, yearChange: -1, decisions: 75 });
    expect(t2['otherServices']).toEqual({ prevYearItems: 96, yearChange: 2, decisions: 140 });
    expect(t2['penalty']).toEqual({ prevYearItems: 71, yearChange: 0, decisions: 18 });
    expect(t2['coercion']).toEqual({ prevYearItems: 3, yearChange: 1, decisions: 2 });
    expect(t2['fees']).toEqual({ prevYearItems: 1, yearChange: 0 });
    expect(t2['procurement']).toEqual({ projects: 4, amount: 12.5 });
    expect(r.findings.filter((f) => f.rule.startsWith('P.'))).toEqual([]);
  });

  it('the same one cell per line', () => {
    const lines = PIPES.split('\n')
      .flatMap((l) => (l.startsWith('三、') ? [l] : l.split('|').map((c) => c.trim())))
      .filter((c) => c !== '')
      .join('\n\n');
    const r = parseTextReport(HEAD + lines + '\n');
    const t2 = r.tables.t2!;
    expect(t2['normativeDocuments']).toEqual({ newlyMade: 3, newlyPublished: 3, totalPublished: 27 });
    expect(t2['otherServices']).toEqual({ prevYearItems: 96, yearChange: 2, decisions: 140 });
    expect(t2['penalty']).toEqual({ prevYearItems: 71, yearChange: 0, decisions: 18 });
    expect(t2['fees']).toEqual({ prevYearItems: 1, yearChange: 0 });
  });

  it('an empty row before the next block takes nothing from that block’s header', () => {
    const text = PIPES.replace('行政事业性收费 | 1 | 0 |', '行政事业性收费 | |||');
    const r = parseTextReport(HEAD + text);
    expect(r.tables.t2!['fees']).toEqual({ prevYearItems: null, yearChange: null });
    expect(r.tables.t2!['procurement']).toEqual({ projects: 4, amount: 12.5 });
  });

  it('a row with more values and no added row after it is still flagged, not cut', () => {
    const text = PIPES.replace('行政许可 | 6 | -1 | 75 |', '行政许可 | 6 | -1 | 75 | 4 |');
    const r = parseTextReport(HEAD + text);
    expect(r.tables.t2!['licensing']).toEqual({ prevYearItems: null, yearChange: null, decisions: null });
    expect(r.findings.some((f) => f.rule === 'P.cellCount' && f.message.includes('行政许可'))).toBe(true);
  });
});
