/**
 * The annual report as the statutory form lays it out, shared by the report writers (DOCX, HTML,
 * Markdown; PDF through the DOCX): the title, sections 一–六 with their headings and paragraphs,
 * and tables 二, 三 and 四 as grids of origin cells with their row and column spans, as the official
 * forms print them — 国办公开办函〔2021〕30号 for the 2021 template, 〔2019〕60号 for 2019 (and the
 * hybrid: 2021 table 二 with the single （六）其他处理 row of table 三). Labels come from the model
 * (src/model/templates.ts). A null cell is a blank cell, never 0. Pure: no I/O.
 */
import type { Report, Table } from '../model/report.js';
import {
  SECTIONS,
  T3_COLUMNS,
  T4_COLUMNS,
  T4_GROUPS,
  TEMPLATES,
  t3Rows,
  type ColumnDef,
  type RowDef,
  type SectionKey,
  type T3Shape,
  type TableId,
  type TemplateId,
} from '../model/templates.js';

/** The writers' result: the bytes, or why there are none (Chinese). Never an exception. */
export type RenderResult = { ok: true; bytes: Uint8Array; mime: string; ext: string; warnings: string[] } | { ok: false; message: string };

export interface RenderOptions {
  /**
   * The text of each section, as the unit wrote it: paragraphs (an array) or one string whose
   * lines are paragraphs. A section without text gets the facts the record states (section 一:
   * 主动公开 items, requests received, no review or litigation; section 四: no review or litigation;
   * section 六: the 信息处理费 facts), else only its heading.
   */
  sections?: Partial<Record<SectionKey, string | readonly string[]>>;
}

/** One cell of a table grid (HTML-style: the origin cell, spanning rows and columns to its right and below). */
export interface GridCell {
  text: string;
  rowSpan: number;
  colSpan: number;
  /** A header or row label (not a value). */
  head: boolean;
  align: 'left' | 'center';
  /** The title row of a table 二 block (shaded in the official form). */
  band?: boolean;
}

export interface GridTable {
  id: TableId;
  /** Relative column widths, in twentieths of a point (the official template's grid). */
  widths: number[];
  /** Origin cells per row, left to right. */
  rows: GridCell[][];
  /** Rows (from the top) that are headers. */
  headerRows: number;
}

export type Block =
  | { kind: 'heading'; key: SectionKey; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'table'; table: GridTable }
  /** Right-aligned closing lines: the agency and date (落款). */
  | { kind: 'sign'; text: string };

export interface ReportLayout {
  title: string;
  template: TemplateId;
  t2Template: TemplateId;
  t3Shape: T3Shape;
  blocks: Block[];
  /** Cells of the record the statutory layout has no place for, and other things said of the output. */
  warnings: string[];
}

// ——— fixed words of the form (headers that are not row or column labels of the model) ———

/** 表二's header cell over the row labels. */
export const T2_HEAD = '信息内容';
/** 表三's top-left note, in both versions (spec §4.1). */
export const T3_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const T3_CAPTION = '申请人情况';
export const T3_ORG_GROUP = '法人或其他组织';
/** 表四's groups split at 「」: 行政诉讼「未经复议直接起诉」 → 行政诉讼 / 未经复议直接起诉. */
export const t4GroupParts = (label: string): { parent: string | null; name: string } => {
  const m = /^(.+?)「(.+)」$/.exec(label);
  return m ? { parent: m[1]!, name: m[2]! } : { parent: null, name: label };
};

// ——— values ———

/** A number as written in a cell: plain digits (no exponent, no grouping), + before a positive change. */
export function numberText(v: number, col?: Pick<ColumnDef, 'type'>): string {
  let s = String(Object.is(v, -0) ? 0 : v);
  if (/e/i.test(s)) {
    s = Number.isInteger(v) ? BigInt(v).toString() : v.toFixed(20).replace(/\.?0+$/, '');
  }
  return col?.type === 'signed-int' && v > 0 ? `+${s}` : s;
}

