/** Reading the three statutory tables out of a stream. */
import {
  T3_COLUMN_KEYS,
  T3_COLUMNS,
  T4_CELL_ORDER,
  T4_COLUMNS,
  T4_GROUPS,
  TEMPLATES,
  t3RowName,
  t3Rows,
  type T3Shape,
  type TemplateId,
} from '../model/templates.js';
import type { Cell, Finding, Table } from '../model/report.js';
import { t2Relations, t3Relations, t4Relations } from '../model/relations.js';
import type { ColType } from './candidates.js';
import { findFirst, otherForms, hitAt, labelIndexAt, rowForms, type Hit } from './find.js';
import { fuzzyMark } from './fuzzy.js';
import type { LineModel } from './positional.js';
import { statedT2, type Stated } from './evidence.js';
import { findRows, isFlat, readRows, segmentEnd, segmentTokens, type Region, type RowSpec } from './rows.js';
import { compactLabel, lineOf, lineText, placeOf, type Stream } from './stream.js';

export type { Region } from './rows.js';

export interface TableResult {
  table: Table | null;
  cells: Cell[];
  findings: Finding[];
  /** Rows whose label was found (data rows only). */
  rowsFound: string[];
  /** Columns the header declares (table 三). */
  columns?: string[];
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

/**
 * Table 二's rows in the order written, and then any row not found after the one before it: a
 * conversion may put the 第二十条第（一）项 block after the others. Such a row is taken from
 * anywhere in the section only where its label occurs there exactly once, outside the rows found.
 */
function t2Hits(st: Stream, specs: RowSpec[], region: Region, notes: [number, number][] = []): (Hit | null)[] {
  let hits = findRows(st, specs, region);
  // A row label found inside another's note (其他对外管理服务事项（…含行政处罚、行政强制…）): look again past the notes.
  if (hits.some((h) => h && notes.some(([a, b]) => h.start >= a && h.start < b))) hits = rowsOutsideNotes(st, specs, region, notes);
  if (hits.every((h) => h) || hits.every((h) => !h)) return hits;
  const lfrom = labelIndexAt(st, region.from);
  const lto = labelIndexAt(st, region.to);
  const hay = st.labels.slice(lfrom, lto);
  specs.forEach((spec, i) => {
    if (hits[i]) return;
    for (const f of spec.forms) {
      const at = hay.indexOf(f);
      if (at < 0) continue;
      if (hay.indexOf(f, at + 1) >= 0) return;
      const from = lfrom + at;
      const to = from + f.length;
      if (hits.some((h) => h && from < h.to && to > h.from)) return;
      hits[i] = hitAt(st, from, to);
      return;
    }
  });
  return hits;
}

/**
 * Notes a template prints in brackets after a row label or a column name (湖北 2020:
 * `规章（设区的市、自治州人民政府应提供相关数据）`, `上一年项目数量（指2019年事项数）`,
 * `其他对外管理服务事项（指…含行政确认、…、行政处罚、行政强制…）`): brackets on one line holding
 * three Chinese characters or more. Their digits are no cells and the row labels they name are no rows.
 */
function bracketNotes(st: Stream, region: Region): [number, number][] {
  const out: [number, number][] = [];
  const text = st.text;
  for (let i = region.from; i < region.to; i++) {
    const c = text[i];
    if (c !== '（' && c !== '(') continue;
    let j = i + 1;
    let cjk = 0;
    while (j < region.to && text[j] !== '）' && text[j] !== ')' && text[j] !== '\n' && text[j] !== '（' && text[j] !== '(') {
      if (/[\u4e00-\u9fa5]/.test(text[j]!)) cjk++;
      j++;
    }
    if (j < region.to && (text[j] === '）' || text[j] === ')') && cjk >= 3) {
      out.push([i, j + 1]);
      i = j;
    }
  }
  return out;
}

/**
 * Where each block of table 二 starts (第二十条第…项) and where its header row does (信息内容): no
 * row's values run on into the next block. (A scan whose lines came out of order can put a block's
 * heading above the rows before it, and its header row — with the next block's value read into it —
 * right after them.)
 */
function blockStarts(st: Stream, region: Region): number[] {
  const out: number[] = [];
  const lfrom = labelIndexAt(st, region.from);
  const lto = labelIndexAt(st, region.to);
  for (const mark of T2_BLOCK_MARKS)
    for (let at = st.labels.indexOf(mark, lfrom); at >= 0 && at < lto; at = st.labels.indexOf(mark, at + 1)) out.push(st.labelPos[at]!);
  return out.sort((a, b) => a - b);
}
const T2_BLOCK_MARKS = [compactLabel('第二十条第'), compactLabel('信息内容')];

/**
 * Rows a local template adds to a block (湖北 2020: `其他主动公开文件` under 规范性文件): a line
 * that starts with words of no row found, after a row whose values it would otherwise take. Such a
 * line ends the row before it only where the values before it are exactly that row's (its extra
 * values are the added row's, not a cell to guess).
 */
function foreignRows(st: Stream, specs: RowSpec[], hits: (Hit | null)[], region: Region, stops: number[], notes: [number, number][]): number[] {
  const out: number[] = [];
  const inNote = (t: { start: number }): boolean => notes.some(([a, b]) => t.start >= a && t.start < b);
  hits.forEach((h, i) => {
    if (!h) return;
    const end = segmentEnd(hits, i, region, stops);
    const tokens = segmentTokens(st, h.start, end).filter((t) => !inNote(t));
    const n = specs[i]!.slots.length;
    if (tokens.length <= n) return;
    // The first line after the row's n-th value that starts with Chinese words outside every label found.
    const lastLine = tokens[n - 1]!.line;
    for (let li = lastLine + 1; li < st.lineStarts.length && st.lineStarts[li]! < end; li++) {
      const text = lineText(st, li);
      const lead = /^[\s|｜]*/.exec(text)![0].length;
      const at = st.lineStarts[li]! + lead;
      if (!/^[\u4e00-\u9fa5]{2}/.test(text.slice(lead))) continue;
      if (hits.some((x) => x && at >= x.start && at < x.end)) continue;
      if (tokens.filter((t) => t.start < at).length === n) out.push(at);
      break;
    }
  });
  return out;
}

/** Rows found in order as findRows finds them, passing over a label that stands inside a note. */
function rowsOutsideNotes(st: Stream, specs: RowSpec[], region: Region, notes: [number, number][]): (Hit | null)[] {
  const lto = labelIndexAt(st, region.to);
  const noteAt = (p: number): [number, number] | undefined => notes.find(([a, b]) => p >= a && p < b);
  const hits: (Hit | null)[] = [];
  let cursor = labelIndexAt(st, region.from);
  for (const spec of specs) {
    const others = otherForms(specs, spec);
    let h = findFirst(st, spec.forms, cursor, lto, others);
    for (let n = h && noteAt(h.start); h && n; n = h && noteAt(h.start)) h = findFirst(st, spec.forms, labelIndexAt(st, n[1]), lto, others);
    hits.push(h);
    if (h) cursor = h.to;
  }
  return hits;
}

export function parseT2(st: Stream, region: Region, template: TemplateId): TableResult & { model: (() => LineModel | null) | null } {
  const specs = cachedSpecs(`t2|${template}`, () =>
    TEMPLATES[template].t2Rows.map(({ block, row }) => ({
      key: row.key,
      name: `「${row.label}」`,
      forms: rowForms(row),
      slots: block.columns.map((c) => c.key),
      columns: block.columns.map((c) => c.key),
      colNames: Object.fromEntries(block.columns.map((c) => [c.key, c.label])),
      types: block.columns.map((c) => c.type as ColType),
    })),
  );
  // The 2021 format's 规章/规范性文件 counts, as the prose states them: for choosing among the
  // readings of a row whose digits ran together (evidence.ts). Looked for only when needed.
  const stated = template === '2021' ? (): Stated[] => statedT2(st.text, region.from, region.to) : undefined;
  const notes = bracketNotes(st, region);
  const hits = t2Hits(st, specs, region, notes);
  const stops = blockStarts(st, region);
  stops.push(...foreignRows(st, specs, hits, region, stops, notes));
  const r = readRows(st, 't2', specs, region, t2Relations(template), { stated, hits, notes, stops });
  if (!r.found.length) return { table: null, cells: r.cells, findings: r.findings, rowsFound: [], model: null };
  return { table: r.values, cells: r.cells, findings: r.findings, rowsFound: r.found, model: r.model };
}

// ——— 表三 ———

const OTHER_SPLIT_MARKS = ['申请人无正当理由逾期不补正', '申请人逾期未按收费通知要求缴纳费用'].map(compactLabel);
const OTHER_MARK = [compactLabel('其他处理')];

/**
 * The shape of （六）其他处理 as the table prints it: split into three rows (2021), one row (2019),
 * or null when the table shows neither (it ends before （六）: a truncated page or a cut-off table),
 * so that no version is claimed from a row that is not there.
 */
export function detectT3Shape(st: Stream, region: Region): T3Shape | null {
  const lfrom = labelIndexAt(st, region.from);
  const lto = labelIndexAt(st, region.to);
  // (a split mark OCR misread is still the split table's: else 其他处理 alone would make it 2019's)
  if (findFirst(st, OTHER_SPLIT_MARKS, lfrom, lto) ?? fuzzyMark(st, OTHER_SPLIT_MARKS, lfrom, lto)) return 'split-other';
  return findFirst(st, OTHER_MARK, lfrom, lto) ? 'single-other' : null;
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
  const named = (l: string, from = 0): number => {
    for (let at = h.indexOf(l, from); at >= 0; at = h.indexOf(l, at + 1)) if (!inNoise(at, l.length)) return at;
    return -1;
  };
  const out: string[] = [];
  for (const c of T3_COLUMNS) {
    const l = compactLabel(c.label);
    if (named(l) >= 0) {
      out.push(c.key);
      continue;
    }
    // A name wrapped in its cell and written as two rows of the header (商业 | 科研 | … then
    // 企业 | 机构): both halves, in order, each of at least two characters.
    for (let cut = 2; cut <= l.length - 2; cut++) {
      const head = named(l.slice(0, cut));
      if (head >= 0 && named(l.slice(cut), head + cut) >= 0) {
        out.push(c.key);
        break;
      }
    }
  }
  return out;
}

/**
 * `fallbackModel`: the line model of table 二 of the same page, for a table 三 whose rows prove
 * none (no two complete rows: an agency that filled only the 总计 column). Table 四 then takes the
 * same.
 */
export function parseT3(
  st: Stream,
  region: Region,
  shape: T3Shape,
  fallbackModel: (() => LineModel | null) | null = null,
): TableResult & { model: (() => LineModel | null) | null } {
  const rows = t3Rows(shape).filter((r) => r.kind === 'data');
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
        types: T3_COLUMN_KEYS.map((): ColType => 'int'),
      })),
    );
  const all = mkSpecs(T3_COLUMN_KEYS);
  const hits = findRows(st, all, region);
  const first = hits.find((h) => h);
  if (!first)
    return {
      table: null,
      cells: all.flatMap((sp) =>
        sp.columns.map((col): Cell => ({ table: 't3', row: sp.key, col, value: null, status: 'missing', raw: null, span: null, line: null })),
      ),
      findings: [],
      rowsFound: [],
      model: null,
    };
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
  const asFound = hits.slice();
  const placed = declared.length === 7 ? placeByOrder(st, all, hits, region) : [];
  const read = (h: (Hit | null)[]): ReturnType<typeof readRows> =>
    readRows(st, 't3', mkSpecs(declared), region, t3Relations(shape, T3_COLUMN_KEYS), { hits: h, positional: true, fallbackModel });
  let r = read(hits);
  if (placed.length) {
    const f = checkPlaced(r.values, r.cells, placed, rows);
    // Not confirmed by the sums: read the table as found, as if nothing had been placed.
    if (f.severity === 'error') r = read(asFound);
    findings.push(f);
  }
  const own = r.model;
  let model: LineModel | null | undefined;
  const modelOf = (): LineModel | null => (model !== undefined ? model : (model = own() ?? fallbackModel?.() ?? null));
  return { table: r.values, cells: r.cells, findings: [...findings, ...r.findings], rowsFound: r.found, columns: declared, model: modelOf };
}

