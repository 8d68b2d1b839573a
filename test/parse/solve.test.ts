import { describe, expect, it } from 'vitest';
import { rowCandidates, type ColType, type RowMode } from '../../src/parse/candidates.js';
import { solveTable, type RowProblem } from '../../src/parse/solve.js';
import { t2Relations, t3Relations, type Relation } from '../../src/model/relations.js';
import { T3_COLUMN_KEYS } from '../../src/model/templates.js';
import type { Token } from '../../src/parse/stream.js';

const COLS = ['a', 'b', 'c', 'd', 'e', 'f', 'total'];
const INT = COLS.map((): ColType => 'int');
const rowSum = (row: string): Relation => ({
  id: `sum:${row}`,
  rule: 'T3.rowSum',
  op: '=',
  lhs: COLS.slice(0, 6).map((c) => `${row}|${c}`),
  rhs: [`${row}|total`],
  name: 'row sum',
  hard: true,
});

/** Tokens of a row as written: space-separated; glued pieces (97+82179) stay one run. */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[+-]?\d+(?:\.\d+)?/g)) {
    const raw = m[0];
    const signed = raw[0] === '+' || raw[0] === '-';
    out.push({
      start: m.index!,
      end: m.index! + raw.length,
      line: 0,
      raw,
      value: Number(raw),
      kind: 'number',
      decimals: raw.includes('.') ? raw.length - raw.indexOf('.') - 1 : 0,
      signed,
      splittable: /^\d{2,}$/.test(raw),
    });
  }
  return out;
}

function problem(key: string, text: string, mode: Exclude<RowMode, 'positional'>, types: ColType[] = INT, columns = COLS): RowProblem {
  const g = rowCandidates(tokens(text), { types }, mode, 0);
  return { key, columns, types, candidates: g.candidates, confirmSplits: mode === 'spaced' };
}

/** A solved cell by row and column (`columns`: the row problem's). */
const cell = (sol: ReturnType<typeof solveTable>, row: string, col: string, columns: readonly string[] = COLS) =>
  sol.rows.get(row)?.cells[columns.indexOf(col)];
const values = (sol: ReturnType<typeof solveTable>, row: string, columns: readonly string[] = COLS): (number | null)[] =>
  columns.map((c) => cell(sol, row, c, columns)?.value ?? null);

describe('readings of one row', () => {
  it('a spaced row whose tokens fill its columns has one reading, as written (the checks judge it)', () => {
    const p = problem('r', '1 2 3 0 0 0 99', 'spaced');
    expect(p.candidates).toHaveLength(1);
    const sol = solveTable([p], [rowSum('r')]);
    expect(values(sol, 'r')).toEqual([1, 2, 3, 0, 0, 0, 99]);
    expect(sol.rows.get('r')!.inconsistent).toBe(true);
  });

  it('a run of digits is cut only into values without leading zeros', () => {
    // 7 digits into 7 int columns: one way. 0000000 as 00|… would need a leading zero.
    expect(rowCandidates(tokens('3101005'), { types: INT }, 'flat', 0).candidates).toHaveLength(1);
    expect(rowCandidates(tokens('0000000'), { types: INT }, 'flat', 0).candidates).toHaveLength(1);
    expect(rowCandidates(tokens('00000000'), { types: INT }, 'flat', 0).candidates).toHaveLength(0);
  });

  it('a sign opens only a signed column; decimals only a money column', () => {
    const types: ColType[] = ['int', 'signed-int', 'int'];
    const g = rowCandidates(tokens('97+82179'), { types }, 'flat', 0);
    const seen = g.candidates.map((c) => c.cells.map((p) => p?.raw).join('|'));
    expect(seen.sort()).toEqual(['97|+82179|', '97|+8|2179', '97|+82|179', '97|+821|79', '97|+8217|9'].filter((x) => x.split('|')[2] !== '').sort());
    const money = rowCandidates(tokens('225253.168'), { types: ['int', 'decimal'] }, 'flat', 0);
    expect(money.candidates.map((c) => c.cells.map((p) => p?.raw).join('|'))).toEqual([
      '2|25253.168',
      '22|5253.168',
      '225|253.168',
      '2252|53.168',
      '22525|3.168',
    ]);
  });

  it('a flattened row that dropped its blank cells can put its values in any columns, in order', () => {
    const g = rowCandidates(tokens('11'), { types: INT }, 'dropped', 0);
    // 11 in one of 7 columns, or 1 and 1 in two of them.
    expect(g.candidates).toHaveLength(7 + 21);
    expect(g.candidates.every((c) => c.cells.every((p) => p !== null))).toBe(true);
  });
});

