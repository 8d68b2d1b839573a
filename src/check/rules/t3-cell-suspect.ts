import { t3Relations, type Relation } from '../../model/relations.js';
import type { T3Shape } from '../../model/templates.js';
import type { Rule } from '../rule.js';
import { fmt, same, t3Cell, t3ShapeOf, t3Value } from './util.js';

/** Table 三's relations with their cells split, once per shape. */
const compiledCache = new Map<string, { rel: Relation; lhs: [string, string][]; rhs: [string, string][] }[]>();
function compiled(shape: T3Shape): { rel: Relation; lhs: [string, string][]; rhs: [string, string][] }[] {
  let c = compiledCache.get(shape);
  if (!c) compiledCache.set(shape, (c = t3Relations(shape).map((rel) => ({ rel, lhs: rel.lhs.map(cellOfId), rhs: rel.rhs.map(cellOfId) }))));
  return c;
}

/** `row|col` → [row, col], split once per id (ids repeat for every report). */
const ids = new Map<string, [string, string]>();
function cellOfId(id: string): [string, string] {
  let v = ids.get(id);
  if (!v) ids.set(id, (v = id.split('|') as [string, string]));
  return v;
}

/**
 * 表三: one cell that explains two broken relations. Every cell of table 三 stands in two of its
 * relations — its row's 合计 and its column's 勾稽关系 (or the column's sum of outcomes). When both
 * fail and both are made to hold by the same other value of that one cell, that cell is the likely
 * error (a digit lost or misread, a number mistyped): the finding names it and the value both
 * relations give. The relations' own findings still stand; this one says where to look.
 */
export const t3CellSuspect: Rule = {
  meta: {
    id: 'T3.cellSuspect',
    severity: 'warning',
    type: 'arithmetic',
    docs: {
      description: '表三某单元格同时使本行合计与本列勾稽关系不成立，且两者都指向同一个应有值时，指出该单元格（可能漏位、误读或填错）',
      en: 'Table 3: a cell that breaks both its row sum and its column relation, where both relations give it the same other value — the likely wrong cell (a digit lost, misread or mistyped), named with that value.',
      source: 'spec §7.1 T3.rowSum、T3.balance、T3.outcomeSum',
    },
  },
  check(ctx) {
    const t3 = ctx.record.tables.t3;
    const shape = t3ShapeOf(ctx.record);
    if (!t3 || !shape) return;
    const value = (id: string): number | null => {
      const [row, col] = cellOfId(id);
      return t3Value(t3, row, col);
    };
    const sumOf = (cells: [string, string][]): number | null => {
      let x = 0;
      for (const [row, col] of cells) {
        const v = t3Value(t3, row, col);
        if (v === null) return null;
        x += v;
      }
      return x;
    };
    // Per cell: the value each broken relation asks of it (built only when one is broken).
    let asks: Map<string, { rule: string; want: number }[]> | null = null;
    for (const c of compiled(shape)) {
      const ls = sumOf(c.lhs);
      const rs = ls === null ? null : sumOf(c.rhs);
      if (ls === null || rs === null || same(ls, rs)) continue;
      asks ??= new Map();
      for (const [ids, diff] of [
        [c.rel.lhs, rs - ls],
        [c.rel.rhs, ls - rs],
      ] as const) {
        for (const id of ids) {
          const want = value(id)! + diff;
          if (!asks.has(id)) asks.set(id, []);
          asks.get(id)!.push({ rule: c.rel.rule, want });
        }
      }
    }
    if (!asks) return;
    for (const [id, list] of asks) {
      if (list.length < 2) continue;
      const want = list[0]!.want;
      if (want < 0 || !Number.isInteger(Math.round(want * 1e6) / 1e6) || !list.every((x) => same(x.want, want))) continue;
      const [row, col] = cellOfId(id);
      const got = value(id)!;
      const how = [...new Set(list.map((x) => (x.rule === 'T3.rowSum' ? '本行合计' : x.rule === 'T3.balance' ? '本列勾稽关系' : '本列办理结果之和')))].join(
        '与',
      );
      ctx.report({
        message: `${t3Cell(row, col)}为${fmt(got)}，按${how}都应为${fmt(want)}：可能漏位、误读或填错，请核对原件`,
        table: 't3',
        row,
        col,
        ...ctx.placeOf('t3', row, col),
        actual: got,
        expected: want,
      });
    }
  },
};