/**
 * Rows whose labels a conversion moved away (a Markdown table from a PDF: the label lines of
 * wrapped cells printed before the table, the value rows left without them). A row found with
 * exactly (1 + k) rows' values, each row's values on lines of their own, where the k rows after it
 * in the table's fixed order were not found before the next row that was: the extra value rows are
 * those k rows', in order. Only in a layout of one row per line, and kept only when the table's
 * equations hold with them (checkPlaced).
 */
function placeByOrder(st: Stream, specs: RowSpec[], hits: (Hit | null)[], region: Region): string[] {
  const placed: string[] = [];
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i];
    if (!h || hits[i + 1] || i + 1 >= hits.length) continue;
    let k = 0;
    while (i + 1 + k < hits.length && !hits[i + 1 + k]) k++;
    if (i + 1 + k >= hits.length) continue; // the rows after it must be found again
    if (isFlat(st, h.start)) continue;
    const tokens = segmentTokens(st, h.start, segmentEnd(hits, i, region));
    const w = specs[i]!.slots.length;
    if (tokens.length !== (k + 1) * w || tokens.some((t) => t.kind === 'bad' || t.kind === 'blank' || t.kind === 'unread')) continue;
    // Each row's values on lines of their own: a row ends where a line ends.
    let rowsByLine = true;
    for (let c = 1; c <= k; c++) if (tokens[c * w]!.line === tokens[c * w - 1]!.line || tokens[c * w]!.line !== tokens[c * w + w - 1]!.line) rowsByLine = false;
    if (!rowsByLine) continue;
    for (let c = 1; c <= k; c++) {
      const at = tokens[c * w]!.start;
      const li = labelIndexAt(st, at);
      hits[i + c] = { from: li, to: li, start: at, end: at };
      placed.push(specs[i + c]!.key);
    }
  }
  return placed;
}

