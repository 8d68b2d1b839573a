/**
 * Reading the rows of one table: each found row's value tokens → its readings (candidates.ts) →
 * one solve over the whole table with its relations (solve.ts) → cells with provenance, and the
 * findings that say what could not be read, or was read only through a relation.
 */
import type { Cell, CellFlag, Finding, Table } from '../model/report.js';
import { TABLE_NAMES, type TableId } from '../model/templates.js';
import type { Relation } from '../model/relations.js';
import { sourceSpan } from '../read/normalize.js';
import { positionalCandidate, rowCandidates, withAlternatives, type Candidate, type ColType, type RowMode, type RowShape } from './candidates.js';
import { findFirst, otherForms, labelIndexAt, type Hit } from './find.js';
import { fuzzyRowFindings, fuzzyRows } from './fuzzy.js';
import { learnModel, lineAt, placeByLines, placeCompact, type LineModel, type RowLines } from './positional.js';
import type { Stated } from './evidence.js';
import { solveTable, type RowProblem, type TableSolution } from './solve.js';
import { PIPE_LEAD, PIPE_LONE, lineOf, lineText, placeOf, sourceLineOf, type Stream, type Token } from './stream.js';

export interface Region {
  /** Normalized offsets [from, to). */
  from: number;
  to: number;
}

export interface RowSpec {
  key: string;
  /** Human name for messages: 「一、本年新收政府信息公开申请数量」. */
  name: string;
  forms: string[];
  /** Columns the source has, in order. */
  slots: string[];
  /** Every column of the row (a column the header lacks is in `columns`, not in `slots`). */
  columns: string[];
  colNames: Record<string, string>;
  /** Type of each column of `columns`. */
  types: ColType[];
}

export interface RowsRead {
  values: Table;
  cells: Cell[];
  findings: Finding[];
  found: string[];
  /** The line model the rows prove (one cell per line with blank lines), for a table read after (worked out when asked). */
  model: () => LineModel | null;
}

/** Tokens of a segment, up to the first prose line after the start. */
export function segmentTokens(st: Stream, from: number, to: number, keepLone = false): Token[] {
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
  // The segment's own line counts as prose only for a sentence mark outside the label: a label
  // that holds one (部分公开（区分处理的。只计这一情形…）, a ， the recogniser read as 。) has its
  // values after it on that line — skipped, the row took the next line's, another row's, silently.
  const startLine = lineOf(st.lineStarts, from);
  let labelProse: boolean | null = null;
  const proseAt = (t: Token): boolean => {
    if (!st.prose[t.line]) return false;
    if (t.line !== startLine) return true;
    if (labelProse === null) {
      // A mark before the label or after the row's first value on the line.
      const a = st.lineStarts[t.line]!;
      const line = lineText(st, t.line);
      labelProse = false;
      for (let k = 0; k < line.length && !labelProse; k++) labelProse = /[。；;]/.test(line[k]!) && (a + k < from || a + k > t.start);
    }
    return labelProse;
  };
  for (let i = lo; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.start >= to) break;
    if (firstLine < 0) firstLine = t.line;
    const prose = proseAt(t);
    if (prose && t.line !== firstLine) break;
    if (prose) continue;
    if (!keepLone && PIPE_LONE.has(t)) continue;
    out.push(t);
  }
  return out;
}

/**
 * A row's tokens with the pipes alone on their lines that may be its empty cells (PIPE_LONE): those
 * after the row's last value are a filler or the next row's start, and are left out.
 */
function rowTokens(st: Stream, from: number, to: number): Token[] {
  const ts = segmentTokens(st, from, to, true);
  let end = ts.length;
  while (end > 0 && PIPE_LONE.has(ts[end - 1]!)) end--;
  return end === ts.length ? ts : ts.slice(0, end);
}

/**
 * A label split over two grid rows (`2．其他法律行政法规禁止` in one, `公开` in the next, as some
 * producers draw a wrapped label): the values sit in one of the rows, the other's cells are all
 * empty. When the tokens inside the label and those after it are each a full row and one of the two
 * is nothing but empty cells, that one is the label's second row and is left out.
 */
function withoutLabelRow(tokens: Token[], h: Hit, slots: number): Token[] {
  if (tokens.length !== 2 * slots) return tokens;
  const inside = tokens.filter((t) => t.start < h.end);
  const after = tokens.filter((t) => t.start >= h.end);
  if (inside.length !== slots) return tokens;
  const empty = (ts: Token[]): boolean => ts.every((t) => t.kind === 'blank');
  if (empty(after) && !empty(inside)) return inside;
  if (empty(inside) && !empty(after)) return after;
  return tokens;
}

/**
 * A row of a cell-per-line pipe rendering (`3 |` on each line) with fewer values than columns and,
 * right after its last value, one line of nothing but pipes, at least one for each cell it lacks
 * (`|||||||`): a renderer that wrote a row's empty cells together after its filled ones.
 */
function collapsedBlanks(st: Stream, r: RowState): boolean {
  const n = r.spec.slots.length;
  const k = r.tokens.length;
  if (k === 0 || k >= n || n !== r.spec.columns.length) return false;
  if (r.tokens.some((t) => t.kind !== 'number' || PIPE_LONE.has(t) || PIPE_LEAD.has(t))) return false;
  if (r.tokens.some((t) => !/^\s*[^\s|]+\s*\|\s*$/.test(lineText(st, t.line)))) return false;
  const next = r.tokens[k - 1]!.line + 1;
  if (next >= st.lineStarts.length) return false;
  const filler = lineText(st, next).trim();
  return /^\|+$/.test(filler) && filler.length >= n - k;
}

/** Find each row's label, in order; a row not found is null. */
export function findRows(st: Stream, specs: RowSpec[], region: Region): (Hit | null)[] {
  const lto = labelIndexAt(st, region.to);
  const hits: (Hit | null)[] = [];
  let cursor = labelIndexAt(st, region.from);
  for (const spec of specs) {
    const others = otherForms(specs, spec);
    const h = findFirst(st, spec.forms, cursor, lto, others);
    hits.push(h);
    if (h) cursor = h.to;
  }
  // OCR: labels not found as written, looked for again with the recogniser's misreadings (fuzzy.ts).
  return st.ocrRead ? fuzzyRows(st, specs, hits, region) : hits;
}

