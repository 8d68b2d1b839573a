/**
 * The annual report as DOCX in the statutory layout, as the official 2021 template
 * (国办公开办函〔2021〕30号) sets it: A4 with the template's margins, 宋体, the title centred in bold
 * 18 pt, the section headings in bold, paragraphs indented two characters, and tables 二, 三, 四
 * with the template's column grids and merged cells — table 二's shaded block rows, table 三's note
 * over three label columns and 申请人情况 / 法人或其他组织 over the applicant columns with its row
 * labels merged down their groups, table 四's 行政复议 / 行政诉讼 groups — 10 pt in the cells. The
 * 2019 template (〔2019〕60号) and the hybrid are laid out the same way with their own rows.
 * Built with the docx package; merges are written cell by cell (gridSpan, vMerge restart and
 * continue) so every grid row is complete. Pure: bytes out, no I/O.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  VerticalMergeType,
  WidthType,
} from 'docx';
import type { Report } from '../model/report.js';
import { layoutReport, placeCells, type GridTable, type RenderOptions, type RenderResult } from './report-layout.js';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const SONG = { ascii: '宋体', eastAsia: '宋体', hAnsi: '宋体', cs: '宋体' };
/** Half-points: 18 pt title, 12 pt text, 10 pt in table cells (the template's sizes). */
const SIZE = { title: 36, text: 24, cell: 20 };
/** Two characters of the template's first-line indent. */
const INDENT = 420;
const LINE = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
const BORDERS = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };

const run = (text: string, o: { bold?: boolean; size?: number } = {}): TextRun =>
  new TextRun({ text, font: SONG, size: o.size ?? SIZE.text, ...(o.bold ? { bold: true } : {}) });

/** Cell margins left and right (twips), as in the template. */
const CELL_MARGIN = 57;

/**
 * The size that keeps a value on one line of its cell (half-points, 10 pt down to 5 pt): a number
 * wrapped over two lines reads as two numbers once the page is printed or converted to PDF.
 */
export function fitSize(text: string, widthTwips: number): number {
  let ems = 0;
  // Digits take about 0.6 em in the Latin fonts a converter falls back to when 宋体 is missing.
  for (const ch of text) ems += ch.charCodeAt(0) < 0x2e80 ? 0.62 : 1;
  if (!ems) return SIZE.cell;
  // One em at s half-points is 10·s twips; keep a little room for the renderer's rounding.
  const fits = Math.floor((widthTwips - 2 * CELL_MARGIN - 20) / (ems * 10));
  return Math.max(10, Math.min(SIZE.cell, fits));
}

function cellParagraph(text: string, align: 'left' | 'center', size = SIZE.cell): Paragraph {
  return new Paragraph({
    alignment: align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER,
    spacing: { before: 0, after: 0 },
    children: text ? [run(text, { size })] : [],
  });
}

/** A grid as a Word table: every row complete, a cell covered from above written as a vMerge continuation. */
function docxTable(t: GridTable): Table {
  const placed = placeCells(t);
  const width = (col: number, span: number): number => t.widths.slice(col, col + span).reduce((s, w) => s + w, 0);
  // Per row, per column: the origin cell covering it from an earlier row (a vertical merge), if any.
  const coveredBy: ({ col: number; colSpan: number } | undefined)[][] = placed.map(() => []);
  for (const row of placed)
    for (const p of row)
      for (let r = p.row + 1; r < p.row + p.cell.rowSpan && r < placed.length; r++) coveredBy[r]![p.col] = { col: p.col, colSpan: p.cell.colSpan };
  const rows = placed.map((row, r) => {
    const cells: TableCell[] = [];
    const origins = new Map(row.map((p) => [p.col, p]));
    for (let col = 0; col < t.widths.length;) {
      const p = origins.get(col);
      const cover = coveredBy[r]![col];
      const common = { verticalAlign: VerticalAlign.CENTER, margins: { left: CELL_MARGIN, right: CELL_MARGIN } };
      if (p) {
        const c = p.cell;
        cells.push(
          new TableCell({
            ...common,
            width: { size: width(col, c.colSpan), type: WidthType.DXA },
            ...(c.colSpan > 1 ? { columnSpan: c.colSpan } : {}),
            ...(c.rowSpan > 1 ? { verticalMerge: VerticalMergeType.RESTART } : {}),
            ...(c.band ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'C6D9F1' } } : {}),
            children: [cellParagraph(c.text, c.align, c.head ? SIZE.cell : fitSize(c.text, width(col, c.colSpan)))],
          }),
        );
        col += c.colSpan;
      } else if (cover) {
        cells.push(
          new TableCell({
            ...common,
            width: { size: width(col, cover.colSpan), type: WidthType.DXA },
            ...(cover.colSpan > 1 ? { columnSpan: cover.colSpan } : {}),
            verticalMerge: VerticalMergeType.CONTINUE,
            children: [cellParagraph('', 'center')],
          }),
        );
        col += cover.colSpan;
      } else col++; // not reached: the layouts fill every slot
    }
    return new TableRow({ children: cells, ...(r < t.headerRows ? { tableHeader: true } : {}), cantSplit: true });
  });
  return new Table({
    rows,
    columnWidths: t.widths,
    width: { size: t.widths.reduce((s, w) => s + w, 0), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: BORDERS,
  });
}

/** The report as DOCX bytes. */
export async function reportDocx(r: Report, opts: RenderOptions = {}): Promise<RenderResult> {
  const laid = layoutReport(r, opts);
  if (!laid.ok) return laid;
  const { layout } = laid;
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(layout.title, { bold: true, size: SIZE.title })] }),
  ];
  for (const b of layout.blocks) {
    if (b.kind === 'heading')
      children.push(
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          indent: { firstLine: INDENT },
          outlineLevel: 0,
          keepNext: true,
          children: [run(b.text, { bold: true })],
        }),
      );
    else if (b.kind === 'para') children.push(new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: INDENT }, children: [run(b.text)] }));
    else if (b.kind === 'sign') children.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(b.text)] }));
    else {
      children.push(docxTable(b.table));
      // Word needs a paragraph between two tables and after the last one.
      children.push(new Paragraph({ children: [] }));
    }
  }
  const doc = new Document({
    creator: 'nianbao',
    title: layout.title,
    styles: { default: { document: { run: { font: SONG, size: SIZE.text } } } },
    sections: [
      {
        properties: {
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, right: 1800, bottom: 1440, left: 1800, header: 851, footer: 992 } },
        },
        children,
      },
    ],
  });
  try {
    const bytes = new Uint8Array(await Packer.toBuffer(doc));
    return { ok: true, bytes, mime: DOCX_MIME, ext: 'docx', warnings: layout.warnings };
  } catch (e) {
    return { ok: false, message: `DOCX 生成失败：${String((e as Error)?.message ?? e).slice(0, 200)}` };
  }
}
