/**
 * A scanned table whose numbers break relations no reading can mend (issue 8, point 4): every cell
 * of those relations — and of the relations that still hold through a doubtful cell (a row placed a
 * column off adds up as read) — keeps its reading and is flagged `lowConfidence`, with one
 * `P.ocrUnsure` finding. The same text read as text is the report's own error: no flag. One cell,
 * or failing one the one pair of cells, that alone mends every broken relation is all that is
 * flagged, with the values that mend the table.
 */
import { describe, expect, it } from 'vitest';
import { reportFromRead } from '../../src/index.js';
import { renderReport } from '../../src/synth/render-text.js';
import { generateValues, type ReportValues } from '../../src/synth/values.js';
import { BLANK_CELL } from '../../src/read/types.js';
import { readOf } from './helpers.js';

/** A 2021 report whose row `row` has its 自然人 value moved into 商业企业 (still adding up to its 总计). */
function shifted(row: string): { values: ReportValues; text: string; moved: number } {
  for (let seed = 1; seed < 500; seed++) {
    const values = generateValues(seed, { kind: '2021' });
    const r = values.tables.t3[row]!;
    if (!(r['naturalPerson']! > 0)) continue;
    const moved = r['naturalPerson']!;
    r['commercial'] = r['commercial']! + moved;
    r['naturalPerson'] = 0;
    return { values, text: renderReport(values, { family: 'tsv', seed }), moved };
  }
  throw new Error('no generated report has a non-zero 自然人 in that row');
}

const flagged = (rep: ReturnType<typeof reportFromRead>, row: string, col: string): boolean =>
  !!rep.cells.find((c) => c.table === 't3' && c.row === row && c.col === col)?.flags?.includes('lowConfidence');

