/** Shared by the property tests: comparing a parsed record with the values a report was rendered from. */
import fc from 'fast-check';
import type { Cell, Finding, Report } from '../../src/model/report.js';
import type { TableId } from '../../src/model/templates.js';
import type { Rendered } from '../../src/synth/render-text.js';
import type { ReportValues } from '../../src/synth/values.js';

export const TABLES: TableId[] = ['t2', 't3', 't4'];

/** Every gold cell: table, row, column, value. */
export function goldCells(v: ReportValues): { table: TableId; row: string; col: string; value: number }[] {
  const out: { table: TableId; row: string; col: string; value: number }[] = [];
  for (const table of TABLES) {
    for (const [row, cols] of Object.entries(v.tables[table])) for (const [col, value] of Object.entries(cols)) out.push({ table, row, col, value });
  }
  return out;
}

/** Differences between the parsed tables and the gold ones (every cell, and no extra rows or columns). */
export function tableDiffs(v: ReportValues, r: Report): string[] {
  const out: string[] = [];
  for (const table of TABLES) {
    const gold = v.tables[table];
    const got = r.tables[table];
    if (!got) {
      out.push(`${table}: table not found`);
      continue;
    }
    for (const [row, cols] of Object.entries(gold)) {
      for (const [col, value] of Object.entries(cols)) {
        const x = got[row]?.[col];
        if (x !== value) out.push(`${table} ${row}.${col}: ${x === undefined ? 'absent' : x} ≠ ${value}`);
      }
    }
    for (const [row, cols] of Object.entries(got)) {
      if (!gold[row]) out.push(`${table} extra row ${row}`);
      else for (const col of Object.keys(cols)) if (!(col in gold[row]!)) out.push(`${table} extra column ${row}.${col}`);
    }
  }
  return out;
}

export const cellKey = (table: string, row: string, col: string): string => `${table}|${row}|${col}`;

export type Verdict = 'exact' | 'flagged' | 'silent';

/**
 * A gold cell read from damaged text is exact, flagged (status not 'read'; or an error/warning
 * naming table+row+col; or an error naming table+row without a column), or silently wrong.
 */
export function verdicts(v: ReportValues, r: Report): { cell: ReturnType<typeof goldCells>[number]; got: Cell | undefined; verdict: Verdict }[] {
  const cells = new Map<string, Cell>();
  for (const c of r.cells) cells.set(cellKey(c.table, c.row, c.col), c);
  const named = new Set<string>();
  const rowErrors = new Set<string>();
  for (const f of r.findings) {
    if (!f.table || !f.row) continue;
    if (f.col !== undefined && (f.severity === 'error' || f.severity === 'warning')) named.add(cellKey(f.table, f.row, f.col));
    if (f.col === undefined && f.severity === 'error') rowErrors.add(`${f.table}|${f.row}`);
  }
  return goldCells(v).map((g) => {
    const got = cells.get(cellKey(g.table, g.row, g.col));
    const tableValue = r.tables[g.table]?.[g.row]?.[g.col];
    // The cell list and the tables must agree; a disagreement counts as silently wrong.
    const value = got ? got.value : null;
    if (got && value === g.value && tableValue === g.value) return { cell: g, got, verdict: 'exact' };
    const flagged = !got || got.status !== 'read' || named.has(cellKey(g.table, g.row, g.col)) || rowErrors.has(`${g.table}|${g.row}`);
    return { cell: g, got, verdict: flagged ? 'flagged' : 'silent' };
  });
}

export const errorsOf = (r: Report): Finding[] => r.findings.filter((f) => f.severity === 'error');

/** Lines of the text around the given offsets, numbered, for a readable counterexample. */
export function excerpt(text: string, offsets: number[], around = 3): string {
  const lines = text.split('\n');
  const starts: number[] = [];
  let p = 0;
  for (const l of lines) {
    starts.push(p);
    p += l.length + 1;
  }
  const lineOf = (o: number): number => {
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1]! <= o) i++;
    return i;
  };
  const keep = new Set<number>();
  for (const o of offsets) {
    const li = lineOf(o);
    for (let k = Math.max(0, li - around); k <= Math.min(lines.length - 1, li + around); k++) keep.add(k);
  }
  let out = '';
  let last = -2;
  for (const k of [...keep].sort((a, b) => a - b)) {
    if (k !== last + 1) out += '   …\n';
    out += `${String(k + 1).padStart(4)}| ${JSON.stringify(lines[k]).slice(1, -1)}\n`;
    last = k;
  }
  return out;
}

/** Line numbers (0-based) where a rendered row's label or values are. */
export function offsetsOfRow(rendered: Rendered, table: TableId, row: string): number[] {
  const out = rendered.cells.filter((c) => c.table === table && c.row === row).map((c) => c.start);
  for (const l of rendered.lines) if (l.table === table && l.row === row) out.push(l.start);
  return out;
}

/**
 * The first input among `numRuns` runs from `seed` for which `predicate` fails, shrunk by fast-check
 * to a minimal one; null when none fails.
 */
export function shrinkFirst<T>(arb: fc.Arbitrary<T>, predicate: (x: T) => boolean, seed: number, numRuns: number): T | null {
  const details = fc.check(fc.property(arb, predicate), { seed, numRuns });
  return details.failed && details.counterexample ? details.counterexample[0] : null;
}
