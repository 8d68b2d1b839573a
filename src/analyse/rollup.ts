/**
 * Roll-up: the tables of many reports summed, and a whole-area report checked against the sum
 * of its children.
 *
 * - Reports are summed only within one year and one scope (scope.ts): never a district's
 *   whole-area report together with its departments' reports, which it already contains.
 * - A summed cell is null when any report lacks it, and says which: never 0 for absent.
 * - A whole-area report (全市/全区…) ≈ Σ its children, where the children are the whole-area
 *   reports of the areas below it, the reports of its own level's bodies, and anything inside it
 *   that no child whole-area report already contains (`selectChildren`). The difference is given
 *   per cell, with each child's part and the children whose own relations fail at that cell.
 *   With children missing (named), or an unknown list of children, a difference is `uncertain`,
 *   not an error.
 * Analysis note: ../shared/spec/analysis.md §A1.3 (scope, the peer's 层级汇总一致性 check).
 */
import type { Finding, Report, Table } from '../model/report.js';
import { t3Relations, t4Relations, type Relation } from '../model/relations.js';
import { T3_COLUMN_KEYS, type TableId } from '../model/templates.js';
import { cellName, DERIVED_ROWS, roundSum, valueIn } from './cells.js';
import { SCOPE_NAMES, type Scope } from './scope.js';

export interface RollupItem {
  /** The caller's id (a path, a report id). */
  id: string;
  /** How the report is named to a reader. */
  label: string;
  report: Pick<Report, 'tables' | 'year' | 'layout'>;
  scope: Scope | null;
  /** Region path of the agency (河南省/洛阳市/涧西区), or null when not placed. */
  place?: string | null;
}

export interface CellPart {
  id: string;
  label: string;
  value: number;
}

export interface CellSum {
  table: TableId;
  row: string;
  col: string;
  /** Null when any report lacks the cell. */
  value: number | null;
  /** Each report's value (non-zero ones, largest first). */
  parts: CellPart[];
  /** Labels of the reports that lack the cell. */
  missing: string[];
}

export interface TableSum {
  tables: { t2: Table | null; t3: Table | null; t4: Table | null };
  cells: CellSum[];
  /** Ids of the reports summed. */
  reports: string[];
}

const TABLES: TableId[] = ['t2', 't3', 't4'];

/** A table 三 with `other.subtotal` when it prints （六）其他处理 as three rows (to sum with 2019-format tables). */
function withOtherSubtotal(t: Table): Table {
  if (t['other.subtotal']) return t;
  const parts = DERIVED_ROWS['other.subtotal']!;
  if (!parts.some((r) => t[r])) return t;
  const row: Record<string, number | null> = {};
  for (const col of T3_COLUMN_KEYS) {
    const vs = parts.map((r) => valueIn(t, r, col));
    row[col] = vs.every((v) => v !== null) ? roundSum(vs as number[]) : null;
  }
  return { ...t, 'other.subtotal': row };
}

/**
 * Sum the tables of reports, cell by cell over every cell any of them has (or only the one cell
 * `only`, when any of them has it: that cell's parts without the rest). When 2019- and
 * 2021-format tables 三 are mixed, the 2021 ones also get （六）其他处理 as one row, so that row
 * sums; its three 2021 sub-rows are then null (the 2019 reports lack them).
 */
export function sumTables(items: RollupItem[], only?: { table: TableId; row: string; col: string }): TableSum {
  const mixed = new Set(items.map((x) => ('other.subtotal' in (x.report.tables.t3 ?? {}) ? 's' : x.report.tables.t3 ? 'm' : null)).filter(Boolean)).size > 1;
  // Each report's tables once (with （六）其他处理 as one row when mixed), not once per cell.
  const prepared = items.map((x) => ({ ...x.report.tables, t3: x.report.tables.t3 && mixed ? withOtherSubtotal(x.report.tables.t3) : x.report.tables.t3 }));
  const out: TableSum = { tables: { t2: null, t3: null, t4: null }, cells: [], reports: items.map((x) => x.id) };
  for (const table of TABLES) {
    if (only && only.table !== table) continue;
    const tables = prepared.map((p) => p[table] ?? null);
    // Every cell any report has, in the order first met (by row, then column: no key strings).
    const keys: { row: string; col: string }[] = [];
    const seen = new Map<string, Set<string>>();
    const add = (row: string, col: string): void => {
      let cols = seen.get(row);
      if (!cols) seen.set(row, (cols = new Set()));
      if (!cols.has(col)) {
        cols.add(col);
        keys.push({ row, col });
      }
    };
    for (const t of tables) {
      if (only) {
        if (t && Object.hasOwn(t, only.row) && Object.hasOwn(t[only.row]!, only.col)) add(only.row, only.col);
      } else if (t) for (const row in t) for (const col in t[row]) add(row, col);
    }
    if (!keys.length) continue;
    const sum: Table = {};
    for (const { row, col } of keys) {
      // Only the non-zero parts are kept (a province's cell is a thousand reports, most of them 0);
      // the sum in the reports' order as roundSum adds them (a 0 changes nothing).
      const parts: CellPart[] = [];
      const missing: string[] = [];
      let total = 0;
      for (let i = 0; i < items.length; i++) {
        const x = items[i]!;
        const v = valueIn(tables[i], row, col);
        if (v === null) missing.push(x.label);
        else if (v !== 0) {
          parts.push({ id: x.id, label: x.label, value: v });
          total += v;
        }
      }
      const value = missing.length ? null : Math.round(total * 1e6) / 1e6;
      (sum[row] ??= {})[col] = value;
      out.cells.push({ table, row, col, value, parts: parts.sort((a, b) => b.value - a.value), missing });
    }
    out.tables[table] = sum;
  }
  return out;
}