/** Where row i's segment ends: the nearest row found after it in the text, or the region end. */
export function segmentEnd(hits: (Hit | null)[], i: number, region: Region, stops: readonly number[] = []): number {
  const at = hits[i]?.start ?? -1;
  let end = region.to;
  for (let j = 0; j < hits.length; j++) {
    const h = hits[j];
    if (h && j !== i && h.start > at && h.start < end) end = h.start;
  }
  for (const s of stops) if (s > at && s < end) end = s;
  return end;
}

/** True when offset `at` lies in text the parser unflattened (a web table on one line). */
export function isFlat(st: Stream, at: number): boolean {
  return st.flat.some(([a, b]) => at >= a && at < b);
}

/** Short names of the relations, for saying which one fixed a reading. */
const RULE_NAMES: Record<string, string> = {
  'T3.rowSum': '行合计',
  'T3.balance': '本列勾稽关系（新收+上年结转=办理结果总计+结转下年度）',
  'T3.outcomeSum': '办理结果各项之和等于总计',
  'T4.groupSum': '表四分组合计',
  'T2.issuedVsInForce': '本年制发件数不超过现行有效与本年废止之和',
  'T2.publishedVsTotal': '本年新公开数量不超过对外公开总数量',
};
const ruleNames = (ids: string[]): string =>
  [...new Set(ids.map((id) => (id.startsWith('text:') ? `正文「${id.slice(5)}」` : (RULE_NAMES[id.split(':')[0]!] ?? id))))].join('、');

const reading = (v: (number | string | null)[]): string => v.map((x) => (x === null ? '?' : String(x))).join('|');

interface RowState {
  spec: RowSpec;
  hit: Hit;
  tokens: Token[];
  bad: Token | null;
  candidates: Candidate[];
  capped: boolean;
  mode: RowMode;
}

export interface ReadOptions {
  /** Rows found already (table 三 finds them first, for its header). */
  hits?: (Hit | null)[];
  /** A line model proved by another table of the same report (table 四 takes table 三's). */
  model?: (() => LineModel | null) | null;
  /** A line model of another table of the same page, used only when this table's rows prove none (table 三 takes table 二's). */
  fallbackModel?: (() => LineModel | null) | null;
  /** Table 四: the line where the values start counting (the header's last line). */
  headerLine?: number | null;
  /**
   * Empty lines may be read as blank cells (one cell per line): only where a relation of the row
   * covers every cell, so that a value lost in extraction shows up as a broken relation.
   */
  positional?: boolean;
  /** What the report's prose states about cells of this table, to choose among readings the table allows (evidence.ts). */
  stated?: () => Stated[];
  /** Text spans that are notes to a label or a column name (（指2019年事项数）): no cell lies inside them. */
  notes?: [number, number][];
  /** Offsets where every row's values end if they have not before (the next block's title). */
  stops?: number[];
}

const sumsCache = new WeakMap<RowSpec, WeakMap<Relation[], { parts: number[]; total: number }[]>>();

