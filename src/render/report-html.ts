/**
 * The annual report as a government website publishes it: a page (or, with `fragment`, only the
 * article for a CMS editor) with the title, the section headings and paragraphs, and the three
 * statutory tables as sites print them — <table border="1"> with rowspan/colspan header cells,
 * the official form's column widths. Every text is escaped. Pure: no I/O.
 */
import type { Report } from '../model/report.js';
import { layoutReport, type GridTable, type RenderOptions, type RenderResult } from './report-layout.js';

export interface HtmlOptions extends RenderOptions {
  /** Only the <article> (no <html>, <head>, styles): for pasting into a site's editor. */
  fragment?: boolean;
}

/** Text for an element or an attribute value. */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));

const STYLE = `body{margin:0;background:#fff;color:#000}
.nianbao-report{max-width:960px;margin:0 auto;padding:24px;font-family:"宋体",SimSun,"Songti SC",serif;font-size:16px;line-height:1.8}
.nianbao-report h1{text-align:center;font-size:22px;font-weight:bold;margin:16px 0 24px}
.nianbao-report h2{font-size:16px;font-weight:bold;margin:12px 0 4px;text-indent:2em}
.nianbao-report p{margin:0;text-indent:2em;text-align:justify}
.nianbao-report p.sign{text-align:right;text-indent:0}
.nianbao-report table{border-collapse:collapse;margin:8px auto 16px;width:100%;font-size:13px;line-height:1.4}
.nianbao-report td{border:1px solid #000;padding:4px 3px;text-align:center;vertical-align:middle}
.nianbao-report td.value{white-space:nowrap}
.nianbao-report td.label{text-align:left}
.nianbao-report td.band{background:#c6d9f1;text-align:left}`;

function tableHtml(t: GridTable): string {
  const total = t.widths.reduce((s, w) => s + w, 0);
  const cols = t.widths.map((w) => `<col style="width:${((100 * w) / total).toFixed(2)}%">`).join('');
  const rows = t.rows.map((cells) => {
    const tds = cells.map((c) => {
      const attrs = [
        c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : '',
        c.colSpan > 1 ? ` colspan="${c.colSpan}"` : '',
        c.band ? ' class="band"' : !c.head ? ' class="value"' : c.align === 'left' ? ' class="label"' : '',
      ].join('');
      return `<td${attrs}>${escapeHtml(c.text)}</td>`;
    });
    return `<tr>${tds.join('')}</tr>`;
  });
  return `<table border="1" cellspacing="0" cellpadding="0" data-table="${t.id}"><colgroup>${cols}</colgroup><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** The report as HTML text. */
export function reportHtmlText(r: Report, opts: HtmlOptions = {}): { ok: true; html: string; warnings: string[] } | { ok: false; message: string } {
  const laid = layoutReport(r, opts);
  if (!laid.ok) return laid;
  const { layout } = laid;
  const body: string[] = [`<h1>${escapeHtml(layout.title)}</h1>`];
  for (const b of layout.blocks) {
    if (b.kind === 'heading') body.push(`<h2>${escapeHtml(b.text)}</h2>`);
    else if (b.kind === 'para') body.push(`<p>${escapeHtml(b.text)}</p>`);
    else if (b.kind === 'sign') body.push(`<p class="sign">${escapeHtml(b.text)}</p>`);
    else body.push(tableHtml(b.table));
  }
  const article = `<article class="nianbao-report">\n${body.join('\n')}\n</article>`;
  if (opts.fragment) return { ok: true, html: article + '\n', warnings: layout.warnings };
  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(layout.title)}</title>
<style>
${STYLE}
</style>
</head>
<body>
${article}
</body>
</html>
`;
  return { ok: true, html, warnings: layout.warnings };
}

/** The report as an HTML page, UTF-8. */
export function reportHtml(r: Report, opts: HtmlOptions = {}): RenderResult {
  const out = reportHtmlText(r, opts);
  if (!out.ok) return out;
  return { ok: true, bytes: new TextEncoder().encode(out.html), mime: 'text/html; charset=utf-8', ext: 'html', warnings: out.warnings };
}