/**
 * Rows placed by order stand only when every column's outcome rows add up to its （七）总计 and each
 * placed row's cells add up to its 总计: then their cells are `derived` and `lowConfidence`. The
 * finding names them either way; as an error when the sums do not confirm them (the caller then
 * reads the table as found).
 */
function checkPlaced(values: Table, cells: Cell[], placed: string[], rows: { key: string }[]): Finding {
  const outcome = rows.map((r) => r.key).filter((k) => !['newReceived', 'carriedOver', 'total', 'carriedForward'].includes(k));
  const parts = T3_COLUMN_KEYS.slice(0, 6);
  let holds = true;
  for (const col of T3_COLUMN_KEYS) {
    let sum = 0;
    for (const k of outcome) {
      const v = values[k]?.[col];
      if (v === null || v === undefined) holds = false;
      else sum += v;
    }
    if (values['total']?.[col] !== sum) holds = false;
  }
  for (const k of placed) {
    const row = values[k];
    if (!row || parts.reduce((a, c) => a + (row[c] ?? Number.NaN), 0) !== row['total']) holds = false;
  }
  const names = placed.map((k) => `「${t3RowName(k)}」`).join('');
  if (!holds)
    return {
      rule: 'P.rowOrder',
      severity: 'error',
      message: `表三${names}行的行标题不在数值旁（转换时被移开），按表格固定顺序对应的数值得不到勾稽关系印证，未按行序读取`,
      table: 't3',
    };
  for (const c of cells)
    if (c.table === 't3' && placed.includes(c.row)) {
      c.status = 'derived';
      c.flags = [...new Set([...(c.flags ?? []), 'lowConfidence' as const])];
    }
  return {
    rule: 'P.rowOrder',
    severity: 'warning',
    message: `表三${names}行的行标题不在数值旁（转换时被移开），数值按表格固定的行序读取，各列办理结果之和与总计相符；请与原件核对`,
    table: 't3',
  };
}

