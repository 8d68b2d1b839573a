/**
 * Render a report's values (values.ts) as report TEXT, in the layout families that real text
 * extraction produces (spec §8.1):
 *
 *   pdf       space-separated rows; labels, titles and header cells wrapped at a width (L2);
 *             a row's values possibly on the next line or continuing on it (L3); page
 *             footers and running headers between rows
 *   cells     one cell per line, tab-indented, empty tab lines for merged cells (DOCX → text, L4)
 *   tsv       tab-separated grid, three label columns then the values (L5 without the loss)
 *   markdown  pipe tables with a rule after the first row of each table
 *
 * On top of any family: label variants of §8 (C1, L9, L10, C9, C11, C15), Kangxi radicals
 * (L1), full-width digits, 1,234 grouping, noise lines. Everything is decided by a seed, so the
 * same values and options give the same text. `renderReportDetailed` also returns where each
 * table cell's token and each line landed, for damage tests and fixtures.
 */
import { T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TEMPLATES, t3Rows, type ColumnDef, type RowDef, type TableId } from '../model/templates.js';
import { RADICAL_MAP } from '../read/normalize.js';
import { Rng } from './rng.js';
import type { FeeFacts, ReportValues } from './values.js';

export type LayoutFamily = 'pdf' | 'cells' | 'tsv' | 'markdown';
export const LAYOUT_FAMILIES: readonly LayoutFamily[] = ['pdf', 'cells', 'tsv', 'markdown'];

export interface LayoutOptions {
  family: LayoutFamily;
  /** Drives every choice not fixed below (default 0). */
  seed?: number;
  /** pdf: width in characters of a row-label cell; labels wrap at it. */
  labelWidth?: number;
  /** pdf: width of the narrow cells (group labels 三、本\n年度办\n理结果, header cells 自然\n人). */
  cellWidth?: number;
  /** pdf: probability that a row's values continue on the next line (L3). */
  valueWrap?: number;
  /** pdf: width of prose and title lines (0: one line per paragraph). */
  proseWidth?: number;
  /** Use label variants seen in real reports (§8): 其他法律法规禁止公开, (一), 2、 …. */
  variants?: boolean;
  /** Write Kangxi radicals (⼀ ⾏ ⼯ …) and radical-supplement forms (⻔ ⺠) for the ideographs they fold to (L1). */
  kangxi?: boolean;
  /** Full-width digits: none, in table values only, or everywhere. */
  fullWidth?: 'none' | 'values' | 'all';
  /** Write numbers ≥ 1000 as 1,234. */
  thousands?: boolean;
  /** Page footers (- 3 -, 第 3 页 共 8 页) and running headers between rows and paragraphs. */
  noise?: boolean;
  /** Which title wording (index into TITLE_FORMS). */
  titleForm?: number;
  /** Title placed after the first heading (L8). */
  titleAfterHeading?: boolean;
  /** Section numbers: 一、…六、 or with 2、 3、 for sections 二 and 三 (L9). */
  headingNumbers?: 'cn' | 'arabic23';
  /** Blank lines between table rows. */
  blankLines?: boolean;
}

export type ResolvedLayout = Required<LayoutOptions>;

/** Title wordings (spec C15), `{a}` agency, `{y}` year. */
export const TITLE_FORMS: readonly string[] = [
  '{a}{y}年政府信息公开工作年度报告',
  '{a}政府信息公开工作{y}年度报告',
  '{a}{y}年政府信息公开工作的年度报告',
  '{a} {y} 年政府信息公开工作年度报告',
  '{a}关于{y}年政府信息公开工作的年度报告',
  '《{a}{y}年政府信息公开工作年度报告》',
];

/** Fill every option not given, from the seed. */
export function resolveLayout(opts: LayoutOptions): ResolvedLayout {
  const rng = new Rng((opts.seed ?? 0) ^ 0x2545f491);
  const pdf = opts.family === 'pdf';
  const pick = <K extends keyof LayoutOptions>(k: K, f: () => NonNullable<LayoutOptions[K]>): NonNullable<LayoutOptions[K]> => {
    const d = f(); // always draw, so one option given does not shift the others
    return (opts[k] ?? d) as NonNullable<LayoutOptions[K]>;
  };
  return {
    family: opts.family,
    seed: opts.seed ?? 0,
    labelWidth: pick('labelWidth', () => rng.int(4, 40)),
    cellWidth: pick('cellWidth', () => rng.int(2, 6)),
    valueWrap: pick('valueWrap', () => (rng.chance(0.5) ? 0 : rng.pick([0.1, 0.3, 0.6]))),
    proseWidth: pick('proseWidth', () => (pdf ? rng.int(24, 44) : 0)),
    variants: pick('variants', () => rng.chance(0.5)),
    kangxi: pick('kangxi', () => rng.chance(pdf ? 0.3 : 0.1)),
    fullWidth: pick('fullWidth', () =>
      rng.weighted<'none' | 'values' | 'all'>([
        [8, 'none'],
        [1, 'values'],
        [1, 'all'],
      ]),
    ),
    thousands: pick('thousands', () => rng.chance(0.5)),
    noise: pick('noise', () => rng.chance(pdf ? 0.6 : 0.15)),
    titleForm: pick('titleForm', () =>
      rng.weighted([
        [6, 0],
        [1, 1],
        [1, 2],
        [1, 3],
        [1, 4],
        [1, 5],
      ]),
    ),
    titleAfterHeading: pick('titleAfterHeading', () => rng.chance(0.1)),
    headingNumbers: pick('headingNumbers', () => (rng.chance(0.15) ? 'arabic23' : 'cn')),
    blankLines: pick('blankLines', () => rng.chance(pdf ? 0.7 : 0.4)),
  };
}

