/** Reading the three statutory tables out of a stream. */
import {
  T3_COLUMN_KEYS,
  T3_COLUMNS,
  T3_PART_COLUMNS,
  T4_CELL_ORDER,
  T4_COLUMNS,
  T4_GROUPS,
  TABLE_NAMES,
  TEMPLATES,
  t3RowName,
  t3Rows,
  type T3Shape,
  type TableId,
  type TemplateId,
} from '../model/templates.js';
import type { Cell, CellFlag, Finding, Table } from '../model/report.js';
import { findFirst, labelIndexAt, rowForms, type Hit } from './find.js';
import { place, type Relation } from './solve.js';
import { compactLabel, placeOf, sourceLineOf, type Stream, type Token } from './stream.js';
import { sourceSpan } from '../read/normalize.js';

export interface Region {
  /** Normalized offsets [from, to). */
  from: number;
  to: number;
}

export interface TableResult {
  table: Table | null;
  cells: Cell[];
  findings: Finding[];
  /** Rows whose label was found (data rows only). */
  rowsFound: string[];
  /** Columns the header declares (table 三). */
  columns?: string[];
}

export interface RowSpec {
  key: string;
  /** Human name for messages: 「一、本年新收政府信息公开申请数量」. */
  name: string;
  forms: string[];
  slots: string[];
  columns: string[];
  colNames: Record<string, string>;
  relations: Relation[];
  integer: boolean;
}

/** Tokens of a segment, up to the first prose line after the start. */
function segmentTokens(st: Stream, from: number, to: number): Token[] {
  const out: Token[] = [];
  let firstLine = -1;
  const toks = st.tokens;
  let lo = 0;
  let hi = toks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (toks[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.start >= to) break;
    if (firstLine < 0) firstLine = t.line;
    if (st.prose[t.line] && t.line !== firstLine) break;
    if (st.prose[t.line]) continue;
    out.push(t);
  }
  return out;
}

interface RowOutcome {
  cells: Cell[];
  findings: Finding[];
  values: Record<string, number | null>;
}

function cellFor(st: Stream, table: TableId, row: string, col: string): Cell {
  return { table, row, col, value: null, status: 'missing', raw: null, span: null, line: null };
}

