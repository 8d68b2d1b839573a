/**
 * A list number read apart from its point (`2 .没有现成信息…`, as OCR gives it) is the row's
 * number, not a value: before, the 2 went on the row above, which then had one value too many.
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
});