// ——— output with positions ———

export type LineKind = 'blank' | 'title' | 'heading' | 'prose' | 'noise' | 'caption' | 'header' | 'label' | 'values' | 'row' | 'rule';

export interface RenderedCell {
  table: TableId;
  row: string;
  col: string;
  /** Offsets [start, end) of the value's token in the text. */
  start: number;
  end: number;
}

export interface RenderedLine {
  /** Offsets of the line's text (without its newline). */
  start: number;
  end: number;
  kind: LineKind;
  table?: TableId;
  /** Row (or group) whose label is on this line. */
  row?: string;
}

export interface Rendered {
  text: string;
  cells: RenderedCell[];
  lines: RenderedLine[];
  layout: ResolvedLayout;
  /** Number of pages when page noise was written. */
  pages: number;
}

interface CellRef {
  table: TableId;
  row: string;
  col: string;
}

class Writer {
  private parts: string[] = [];
  pos = 0;
  private lineStart = 0;
  private hasCell = false;
  private labelRow: string | undefined;
  private lineTable: TableId | undefined;
  cells: RenderedCell[] = [];
  lines: RenderedLine[] = [];
  /** Lines since the last page break. */
  private onPage = 0;
  page = 1;

  constructor(
    private readonly pageLen: number,
    private readonly pageBreak: ((w: Writer) => void) | null,
  ) {}

  put(s: string): void {
    this.parts.push(s);
    this.pos += s.length;
  }

  /** Put a row label (fragment); the line is then a label line of that row. */
  label(s: string, table: TableId, row: string): void {
    this.labelRow = row;
    this.lineTable = table;
    this.put(s);
  }

  cell(ref: CellRef, raw: string): void {
    this.cells.push({ ...ref, start: this.pos, end: this.pos + raw.length });
    this.hasCell = true;
    this.lineTable = ref.table;
    this.put(raw);
  }

  end(kind?: LineKind, table?: TableId): void {
    const k: LineKind = kind ?? (this.labelRow !== undefined ? (this.hasCell ? 'row' : 'label') : this.hasCell ? 'values' : 'blank');
    const line: RenderedLine = { start: this.lineStart, end: this.pos, kind: k };
    const t = table ?? this.lineTable;
    if (t) line.table = t;
    if (this.labelRow !== undefined) line.row = this.labelRow;
    this.lines.push(line);
    this.put('\n');
    this.lineStart = this.pos;
    this.hasCell = false;
    this.labelRow = undefined;
    this.lineTable = undefined;
    this.onPage++;
  }

  line(s: string, kind: LineKind, table?: TableId): void {
    this.put(s);
    this.end(kind, table);
  }

  blank(): void {
    this.end('blank');
  }

  /** Between rows or paragraphs: a page may end here. */
  boundary(): void {
    if (this.pageBreak && this.onPage >= this.pageLen) {
      this.onPage = 0;
      this.page++;
      this.pageBreak(this);
      this.onPage = 0;
    }
  }

  text(): string {
    return this.parts.join('');
  }
}

// ——— wrapping ———

/** A break between s[i-1] and s[i] is allowed unless it would cut a number off the text it belongs to. */
function canBreak(s: string, i: number): boolean {
  const prev = s[i - 1] ?? '';
  const prev2 = s[i - 2] ?? '';
  if (/\d/.test(prev)) return false; // 保留4|位, 2024|年: a digit never ends a line
  if (prev === '.' && /\d/.test(prev2)) return false; // 1.|属于
  if (/[。，、；：）》」”]/.test(s[i] ?? '')) return false; // closing punctuation never starts a line
  return true;
}

const NULL_LIKE = /^(?:[—–-]{1,2}|\/|无|空)$/;