export interface RollupGroup {
  year: number;
  scope: Scope;
  items: { id: string; label: string }[];
  sum: TableSum;
}

export interface Rollup {
  groups: RollupGroup[];
  /** Reports not summed: no scope, no year, or no table. With the reason (Chinese). */
  left: { id: string; label: string; reason: string }[];
}

/** Sum reports by year and scope (never two scopes together). */
export function rollup(items: RollupItem[]): Rollup {
  const { groups, left } = rollupGroups(items);
  return {
    groups: groups.map((g) => ({ year: g.year, scope: g.scope, items: g.list.map((x) => ({ id: x.id, label: x.label })), sum: sumTables(g.list) })),
    left,
  };
}

/**
 * The reports summed together — one group per year and scope, in the order the roll-up shows
 * them — and those left out with the reason. `rollup` sums each group; one cell's parts on demand
 * sum the same group's reports.
 */
export function rollupGroups(items: RollupItem[]): { groups: { year: number; scope: Scope; list: RollupItem[] }[]; left: Rollup['left'] } {
  const groups = new Map<string, RollupItem[]>();
  const left: Rollup['left'] = [];
  for (const x of items) {
    if (x.report.year === null) left.push({ id: x.id, label: x.label, reason: '年度未知，未合计' });
    else if (!x.scope) left.push({ id: x.id, label: x.label, reason: '统计范围未判明（本机关、本级或全域），未与其他报告合计' });
    else if (!x.report.tables.t2 && !x.report.tables.t3 && !x.report.tables.t4) left.push({ id: x.id, label: x.label, reason: '没有读到统计表，未合计' });
    else {
      const k = `${x.report.year}|${x.scope}`;
      const list = groups.get(k);
      if (list) list.push(x);
      else groups.set(k, [x]);
    }
  }
  const order: Scope[] = ['whole-area', 'level-only', 'office'];
  return {
    groups: [...groups.values()]
      .map((list) => ({ year: list[0]!.report.year!, scope: list[0]!.scope!, list }))
      .sort((a, b) => a.year - b.year || order.indexOf(a.scope) - order.indexOf(b.scope)),
    left,
  };
}

// ——— whole-area report against its children ———

const within = (place: string, area: string): boolean => place === area || place.startsWith(`${area}/`);

export interface Selection {
  children: RollupItem[];
  /** Reports not taken as children, with the reason (Chinese). */
  excluded: { id: string; label: string; reason: string }[];
}

/**
 * The children of a whole-area report among other reports (same year, placed inside its area):
 * a report inside a child's whole-area report is left out (that report contains it), and so is a
 * body of a level whose 本级 report is there.
 */