/** Read one row: its tokens placed into its columns. */
function readRow(st: Stream, table: TableId, spec: RowSpec, hit: Hit, segEnd: number): RowOutcome {
  const tokens = segmentTokens(st, hit.start, segEnd);
  const cells: Cell[] = [];
  const findings: Finding[] = [];
  const values: Record<string, number | null> = {};
  const bad = tokens.find((t) => t.kind === 'bad');
  if (bad) {
    // Never guess where the digits of a malformed number belong.
    for (const col of spec.columns) {
      cells.push(cellFor(st, table, spec.key, col));
      values[col] = null;
    }
    findings.push({
      rule: 'P.cellCount',
      severity: 'error',
      message: `${TABLE_NAMES[table]}${spec.name}行有无法识别的数字「${bad.raw}」（千分位逗号位置不对，可能是相邻单元格的数字连在一起），本行未取值`,
      table,
      row: spec.key,
      ...placeOf(st, bad.start, bad.end),
      actual: tokens.map((t) => t.raw).join(' '),
      expected: spec.slots.length,
    });
    return { cells, findings, values };
  }
  // The common case: one token per column, all columns declared. Place them in order and stop.
  if (tokens.length === spec.slots.length && spec.slots.length === spec.columns.length && !tokens.some((t) => t.kind === 'blank')) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const col = spec.columns[i]!;
      const c: Cell = {
        table,
        row: spec.key,
        col,
        value: t.value,
        status: 'read',
        raw: t.raw,
        span: sourceSpan(st.norm, t.start, t.end),
        line: sourceLineOf(st, t.line),
      };
      if (t.kind === 'null') c.flags = ['zeroInferred'];
      if (t.unit) {
        c.flags = [...(c.flags ?? []), 'unitStripped'];
        c.unit = t.unit;
      }
      values[col] = t.value;
      cells.push(c);
    }
    return { cells, findings, values };
  }
  const p = place(tokens, spec.slots, spec.columns, spec.relations, { integer: spec.integer });
  // The row label's place, for derived cells and findings (computed when first needed).
  let whereCache: { span: [number, number]; line: number } | null = null;
  const whereOf = (): { span: [number, number]; line: number } => (whereCache ??= placeOf(st, hit.start, hit.end));
  const blanks = new Set<string>();
  for (const col of spec.columns) {
    const c = cellFor(st, table, spec.key, col);
    const got = p.cells.get(col);
    if (got) {
      c.value = got.value;
      const flags: CellFlag[] = [];
      const flag = (f: CellFlag): void => void flags.push(f);
      if (got.token !== null) {
        const t = tokens[got.token]!;
        c.raw = t.raw;
        c.span = sourceSpan(st.norm, t.start, t.end);
        c.line = sourceLineOf(st, t.line);
        if (t.kind !== 'number') flag('zeroInferred');
        if (t.kind === 'blank') blanks.add(col);
        if (t.unit) {
          flag('unitStripped');
          c.unit = t.unit;
        }
        if (got.split) flag('split');
        else if (p.mode !== 'direct') flag('placedByRelation');
        c.status = got.split ? 'derived' : 'read';
      } else {
        c.status = 'derived';
        flag('derivedFromRelation');
        c.span = whereOf().span;
        c.line = whereOf().line;
      }
      if (flags.length) c.flags = flags;
    }
    values[col] = c.value;
    cells.push(c);
  }
  if (p.mode === 'direct' && !blanks.size && spec.slots.length === spec.columns.length) return { cells, findings, values };
  const where = whereOf();
  const tname = TABLE_NAMES[table];
  // A blank 总计 cell with every part known is derived from the parts (spec §7.1 T3.rowSum), with a warning.
  for (const rel of spec.relations) {
    if (!blanks.has(rel.total) || rel.parts.some((p) => values[p] === null || values[p] === undefined)) continue;
    const sum = rel.parts.reduce((a, p) => a + (values[p] as number), 0);
    const c = cells.find((x) => x.col === rel.total)!;
    c.value = sum;
    c.status = 'derived';
    c.flags = ['derivedFromRelation'];
    values[rel.total] = sum;
    findings.push({
      rule: 'P.blankTotal',
      severity: 'warning',
      message: `${tname}${spec.name}行「${spec.colNames[rel.total]}」列为空，已按各列之和推算为${sum}`,
      table,
      row: spec.key,
      col: rel.total,
      ...(c.span ? { span: c.span, line: c.line ?? undefined } : where),
      expected: sum,
    });
  }
  const missing = spec.columns.filter((c) => values[c] === null);
  const raws = tokens.map((t) => t.raw).join(' ') || '（无）';
  if (p.mode === 'overflow') {
    findings.push({
      rule: 'P.cellCount',
      severity: 'error',
      message: `${tname}${spec.name}行读到${tokens.length}个数值，多于${spec.slots.length}列，无法确定对应关系，本行未取值`,
      table,
      row: spec.key,
      ...where,
      actual: raws,
      expected: spec.slots.length,
    });
  } else if (p.mode !== 'direct' || missing.length) {
    const lost = missing.map((c) => `「${spec.colNames[c]}」`).join('');
    const splitUsed = [...p.cells.values()].some((v) => v.split);
    if (p.mode === 'solved' && splitUsed) {
      findings.push({
        rule: 'P.split',
        severity: 'warning',
        message: `${tname}${spec.name}行的数字连在一起（${raws}），已按行合计关系唯一拆分`,
        table,
        row: spec.key,
        ...where,
        actual: raws,
      });
    } else if (p.mode === 'impossible') {
      findings.push({
        rule: 'P.cellCount',
        severity: 'error',
        message: `${tname}${spec.name}行只读到${tokens.length}个数值（${raws}），应有${spec.slots.length}个，且无法按勾稽关系确定位置，本行未取值`,
        table,
        row: spec.key,
        ...where,
        actual: raws,
        expected: spec.slots.length,
      });
    } else if (missing.length) {
      findings.push({
        rule: 'P.cellCount',
        severity: 'error',
        message:
          tokens.length < spec.slots.length
            ? `${tname}${spec.name}行只读到${tokens.length}个数值（${raws}），应有${spec.slots.length}个；${lost}列无法确定，标为缺失`
            : `${tname}${spec.name}行${lost}列缺失`,
        table,
        row: spec.key,
        ...(missing.length === 1 ? { col: missing[0] } : {}),
        ...where,
        actual: raws,
        expected: spec.slots.length,
      });
    }
  }
  return { cells, findings, values };
}

