/** Table 三 headers whose column names wrapped in their cells. Our own texts; values made up. */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { report, T2_2021, t3Text } from './helpers.js';

const WRAPPED = '商业 科研 社会公益组织 法律服务机构 其他\n企业 机构';

describe('table 三 header with wrapped column names', () => {
  it('names split over two header rows (商业 … / 企业 机构) still name their columns', () => {
    // Blank cells dropped: no row holds more numbers than the five names found whole.
    const t3 = t3Text('split-other', undefined, (_r, cells) =>
      cells
        .split(' ')
        .filter((x) => x !== '0')
        .join(' '),
    ).replace('商业企业 科研机构 社会公益组织 法律服务机构 其他', WRAPPED);
    const r = parseTextReport(report({ t2: T2_2021, t3 }));
    expect(r.findings.filter((f) => f.rule === 'P.columns')).toEqual([]);
  });

  it('a header that really lacks a column is still reported', () => {
    const t3 = t3Text('split-other', undefined, (_r, cells) =>
      cells
        .split(' ')
        .filter((x) => x !== '0')
        .join(' '),
    ).replace('商业企业 科研机构 社会公益组织 法律服务机构 其他', '商业 社会公益组织 法律服务机构 其他\n企业');
    const r = parseTextReport(report({ t2: T2_2021, t3 }));
    expect(r.findings.filter((f) => f.rule === 'P.columns').map((f) => f.col)).toEqual(['research']);
  });
});