export function selectChildren(parent: RollupItem, items: RollupItem[]): Selection {
  const excluded: Selection['excluded'] = [];
  const out = (x: RollupItem, reason: string): void => void excluded.push({ id: x.id, label: x.label, reason });
  if (!parent.place) {
    for (const x of items) if (x.id !== parent.id) out(x, '上级报告的地区未能确定，无法判断下级');
    return { children: [], excluded };
  }
  const area = parent.place;
  const inside: RollupItem[] = [];
  for (const x of items) {
    if (x.id === parent.id) continue;
    if (x.report.year !== parent.report.year) out(x, `年度不同（${x.report.year ?? '未知'}年度）`);
    else if (!x.place) out(x, '地区未能确定');
    else if (!within(x.place, area)) out(x, `不在${area}范围内`);
    else if (x.place === area && x.scope === 'whole-area') out(x, '与上级报告同为该地区的全域报告');
    else inside.push(x);
  }
  const children: RollupItem[] = [];
  for (const [k, x] of inside.entries()) {
    const area2 = inside.find(
      (w) => w !== x && w.scope === 'whole-area' && w.place !== area && (x.scope !== 'whole-area' || w.place !== x.place) && within(x.place!, w.place!),
    );
    const level = inside.find((l) => l !== x && l.scope === 'level-only' && l.place === x.place && x.scope === 'office');
    // two whole-area (or 本级) reports of one place: the first is taken, the other would count it twice
    const twin = x.scope === 'office' ? undefined : inside.slice(0, k).find((y) => y.scope === x.scope && y.place === x.place);
    if (area2) out(x, `已计入「${area2.label}」的全域数字`);
    else if (level) out(x, `已计入「${level.label}」的本级数字`);
    else if (twin) out(x, `与「${twin.label}」范围相同，重复，未计入`);
    else children.push(x);
  }
  return { children, excluded };
}

export interface CellDifference {
  table: TableId;
  row: string;
  col: string;
  /** 表三「（一）予以公开」行「自然人」列 */
  name: string;
  parent: number;
  children: number;
  /** parent − Σ children */
  difference: number;
  /** Each child's value in the cell (non-zero ones). */
  parts: CellPart[];
  /** Children whose own table relations (行列之和、勾稽关系) fail at this cell. */
  suspects: string[];
}

export interface Incomparable {
  table: TableId;
  row: string;
  col: string;
  name: string;
  /** Children that lack the cell. */
  lacking: string[];
}

export type WholeAreaStatus = 'consistent' | 'different' | 'uncertain' | 'notApplicable';

export interface WholeAreaCheck {
  parent: { id: string; label: string };
  children: { id: string; label: string; scope: Scope | null }[];
  /** Expected children with no report; null when the list of children is not known. */
  missing: string[] | null;
  status: WholeAreaStatus;
  differences: CellDifference[];
  incomparable: Incomparable[];
  /** One sentence (Chinese). */
  message: string;
  /** The result as a finding on the whole-area report (X.rollup): warning when different, info when uncertain. */
  finding: Finding | null;
}

export const ROLLUP_RULE = {
  id: 'X.rollup',
  description: '全域报告（全市/全区/全县/全省）的统计表与下级报告之和逐格比对；缺少下级报告时差异为「无法确定」，不作错误',
  source: 'analysis.md §A1.3（层级汇总一致性）；issue 11',
};

/** A relation's cell id (`granted|total`) as its row and column, split once. */
const cellParts = new Map<string, readonly [string, string]>();
const partsOf = (id: string): readonly [string, string] => {
  let p = cellParts.get(id);
  if (!p) cellParts.set(id, (p = id.split('|') as unknown as readonly [string, string]));
  return p;
};

/** failingCells of each report met, kept while the report is (a child of several parents is checked once). */
const failing = new WeakMap<RollupItem['report'], Set<string>>();

/** Hard relations of a table that fail in a report, by cell. */
function failingCells(r: RollupItem['report']): Set<string> {
  const known = failing.get(r);
  if (known) return known;
  const bad = new Set<string>();
  const check = (table: TableId, rels: Relation[]): void => {
    const t = r.tables[table];
    if (!t) return;
    for (const rel of rels) {
      const side = (ids: string[]): number | null => {
        let s = 0;
        for (const id of ids) {
          const [row, col] = partsOf(id);
          const v = valueIn(t, row, col);
          if (v === null) return null;
          s += v;
        }
        return s;
      };
      const a = side(rel.lhs);
      const b = side(rel.rhs);
      if (a === null || b === null || Math.abs(a - b) < 1e-9) continue;
      for (const id of [...rel.lhs, ...rel.rhs]) bad.add(`${table}:${id}`);
    }
  };
  const t3 = r.tables.t3;
  if (t3) {
    const shape = r.layout?.t3 ?? ('other.subtotal' in t3 ? 'single-other' : 'split-other');
    const cols = T3_COLUMN_KEYS.filter((c) => Object.values(t3).some((row) => c in row));
    check('t3', t3Relations(shape, cols));
  }
  check('t4', t4Relations());
  failing.set(r, bad);
  return bad;
}

/**
 * A whole-area report against the sum of its children, cell by cell over the parent's cells.
 * `missing`: the expected children that have no report (from a unit list); null or absent when
 * the list of children is not known. Never throws: a parent that is not whole-area gives
 * `notApplicable`.
 */