/** A cell's text: empty for null (a blank cell). */
export const cellText = (v: number | null | undefined, col?: Pick<ColumnDef, 'type'>): string => (v === null || v === undefined ? '' : numberText(v, col));

// ——— tables ———

const head = (text: string, colSpan = 1, rowSpan = 1, align: 'left' | 'center' = 'center'): GridCell => ({ text, colSpan, rowSpan, head: true, align });
const value = (text: string, colSpan = 1): GridCell => ({ text, colSpan, rowSpan: 1, head: false, align: 'center' });
const printed = (r: RowDef): string => (r.number ?? '') + r.label;

/** Column spans of a table 二 block on the 4-column grid: one value column spans 3, two take 1 + 2. */
const t2Spans = (n: number): number[] => (n === 1 ? [3] : n === 2 ? [1, 2] : Array.from({ length: n }, () => 1));

/** 表二: per block of 第二十条, a full-width title row, the header row (信息内容 and the columns), the data rows. */
export function table2Grid(t: Table | null, template: TemplateId): GridTable {
  const rows: GridCell[][] = [];
  for (const block of TEMPLATES[template].t2) {
    rows.push([{ ...head(block.title, 4, 1, 'left'), band: true }]);
    const spans = t2Spans(block.columns.length);
    rows.push([head(T2_HEAD), ...block.columns.map((c, i) => head(c.label, spans[i]))]);
    for (const row of block.rows) rows.push([head(row.label), ...block.columns.map((c, i) => value(cellText(t?.[row.key]?.[c.key], c), spans[i]))]);
  }
  return { id: 't2', widths: [2435, 2435, 2435, 2435], rows, headerRows: 0 };
}

/**
 * 表三 on a 10-column grid: three label columns under the note (3 × 3), then 申请人情况 over 自然人,
 * 法人或其他组织 (商业企业 … 其他) and 总计; 三、本年度办理结果 spans its rows in column A, each group
 * (（三）… （六）) its sub-rows in column B; other rows span the label columns they do not share.
 */
export function table3Grid(t: Table | null, shape: T3Shape): GridTable {
  const rows: GridCell[][] = [
    [head(T3_NOTE, 3, 3, 'left'), head(T3_CAPTION, 7)],
    [head(T3_COLUMNS[0]!.label, 1, 2), head(T3_ORG_GROUP, 5), head(T3_COLUMNS[6]!.label, 1, 2)],
    T3_COLUMNS.slice(1, 6).map((c) => head(c.label)),
  ];
  const all = t3Rows(shape);
  const data = all.filter((r) => r.kind === 'data');
  const inResults = data.filter((r) => r.parent !== undefined);
  const group = (key: string): RowDef => all.find((x) => x.key === key)!;
  const values = (r: RowDef): GridCell[] => T3_COLUMNS.map((c) => value(cellText(t?.[r.key]?.[c.key], c)));
  for (const r of data) {
    const cells: GridCell[] = [];
    if (!r.parent) cells.push(head(printed(r), 3, 1, 'left'));
    else {
      if (r === inResults[0]) cells.push(head(printed(group('results')), 1, inResults.length));
      if (r.parent === 'results') cells.push(head(printed(r), 2, 1, 'left'));
      else {
        const siblings = data.filter((x) => x.parent === r.parent);
        if (r === siblings[0]) cells.push(head(printed(group(r.parent)), 1, siblings.length));
        cells.push(head(printed(r), 1, 1, 'left'));
      }
    }
    rows.push([...cells, ...values(r)]);
  }
  return { id: 't3', widths: [754, 921, 3271, 685, 685, 685, 685, 685, 685, 685], rows, headerRows: 3 };
}