/** Read the rows of one table (its `relations` between them) in `region`. */
export function readRows(st: Stream, table: TableId, specs: RowSpec[], region: Region, relations: Relation[], opts: ReadOptions = {}): RowsRead {
  const hits = opts.hits ?? findRows(st, specs, region);
  const tname = TABLE_NAMES[table];
  const rows: RowState[] = [];
  const flat = hits.some((h) => h && isFlat(st, h.start));
  const byRow: { i: number; tokens: Token[] }[] = [];
  for (let i = 0; i < specs.length; i++) {
    const h = hits[i];
    if (!h) continue;
    let tokens = rowTokens(st, h.start, segmentEnd(hits, i, region, opts.stops));
    const notes = opts.notes;
    if (notes?.length) tokens = tokens.filter((t) => !notes.some(([a, b]) => t.start >= a && t.start < b));
    byRow.push({ i, tokens: withoutLabelRow(tokens, h, specs[i]!.slots.length) });
  }
  // A pipe table that leaves empty places for its merged label cells after each label
  // (`| 一、本年新收… |  |  | 5 | …`): shown by a row with more cells than columns that begins with
  // such places. Then in every row of the table they are places, not blank cells.
  const leadOf = (ts: Token[]): number => {
    let k = 0;
    while (k < ts.length && PIPE_LEAD.has(ts[k]!)) k++;
    return k;
  };
  if (byRow.some((r) => leadOf(r.tokens) > 0 && r.tokens.length > specs[r.i]!.slots.length)) for (const r of byRow) r.tokens = r.tokens.slice(leadOf(r.tokens));
  for (const { i, tokens } of byRow) {
    const h = hits[i]!;
    const spec = specs[i]!;
    let bad: Token | null = null;
    for (const t of tokens) if (t.kind === 'bad') bad ??= t;
    rows.push({ spec, hit: h, tokens, bad, candidates: [], capped: false, mode: flat ? 'flat' : 'spaced' });
  }

  // ——— the common case: every row's tokens fill its columns, as written ———
  if (
    !flat &&
    rows.every(
      (r) => !r.bad && r.tokens.length === r.spec.slots.length && r.spec.slots.length === r.spec.columns.length && !r.tokens.some((t) => t.kind === 'unread'),
    )
  ) {
    const values: Table = {};
    const cells: Cell[] = [];
    const findings: Finding[] = [];
    const found: string[] = [];
    const byKey = new Map(rows.map((r) => [r.spec.key, r]));
    for (const spec of specs) {
      const r = byKey.get(spec.key);
      const row: Record<string, number | null> = (values[spec.key] = {});
      if (r) found.push(spec.key);
      spec.columns.forEach((col, k) => {
        const c = r ? tokenCell(st, table, spec.key, col, r.tokens[k]!) : missingCell(table, spec.key, col);
        row[col] = c.value;
        cells.push(c);
      });
    }
    blankTotals(st, table, relations, rows, cells, values, findings);
    lookalikeFinding(table, specs, cells, findings);
    if (st.ocrRead) ocrUnsure(st.ocrRead, table, specs, relations, cells, findings);
    if (st.ocrRead) fuzzyRowFindings(st, table, specs, hits, cells, findings);
    return { values, cells, findings, found, model: () => (flat || specs.length < 2 ? null : learnModel(st, linesOfRows(st, rows))) };
  }

  // ——— readings ———
  // Columns of a row that add up to one after them (its own hard equalities: 总计 = the parts).
  const sumsOf = (spec: RowSpec): { parts: number[]; total: number }[] => {
    const hit = sumsCache.get(spec)?.get(relations);
    if (hit) return hit;
    const col = (id: string): number => (id.startsWith(`${spec.key}|`) ? spec.columns.indexOf(id.slice(spec.key.length + 1)) : -1);
    const out: { parts: number[]; total: number }[] = [];
    for (const rel of relations) {
      if (rel.op !== '=' || !rel.hard || rel.rhs.length !== 1) continue;
      const total = col(rel.rhs[0]!);
      const parts = rel.lhs.map(col);
      if (total < 0 || parts.some((p) => p < 0 || p >= total)) continue;
      out.push({ parts, total });
    }
    if (!sumsCache.has(spec)) sumsCache.set(spec, new WeakMap());
    sumsCache.get(spec)!.set(relations, out);
    return out;
  };
  const shapeOf = (spec: RowSpec): RowShape => ({ types: spec.types, absent: spec.columns.map((c) => !spec.slots.includes(c)), sums: sumsOf(spec) });
  const generate = (r: RowState, mode: Exclude<RowMode, 'positional'>): void => {
    r.mode = mode;
    // A malformed number (1101,000) makes a spaced row unreadable; in a flattened run it is cut.
    if (r.bad && mode === 'spaced') return;
    const g = rowCandidates(r.tokens, shapeOf(r.spec), mode, r.hit.end);
    r.candidates = g.candidates;
    r.capped = g.capped;
  };
  for (const r of rows) generate(r, flat ? 'flat' : 'spaced');
  // A pipe rendering that collapsed a row's empty cells into one line of pipes after its values:
  // those cells are blank, at places the text does not give (the relations place them, or not).
  if (!flat) for (const r of rows) if (collapsedBlanks(st, r)) generate(r, 'dropped');
  // A flattened table whose rows cannot all be filled dropped its blank cells: every column may be blank.
  if (flat && rows.some((r) => r.candidates.length === 0 && !r.capped)) for (const r of rows) generate(r, 'dropped');
  // One cell per line with blank lines: rows short of values are placed by their lines when the
  // complete rows prove where each column's line is.
  // (lines and the model are worked out only when a row is short of values, or when asked for)
  const linesOf = (): RowLines[] => linesOfRows(st, rows);
  let learned: LineModel | null | undefined;
  const model = (): LineModel | null => (learned !== undefined ? learned : (learned = !flat && specs.length > 1 ? learnModel(st, linesOf()) : null));
  const short = rows.some((r) => !r.bad && r.tokens.length < r.spec.slots.length && r.spec.slots.length === r.spec.columns.length);
  if (!flat && opts.positional && short) {
    const lines = linesOf();
    const m = opts.model ? opts.model() : (model() ?? opts.fallbackModel?.() ?? null);
    if (m) {
      rows.forEach((r, k) => {
        const l = lines[k]!;
        if (r.bad || r.tokens.length >= l.columns || r.spec.slots.length !== r.spec.columns.length) return;
        const start = opts.headerLine != null && m.gap !== null ? opts.headerLine + m.gap : l.labelLine + m.first;
        // The fixed grid first; else an empty cell as a single empty line (placeCompact).
        const p = placeByLines(st, m, start, r.tokens, l.columns, l.nextLine) ?? placeCompact(st, m, start, r.tokens, l.columns, l.nextLine);
        if (!p) return;
        r.mode = 'positional';
        r.candidates = positionalReadings(r.tokens, p.columnOf, p.blanks, l.columns);
      });
    }
  }

  // OCR: a number's other likely readings, for the relations to choose from.
  if (st.ocrAlts) {
    const alts = st.ocrAlts;
    for (const r of rows)
      r.candidates = withAlternatives(
        r.candidates,
        r.tokens.map((t) => (t.kind === 'number' ? alts(t.start, t.end) : null)),
        r.spec.types,
      );
  }

  // ——— one solve for the table ———
  const problems: RowProblem[] = rows.map((r) => ({
    key: r.spec.key,
    columns: r.spec.columns,
    types: r.spec.types,
    candidates: r.candidates,
    confirmSplits: r.mode === 'spaced',
    derivable: r.spec.columns.map((c) => r.spec.slots.includes(c)),
  }));
  let sol = solveTable(problems, relations);
  if (opts.stated) sol = narrowByText(problems, relations, sol, opts.stated);

  // ——— cells ———
  const values: Table = {};
  const cells: Cell[] = [];
  const findings: Finding[] = [];
  const found: string[] = [];
  const byKey = new Map(rows.map((r) => [r.spec.key, r]));
  const cellsOfRow = new Map<string, Cell[]>();
  for (const spec of specs) {
    const r = byKey.get(spec.key);
    values[spec.key] = {};
    if (r) found.push(spec.key);
    const own: Cell[] = [];
    for (const col of spec.columns) {
      const c = cellOf(st, table, spec, col, r, sol);
      values[spec.key]![col] = c.value;
      cells.push(c);
      own.push(c);
    }
    cellsOfRow.set(spec.key, own);
  }
  blankTotals(st, table, relations, rows, cells, values, findings);

  // ——— findings ———
  const specOf = new Map(specs.map((sp) => [sp.key, sp]));
  for (const c of cells) {
    const spec = specOf.get(c.row)!;
    const p = sol.rows.get(c.row)?.cells[spec.columns.indexOf(c.col)]?.piece;
    if (p?.ocrRead === undefined || c.value === null) continue;
    findings.push({
      rule: 'P.ocrAlternative',
      severity: 'warning',
      message: `${TABLE_NAMES[table]}${spec.name}行「${spec.colNames[c.col]}」列识别为「${p.ocrRead}」，与表内勾稽关系不符；识别的另一读法「${p.raw}」是唯一符合关系的读法，已按 ${c.value} 读取，请与原件核对`,
      table,
      row: c.row,
      col: c.col,
      ...(c.span ? { span: c.span, line: c.line ?? undefined } : {}),
      actual: p.ocrRead,
      expected: p.raw,
    });
  }
  const splitRows: string[] = [];
  let splitForced = 0;
  for (const r of rows) {
    const res = sol.rows.get(r.spec.key);
    const rowCells = cellsOfRow.get(r.spec.key)!;
    const missing = rowCells.filter((c) => c.value === null).map((c) => c.col);
    const derived = rowCells.filter((c) => c.flags?.includes('derivedFromRelation'));
    // A row read plainly has nothing to say: the common case stops here.
    if (!r.bad && r.candidates.length && !missing.length && !derived.length && !rowCells.some((c) => c.flags?.includes('split'))) continue;
    const where = placeOf(st, r.hit.start, r.hit.end);
    const raws = r.tokens.map((t) => t.raw).join(' ') || '（无）';
    const names = (cols: string[]): string => cols.map((c) => `「${r.spec.colNames[c]}」`).join('');
    // The run as written (signs between glued tokens included).
    const asWritten = r.tokens.length ? st.text.slice(r.tokens[0]!.start, r.tokens.at(-1)!.end).replace(/\s+/g, ' ') : '（无）';
    // What the relations still gave a row that could not be read.
    const rescued = derived.length ? `；${names(derived.map((c) => c.col))}列已按勾稽关系推算（${derived.map((c) => c.value).join('、')}），请与原件核对` : '';
    const rest = missing.length ? `，${names(missing)}列标为缺失` : '';
    const base = { table, row: r.spec.key, ...(missing.length === 1 ? { col: missing[0] } : {}) };
    if (r.bad && r.mode === 'spaced') {
      findings.push({
        rule: 'P.cellCount',
        severity: 'error',
        message: `${tname}${r.spec.name}行有无法识别的数字「${r.bad.raw}」（${/\s/.test(r.bad.raw) ? '小数点前有空格，无法确定是一个小数还是两个数' : '千分位逗号位置不对，可能是相邻单元格的数字连在一起'}），本行未从原文取值${rescued}`,
        ...base,
        ...placeOf(st, r.bad.start, r.bad.end),
        actual: raws,
        expected: r.spec.slots.length,
      });
      continue;
    }
    if (r.candidates.length === 0) {
      const many = r.mode === 'spaced' && r.tokens.length > r.spec.slots.length;
      findings.push({
        rule: 'P.cellCount',
        severity: 'error',
        message:
          (many
            ? `${tname}${r.spec.name}行读到${r.tokens.length}个数值，多于${r.spec.slots.length}列，无法确定对应关系，本行未从原文取值`
            : r.capped
              ? `${tname}${r.spec.name}行的数字（${asWritten}）可拆分的方式过多，本行未从原文取值`
              : `${tname}${r.spec.name}行的数字（${asWritten}）无法按本行${r.spec.slots.length}列拆分（各数不写前导零），本行未从原文取值`) + rescued,
        ...base,
        ...where,
        actual: raws,
        expected: r.spec.slots.length,
      });
      continue;
    }
    const shown = res?.shown.filter((v) => v.some((x) => x !== '?')) ?? [];
    if (missing.length && shown.length > 1) {
      findings.push({
        rule: 'P.ambiguous',
        severity: 'error',
        message: `${tname}${r.spec.name}行的数字（${r.mode === 'spaced' ? raws : asWritten}）有${res!.fitting > 4 ? '多' : res!.fitting}种读法都符合表格关系（如 ${shown
          .slice(0, 3)
          .map(reading)
          .join('、')}）${rest}`,
        ...base,
        ...where,
        actual: raws,
        note: `可能的读法（按本行各列顺序；空 = 空白格，? = 无法确定）：${shown.map(reading).join('；')}`,
      });
      continue;
    }
    if (missing.length || derived.length) {
      const short = r.tokens.length < r.spec.slots.length;
      // Cells the text marks as not read (？): their places are the text's, not the relations'.
      const unreadTokens = r.tokens.filter((t) => t.kind === 'unread');
      const unread = unreadTokens.length;
      findings.push({
        rule: 'P.cellCount',
        severity: missing.length ? 'error' : 'warning',
        message:
          (short
            ? `${tname}${r.spec.name}行只读到${r.tokens.length}个数值（${raws}），应有${r.spec.slots.length}个`
            : unread
              ? `${tname}${r.spec.name}行有${unread}个单元格原文无法识别（${unreadTokens.map((t) => (t.raw === '?' ? '？' : t.raw)).join('、')}）`
              : `${tname}${r.spec.name}行有单元格未能从原文读取`) +
          (derived.length ? `；${names(derived.map((c) => c.col))}列按勾稽关系推算为${derived.map((c) => c.value).join('、')}` : '') +
          (missing.length ? `；${names(missing)}列无法确定，标为缺失` : unread && !short ? '' : '；其余各列的位置由勾稽关系唯一确定'),
        ...base,
        ...(derived.length === 1 && !missing.length ? { col: derived[0]!.col } : {}),
        ...where,
        actual: raws,
        expected: r.spec.slots.length,
      });
      continue;
    }
    if (rowCells.some((c) => c.flags?.includes('split'))) {
      if (res && res.readings > 1)
        splitRows.push(
          `${r.spec.name}（${asWritten}→${reading(rowCells.map((c) => c.value))}${res.fixedBy.length ? `，由${ruleNames(res.fixedBy)}确定` : ''}）`,
        );
      else splitForced++;
    }
  }
  if (splitRows.length || splitForced) {
    const first = rows.find((r) => cells.some((c) => c.row === r.spec.key && c.flags?.includes('split')));
    findings.push({
      rule: 'P.split',
      severity: 'warning',
      message:
        `${tname}有${splitRows.length + splitForced}行的数字连在一起（如网页表格被展平），已按各列不写前导零${splitRows.length ? (splitRows.some((x) => x.includes('正文「')) ? '及表格关系、正文所述' : '及表格关系') : ''}唯一拆分` +
        (splitRows.length ? `：${splitRows.slice(0, 3).join('；')}${splitRows.length > 3 ? `等${splitRows.length}行` : ''}` : ''),
      table,
      ...(first ? { row: first.spec.key, ...placeOf(st, first.hit.start, first.hit.end) } : {}),
      ...(splitRows.length > 3 ? { note: splitRows.join('\n') } : {}),
    });
  }
  lookalikeFinding(table, specs, cells, findings);
  if (st.ocrRead) ocrUnsure(st.ocrRead, table, specs, relations, cells, findings);
  if (st.ocrRead) fuzzyRowFindings(st, table, specs, hits, cells, findings);
  if (rows.some((r) => r.mode === 'dropped') && rows.length) {
    findings.push({
      rule: 'P.blankDropped',
      severity: 'info',
      message: flat
        ? `${tname}在原文中被展平且空白单元格没有留下任何痕迹：空白格按 0 计，数值所在的列只在表格关系唯一确定时读取`
        : `${tname}有的行把空白单元格集中写在数值之后（一行竖线），空白格的位置原文未给出：空白格按 0 计，数值所在的列只在表格关系唯一确定时读取`,
      table,
    });
  }
  if (sol.exhausted) {
    findings.push({
      rule: 'P.ambiguous',
      severity: 'error',
      message: `${tname}可能的读法组合过多，只读取了各行自身即可确定的单元格`,
      table,
    });
  }
  return { values, cells, findings: summarize(table, specs, findings), found, model };
}

