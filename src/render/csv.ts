/** Records → CSV (one row per report per table row) and Markdown. */
import type { Report } from '../model/report.js';
import { T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TEMPLATES, t3Rows } from '../model/templates.js';

/**
 * Text a spreadsheet would take for a formula: starting with = + - @ (or a tab or CR, which some
 * programs skip before one). File and agency names come from uploads. A signed number is data.
 */
export const formulaLike = (s: string): boolean => /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s);

/** One CSV field (RFC 4180 quoting); null and undefined are empty; formula-like text gets a leading apostrophe. */
export const csvCell = (v: unknown): string => {
  let s = v === null || v === undefined ? '' : String(v);
  if (typeof v === 'string' && formulaLike(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Long table: file, agency, year, table, row, col, value, status. UTF-8 with BOM for Excel/WPS. */
export function toCsv(reports: Report[]): string {
  const lines = ['\uFEFF' + ['file', 'agency', 'year', 'template', 'table', 'row', 'col', 'value', 'status', 'raw', 'line'].join(',')];
  for (const r of reports) {
    for (const c of r.cells) {
      lines.push([r.source.path, r.agency, r.year, r.template, c.table, c.row, c.col, c.value, c.status, c.raw, c.line].map(csvCell).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}

const mdCell = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : String(v));

/** Markdown: the three tables in their statutory layout, then the findings. */
export function toMarkdown(r: Report): string {
  const out: string[] = [];
  out.push(`# ${r.title ?? r.source.path ?? '年度报告'}`, '');
  out.push(`- 单位：${r.agency ?? '（未写明）'}`, `- 年度：${r.year ?? '（未知）'}`, `- 格式：${r.template ?? '（未识别）'}`, '');
  const t2 = r.tables.t2;
  if (t2 && r.template) {
    out.push('## 表二 主动公开政府信息情况', '');
    for (const b of TEMPLATES[r.layout.t2 ?? r.template].t2) {
      out.push(`**${b.title}**`, '', `| 信息内容 | ${b.columns.map((c) => c.label).join(' | ')} |`, `|---|${b.columns.map(() => '---').join('|')}|`);
      for (const row of b.rows) out.push(`| ${row.label} | ${b.columns.map((c) => mdCell(t2[row.key]?.[c.key])).join(' | ')} |`);
      out.push('');
    }
  }
  const t3 = r.tables.t3;
  if (t3) {
    out.push(
      '## 表三 收到和处理政府信息公开申请情况',
      '',
      `| 项目 | ${T3_COLUMNS.map((c) => c.label).join(' | ')} |`,
      `|---|${T3_COLUMNS.map(() => '---').join('|')}|`,
    );
    for (const row of t3Rows(r.layout.t3 ?? 'split-other')) {
      const label = (row.number ?? '') + row.label;
      out.push(
        row.kind === 'group'
          ? `| **${label}** |${T3_COLUMNS.map(() => ' ').join('|')}|`
          : `| ${label} | ${T3_COLUMNS.map((c) => mdCell(t3[row.key]?.[c.key])).join(' | ')} |`,
      );
    }
    out.push('');
  }
  const t4 = r.tables.t4;
  if (t4) {
    out.push(
      '## 表四 政府信息公开行政复议、行政诉讼情况',
      '',
      `| 类别 | ${T4_COLUMNS.map((c) => c.label).join(' | ')} |`,
      `|---|${T4_COLUMNS.map(() => '---').join('|')}|`,
    );
    for (const g of T4_GROUPS) out.push(`| ${g.label} | ${T4_COLUMNS.map((c) => mdCell(t4[g.key]?.[c.key])).join(' | ')} |`);
    out.push('');
  }
  if (r.findings.length) {
    out.push('## 发现的问题', '');
    for (const f of r.findings)
      out.push(
        `- **${f.severity === 'error' ? '错误' : f.severity === 'warning' ? '警告' : '提示'}** \`${f.rule}\` ${f.message}${f.line ? `（第${f.line}行）` : ''}`,
      );
  }
  return out.join('\n') + '\n';
}