export function checkWholeArea(parent: RollupItem, children: RollupItem[], opts: { missing?: string[] | null } = {}): WholeAreaCheck {
  const missing = opts.missing ?? null;
  const base = {
    parent: { id: parent.id, label: parent.label },
    children: children.map((c) => ({ id: c.id, label: c.label, scope: c.scope })),
    missing,
  };
  if (parent.scope !== 'whole-area')
    return {
      ...base,
      status: 'notApplicable',
      differences: [],
      incomparable: [],
      message: `「${parent.label}」不是全域报告（${parent.scope ? SCOPE_NAMES[parent.scope] : '范围未判明'}），不与下级报告之和比对`,
      finding: null,
    };
  const sum = sumTables(children);
  const differences: CellDifference[] = [];
  const incomparable: Incomparable[] = [];
  const byKey = new Map(sum.cells.map((c) => [`${c.table}:${c.row}|${c.col}`, c]));
  for (const table of TABLES) {
    let t = parent.report.tables[table];
    if (!t) continue;
    // 2019- and 2021-format tables 三 among the children: compare （六）其他处理 as one row too.
    if (table === 't3' && sum.tables.t3?.['other.subtotal'] && !t['other.subtotal']) t = withOtherSubtotal(t);
    for (const [row, cols] of Object.entries(t)) {
      for (const col of Object.keys(cols)) {
        const p = valueIn(t, row, col);
        if (p === null) continue;
        const key = `${table}:${row}|${col}`;
        const s = byKey.get(key);
        if (!children.length) continue;
        // The cell's name only for the cells listed (a province's parents have thousands of cells).
        const name = (): string => cellName({ table, row, col });
        if (!s || s.value === null) {
          incomparable.push({ table, row, col, name: name(), lacking: s ? s.missing : children.map((c) => c.label) });
          continue;
        }
        const difference = Math.round((p - s.value) * 1e6) / 1e6;
        if (difference === 0) continue;
        differences.push({
          table,
          row,
          col,
          name: name(),
          parent: p,
          children: s.value,
          difference,
          parts: s.parts,
          // Only where the sums differ: each child's failing relations, worked out then (and once).
          suspects: children.filter((c) => failingCells(c.report).has(key)).map((c) => c.label),
        });
      }
    }
  }
  const unscoped = children.filter((c) => !c.scope).map((c) => c.label);
  const doubt: string[] = [];
  if (missing === null) doubt.push('未提供下级单位名单，无法确认下级报告是否齐全');
  else if (missing.length) doubt.push(`缺少${missing.length}个下级单位的报告（${missing.join('、')}）`);
  if (unscoped.length) doubt.push(`${unscoped.length}份下级报告的统计范围未判明（${unscoped.join('、')}），可能重复或遗漏`);
  if (incomparable.length) doubt.push(`${incomparable.length}个单元格下级报告缺数，未比对`);
  const who = `「${parent.label}」与${children.length}份下级报告之和`;
  let status: WholeAreaStatus;
  let message: string;
  if (!children.length) {
    status = 'uncertain';
    message = `「${parent.label}」没有找到下级报告，无法比对${missing?.length ? `（缺少：${missing.join('、')}）` : ''}`;
  } else if (!differences.length) {
    const complete = (missing === null || !missing.length) && !incomparable.length;
    status = complete ? 'consistent' : 'uncertain';
    message = complete ? `${who}逐格一致` : `${who}在可比对的单元格上一致，但${doubt.join('；')}`;
  } else if (doubt.length) {
    status = 'uncertain';
    message = `${who}有${differences.length}个单元格不一致，但${doubt.join('；')}，差异可能来自缺少的报告，不能判定为错误`;
  } else {
    status = 'different';
    message = `${who}有${differences.length}个单元格不一致（下级报告齐全）`;
  }
  const first = differences[0];
  const finding: Finding | null =
    status === 'different' || (status === 'uncertain' && differences.length)
      ? {
          rule: ROLLUP_RULE.id,
          severity: status === 'different' ? 'warning' : 'info',
          message,
          ...(first ? { table: first.table, row: first.row, col: first.col, actual: first.parent, expected: first.children } : {}),
          note: differences
            .slice(0, 10)
            .map(
              (d) =>
                `${d.name}：本报告${d.parent}，下级之和${d.children}，相差${d.difference > 0 ? '+' : ''}${d.difference}` +
                (d.suspects.length ? `（该格关系不成立的下级：${d.suspects.join('、')}）` : ''),
            )
            .join('；'),
        }
      : null;
  return { ...base, status, differences, incomparable, message, finding };
}