/**
 * Rows the relations left ambiguous (a cell missing, several readings fitting) whose values the
 * prose states (「全年制发规范性文件1件、废止1件」): the readings that agree with every statement
 * are kept and the table solved again. Taken only when that leaves each such row's cells
 * determined; a statement no reading agrees with is about something else, and two statements of
 * one cell that differ say nothing — either way the row stays as it was. The row remembers how
 * many readings it had and that the text chose (fixedBy `text:…`), for its finding.
 */
function narrowByText(problems: RowProblem[], relations: Relation[], sol: TableSolution, stated: () => Stated[]): TableSolution {
  const open = problems.filter((p) => {
    const r = sol.rows.get(p.key);
    return r && r.fitting > 1 && r.cells.some((c) => c.status === 'missing');
  });
  if (!open.length) return sol;
  const all = stated();
  if (!all.length) return sol;
  const narrowed = new Map<string, { problem: RowProblem; quotes: string[] }>();
  for (const p of open) {
    const byCol = new Map<number, Stated[]>();
    for (const s of all) {
      const k = s.row === p.key ? p.columns.indexOf(s.col) : -1;
      if (k >= 0) byCol.set(k, [...(byCol.get(k) ?? []), s]);
    }
    let kept = p.candidates;
    const quotes: string[] = [];
    for (const [k, ss] of byCol) {
      if (new Set(ss.map((s) => s.value)).size > 1) continue;
      const agree = kept.filter((c) => c.cells[k]?.value === ss[0]!.value);
      if (!agree.length) {
        kept = p.candidates;
        break;
      }
      // credited only where the readings the relations left differ in this cell
      if (agree.length < kept.length && new Set(sol.rows.get(p.key)!.shown.map((v) => v[k])).size > 1) quotes.push(ss[0]!.quote);
      kept = agree;
    }
    if (kept.length < p.candidates.length) narrowed.set(p.key, { problem: { ...p, candidates: kept }, quotes });
  }
  if (!narrowed.size) return sol;
  const next = solveTable(
    problems.map((p) => narrowed.get(p.key)?.problem ?? p),
    relations,
  );
  for (const [key, { quotes }] of narrowed) {
    const r = next.rows.get(key);
    if (!r || r.cells.some((c) => c.status === 'missing')) return sol;
    r.readings = sol.rows.get(key)!.readings;
    r.fixedBy = [...r.fixedBy, ...quotes.map((q) => `text:${q}`)];
  }
  return next;
}