/** Cut `s` into lines of at most `width` characters (longer only where no break is allowed). */
export function wrap(s: string, width: number): string[] {
  if (width <= 0 || s.length <= width) return [s];
  const out: string[] = [];
  let start = 0;
  while (s.length - start > width) {
    let cut = start + width;
    while (cut > start + 1 && !canBreak(s, cut)) cut--;
    if (cut <= start + 1 && !canBreak(s, cut)) {
      cut = start + width;
      while (cut < s.length && !canBreak(s, cut)) cut++;
    }
    if (cut >= s.length) break;
    out.push(s.slice(start, cut));
    start = cut;
  }
  out.push(s.slice(start));
  // A fragment that reads as a null mark (a lone 无) would be taken for a cell: keep it with its neighbour.
  for (let i = out.length - 1; i > 0; i--) {
    if (NULL_LIKE.test(out[i]!.trim())) {
      out[i - 1] += out[i]!;
      out.splice(i, 1);
    }
  }
  return out.filter((x) => x.length > 0);
}

// ——— labels and numbers ———

/** Spellings seen in real reports (spec §8, labels.json variants), by row key. */
const ROW_VARIANTS: Record<string, string[]> = {
  'denied.lawProhibited': ['其他法律法规禁止公开'],
  'denied.safetyStability': ['危及"三安全一稳定"', '危及三安全一稳定', '危及‘三安全一稳定’'],
  partial: ['部分公开'],
  'declined.confirm': ['要求行政机关确认或重新出具'],
  'other.overdueCorrection': ['申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请'],
  'other.overdueFee': ['申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请'],
};
const T2_ROW_VARIANTS: Record<string, Record<string, string[]>> = {
  '2021': { normativeDocuments: ['规范性文件'] },
  '2019': { normativeDocuments: ['行政规范性文件'] },
};
const COLUMN_VARIANTS: Record<string, string[]> = {
  feesWan: ['本年收费金额（单位：万元，保留4位小数）', '本年收费金额(单位:万元)'],
};
const SECTION_LABELS: { no: string; label: string; variants: string[] }[] = [
  { no: '一', label: '总体情况', variants: [] },
  { no: '二', label: '主动公开政府信息情况', variants: [] },
  { no: '三', label: '收到和处理政府信息公开申请情况', variants: [] },
  {
    no: '四',
    label: '政府信息公开行政复议、行政诉讼情况',
    variants: ['因政府信息公开工作被申请行政复议和提起行政诉讼情况', '政府信息公开行政复议及行政诉讼情况'],
  },
  { no: '五', label: '存在的主要问题及改进情况', variants: ['政府信息公开工作存在的主要问题及改进情况'] },
  { no: '六', label: '其他需要报告的事项', variants: [] },
];

interface Ctx {
  w: Writer;
  v: ReportValues;
  L: ResolvedLayout;
  rng: Rng;
  /** Per-report choices of label spellings, made once so a report is consistent with itself. */
  halfWidthParens: boolean;
  parenSpace: boolean;
}

/** A list number as printed: （一） or (一) or (一)␠. */
function printedNumber(c: Ctx, number: string | undefined): string {
  if (!number) return '';
  if (!c.halfWidthParens || !number.startsWith('（')) return number;
  return number.replace('（', '(').replace('）', ')') + (c.parenSpace ? ' ' : '');
}