describe('the table solver', () => {
  it('splits digits that ran together when exactly one split satisfies the row sum', () => {
    const sol = solveTable([problem('r', '21710000218', 'spaced')], [rowSum('r')]);
    expect(values(sol, 'r')).toEqual([217, 1, 0, 0, 0, 0, 218]);
    expect(sol.rows.get('r')!.cells.every((c) => c.piece?.split)).toBe(true);
  });

  it('fixes only what every split agrees on when several splits fit, and says what they are', () => {
    // 110000011 reads as 1|10|0|0|0|0|11 or 11|0|0|0|0|0|11: a and b stay unknown.
    const sol = solveTable([problem('r', '110000011', 'flat')], [rowSum('r')]);
    expect(values(sol, 'r')).toEqual([null, null, 0, 0, 0, 0, 11]);
    expect(cell(sol, 'r', 'a')!.alternatives).toEqual([1, 11]);
    expect(sol.rows.get('r')!.shown).toHaveLength(2);
  });

  it('with a cell lost, fixes only the cells every consistent placement agrees on', () => {
    // 35 0 0 0 0 under six declared columns (f not in the header): only "total lost" fits.
    const g = rowCandidates(tokens('35 0 0 0 0'), { types: INT, absent: [false, false, false, false, false, true, false] }, 'spaced', 0);
    const sol = solveTable([{ key: 'r', columns: COLS, types: INT, candidates: g.candidates, confirmSplits: true }], [rowSum('r')]);
    expect(values(sol, 'r')).toEqual([35, 0, 0, 0, 0, null, null]);
  });

  it('never derives a column the header lacks (its values may not even be aligned): it stays missing', () => {
    const absent = [false, false, false, false, false, true, false];
    const g = rowCandidates(tokens('40 0 0 0 0 40'), { types: INT, absent }, 'spaced', 0);
    const derivable = absent.map((a) => !a);
    const sol = solveTable([{ key: 'r', columns: COLS, types: INT, candidates: g.candidates, confirmSplits: true, derivable }], [rowSum('r')]);
    expect(cell(sol, 'r', 'f')).toMatchObject({ value: null, status: 'missing' });
    expect(values(sol, 'r')).toEqual([40, 0, 0, 0, 0, null, 40]);
  });

  it('gives a row with more tokens than columns no reading', () => {
    expect(problem('r', '1 2 3 4 5 6 7 8', 'spaced').candidates).toHaveLength(0);
  });

  it('never places values that contradict the relation', () => {
    // 40 0 0 0 0 40 with seven columns: the lost cell could be a, f or total… a is not fixed.
    const sol = solveTable([problem('r', '40 0 0 0 0 40', 'spaced')], [rowSum('r')]);
    expect(cell(sol, 'r', 'a')!.value).toBeNull();
    expect(cell(sol, 'r', 'total')!.value).toBeNull();
    expect(cell(sol, 'r', 'c')!.value).toBe(0);
  });

  it('solves the whole table at once: a split the row sum leaves open is fixed by a column relation', () => {
    // Row x: 1|10|… or 11|0|… ; the column relation a(x) = a(y) with y read as 1 picks 1|10.
    const rel: Relation = { id: 'col:a', rule: 'T3.balance', op: '=', lhs: ['x|a'], rhs: ['y|a'], name: 'col', hard: true };
    const sol = solveTable([problem('x', '110000011', 'flat'), problem('y', '1 0 0 0 0 0 1', 'spaced')], [rowSum('x'), rowSum('y'), rel]);
    expect(values(sol, 'x')).toEqual([1, 10, 0, 0, 0, 0, 11]);
    expect(sol.rows.get('x')!.fixedBy).toContain('col:a');
  });

  it('a source that is itself inconsistent stays inconsistent: the best readings break the fewest relations', () => {
    // Both rows read as written; the column relation fails — reported as broken, nothing "repaired".
    const rel: Relation = { id: 'col:a', rule: 'T3.balance', op: '=', lhs: ['x|a'], rhs: ['y|a'], name: 'col', hard: true };
    const sol = solveTable([problem('x', '2 0 0 0 0 0 2', 'spaced'), problem('y', '1 0 0 0 0 0 1', 'spaced')], [rowSum('x'), rowSum('y'), rel]);
    expect(values(sol, 'x')).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(values(sol, 'y')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(sol.broken).toEqual(['col:a']);
  });

  it("table 三's relations: a flattened 2019 table with blanks dropped fixes 总计 but not the applicant column", () => {
    const rels = t3Relations('single-other');
    const rows = ['newReceived', 'carriedOver', 'granted', 'partial', 'total', 'carriedForward'].map((k) =>
      problem(k, k === 'newReceived' || k === 'partial' || k === 'total' ? '11' : '', 'dropped', INT, T3_COLUMN_KEYS),
    );
    const sol = solveTable(rows, rels);
    for (const k of ['newReceived', 'partial', 'total']) {
      expect(cell(sol, k, 'total', T3_COLUMN_KEYS)!.value).toBe(1);
      expect(cell(sol, k, 'naturalPerson', T3_COLUMN_KEYS)!.value).toBeNull();
      expect(cell(sol, k, 'naturalPerson', T3_COLUMN_KEYS)!.alternatives).toEqual([0, 1]);
    }
    expect(cell(sol, 'granted', 'total', T3_COLUMN_KEYS)!.value).toBe(0);
  });

  it("table 二's soft inequality rules a reading out, but two readings left are both kept open", () => {
    // 1153 under 本年制发/本年废止/现行有效: 11|5|3 breaks 制发 ≤ 现行有效 + 废止; 1|1|53 and 1|15|3 remain.
    const types: ColType[] = ['int', 'int', 'int'];
    const cols = ['issued', 'repealed', 'inForce'];
    const sol = solveTable([problem('normativeDocuments', '1153', 'flat', types, cols)], t2Relations('2021'));
    expect(values(sol, 'normativeDocuments', cols)).toEqual([1, null, null]);
    expect(
      sol.rows
        .get('normativeDocuments')!
        .shown.map((v) => v.join('|'))
        .sort(),
    ).toEqual(['1|1|53', '1|15|3'].sort());
  });
});