/** Find rows in order and read them. Rows not found get missing cells. */
interface RowsOutcome {
  values: Table;
  cells: Cell[];
  findings: Finding[];
  found: string[];
}

/** Find each row's label, in order; a row not found is null. */
function findRows(st: Stream, specs: RowSpec[], region: Region): (Hit | null)[] {
  const lto = labelIndexAt(st, region.to);
  const hits: (Hit | null)[] = [];
  let cursor = labelIndexAt(st, region.from);
  for (const spec of specs) {
    const h = findFirst(st, spec.forms, cursor, lto);
    hits.push(h);
    if (h) cursor = h.to;
  }
  return hits;
}

/** Where row i's segment ends: the next row found, or the region end. */
function segmentEnd(hits: (Hit | null)[], i: number, region: Region): number {
  for (let j = i + 1; j < hits.length; j++) if (hits[j]) return hits[j]!.start;
  return region.to;
}

function readRows(st: Stream, table: TableId, specs: RowSpec[], region: Region, given?: (Hit | null)[]): RowsOutcome {
  const hits = given ?? findRows(st, specs, region);
  const values: Table = {};
  const cells: Cell[] = [];
  const findings: Finding[] = [];
  const found: string[] = [];
  specs.forEach((spec, i) => {
    const h = hits[i];
    if (!h) {
      values[spec.key] = Object.fromEntries(spec.columns.map((c) => [c, null]));
      for (const col of spec.columns) cells.push(cellFor(st, table, spec.key, col));
      return;
    }
    found.push(spec.key);
    const r = readRow(st, table, spec, h, segmentEnd(hits, i, region));
    values[spec.key] = r.values;
    cells.push(...r.cells);
    findings.push(...r.findings);
  });
  return { values, cells, findings: summarizeCounts(table, specs, findings), found };
}

/**
 * Many rows short of cells is one problem of the table (a lost column, a broken extraction):
 * say it once, listing the rows, instead of once per row. Each row's cells stay flagged.
 */
function summarizeCounts(table: TableId, specs: RowSpec[], findings: Finding[]): Finding[] {
  const counted = findings.filter((f) => f.rule === 'P.cellCount');
  if (counted.length < 3) return findings;
  const names = counted.map((f) => specs.find((s) => s.key === f.row)?.name ?? f.row).join('');
  const summary: Finding = {
    rule: 'P.cellCount',
    severity: 'error',
    message: `${TABLE_NAMES[table]}有${counted.length}行数值个数与列数不符，无法确定的单元格已标为缺失：${names}`,
    table,
    ...(counted[0]!.span ? { span: counted[0]!.span, line: counted[0]!.line } : {}),
    actual: counted.length,
    note: counted.map((f) => f.message).join('\n'),
  };
  return [...findings.filter((f) => f.rule !== 'P.cellCount'), summary];
}

// ——— 表二 ———

/** A template's fingerprints in label-stream form (compacted once). */
const fingerprintCache = new Map<TemplateId, string[]>();
function fingerprintsOf(id: TemplateId): string[] {
  let f = fingerprintCache.get(id);
  if (!f) fingerprintCache.set(id, (f = TEMPLATES[id].fingerprints.map(compactLabel)));
  return f;
}

export function detectT2Template(st: Stream, region: Region): TemplateId | null {
  const lfrom = labelIndexAt(st, region.from);
  const lto = labelIndexAt(st, region.to);
  const hay = st.labels.slice(lfrom, lto);
  const score = (id: TemplateId): number => fingerprintsOf(id).filter((f) => hay.includes(f)).length;
  const s19 = score('2019');
  const s21 = score('2021');
  if (s19 === 0 && s21 === 0) return null;
  return s19 > s21 ? '2019' : '2021';
}