/**
 * The readings of a row placed by lines: empty lines are blank cells; each may instead be a value
 * lost in extraction (cost 1), which the relations then have to fix — a blank is believed only
 * where the row's relations allow it.
 */
function positionalReadings(tokens: Token[], columnOf: number[], blanks: { col: number; at: number }[], n: number): Candidate[] {
  const base = positionalCandidate(tokens, columnOf, blanks, n);
  const out: Candidate[] = [base];
  for (let a = 0; a < blanks.length; a++) {
    const one = { cells: base.cells.slice(), cost: 1 };
    one.cells[blanks[a]!.col] = null;
    out.push(one);
    for (let b = a + 1; b < blanks.length && blanks.length <= 16; b++) {
      const two = { cells: one.cells.slice(), cost: 2 };
      two.cells[blanks[b]!.col] = null;
      out.push(two);
    }
  }
  return out;
}

/** One finding for the cells read from look-alike letters (1O as 10). */
function lookalikeFinding(table: TableId, specs: RowSpec[], cells: Cell[], findings: Finding[]): void {
  const tname = TABLE_NAMES[table];
  const lookalike = cells.filter((c) => c.flags?.includes('lowConfidence') && c.raw !== null);
  if (lookalike.length) {
    const shown = lookalike
      .slice(0, 3)
      .map((c) => {
        const spec = specs.find((x) => x.key === c.row)!;
        return `${spec.name}行「${spec.colNames[c.col]}」列读作${c.value}`;
      })
      .join('；');
    findings.push({
      rule: 'P.lookalike',
      severity: 'warning',
      message: `${tname}有${lookalike.length}个数值写成了形近字母（如 O 作 0、l 作 1），已按数字读取，请与原件核对：${shown}${lookalike.length > 3 ? '等' : ''}`,
      table,
      ...(lookalike.length === 1 ? { row: lookalike[0]!.row, col: lookalike[0]!.col } : {}),
      ...(lookalike[0]!.span ? { span: lookalike[0]!.span, line: lookalike[0]!.line ?? undefined } : {}),
    });
  }
}