/** 表四: 行政复议 (5) and 行政诉讼 (10, over its two groups), the five result columns under each, one row of 15 values. */
export function table4Grid(t: Table | null): GridTable {
  const [review, ...suits] = T4_GROUPS.map((g) => ({ key: g.key, ...t4GroupParts(g.label) }));
  const labels = T4_COLUMNS.map((c) => c.label);
  const n = T4_COLUMNS.length;
  const rows: GridCell[][] = [
    [head(review!.name, n), head(suits[0]!.parent ?? suits[0]!.name, n * suits.length)],
    [...labels.map((l) => head(l, 1, 2)), ...suits.map((s) => head(s.name, n))],
    suits.flatMap(() => labels.map((l) => head(l))),
    T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => value(cellText(t?.[g.key]?.[c.key], c)))),
  ];
  // The template's grid columns (649 and 650 twips).
  const widths = Array.from({ length: n * T4_GROUPS.length }, (_, i) => (i < 7 ? 649 : 650));
  return { id: 't4', widths, rows, headerRows: 3 };
}

/** Each cell of a grid with its top-left slot, for writers that place cells (DOCX vertical merges). */
export function placeCells(g: GridTable): { row: number; col: number; cell: GridCell }[][] {
  const taken: boolean[][] = g.rows.map(() => []);
  return g.rows.map((cells, r) => {
    let col = 0;
    return cells.map((cell) => {
      while (taken[r]![col]) col++;
      for (let rr = r; rr < r + cell.rowSpan && rr < g.rows.length; rr++) for (let k = col; k < col + cell.colSpan; k++) taken[rr]![k] = true;
      const placed = { row: r, col, cell };
      col += cell.colSpan;
      return placed;
    });
  });
}

// ——— the record ———

const TABLE_WORD: Record<TableId, string> = { t2: '表二', t3: '表三', t4: '表四' };

/** Cells of the record outside the layout (no row or column of the form), and values that are not numbers. */
function checkTable(id: TableId, t: Table | null, rows: Map<string, Set<string>>, warnings: string[]): string | null {
  if (!t) {
    warnings.push(`${TABLE_WORD[id]}在记录中没有数据，按空白表格输出`);
    return null;
  }
  const extra: string[] = [];
  for (const [row, cols] of Object.entries(t)) {
    const known = rows.get(row);
    for (const [col, v] of Object.entries(cols ?? {})) {
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v)))
        return `${TABLE_WORD[id]}「${row}」行「${col}」列的值不是数字（${String(v)}），无法输出`;
      if (!known?.has(col)) extra.push(`${row}.${col}`);
    }
  }
  if (extra.length)
    warnings.push(`${TABLE_WORD[id]}中${extra.length}个单元格不在法定格式中，未输出：${extra.slice(0, 8).join('、')}${extra.length > 8 ? '等' : ''}`);
  return null;
}

/** Text any output can carry: control characters dropped (XML refuses them), a lone surrogate replaced. */
export function cleanText(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
  );
}

/** A section's text as paragraphs: one a line, blank lines and surrounding spaces dropped. */
const paragraphsOf = (v: string | readonly string[] | undefined): string[] | null => {
  if (v === undefined) return null;
  const list = (typeof v === 'string' ? [v] : [...v]).flatMap((p) => cleanText(String(p)).split(/\r\n|\r|\n|\u2028|\u2029/));
  return list.map((p) => p.trim()).filter((p) => p.length > 0);
};

/** A number in prose: plain digits (元 amounts may carry decimals). */
const n = (v: number): string => numberText(v);

/** Sentences for the facts the record states, in the words the parser reads back (src/parse/narrative.ts). */
function factParagraphs(r: Report, key: SectionKey): string[] {
  const nar = r.narrative;
  const out: string[] = [];
  const noCases = '本年度未发生因政府信息公开引起的行政复议、行政诉讼。';
  if (key === 's1') {
    if (nar.proactiveItems !== null) out.push(`本年度主动公开政府信息${n(nar.proactiveItems)}条。`);
    if (nar.requestsReceived !== null) out.push(`本年度收到政府信息公开申请${n(nar.requestsReceived)}件。`);
    else if (nar.noRequests) out.push('本年度未收到政府信息公开申请。');
    if (nar.noReviewOrLitigation) out.push(noCases);
  } else if (key === 's4') {
    if (nar.noReviewOrLitigation) out.push(noCases);
  } else if (key === 's6') {
    const f = nar.infoFee;
    const parts: string[] = [];
    if (f.noticeCount !== null) parts.push(`发出收费通知的件数为${n(f.noticeCount)}件`);
    if (f.noticeAmount !== null) parts.push(`总金额为${n(f.noticeAmount)}元`);
    if (f.collectedAmount !== null) parts.push(`实际收取的总金额为${n(f.collectedAmount)}元`);
    if (parts.length) out.push(`本年度收取信息处理费情况：${parts.join('，')}。`);
  }
  return out;
}