const specCache = new Map<string, RowSpec[]>();
/** Row specs depend only on the template and the declared columns: build them once. */
function cachedSpecs(key: string, make: () => RowSpec[]): RowSpec[] {
  let specs = specCache.get(key);
  if (!specs) specCache.set(key, (specs = make()));
  return specs;
}

export function parseT2(st: Stream, region: Region, template: TemplateId): TableResult {
  const specs = cachedSpecs(`t2|${template}`, () =>
    TEMPLATES[template].t2Rows.map(({ block, row }) => ({
      key: row.key,
      name: `「${row.label}」`,
      forms: rowForms(row),
      slots: block.columns.map((c) => c.key),
      columns: block.columns.map((c) => c.key),
      colNames: Object.fromEntries(block.columns.map((c) => [c.key, c.label])),
      relations: [],
      integer: block.columns.every((c) => c.type !== 'decimal'),
    })),
  );
  const r = readRows(st, 't2', specs, region);
  if (!r.found.length) return { table: null, cells: r.cells, findings: r.findings, rowsFound: [] };
  return { table: r.values, cells: r.cells, findings: r.findings, rowsFound: r.found };
}

// ——— 表三 ———

const OTHER_SPLIT_MARKS = ['申请人无正当理由逾期不补正', '申请人逾期未按收费通知要求缴纳费用'].map(compactLabel);

export function detectT3Shape(st: Stream, region: Region): T3Shape {
  const lfrom = labelIndexAt(st, region.from);
  const lto = labelIndexAt(st, region.to);
  return findFirst(st, OTHER_SPLIT_MARKS, lfrom, lto) ? 'split-other' : 'single-other';
}

const T3_HEADER_NOISE = ['法人或其他组织', '本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和'].map(compactLabel);

/** Columns named in the table 三 header (between `from` and the first row label). */
function t3HeaderColumns(st: Stream, lfrom: number, lto: number): string[] {
  const h = st.labels.slice(lfrom, lto);
  // 其他 counts only standing alone, not inside 法人或其他组织 (the header's group caption).
  const inNoise = (at: number, len: number): boolean =>
    T3_HEADER_NOISE.some((n) => {
      for (let p = h.indexOf(n); p >= 0 && p <= at; p = h.indexOf(n, p + 1)) if (at >= p && at + len <= p + n.length) return true;
      return false;
    });
  const out: string[] = [];
  for (const c of T3_COLUMNS) {
    const l = compactLabel(c.label);
    for (let at = h.indexOf(l); at >= 0; at = h.indexOf(l, at + 1)) {
      if (!inNoise(at, l.length)) {
        out.push(c.key);
        break;
      }
    }
  }
  return out;
}

export function parseT3(st: Stream, region: Region, shape: T3Shape): TableResult {
  const rows = t3Rows(shape).filter((r) => r.kind === 'data');
  const rowSum: Relation = { parts: T3_PART_COLUMNS, total: 'total' };
  const colNames = Object.fromEntries(T3_COLUMNS.map((c) => [c.key, c.label]));
  const mkSpecs = (slots: string[]): RowSpec[] =>
    cachedSpecs(`t3|${shape}|${slots.join(',')}`, () =>
      rows.map((row) => ({
        key: row.key,
        name: `「${t3RowName(row.key)}」`,
        forms: rowForms(row),
        slots,
        columns: T3_COLUMN_KEYS,
        colNames,
        relations: [rowSum],
        integer: true,
      })),
    );
  const all = mkSpecs(T3_COLUMN_KEYS);
  const hits = findRows(st, all, region);
  const first = hits.find((h) => h);
  if (!first) return { table: null, cells: all.flatMap((sp) => sp.columns.map((col) => cellFor(st, 't3', sp.key, col))), findings: [], rowsFound: [] };
  const headerCols = t3HeaderColumns(st, labelIndexAt(st, region.from), first.from);
  const findings: Finding[] = [];
  let declared = T3_COLUMN_KEYS;
  // A header naming fewer columns is believed only when no row carries more numbers than it names.
  if (headerCols.length > 0 && headerCols.length < 7) {
    const maxCount = Math.max(0, ...hits.map((h, i) => (h ? segmentTokens(st, h.start, segmentEnd(hits, i, region)).length : 0)));
    if (maxCount <= headerCols.length) {
      declared = headerCols;
      const lost = T3_COLUMNS.filter((c) => !declared.includes(c.key));
      findings.push({
        rule: 'P.columns',
        severity: 'error',
        message: `表三表头缺少${lost.map((c) => `「${c.label}」`).join('')}列（表格列数不全），该列数值无法读取，相关勾稽关系只在可确定的列上核对`,
        table: 't3',
        ...(lost.length === 1 ? { col: lost[0]!.key } : {}),
        expected: 7,
        actual: declared.length,
      });
    }
  }
  const r = readRows(st, 't3', mkSpecs(declared), region, hits);
  return { table: r.values, cells: r.cells, findings: [...findings, ...r.findings], rowsFound: r.found, columns: declared };
}