/**
 * A scanned table whose numbers break a relation of the table that no reading could mend (issue 8, point 4):
 * on paper the report may be wrong, but from a scan the far likelier cause is the reader — a digit
 * misread, a value placed a column off on a page photographed at an angle. Where one cell, or
 * failing one exactly one pair, alone mends every broken relation (`fewestMend`), only it is
 * flagged and the values that mend the table said; else every cell of each broken hard relation
 * is flagged `lowConfidence` (value as read, for the reviewer to confirm against the original),
 * with one finding for the table naming the relations and the first cells.
 */
function ocrUnsure(
  ocrRead: (span: [number, number]) => boolean,
  table: TableId,
  specs: RowSpec[],
  relations: Relation[],
  cells: Cell[],
  findings: Finding[],
): void {
  // Broken as read (every cell known), or broken whatever the missing cells hold: the known parts
  // of a sum already exceed a total read in full (cells are counts, never below 0).
  const cellAt = new Map(cells.map((c) => [`${c.row}|${c.col}`, c]));
  const signed = new Set(specs.flatMap((sp) => sp.columns.filter((_, i) => sp.types[i] === 'signed-int').map((col) => `${sp.key}|${col}`)));
  // `as`: cells taken at other values (what would mend the relations).
  const side = (ids: string[], as?: Mend): { known: number; open: boolean } | null => {
    let known = 0;
    let open = false;
    for (const id of ids) {
      if (signed.has(id)) return null;
      const v = as?.has(id) ? as.get(id) : cellAt.get(id)?.value;
      if (v === null || v === undefined) open = true;
      else known += v;
    }
    return { known, open };
  };
  const fails = (r: Relation, as?: Mend): boolean => {
    const l = side(r.lhs, as);
    const h = side(r.rhs, as);
    if (!l || !h) return false;
    if (!l.open && !h.open) return r.op === '=' ? Math.abs(l.known - h.known) > 1e-6 : l.known > h.known + 1e-6;
    return (!h.open && l.known > h.known + 1e-6) || (r.op === '=' && !l.open && h.known > l.known + 1e-6);
  };
  const broken = relations.filter((r) => r.hard && fails(r));
  if (!broken.length) return;
  // Only cells the recogniser read (a PDF may have text pages and scanned ones) — and the blank
  // cells of rows it read: on a scan a blank cell (0 by convention) may be a digit the page lost (a
  // serif 1 beside a leaning column rule), as doubtful as a digit read.
  const ocrRows = new Set(cells.filter((c) => c.span !== null && c.raw !== '' && ocrRead(c.span)).map((c) => c.row));
  const scanned = (c: Cell): boolean => c.span !== null && (ocrRead(c.span) || (c.raw === '' && ocrRows.has(c.row)));
  const nameOf = (c: Cell): string => {
    const spec = specs.find((x) => x.key === c.row)!;
    return `${spec.name}行「${spec.colNames[c.col]}」列`;
  };
  const asRead = (c: Cell): string => `${nameOf(c)}${c.raw === '' ? '空白（按0计）' : `读作${c.value}`}`;
  // One cell that alone mends every broken relation is the misread one: the table's row sums and
  // column balances locate a single wrong cell as a grid's parities do (its row's sum and its
  // column's balance break, nothing else). Only it is doubtful — not every cell of every relation
  // through it (a whole 表三 flagged for one total read 1 for 0). Else the one pair of cells that
  // together mend them, where no other pair does (two digits misread on one page; a value read in
  // its neighbour's cell, the row's sum still holding).
  const mend = fewestMend(broken, relations, cellAt, fails);
  if (mend && mend.every((m) => scanned(m.cell))) {
    for (const { cell } of mend) if (!cell.flags?.includes('lowConfidence')) cell.flags = [...(cell.flags ?? []), 'lowConfidence'];
    const c = mend[0]!.cell;
    const relationsSaid = `${broken.length}项勾稽关系不符（${broken
      .slice(0, 3)
      .map((r) => r.name)
      .join('；')}${broken.length > 3 ? '等' : ''}）`;
    const message =
      mend.length === 1
        ? `${TABLE_NAMES[table]}${asRead(c)}，与${relationsSaid}；若该格为${mend[0]!.value}，表中各项关系均成立。该格标为存疑，请与原件核对`
        : `${TABLE_NAMES[table]}${mend.map((m) => asRead(m.cell)).join('、')}，与${relationsSaid}；若这两格分别为${mend
            .map((m) => m.value)
            .join('、')}，表中各项关系均成立，且没有别的两格能做到。这两格标为存疑，请与原件核对`;
    findings.push({
      rule: 'P.ocrUnsure',
      severity: 'warning',
      message,
      table,
      row: c.row,
      ...(mend.length === 1 ? { col: c.col } : {}),
      ...(c.span ? { span: c.span, line: c.line ?? undefined } : {}),
      note: mend.map((m) => asRead(m.cell)).join('；'),
    });
    return;
  }
  const ids = new Set(broken.flatMap((r) => [...r.lhs, ...r.rhs]));
  // A doubtful cell in a relation that holds as read: if the cell is wrong, another cell of that
  // relation is wrong by as much (a row's values placed a column off still add up to its 总计).
  const holding = relations.filter((r) => r.hard && !broken.includes(r) && [...r.lhs, ...r.rhs].every((id) => cellAt.get(id)?.value != null));
  for (let grew = true; grew;) {
    grew = false;
    for (const r of holding) {
      const all = [...r.lhs, ...r.rhs];
      if (!all.some((id) => ids.has(id)) || all.every((id) => ids.has(id))) continue;
      for (const id of all) ids.add(id);
      grew = true;
    }
  }
  const marked = cells.filter((c) => c.value !== null && scanned(c) && ids.has(`${c.row}|${c.col}`));
  if (!marked.length) return;
  for (const c of marked) if (!c.flags?.includes('lowConfidence')) c.flags = [...(c.flags ?? []), 'lowConfidence'];
  const first = marked.find((c) => c.span) ?? marked[0]!;
  findings.push({
    rule: 'P.ocrUnsure',
    severity: 'warning',
    message: `${TABLE_NAMES[table]}的识别结果不满足${broken.length}项勾稽关系（${broken
      .slice(0, 3)
      .map((r) => r.name)
      .join('；')}${broken.length > 3 ? '等' : ''}），也没有哪种识别读法能满足：所涉${marked.length}个单元格（如${marked
      .slice(0, 3)
      .map(nameOf)
      .join('、')}）标为存疑，请与原件逐一核对`,
    table,
    ...(marked.length === 1 ? { row: first.row, col: first.col } : { row: first.row }),
    ...(first.span ? { span: first.span, line: first.line ?? undefined } : {}),
    note: marked.map(asRead).join('；'),
  });
}

