/**
 * Table 二 starts at its first block's title (第二十条第（一）项); where that title is garbled by the
 * recogniser (第二长十（一）项) or left out, the column-header line 信息内容 before the first title
 * found starts it — the first block's rows (规章, 规范性文件) are read, not lost before the table.
 * Prose before the table that names a row is still not read as the row.
 */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { report, T2_2021 } from './helpers.js';

const cells = (rep: ReturnType<typeof parseTextReport>, block: string): unknown => rep.tables.t2?.[block];

describe('table 二 whose first title is not found', () => {
  it('garbled: the rows under the first 信息内容 line are read', () => {
    const rep = parseTextReport(report({ t2: T2_2021.replace('第二十条第（一）项', '第二长十（一）项').replace('第二十条第（五）项', '第二第五）项') }));
    expect(rep.findings.filter((f) => f.rule === 'M.row')).toEqual([]);
    expect(cells(rep, 'regulations')).toEqual({ issued: 0, repealed: 0, inForce: 0 });
    expect(cells(rep, 'normativeDocuments')).toEqual({ issued: 3, repealed: 1, inForce: 12 });
    expect(cells(rep, 'licensing')).toEqual({ decisions: 15 });
  });

  it('left out: the same', () => {
    const rep = parseTextReport(report({ t2: T2_2021.replace('第二十条第（一）项\n', '') }));
    expect(cells(rep, 'normativeDocuments')).toEqual({ issued: 3, repealed: 1, inForce: 12 });
  });

  it('prose before the first title naming a row and 信息内容 mid-sentence is not the table', () => {
    const t2 = T2_2021.replace('二、主动公开政府信息情况\n', '二、主动公开政府信息情况\n本年丰富信息内容，行政规范性文件 9 件均已公开。\n');
    const rep = parseTextReport(report({ t2 }));
    expect(cells(rep, 'normativeDocuments')).toEqual({ issued: 3, repealed: 1, inForce: 12 });
  });
});