// ——— 表四 ———

const T4_COLUMN_LABELS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '未经复议直接起诉', '复议后起诉'].map(compactLabel);
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
  types: T4_SLOTS.map((): ColType => 'int'),
};
/** Table 四's relations in the one-row form (values|review.upheld). */
const T4_RELATIONS = t4Relations().map((r) => {
  const re = (id: string): string => `values|${id.replace('|', '.')}`;
  return { ...r, lhs: r.lhs.map(re), rhs: r.rhs.map(re) };
});

/** group.col → [group, col], split once per slot (a fresh split per cell and report is garbage). */
const T4_KEYS = new Map<string, [string, string]>();
function t4Key(slot: string): [string, string] {
  let k = T4_KEYS.get(slot);
  if (!k) T4_KEYS.set(slot, (k = slot.split('.') as [string, string]));
  return k;
}

const T4_GROUP_LABELS = ['未经复议直接起诉', '复议后起诉', '行政诉讼'].map(compactLabel);

/**
 * Table 四 written group by group (a Markdown conversion: 行政复议 with its five columns and
 * values, then 行政诉讼（未经复议直接起诉） with its own, then 复议后起诉): the values begin after
 * the first group's header, not after the last header label. Taken only when the header labels
 * before the first value end a header, a later group's label follows, and from there on the
 * region holds exactly the table's fifteen values (and fewer after the last header label).
 */