/** Cells taken at values other than read: cell id (`row|col`) → value. */
type Mend = ReadonlyMap<string, number>;

/**
 * The fewest cells — one, else two — that alone mend every broken relation, if exactly one such set
 * exists: every broken relation holds one of them; each takes a count, 0 or more, other than what
 * was read, fixed by a broken equation whose other cells are known; and with them every hard
 * relation of the table holds. Null when none or several do, or a pair's values are not fixed.
 * A wrong cell left out would need others wrong by as much in every relation through it (a
 * rectangle of errors, which the relations cannot see anyway).
 */
function fewestMend(
  broken: Relation[],
  relations: Relation[],
  cellAt: Map<string, Cell>,
  fails: (r: Relation, as?: Mend) => boolean,
): { cell: Cell; value: number }[] | null {
  const hard = relations.filter((r) => r.hard);
  const has = (r: Relation, id: string): boolean => r.lhs.includes(id) || r.rhs.includes(id);
  const candidates = [...new Set(broken.flatMap((r) => [...r.lhs, ...r.rhs]))].filter((id) => cellAt.get(id)?.value != null);
  /** The values `ids` must take, each fixed by a broken equation whose other cells are known; null if not all are. */
  const solve = (ids: string[]): Map<string, number> | null => {
    const got = new Map<string, number>();
    for (let grew = true; grew && got.size < ids.length;) {
      grew = false;
      for (const r of broken) {
        if (r.op !== '=') continue;
        const open = ids.filter((id) => !got.has(id) && has(r, id));
        if (open.length !== 1) continue;
        const id = open[0]!;
        const others = [...r.lhs, ...r.rhs].filter((x) => x !== id);
        if (others.some((x) => !got.has(x) && cellAt.get(x)?.value == null)) continue;
        const sum = (xs: string[]): number => xs.reduce((a, x) => a + (x === id ? 0 : (got.get(x) ?? cellAt.get(x)!.value!)), 0);
        got.set(id, r.lhs.includes(id) ? sum(r.rhs) - sum(r.lhs) : sum(r.lhs) - sum(r.rhs));
        grew = true;
      }
    }
    return got.size === ids.length ? got : null;
  };
  const mends = (ids: string[]): Map<string, number> | null => {
    if (!broken.every((r) => ids.some((id) => has(r, id)))) return null;
    const got = solve(ids);
    if (!got) return null;
    for (const [id, v] of got) if (v < 0 || !Number.isInteger(v) || v === cellAt.get(id)!.value) return null;
    return hard.some((r) => fails(r, got)) ? null : got;
  };
  const sets: string[][] = [candidates.map((id) => [id]), candidates.flatMap((a, i) => candidates.slice(i + 1).map((b) => [a, b]))].reduce<string[][]>(
    (found, size) => (found.length ? found : size.filter((ids) => mends(ids))),
    [],
  );
  if (sets.length !== 1) return null;
  const got = mends(sets[0]!)!;
  return sets[0]!.map((id) => ({ cell: cellAt.get(id)!, value: got.get(id)! }));
}

function linesOfRows(st: Stream, rows: RowState[]): RowLines[] {
  return rows.map((r, k) => ({
    labelLine: lineAt(st, r.hit.end - 1),
    tokens: r.tokens,
    columns: r.spec.slots.length,
    nextLine: k + 1 < rows.length ? lineAt(st, rows[k + 1]!.hit.start) : null,
  }));
}

const missingCell = (table: TableId, row: string, col: string): Cell => ({
  table,
  row,
  col,
  value: null,
  status: 'missing',
  raw: null,
  span: null,
  line: null,
});

/** A cell read as written from one token. */
function tokenCell(st: Stream, table: TableId, row: string, col: string, t: Token): Cell {
  const c: Cell = { table, row, col, value: t.value, status: 'read', raw: t.raw, span: sourceSpan(st.norm, t.start, t.end), line: sourceLineOf(st, t.line) };
  if (t.kind === 'null' || t.kind === 'blank') c.flags = ['zeroInferred'];
  if (t.unit) {
    c.flags = [...(c.flags ?? []), 'unitStripped'];
    c.unit = t.unit;
  }
  if (lookalikeIn(st, t.start, t.end)) {
    c.flags = [...(c.flags ?? []), 'lowConfidence'];
    c.status = 'derived';
  }
  return c;
}

/** Text [start, end) holds a look-alike letter read as a digit (1O as 10). */
function lookalikeIn(st: Stream, start: number, end: number): boolean {
  if (st.confused.size) for (let o = start; o < end; o++) if (st.confused.has(o)) return true;
  return false;
}

