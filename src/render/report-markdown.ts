/**
 * The annual report as Markdown: the title, the six sections as headings with their paragraphs,
 * and the three statutory tables as pipe tables. Markdown has no merged cells, so each table's
 * merged headers are flattened into one header row of full names (申请人情况-法人或其他组织-商业企业,
 * 行政诉讼-未经复议直接起诉-结果维持) and table 三's row labels carry their group
 * (三、本年度办理结果-（三）不予公开-1.属于国家秘密); table 二 is one pipe table per block of 第二十条,
 * under the block's title. A blank cell stays empty. Text is escaped so it cannot become markup.
 * Pure: no I/O.
 */
import type { Report } from '../model/report.js';
import { T4_GROUPS } from '../model/templates.js';
import { layoutReport, placeCells, t4GroupParts, type GridCell, type GridTable, type RenderOptions, type RenderResult } from './report-layout.js';

/** Markdown's inline punctuation escaped (a table cell: no block can start there). */
const escapeInline = (s: string): string => s.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);

/** Text safe in a paragraph or heading: Markdown's punctuation escaped, a line start that would open a block neutralised. */
export function escapeMarkdown(s: string): string {
  return escapeInline(s)
    .replace(/^(\s*)(?:([#+=-])|(\d+)([.)]))/, (_m, sp: string, mark?: string, digits?: string, end?: string) =>
      mark ? `${sp}\\${mark}` : `${sp}${digits}\\${end}`,
    )
    .replace(/\r?\n/g, ' ');
}

/** Text safe in a pipe-table cell. */
const cellMd = (s: string): string => escapeInline(s).replace(/\s+/g, ' ').trim();

/** A blank value cell: an em dash, since an empty cell between two pipes leaves no trace in the text. */
export const MD_BLANK = '—';
const blank = (s: string): string => (s === '' ? MD_BLANK : s);

interface Flat {
  header: string[];
  rows: string[][];
}

/**
 * A grid flattened: header rows joined per column (the names of the cells above it, top to
 * bottom, each once, with '-'); below them, row labels joined the same way per row (the label
 * cells covering it, left to right), then the values. `labelCols` columns hold labels.
 */
function flatten(t: GridTable, labelCols: number, skipHeads: readonly string[] = []): Flat {
  const placed = placeCells(t);
  const slot: (GridCell | null)[][] = t.rows.map(() => t.widths.map(() => null));
  for (const row of placed)
    for (const p of row)
      for (let r = p.row; r < p.row + p.cell.rowSpan && r < t.rows.length; r++) for (let c = p.col; c < p.col + p.cell.colSpan; c++) slot[r]![c] = p.cell;
  const join = (cells: (GridCell | null)[]): string => {
    const names: string[] = [];
    for (const c of cells) if (c && c.text && !names.includes(c.text) && !skipHeads.includes(c.text)) names.push(c.text);
    return names.join('-');
  };
  const header = labelCols ? [join(slot.slice(0, t.headerRows).map((r) => r[0]!))] : [];
  for (let c = labelCols; c < t.widths.length; c++) header.push(join(slot.slice(0, t.headerRows).map((r) => r[c]!)));
  const rows = slot
    .slice(t.headerRows)
    .map((r) => [...(labelCols ? [join(r.slice(0, labelCols))] : []), ...r.slice(labelCols).map((c) => blank(c?.text ?? ''))]);
  return { header, rows };
}

const pipeTable = (f: Flat): string[] => [
  `| ${f.header.map(cellMd).join(' | ')} |`,
  `|${f.header.map((_, i) => (i === 0 ? ' --- ' : ' :---: ')).join('|')}|`,
  ...f.rows.map((r) => `| ${r.map(cellMd).join(' | ')} |`),
];

/** 表二: per block, its title in bold and a pipe table of 信息内容 and the block's columns. */
function table2Md(t: GridTable): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < t.rows.length) {
    const title = t.rows[i]![0]!;
    const head = t.rows[i + 1]!;
    let end = i + 2;
    while (end < t.rows.length && !t.rows[end]![0]!.band) end++;
    out.push(`**${escapeMarkdown(title.text)}**`, '');
    out.push(
      ...pipeTable({ header: head.map((c) => c.text), rows: t.rows.slice(i + 2, end).map((r) => r.map((c, k) => (k === 0 ? c.text : blank(c.text)))) }),
      '',
    );
    i = end;
  }
  return out;
}

/** A heading underlined (setext): = for the title, - for a section. */
const setext = (text: string, mark: '=' | '-'): string[] => {
  const t = escapeMarkdown(text);
  return [t, mark.repeat(Math.max(3, [...t].length * 2))];
};

/**
 * 表四's header over both litigation groups (行政诉讼), left out of the flattened names: the groups
 * are named by their own labels (未经复议直接起诉-结果维持 …, 复议后起诉-结果维持 …). With it, every
 * column would name 行政诉讼 next to 尚未审结 and 未经复议, and the parser's phrase for 「未发生行政复议、
 * 行政诉讼」 (src/parse/narrative.ts RE_NO_REVIEW) matches the header row: the record read back would
 * say the report states there was no review or litigation.
 */
const T4_SKIPPED = [...new Set(T4_GROUPS.map((g) => t4GroupParts(g.label).parent).filter((p): p is string => p !== null))];

/** The report as Markdown text. */
export function reportMarkdownText(r: Report, opts: RenderOptions = {}): { ok: true; markdown: string; warnings: string[] } | { ok: false; message: string } {
  const laid = layoutReport(r, opts);
  if (!laid.ok) return laid;
  const { layout } = laid;
  const out: string[] = [...setext(layout.title, '='), ''];
  for (const b of layout.blocks) {
    if (b.kind === 'heading') out.push(...setext(b.text, '-'), '');
    else if (b.kind === 'para') out.push(escapeMarkdown(b.text), '');
    else if (b.kind === 'sign')
      out.push(escapeMarkdown(b.text), ''); // Markdown cannot align right: the 落款 as plain lines
    else if (b.table.id === 't2') out.push(...table2Md(b.table));
    else if (b.table.id === 't3') out.push(...pipeTable(flatten(b.table, 3)), '');
    else out.push(...pipeTable(flatten(b.table, 0, T4_SKIPPED)), '');
  }
  return { ok: true, markdown: out.join('\n').replace(/\n+$/, '\n'), warnings: layout.warnings };
}

/** The report as a Markdown file, UTF-8. */
export function reportMarkdown(r: Report, opts: RenderOptions = {}): RenderResult {
  const out = reportMarkdownText(r, opts);
  if (!out.ok) return out;
  return { ok: true, bytes: new TextEncoder().encode(out.markdown), mime: 'text/markdown; charset=utf-8', ext: 'md', warnings: out.warnings };
}