function rowLabel(c: Ctx, row: RowDef, variants: string[] = ROW_VARIANTS[row.key] ?? []): string {
  const label = c.L.variants && variants.length && c.rng.chance(0.5) ? c.rng.pick(variants) : row.label;
  return printedNumber(c, row.number) + label;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A table value as written: grouping, decimals, signs, units and null marks as real reports do. */
function formatValue(c: Ctx, x: number, col: ColumnDef | null, table: TableId): string {
  const { L, rng } = c;
  const type = col?.type ?? 'int';
  const abs = Math.abs(x);
  let body: string;
  if (type === 'decimal') {
    const plain = String(abs);
    const dot = plain.indexOf('.');
    const decimals = dot < 0 ? 0 : plain.length - dot - 1;
    // Some write a fixed number of decimals (143.2000); never fewer than the value has.
    const fixed = decimals <= 4 && rng.chance(0.3) ? abs.toFixed(rng.int(decimals, 4)) : plain;
    const [ip, fp] = fixed.split('.');
    body = (L.thousands && abs >= 1000 ? groupThousands(ip!) : ip!) + (fp !== undefined ? '.' + fp : '');
  } else {
    body = L.thousands && abs >= 1000 ? groupThousands(String(abs)) : String(abs);
  }
  if (type === 'signed-int') {
    if (x < 0) return (L.variants && rng.chance(0.3) ? '减' : '-') + body;
    if (x > 0 && L.variants && rng.chance(0.4)) return (rng.chance(0.5) ? '+' : '增') + body;
    return body;
  }
  if (table === 't2' && L.variants) {
    if (x === 0 && type === 'int' && rng.chance(0.1)) return rng.pick(['-', '—', '/']); // C5: none written as a dash
    if (type === 'int' && rng.chance(0.05)) return body + '件'; // C7
    if (col?.key === 'amount' && rng.chance(0.3)) return body + '元';
  }
  return body;
}

// ——— prose ———

const OVERVIEW_2021 = ['主动公开情况', '依申请公开情况', '政府信息管理情况', '政府信息公开平台建设情况', '监督保障情况'];
const FILLER: readonly string[] = [
  '围绕年度政务公开工作要点，细化任务分工，明确责任科室和完成时限，推动各项任务落到实处。',
  '对涉及群众切身利益的重要事项，通过政策解读、图文说明等方式及时回应社会关切。',
  '坚持以公开为常态、不公开为例外，持续完善政务公开工作机制。',
  '严格执行信息发布审核制度，确保公开内容准确规范。',
  '及时更新政府信息公开指南和目录，方便公众查阅。',
  '依托门户网站和政务新媒体发布各类政务信息。',
  '将政务公开工作纳入年度目标考核，定期开展自查。',
  '进一步规范依申请公开办理流程，按时答复申请人。',
  '加强公开平台日常维护，保障栏目内容及时更新。',
  '组织工作人员参加业务培训，提升公开工作水平。',
];

function sentences(c: Ctx, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += c.rng.pick(FILLER);
  return s;
}

const fmtPlain = (c: Ctx, n: number): string => (c.L.thousands && n >= 1000 ? groupThousands(String(n)) : String(n));

/** A paragraph, wrapped at the prose width in the pdf family. */
function paragraph(c: Ctx, text: string): void {
  for (const l of wrap(text, c.L.family === 'pdf' ? c.L.proseWidth : 0)) c.w.line(l, 'prose');
  c.w.boundary();
}

function subNumber(c: Ctx, i: number, style: number): string {
  const cn = '一二三四五六七八九'[i]!;
  return style === 0 ? `（${cn}）` : style === 1 ? `(${cn}) ` : `${i + 1}、`;
}

function sectionOne(c: Ctx): void {
  const { v, rng } = c;
  const style = c.L.variants ? rng.int(0, 2) : 0;
  const requests = v.tables.t3['newReceived']?.['total'] ?? 0;
  const facts: string[] = [];
  if (v.narrative.proactiveItems !== null) facts.push(`全年主动公开政府信息${fmtPlain(c, v.narrative.proactiveItems)}条。`);
  if (v.narrative.mentionRequests)
    facts.push(requests > 0 ? `本年共收到政府信息公开申请${fmtPlain(c, requests)}件，均已按时答复。` : '本年未收到政府信息公开申请。');
  paragraph(c, `${v.year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，` + sentences(c, rng.int(1, 3)));
  const topics = v.template === '2021' || rng.chance(0.5) ? OVERVIEW_2021 : null;
  if (topics) {
    topics.forEach((t, i) => {
      c.w.line(subNumber(c, i, style) + t, 'prose');
      const fact = i === 0 ? facts.find((f) => f.includes('主动公开')) : i === 1 ? facts.find((f) => f.includes('申请')) : undefined;
      paragraph(c, (fact ?? '') + sentences(c, rng.int(1, 4)));
    });
  } else paragraph(c, facts.join('') + sentences(c, rng.int(3, 8)));
}

function feeSentence(c: Ctx, fee: FeeFacts): string {
  const y = c.v.year;
  switch (fee.kind) {
    case 'full':
      return `${y}年，本机关发出收费通知的件数为${fmtPlain(c, fee.noticeCount)}件，总金额为${fmtPlain(c, fee.noticeAmount)}元，实际收取的总金额为${fmtPlain(c, fee.collectedAmount)}元。`;
    case 'none-collected':
      return `本机关依据《政府信息公开信息处理费管理办法》规定，${y}年度未收取信息处理费。`;
    case 'absent':
      return `${y}年本机关无其他需要报告的事项。`;
  }
}

// ——— headings and title ———

function heading(c: Ctx, i: number): void {
  const s = SECTION_LABELS[i]!;
  const label = c.L.variants && s.variants.length && c.rng.chance(0.5) ? c.rng.pick(s.variants) : s.label;
  const num = c.L.headingNumbers === 'arabic23' && (i === 1 || i === 2) ? `${i + 1}、 ` : `${s.no}、`;
  c.w.line(num + label, 'heading');
}

export function titleOf(v: Pick<ReportValues, 'agency' | 'year'>, form: number): string {
  return TITLE_FORMS[form % TITLE_FORMS.length]!.replace('{a}', v.agency).replace('{y}', String(v.year));
}

function title(c: Ctx): void {
  const t = titleOf(c.v, c.L.titleForm);
  // Set large, a title takes one line or two: the first full, the second the rest.
  const width = c.L.family === 'pdf' && c.rng.chance(0.4) ? Math.max(Math.ceil(t.length / 2), Math.min(t.length, c.L.proseWidth - 8)) : t.length;
  let cut = Math.min(width, t.length);
  while (cut > 1 && !canBreak(t, cut)) cut--;
  if (cut < t.length / 2) for (cut = width; cut < t.length && !canBreak(t, cut); cut++);
  for (const l of cut > 0 && cut < t.length ? [t.slice(0, cut), t.slice(cut)] : [t]) c.w.line(l, 'title');
}

// ——— tables, per family ———

type GridCell = string | { ref: CellRef; raw: string };

function emitGridRow(c: Ctx, cells: GridCell[], table: TableId, row?: string, kind?: LineKind): void {
  const md = c.L.family === 'markdown';
  const sep = md ? ' | ' : '\t';
  if (md) c.w.put('| ');
  cells.forEach((cell, i) => {
    if (i > 0) c.w.put(sep);
    if (typeof cell === 'string') {
      if (row !== undefined && cell) c.w.label(cell, table, row);
      else c.w.put(cell);
    } else c.w.cell(cell.ref, cell.raw);
  });
  if (md) c.w.put(' |');
  c.w.end(kind, table);
}

function emitRule(c: Ctx, n: number): void {
  if (c.L.family === 'markdown') c.w.line('| ' + Array.from({ length: n }, () => '---').join(' | ') + ' |', 'rule');
}

/** One-cell-per-line: each cell on its own tab-indented line; a cell's own line breaks are kept. */
function emitCellsRow(c: Ctx, cells: GridCell[], table: TableId, row?: string, kind?: LineKind): void {
  for (const cell of cells) {
    if (typeof cell === 'string') {
      const parts = cell.split('\n');
      parts.forEach((p, i) => {
        c.w.put(i === 0 ? '\t' : '');
        if (row !== undefined && p) c.w.label(p, table, row);
        else c.w.put(p);
        c.w.end(kind ?? (row !== undefined && p ? undefined : cell ? 'header' : 'blank'), table);
      });
    } else {
      // L6: padding with spaces, NBSP, U+3000 around numbers
      c.w.put('\t' + c.rng.pick(['', '', ' ', '　', '　　', ' 　', '\u00a0']));
      c.w.cell(cell.ref, cell.raw);
      if (c.rng.chance(0.2)) c.w.put(' ');
      c.w.end('values', table);
    }
  }
  c.w.blank();
  c.w.boundary();
}

/** A header cell as a DOCX cell may hold it: wrapped inside the cell (商业\n企业). */
const cellText = (c: Ctx, s: string): string => (s.length >= 4 && c.rng.chance(0.3) ? wrap(s, 2).join('\n') : s);

function endRow(c: Ctx): void {
  if (c.L.blankLines) c.w.blank();
  c.w.boundary();
}

/** pdf family: a data row — label (wrapped) and its values, possibly on the next line and split (L3). */
function pdfRow(c: Ctx, table: TableId, row: string, label: string, values: { ref: CellRef; raw: string }[]): void {
  const { w, rng, L } = c;
  const lines = label ? wrap(label, L.labelWidth) : [];
  const sameLine = lines.length === 0 || (lines.length === 1 ? rng.chance(0.85) : rng.chance(0.4));
  lines.forEach((l, i) => {
    w.label(l, table, row);
    if (i < lines.length - 1 || !sameLine) w.end();
  });
  if (!sameLine && L.blankLines && rng.chance(0.5)) w.blank();
  let split = values.length >= 2 && rng.chance(L.valueWrap) ? rng.int(1, values.length - 1) : -1;
  values.forEach((v, i) => {
    if (i === split) {
      w.end();
      split = -1;
    } else if (i > 0 || (sameLine && lines.length > 0)) w.put(' ');
    w.cell(v.ref, v.raw);
  });
  w.end();
  endRow(c);
}

/** pdf family: a narrow cell's text wrapped on its own lines (header cells, group labels). */
function pdfNarrow(c: Ctx, s: string, table: TableId, row?: string): void {
  for (const l of wrap(s, c.L.cellWidth)) {
    if (row !== undefined) c.w.label(l, table, row);
    else c.w.put(l);
    c.w.end(row !== undefined ? undefined : 'header', table);
  }
}

function valueCells(c: Ctx, table: TableId, row: string, cols: readonly ColumnDef[], get: (col: string) => number): { ref: CellRef; raw: string }[] {
  return cols.map((col) => ({ ref: { table, row, col: col.key }, raw: formatValue(c, get(col.key), col, table) }));
}

// 表二

function table2(c: Ctx): void {
  const { v, L, rng, w } = c;
  const tpl = TEMPLATES[v.template];
  const width = 1 + Math.max(...tpl.t2.map((b) => b.columns.length));
  const pad = (cells: GridCell[]): GridCell[] => [...cells, ...Array.from({ length: width - cells.length }, () => '')];
  const rowVariants = T2_ROW_VARIANTS[v.template] ?? {};
  const stackedHeader = rng.chance(0.3);
  for (const block of tpl.t2) {
    const colLabels = block.columns.map((col) => (L.variants && COLUMN_VARIANTS[col.key] && rng.chance(0.5) ? rng.pick(COLUMN_VARIANTS[col.key]!) : col.label));
    const rows = block.rows.map((row) => ({
      key: row.key,
      label: rowLabel(c, row, rowVariants[row.key] ?? []),
      cells: valueCells(c, 't2', row.key, block.columns, (col) => v.tables.t2[row.key]![col]!),
    }));
    switch (L.family) {
      case 'pdf':
        w.line(block.title, 'caption', 't2');
        if (stackedHeader) {
          for (const h of ['信息内容', ...colLabels]) pdfNarrow(c, h, 't2');
        } else w.line(['信息内容', ...colLabels].join(' '), 'header', 't2');
        if (L.blankLines) w.blank();
        for (const r of rows) pdfRow(c, 't2', r.key, r.label, r.cells);
        break;
      case 'cells':
        emitCellsRow(c, [block.title], 't2', undefined, 'caption');
        emitCellsRow(c, ['信息内容', ...colLabels.map((l) => cellText(c, l))], 't2', undefined, 'header');
        for (const r of rows) emitCellsRow(c, [r.label, ...r.cells], 't2', r.key);
        break;
      case 'tsv':
      case 'markdown':
        emitGridRow(c, pad([block.title]), 't2', undefined, 'caption');
        emitRule(c, width);
        emitGridRow(c, pad(['信息内容', ...colLabels]), 't2', undefined, 'header');
        for (const r of rows) {
          emitGridRow(c, pad([r.label, ...r.cells]), 't2', r.key);
          w.boundary();
        }
        break;
    }
    if (L.family !== 'cells') endRow(c);
  }
}

// 表三

const T3_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const ORG_COLUMNS = T3_COLUMNS.slice(1, 6).map((col) => col.label);

function table3(c: Ctx): void {
  const { v, L, rng, w } = c;
  const rows = t3Rows(v.t3Shape);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const note = L.variants && rng.chance(0.3) ? T3_NOTE.replace('（', '(').replace('）', ')') : T3_NOTE;
  const totalInColumnA = rng.chance(0.3);
  // Header.
  switch (L.family) {
    case 'pdf': {
      for (const l of wrap(note, rng.chance(0.5) ? L.proseWidth : 0)) w.line(l, 'header', 't3');
      w.line('申请人情况', 'header', 't3');
      if (rng.chance(0.5)) {
        // Stacked narrow cells, in reading order; 总计 glued to the next cell's first line (总计商业\n企业).
        const heads = ['自然人', '法人或其他组织', '总计', ...ORG_COLUMNS];
        const glue = rng.chance(0.5);
        for (let i = 0; i < heads.length; i++) {
          const parts = wrap(heads[i]!, heads[i] === '法人或其他组织' ? 8 : L.cellWidth);
          if (glue && heads[i] === '总计') {
            const next = wrap(heads[i + 1]!, L.cellWidth);
            w.line('总计' + next[0], 'header', 't3');
            for (const p of next.slice(1)) w.line(p, 'header', 't3');
            i++;
            continue;
          }
          for (const p of parts) w.line(p, 'header', 't3');
          if (L.blankLines) w.blank();
        }
      } else {
        w.line('自然人 法人或其他组织 总计', 'header', 't3');
        w.line(ORG_COLUMNS.join(' '), 'header', 't3');
      }
      if (L.blankLines) w.blank();
      break;
    }
    case 'cells':
      emitCellsRow(c, [note, '申请人情况'], 't3', undefined, 'header');
      emitCellsRow(c, ['', '自然人', '法人或其他组织', '总计'], 't3', undefined, 'header');
      emitCellsRow(c, ['', '', ...ORG_COLUMNS.map((l) => cellText(c, l)), ''], 't3', undefined, 'header');
      break;
    case 'tsv':
    case 'markdown':
      emitGridRow(c, [note, '', '', '申请人情况', '', '', '', '', '', ''], 't3', undefined, 'header');
      emitRule(c, 10);
      emitGridRow(c, ['', '', '', '自然人', '法人或其他组织', '', '', '', '', '总计'], 't3', undefined, 'header');
      emitGridRow(c, ['', '', '', '', ...ORG_COLUMNS, ''], 't3', undefined, 'header');
      break;
  }
  // Rows. A group label is printed once, in the first row it spans.
  const printedGroups = new Set<string>();
  for (const row of rows) {
    if (row.kind !== 'data') continue;
    const chain: RowDef[] = [];
    for (let p = row.parent; p; p = byKey.get(p)?.parent) chain.unshift(byKey.get(p)!);
    const label = rowLabel(c, row);
    const cells = valueCells(c, 't3', row.key, T3_COLUMNS, (col) => v.tables.t3[row.key]![col]!);
    const fresh = chain.filter((g) => !printedGroups.has(g.key));
    fresh.forEach((g) => printedGroups.add(g.key));
    const groupLabel = (g: RowDef): string => rowLabel(c, g, []);
    switch (L.family) {
      case 'pdf':
        for (const g of fresh) {
          pdfNarrow(c, groupLabel(g), 't3', g.key);
          if (L.blankLines) w.blank();
        }
        pdfRow(c, 't3', row.key, label, cells);
        break;
      case 'cells': {
        // Column A (一/二/三/四), column B ((一)…(七)), column C (1.…8.): a merged cell is an empty line.
        emitLeadRow(
          c,
          chain.map((g) => (fresh.includes(g) ? groupLabel(g) : '')),
          label,
          row.key,
          cells,
        );
        break;
      }
      case 'tsv':
      case 'markdown': {
        const lead = chain.map((g) => (fresh.includes(g) ? groupLabel(g) : ''));
        const cols: string[] = [...lead, label];
        if (row.key === 'total' && totalInColumnA) cols.splice(0, cols.length, label);
        while (cols.length < 3) cols.push('');
        emitGridRow(c, [...cols, ...cells], 't3', row.key);
        w.boundary();
        break;
      }
    }
  }
  if (L.family !== 'cells') endRow(c);
}

/** cells family: the lead cells of a table 三 row (group labels, or empty lines where merged), then its label and values. */
function emitLeadRow(c: Ctx, lead: string[], label: string, row: string, cells: { ref: CellRef; raw: string }[]): void {
  const { w } = c;
  for (const l of lead) {
    w.put('\t');
    if (l) w.label(l, 't3', row);
    w.end(l ? undefined : 'blank', 't3');
  }
  emitCellsRow(c, [label, ...cells], 't3', row);
}

// 表四

function table4(c: Ctx): void {
  const { v, L, rng, w } = c;
  const colLabels = T4_COLUMNS.map((col) => col.label);
  const cells = T4_GROUPS.flatMap((g) => valueCells(c, 't4', g.key, T4_COLUMNS, (col) => v.tables.t4[g.key]![col]!));
  switch (L.family) {
    case 'pdf': {
      w.line('行政复议 行政诉讼', 'header', 't4');
      const stacked = rng.chance(0.5);
      const group = (): void => {
        if (stacked) for (const h of colLabels) pdfNarrow(c, h, 't4');
        else w.line(colLabels.join(' '), 'header', 't4');
      };
      group();
      w.line('未经复议直接起诉 复议后起诉', 'header', 't4');
      if (stacked) {
        group();
        group();
      } else w.line([...colLabels, ...colLabels].join(' '), 'header', 't4');
      if (L.blankLines) w.blank();
      pdfRow(c, 't4', 'values', '', cells);
      break;
    }
    case 'cells':
      emitCellsRow(c, ['行政复议', '行政诉讼'], 't4', undefined, 'header');
      emitCellsRow(c, [...colLabels.map((l) => cellText(c, l)), '未经复议直接起诉', '复议后起诉'], 't4', undefined, 'header');
      emitCellsRow(c, ['', '', '', '', '', ...colLabels.map((l) => cellText(c, l)), ...colLabels.map((l) => cellText(c, l))], 't4', undefined, 'header');
      emitCellsRow(c, cells, 't4');
      break;
    case 'tsv':
    case 'markdown': {
      const blank = (n: number): string[] => Array.from({ length: n }, () => '');
      emitGridRow(c, ['行政复议', ...blank(4), '行政诉讼', ...blank(9)], 't4', undefined, 'header');
      emitRule(c, 15);
      emitGridRow(c, [...colLabels, '未经复议直接起诉', ...blank(4), '复议后起诉', ...blank(4)], 't4', undefined, 'header');
      emitGridRow(c, [...blank(5), ...colLabels, ...colLabels], 't4', undefined, 'header');
      emitGridRow(c, cells, 't4', undefined, 'values');
      endRow(c);
      break;
    }
  }
}

// ——— post-processing: character substitutions that keep every offset ———

let kangxiMap: Map<string, string[]> | null = null;

/** Normal ideograph → the radical forms that fold to it (Kangxi block and CJK Radicals Supplement). */
function kangxiForms(): Map<string, string[]> {
  if (kangxiMap) return kangxiMap;
  const m = new Map<string, string[]>();
  const add = (target: string, form: string): void => {
    if (target.length !== 1 || form.length !== 1) return;
    m.set(target, [...(m.get(target) ?? []), form]);
  };
  for (let cp = 0x2f00; cp <= 0x2fd5; cp++) {
    const form = String.fromCharCode(cp);
    const n = form.normalize('NFKC');
    add(RADICAL_MAP[n] ?? n, form);
  }
  for (const [form, target] of Object.entries(RADICAL_MAP)) if (form.codePointAt(0)! >= 0x2e80 && form.codePointAt(0)! <= 0x2eff) add(target, form);
  kangxiMap = m;
  return m;
}

const toFullWidth = (ch: string): string => (/[0-9.,+-]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch);

function substitute(text: string, cells: RenderedCell[], L: ResolvedLayout, rng: Rng): string {
  if (!L.kangxi && L.fullWidth === 'none') return text;
  const chars = text.split('');
  if (L.kangxi) {
    const forms = kangxiForms();
    const choice = new Map<string, string>();
    for (let i = 0; i < chars.length; i++) {
      const f = forms.get(chars[i]!);
      if (!f) continue;
      let pick = choice.get(chars[i]!);
      if (pick === undefined) choice.set(chars[i]!, (pick = rng.pick(f)));
      chars[i] = pick;
    }
  }
  if (L.fullWidth === 'all') {
    for (let i = 0; i < chars.length; i++) if (/[0-9]/.test(chars[i]!)) chars[i] = toFullWidth(chars[i]!);
  }
  if (L.fullWidth !== 'none') {
    for (const cell of cells) for (let i = cell.start; i < cell.end; i++) chars[i] = toFullWidth(chars[i]!);
  }
  const out = chars.join('');
  if (out.length !== text.length) throw new Error('substitute: offsets moved'); // programmer error
  return out;
}

// ——— the report ———

function pageBreaker(L: ResolvedLayout, v: ReportValues, totalPages: number, rng: Rng): ((w: Writer) => void) | null {
  if (!L.noise) return null;
  const footer = rng.int(0, 3);
  const running = rng.weighted<string | null>([
    [2, null],
    [2, titleOf(v, L.titleForm)],
    [1, `${v.agency}政府信息公开工作年度报告`],
  ]);
  return (w: Writer) => {
    const p = w.page - 1; // the page that just ended
    const n = Math.max(totalPages, w.page);
    const f = footer === 0 ? `- ${p} -` : footer === 1 ? `第 ${p} 页 共 ${n} 页` : footer === 2 ? `— ${p} —` : `第${p}页`;
    w.blank();
    w.line(f, 'noise');
    if (running) w.line(running, 'noise');
    w.blank();
  };
}

function renderOnce(v: ReportValues, L: ResolvedLayout, totalPages: number): Writer {
  const rng = new Rng(L.seed);
  const pageRng = new Rng(L.seed ^ 0x68e31da4);
  const w = new Writer(pageRng.int(25, 60), pageBreaker(L, v, totalPages, pageRng));
  const c: Ctx = { w, v, L, rng, halfWidthParens: L.variants && rng.chance(0.5), parenSpace: rng.chance(0.5) };
  if (rng.chance(0.5)) w.blank();
  if (!L.titleAfterHeading) {
    title(c);
    w.blank();
  }
  if (rng.chance(0.3)) paragraph(c, `本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限为${v.year}年1月1日至${v.year}年12月31日。`);
  heading(c, 0);
  if (L.titleAfterHeading) {
    w.blank();
    title(c);
    w.blank();
  }
  sectionOne(c);
  w.blank();
  heading(c, 1);
  if (L.blankLines) w.blank();
  table2(c);
  w.blank();
  heading(c, 2);
  if (L.blankLines) w.blank();
  table3(c);
  w.blank();
  heading(c, 3);
  if (L.blankLines) w.blank();
  table4(c);
  w.blank();
  heading(c, 4);
  if (rng.chance(0.5)) {
    w.line(subNumber(c, 0, 0) + '存在的主要问题', 'prose');
    paragraph(c, '公开内容的深度和广度仍需拓展，部分栏目更新不够及时。');
    w.line(subNumber(c, 1, 0) + '改进措施', 'prose');
    paragraph(c, sentences(c, rng.int(1, 4)));
  } else paragraph(c, '工作中仍存在信息更新不够及时等问题。下一步，' + sentences(c, rng.int(1, 4)));
  w.blank();
  heading(c, 5);
  paragraph(c, feeSentence(c, v.narrative.fee));
  if (v.template === '2021' && rng.chance(0.3)) {
    w.line(subNumber(c, 0, 0) + '落实上级年度政务公开工作要点情况', 'prose');
    paragraph(c, sentences(c, 1));
  }
  return w;
}

/** Render and return the text with the position of every table value and line. */
export function renderReportDetailed(v: ReportValues, opts: LayoutOptions): Rendered {
  const L = resolveLayout(opts);
  // Two passes when pages are numbered 第 p 页 共 n 页: the first one counts the pages.
  let w = renderOnce(v, L, 0);
  if (L.noise) w = renderOnce(v, L, w.page);
  const text = substitute(w.text(), w.cells, L, new Rng(L.seed ^ 0x1b873593));
  return { text, cells: w.cells, lines: w.lines, layout: L, pages: w.page };
}

/** Render a report's values as text in the given layout. Deterministic: same values and options, same text. */
export function renderReport(v: ReportValues, opts: LayoutOptions): string {
  return renderReportDetailed(v, opts).text;
}