function groupedHeaderEnd(st: Stream, lfrom: number, lto: number, headerStart: number, headerEnd: number, to: number): number {
  const n = T4_CELL_ORDER.length;
  if (segmentTokens(st, headerEnd, to).length >= n) return headerEnd;
  const first = segmentTokens(st, headerStart, to)[0];
  if (!first || first.start >= headerEnd) return headerEnd;
  const lfirst = labelIndexAt(st, first.start);
  let end = -1;
  for (const l of T4_HEADER_LABELS) {
    const at = st.labels.lastIndexOf(l, lfirst - l.length);
    if (at >= lfrom && at + l.length <= lfirst) end = Math.max(end, st.labelPos[at + l.length - 1]! + 1);
  }
  if (end < 0) return headerEnd;
  const later = T4_GROUP_LABELS.some((l) => {
    const at = st.labels.indexOf(l, lfirst);
    return at >= 0 && at + l.length <= lto;
  });
  if (!later || segmentTokens(st, end, to).length !== n) return headerEnd;
  return end;
}

export function parseT4(st: Stream, region: Region, model: (() => LineModel | null) | null = null): TableResult {
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
  // A header is the table's only when it names a result column: 行政复议 and 行政诉讼 alone are
  // also the words of a sentence saying there were none.
  const columnLabel = T4_COLUMN_LABELS.some((l) => {
    const at = st.labels.indexOf(l, lfrom);
    return at >= 0 && at + l.length <= lto;
  });
  if (!columnLabel) headerEnd = -1;
  if (headerEnd >= 0) headerEnd = groupedHeaderEnd(st, lfrom, lto, headerStart, headerEnd, region.to);
  const from = headerEnd >= 0 ? headerEnd : region.from;
  const tokens = segmentTokens(st, from, region.to);
  if (headerEnd < 0 && tokens.length === 0) return { table: null, cells: [], findings: [], rowsFound: [] };
  const anchor = headerStart >= 0 ? headerStart : from;
  const hit: Hit = { from: 0, to: 0, start: from, end: from };
  const headerLine = headerEnd >= 0 ? lineOf(st.lineStarts, headerEnd - 1) : null;
  const r = readRows(st, 't4', [T4_SPEC], { from, to: region.to }, T4_RELATIONS, { hits: [hit], model, headerLine, positional: true });
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