function cellOf(st: Stream, table: TableId, spec: RowSpec, col: string, r: RowState | undefined, sol: TableSolution): Cell {
  const c: Cell = { table, row: spec.key, col, value: null, status: 'missing', raw: null, span: null, line: null };
  if (!r) return c;
  const rowRes = sol.rows.get(spec.key);
  const res = rowRes?.cells[spec.columns.indexOf(col)];
  if (!res || res.value === null) return c;
  c.value = res.value;
  const flags: CellFlag[] = [];
  if (res.status === 'read' && res.piece) {
    const p = res.piece;
    // A value cut out of a run of digits, or a blank the text left no place for, is not read as
    // written: derived, with its flags saying how.
    c.status = p.split || p.placeless ? 'derived' : 'read';
    c.raw = p.raw;
    c.span = sourceSpan(st.norm, p.start, p.end);
    c.line = sourceLineOf(st, lineAt(st, p.start));
    if (p.zero) flags.push('zeroInferred');
    if (p.unit) {
      flags.push('unitStripped');
      c.unit = p.unit;
    }
    if (p.split) flags.push('split');
    // The recogniser's second reading, chosen by the relations: believed, not read as written.
    if (p.ocrRead !== undefined) {
      flags.push('lowConfidence');
      c.status = 'derived';
    } else if (p.placeless || (rowRes && rowRes.readings > 1 && r.mode !== 'positional')) flags.push('placedByRelation');
    // Read from look-alike letters (1O as 10): believed, not read as written.
    if (lookalikeIn(st, p.start, p.end)) {
      flags.push('lowConfidence');
      c.status = 'derived';
    }
  } else {
    c.status = 'derived';
    flags.push(res.derived ? 'derivedFromRelation' : 'placedByRelation');
    if (!res.derived && res.value === 0) flags.push('zeroInferred');
    const pl = placeOf(st, r.hit.start, r.hit.end);
    c.span = pl.span;
    c.line = pl.line;
  }
  if (flags.length) c.flags = flags;
  return c;
}

/**
 * A blank 总计 cell (an empty grid cell) with every part known is derived from the parts (spec
 * §7.1 T3.rowSum), with a warning: reports leave 总计 blank where they see nothing to add up.
 */
function blankTotals(st: Stream, table: TableId, relations: Relation[], rows: RowState[], cells: Cell[], values: Table, findings: Finding[]): void {
  const tname = TABLE_NAMES[table];
  // Only grid sources have blank cells of their own.
  if (!rows.some((r) => r.tokens.some((t) => t.kind === 'blank'))) return;
  for (const rel of relations) {
    if (rel.op !== '=' || !rel.hard || rel.rhs.length !== 1 || (rel.rule !== 'T3.rowSum' && rel.rule !== 'T4.groupSum')) continue;
    const [row, col] = rel.rhs[0]!.split('|') as [string, string];
    const r = rows.find((x) => x.spec.key === row);
    if (!r) continue;
    const cell = cells.find((c) => c.row === row && c.col === col);
    if (!cell || cell.status !== 'read' || cell.raw !== '' || !cell.span) continue;
    // Only a blank grid cell (a token of its own), not an empty line placed by position.
    const tok = r.tokens.find((t) => t.kind === 'blank' && sourceSpan(st.norm, t.start, t.end)[0] === cell.span![0]);
    if (!tok) continue;
    const parts = rel.lhs.map((id) => {
      const [pr, pc] = id.split('|') as [string, string];
      return values[pr]?.[pc] ?? null;
    });
    if (parts.some((p) => p === null)) continue;
    const sum = Math.round((parts as number[]).reduce((a, b) => a + b, 0) * 1e6) / 1e6;
    cell.value = sum;
    cell.status = 'derived';
    cell.flags = ['derivedFromRelation'];
    values[row]![col] = sum;
    // Table 三's blank 总计 is said by the check rule T3.rowSum (it knows the cell was blank: raw '').
    if (rel.rule === 'T3.rowSum') continue;
    findings.push({
      rule: 'P.blankTotal',
      severity: 'warning',
      message: `${tname}${r.spec.name}行「${r.spec.colNames[col]}」列为空，已按各列之和推算为${sum}`,
      table,
      row,
      col,
      span: cell.span,
      line: cell.line ?? undefined,
      expected: sum,
    });
  }
}

/**
 * Many rows that could not be read is one problem of the table (a lost column, a broken
 * extraction): say it once, listing the rows, instead of once per row. Each row's cells stay flagged.
 */
function summarize(table: TableId, specs: RowSpec[], findings: Finding[]): Finding[] {
  let out = findings;
  for (const rule of ['P.cellCount', 'P.ambiguous']) {
    const counted = out.filter((f) => f.rule === rule && f.row);
    if (counted.length < 3) continue;
    const names = counted.map((f) => specs.find((s) => s.key === f.row)?.name ?? f.row).join('');
    const error = counted.some((f) => f.severity === 'error');
    const summary: Finding = {
      rule,
      severity: error ? 'error' : 'warning',
      message:
        rule === 'P.cellCount'
          ? error
            ? `${TABLE_NAMES[table]}有${counted.length}行数值个数与列数不符，无法确定的单元格已标为缺失：${names}`
            : `${TABLE_NAMES[table]}有${counted.length}行只读到部分数值，其余单元格已按勾稽关系推算（请与原件核对）：${names}`
          : `${TABLE_NAMES[table]}有${counted.length}行的数字有多种读法都符合表格关系，无法确定的单元格已标为缺失：${names}`,
      table,
      // (placed at the first of its rows, as a reviewer reads the list from the top)
      row: counted[0]!.row,
      ...(counted[0]!.span ? { span: counted[0]!.span, line: counted[0]!.line } : {}),
      actual: counted.length,
      note: counted.map((f) => f.message).join('\n'),
    };
    out = [...out.filter((f) => !(f.rule === rule && f.row)), summary];
  }
  return out;
}
