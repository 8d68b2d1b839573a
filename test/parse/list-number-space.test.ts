/**
 * A space before a point. A list number read apart from its point (`2 .没有现成信息…`, as OCR
 * gives it) is the row's number, not a value: before, the 2 went on the row above, which then had
 * one value too many. Between digits (`1 .25`) it is a decimal broken apart or a number and a
 * stray: flagged, not read (before: 1, the .25 passed over without a word).
 */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { report, t3Text, t3Values } from './helpers.js';

describe('a list number with a space before its point', () => {
  it('is no cell of the row above', () => {
    const t3 = t3Text('split-other');
    expect(t3).toContain('2.没有现成信息需要另行制作');
    const rep = parseTextReport(report({ t3: t3.replace('2.没有现成信息需要另行制作', '2 .没有现成信息需要另行制作') }));
    const want = t3Values('split-other');
    for (const [row, vals] of Object.entries(want)) expect(Object.values(rep.tables.t3![row]!), row).toEqual(vals);
    expect(rep.findings.filter((f) => f.rule === 'P.cellCount' || f.rule === 'M.row')).toEqual([]);
  });

  it('between digits (1 .25) the cell is flagged, not read as 1', () => {
    const rep = parseTextReport(report().replace('行政事业性收费 1.25', '行政事业性收费 1 .25'));
    expect(rep.tables.t2!['fees']!['feesWan']).toBeNull();
    const f = rep.findings.find((x) => x.rule === 'P.cellCount' && x.row === 'fees')!;
    expect(f.message).toContain('「1 .25」（小数点前有空格');
  });
});