/** 2024年1月31日 from 2024-01-31. */
const dateText = (iso: string): string | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : null;
};

/**
 * The report laid out: title (the record's, else 「<单位><年度>年政府信息公开工作年度报告」), the six
 * statutory headings, the section texts, the tables in sections 二–四, the 落款 when the record has
 * one. Refused when the record names no template (no statutory layout to follow).
 */
export function layoutReport(r: Report, opts: RenderOptions = {}): { ok: true; layout: ReportLayout } | { ok: false; message: string } {
  const template = r.template ?? r.layout.t2;
  if (!template) return { ok: false, message: '记录未确定报告格式（2019年版或2021年版），无法按法定格式输出' };
  const t2Template = r.layout.t2 ?? template;
  const t3Shape: T3Shape = r.layout.t3 ?? (template === '2019' ? 'single-other' : 'split-other');
  const warnings: string[] = [];

  const t2Cells = new Map<string, Set<string>>();
  for (const { block, row } of TEMPLATES[t2Template].t2Rows) t2Cells.set(row.key, new Set(block.columns.map((c) => c.key)));
  const t3Cells = new Map<string, Set<string>>();
  for (const row of t3Rows(t3Shape)) if (row.kind === 'data') t3Cells.set(row.key, new Set(T3_COLUMNS.map((c) => c.key)));
  const t4Cells = new Map<string, Set<string>>(T4_GROUPS.map((g) => [g.key, new Set(T4_COLUMNS.map((c) => c.key))]));
  for (const [id, cells] of [
    ['t2', t2Cells],
    ['t3', t3Cells],
    ['t4', t4Cells],
  ] as const) {
    const bad = checkTable(id, r.tables[id], cells, warnings);
    if (bad) return { ok: false, message: bad };
  }

  const year = r.year !== null ? `${r.year}年` : '';
  const title =
    cleanText(r.title ?? '')
      .replace(/\s+/g, ' ')
      .trim() || cleanText(`${r.agency ?? ''}${year}政府信息公开工作年度报告`);
  if (!r.agency && !r.title) warnings.push('记录没有单位名称，标题中未写单位');
  if (r.year === null && !r.title) warnings.push('记录没有年度，标题中未写年度');

  const blocks: Block[] = [];
  for (const s of SECTIONS) {
    blocks.push({ kind: 'heading', key: s.key, text: `${s.no}、${s.label}` });
    const own = paragraphsOf(opts.sections?.[s.key]);
    for (const text of own ?? factParagraphs(r, s.key)) blocks.push({ kind: 'para', text });
    if (s.key === 's2') blocks.push({ kind: 'table', table: table2Grid(r.tables.t2, t2Template) });
    if (s.key === 's3') blocks.push({ kind: 'table', table: table3Grid(r.tables.t3, t3Shape) });
    if (s.key === 's4') blocks.push({ kind: 'table', table: table4Grid(r.tables.t4) });
  }
  const signedBy = r.publication?.signedBy ? cleanText(r.publication.signedBy).trim() || null : null;
  const date = r.publication?.date ? dateText(r.publication.date) : null;
  if (signedBy) blocks.push({ kind: 'sign', text: signedBy });
  if (date) blocks.push({ kind: 'sign', text: date });
  return { ok: true, layout: { title, template, t2Template, t3Shape, blocks, warnings } };
}