describe('P.ocrUnsure: a scanned table that breaks its relations', () => {
  const { text, moved } = shifted('granted');

  it('flags the cells of the broken columns and the row that adds up through them, values as read', () => {
    const rep = reportFromRead(readOf(text, true), { path: 'scan.pdf', sha256: 'x', bytes: 1 });
    expect(rep.tables.t3!['granted']!['naturalPerson']).toBe(0);
    expect(rep.tables.t3!['granted']!['commercial']).toBeGreaterThanOrEqual(moved);
    const f = rep.findings.filter((x) => x.rule === 'P.ocrUnsure');
    expect(f).toHaveLength(1);
    expect(f[0]!.table).toBe('t3');
    expect(f[0]!.message).toContain('请与原件逐一核对');
    // The two columns' relations are broken (自然人 short by `moved`, 商业企业 over by it)…
    expect(flagged(rep, 'granted', 'naturalPerson')).toBe(true);
    expect(flagged(rep, 'granted', 'commercial')).toBe(true);
    expect(flagged(rep, 'total', 'naturalPerson')).toBe(true);
    // …and the row adds up as read: its other cells are as doubtful (one of them is wrong by as much).
    expect(flagged(rep, 'granted', 'total')).toBe(true);
    // A column whose relations hold and that shares nothing doubtful stays unflagged.
    expect(flagged(rep, 'newReceived', 'scienceResearch')).toBe(false);
  });

  it('read as text, the same table is the report’s own error: values as written, no flag', () => {
    const rep = reportFromRead(readOf(text, false), { path: 'report.pdf', sha256: 'x', bytes: 1 });
    expect(rep.findings.some((x) => x.rule === 'P.ocrUnsure')).toBe(false);
    expect(rep.cells.some((c) => c.flags?.includes('lowConfidence'))).toBe(false);
    expect(rep.findings.some((x) => x.rule === 'T3.outcomeSum')).toBe(true);
  });

  it('a blank cell of a scanned row that breaks a relation is as doubtful as a digit read (a 1 the page lost)', () => {
    const values = generateValues(7, { kind: '2021' });
    const total = values.tables.t3['granted']!['total']!;
    const text = renderReport(values, { family: 'tsv', seed: 7 });
    // The 予以公开 row's 自然人 value gone from the scan: a blank cell, read as 0 by convention.
    const row = text.split('\n').find((l) => /予以公开/.test(l))!;
    const cells = row.split('\t');
    const nat = cells.findIndex((c) => /^\d+$/.test(c));
    expect(Number(cells[nat])).toBe(values.tables.t3['granted']!['naturalPerson']);
    expect(Number(cells[nat])).toBeGreaterThan(0);
    cells[nat] = BLANK_CELL;
    const scan = text.replace(row, cells.join('\t'));
    // Only what the recogniser read has a confidence: the blank cell's mark has none.
    const read = { ...readOf(scan, true), confidence: (a: number, b: number) => (scan.slice(a, b).includes(BLANK_CELL) ? null : 96) };
    const rep = reportFromRead(read, { path: 'scan.pdf', sha256: 'x', bytes: 1 });
    expect(rep.tables.t3!['granted']!['naturalPerson']).toBe(0);
    expect(rep.tables.t3!['granted']!['total']).toBe(total);
    expect(flagged(rep, 'granted', 'naturalPerson')).toBe(true);
    expect(rep.findings.find((x) => x.rule === 'P.ocrUnsure')?.note).toContain('「予以公开」行「自然人」列空白（按0计）');
  });

  it('one cell misread, which alone mends every broken relation: only it is flagged, and what would mend them said', () => {
    // 予以公开's 商业企业 read 3 more than printed: its row's sum and its column's balance break, and
    // the one cell in both, at its printed value, makes every relation hold again.
    const values = generateValues(5, { kind: '2021' });
    const printed = values.tables.t3['granted']!['commercial']!;
    values.tables.t3['granted']!['commercial'] = printed + 3;
    const rep = reportFromRead(readOf(renderReport(values, { family: 'tsv', seed: 5 }), true), { path: 'scan.pdf', sha256: 'x', bytes: 1 });
    expect(rep.tables.t3!['granted']!['commercial']).toBe(printed + 3);
    expect(rep.cells.filter((c) => c.flags?.includes('lowConfidence')).map((c) => `${c.row}.${c.col}`)).toEqual(['granted.commercial']);
    const f = rep.findings.filter((x) => x.rule === 'P.ocrUnsure');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ table: 't3', row: 'granted', col: 'commercial' });
    expect(f[0]!.message).toContain(`「予以公开」行「商业企业」列读作${printed + 3}`);
    expect(f[0]!.message).toContain(`若该格为${printed}，表中各项关系均成立`);
  });

  it('a value read in its neighbour’s cell (the row’s sum holding): several pairs would mend it, so every cell of the relations through them is flagged', () => {
    // The shifted row above: 自然人 and 商业企业 both wrong, two columns' balances broken, no cell in
    // both; moving the amount between the two columns of any other row (or of 总计) mends them too.
    const rep = reportFromRead(readOf(shifted('granted').text, true), { path: 'scan.pdf', sha256: 'x', bytes: 1 });
    expect(rep.cells.filter((c) => c.flags?.includes('lowConfidence')).length).toBeGreaterThan(10);
    expect(rep.findings.find((x) => x.rule === 'P.ocrUnsure')?.message).toContain('请与原件逐一核对');
  });

  it('two digits misread in different rows and columns, which together and alone mend every relation: only they are flagged, the values said', () => {
    const values = generateValues(5, { kind: '2021' });
    const granted = values.tables.t3['granted']!['commercial']!;
    const notHeld = values.tables.t3['unable.notHeld']!['research']!;
    values.tables.t3['granted']!['commercial'] = granted + 3;
    values.tables.t3['unable.notHeld']!['research'] = notHeld + 20;
    const rep = reportFromRead(readOf(renderReport(values, { family: 'tsv', seed: 5 }), true), { path: 'scan.pdf', sha256: 'x', bytes: 1 });
    expect(rep.tables.t3!['granted']!['commercial']).toBe(granted + 3);
    expect(
      rep.cells
        .filter((c) => c.flags?.includes('lowConfidence'))
        .map((c) => `${c.row}.${c.col}`)
        .sort(),
    ).toEqual(['granted.commercial', 'unable.notHeld.research']);
    const f = rep.findings.filter((x) => x.rule === 'P.ocrUnsure');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain(`「予以公开」行「商业企业」列读作${granted + 3}`);
    expect(f[0]!.message).toContain(`「无法提供-本机关不掌握相关政府信息」行「科研机构」列读作${notHeld + 20}`);
    expect(f[0]!.message).toContain(`若这两格分别为${granted}、${notHeld}，表中各项关系均成立`);
  });

  it('three digits misread: no pair mends every relation, and every cell of the relations through them is flagged', () => {
    const values = generateValues(5, { kind: '2021' });
    values.tables.t3['granted']!['commercial'] = values.tables.t3['granted']!['commercial']! + 3;
    values.tables.t3['unable.notHeld']!['research'] = values.tables.t3['unable.notHeld']!['research']! + 20;
    values.tables.t3['partial']!['naturalPerson'] = values.tables.t3['partial']!['naturalPerson']! + 7;
    const rep = reportFromRead(readOf(renderReport(values, { family: 'tsv', seed: 5 }), true), { path: 'scan.pdf', sha256: 'x', bytes: 1 });
    const marked = rep.cells.filter((c) => c.flags?.includes('lowConfidence')).map((c) => `${c.row}.${c.col}`);
    expect(marked).toEqual(expect.arrayContaining(['granted.commercial', 'unable.notHeld.research', 'partial.naturalPerson']));
    expect(marked.length).toBeGreaterThan(10);
    expect(rep.findings.find((x) => x.rule === 'P.ocrUnsure')?.message).toContain('请与原件逐一核对');
  });

  it('a scan whose relations all hold gets no flag', () => {
    const values = generateValues(3, { kind: '2021' });
    const rep = reportFromRead(readOf(renderReport(values, { family: 'tsv', seed: 3 }), true), { path: 'scan.pdf', sha256: 'x', bytes: 1 });
    expect(rep.findings.some((x) => x.rule === 'P.ocrUnsure')).toBe(false);
    expect(rep.cells.filter((c) => c.flags?.includes('lowConfidence'))).toEqual([]);
  });
});