// ——— 表四 ———

const T4_HEADER_LABELS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '复议后起诉', '行政诉讼', '行政复议'].map(compactLabel);

/** Table 四 as one row of 15 cells with its three group sums (built once). */
const T4_SLOTS = T4_CELL_ORDER.map((c) => `${c.group}.${c.col}`);
const T4_SPEC: RowSpec = {
  key: 'values',
  name: '',
  forms: [],
  slots: T4_SLOTS,
  columns: T4_SLOTS,
  colNames: Object.fromEntries(
    T4_CELL_ORDER.map((c) => [`${c.group}.${c.col}`, `${T4_GROUPS.find((g) => g.key === c.group)!.label}-${T4_COLUMNS.find((x) => x.key === c.col)!.label}`]),
  ),
  relations: T4_GROUPS.map((g) => ({ parts: T4_COLUMNS.slice(0, 4).map((c) => `${g.key}.${c.key}`), total: `${g.key}.total` })),
  integer: true,
};

/** group.col → [group, col], split once per slot (a fresh split per cell and report is garbage). */
const T4_KEYS = new Map<string, [string, string]>();
function t4Key(slot: string): [string, string] {
  let k = T4_KEYS.get(slot);
  if (!k) T4_KEYS.set(slot, (k = slot.split('.') as [string, string]));
  return k;
}

export function parseT4(st: Stream, region: Region): TableResult {
  const lfrom = labelIndexAt(st, region.from);
  const lto = labelIndexAt(st, region.to);
  // The values follow the last header label.
  let headerEnd = -1;
  let headerStart = -1;
  for (const l of T4_HEADER_LABELS) {
    const at = st.labels.lastIndexOf(l, lto - l.length);
    if (at >= lfrom && at + l.length <= lto) {
      headerEnd = Math.max(headerEnd, st.labelPos[at + l.length - 1]! + 1);
      if (headerStart < 0 || st.labelPos[at]! < headerStart) headerStart = st.labelPos[at]!;
    }
  }
  const from = headerEnd >= 0 ? headerEnd : region.from;
  const tokens = segmentTokens(st, from, region.to);
  if (headerEnd < 0 && tokens.length === 0) return { table: null, cells: [], findings: [], rowsFound: [] };
  const anchor = headerStart >= 0 ? headerStart : from;
  const hit: Hit = { from: 0, to: 0, start: from, end: from };
  const r = readRow(st, 't4', T4_SPEC, hit, region.to);
  // Re-key the single row into group rows.
  const table: Table = {};
  for (const g of T4_GROUPS) table[g.key] = {};
  const cells: Cell[] = r.cells.map((c) => {
    const [group, col] = t4Key(c.col);
    table[group]![col] = c.value;
    if (c.status === 'derived' && c.span === null) {
      const pl = placeOf(st, anchor, anchor + 1);
      c.span = pl.span;
      c.line = pl.line;
    }
    return { ...c, row: group, col };
  });
  const findings = r.findings.map((f) => {
    const out: Finding = { ...f, message: f.message.replace('表四行', '表四数据行') };
    if (f.col) {
      const [group, col] = t4Key(f.col);
      out.row = group;
      out.col = col;
    } else delete out.row;
    return out;
  });
  return { table, cells, findings, rowsFound: T4_GROUPS.map((g) => g.key) };
}
