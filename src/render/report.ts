/**
 * A report record written out in the statutory layout, in one of four formats: DOCX
 * (./report-docx.ts), HTML for a government website (./report-html.ts), Markdown
 * (./report-markdown.ts), PDF through LibreOffice (./report-pdf.ts). What every writer shares is
 * in ./report-layout.ts. Results, not exceptions: a record that cannot be written, or a PDF
 * without LibreOffice, gives { ok: false, message } in Chinese.
 */
import type { Report } from '../model/report.js';
import { reportDocx } from './report-docx.js';
import { reportHtml, type HtmlOptions } from './report-html.js';
import type { RenderResult } from './report-layout.js';
import { reportMarkdown } from './report-markdown.js';
import { reportPdf, type PdfOptions } from './report-pdf.js';

export type { RenderOptions, RenderResult } from './report-layout.js';
export type { HtmlOptions } from './report-html.js';
export type { PdfOptions } from './report-pdf.js';

export const REPORT_FORMATS = ['docx', 'html', 'md', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export type ReportRenderOptions = HtmlOptions & PdfOptions;

/** The report in `format`. */
export async function renderReport(r: Report, format: ReportFormat, opts: ReportRenderOptions = {}): Promise<RenderResult> {
  switch (format) {
    case 'docx':
      return reportDocx(r, opts);
    case 'html':
      return reportHtml(r, opts);
    case 'md':
      return reportMarkdown(r, opts);
    case 'pdf':
      return reportPdf(r, opts);
    default:
      return { ok: false, message: `不支持的输出格式：${String(format)}（可选 docx、html、md、pdf）` };
  }
}

/** A file name for the output: the title (or 年度报告), characters file systems refuse replaced, and the extension. */
export function reportFileName(r: Pick<Report, 'title' | 'agency' | 'year'>, ext: string): string {
  const base = r.title?.trim() || `${r.agency ?? ''}${r.year !== null ? `${r.year}年` : ''}政府信息公开工作年度报告`;
  // eslint-disable-next-line no-control-regex
  const safe = base.replace(/[\u0000-\u001f\u007f\\/:*?"<>|]+/g, '_').slice(0, 120);
  return `${safe}.${ext}`;
}
