import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { problemListDocx } from '../../src/render/problems-docx.js';
import { tableCsv, tableXlsx } from '../../src/render/xlsx.js';
import { toCsv, toMarkdown } from '../../src/render/csv.js';
import { report, t3Text } from '../parse/helpers.js';

const good = parseTextReport(report(), { path: 'good.txt' });
// Two rows of the same outcome group unreadable: the relations cannot tell their cells apart.
const broken = parseTextReport(
  report({ t3: t3Text('split-other', undefined, (k, c) => (k === 'granted' || k === 'unable.notHeld' ? '3 1 0 0 1101,000 4' : c)) }),
  { path: 'broken.txt' },
);

describe('exports', () => {
  it('XLSX of a plain table: header row, then the rows with numbers as numbers and null as empty', async () => {
    const table = {
      columns: [
        { key: 'unit', label: '单位' },
        { key: 'np', label: '自然人' },
        { key: 'total', label: '总计' },
      ],
      rows: [
        ['某某县农业农村局', 4, 5],
        ['某某县财政局', null, 0],
      ],
    };
    const bytes = await tableXlsx(table, '年报数据');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer as ArrayBuffer);
    const ws = wb.getWorksheet('年报数据')!;
    expect(ws.rowCount).toBe(3);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['单位', '自然人', '总计']);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['某某县农业农村局', 4, 5]);
    expect(ws.getRow(3).getCell(2).value).toBeNull();
    expect(ws.getRow(3).getCell(3).value).toBe(0);
  });

  it('CSV has a BOM, one line per cell for toCsv, and missing cells stay empty (not 0)', () => {
    const csv = toCsv([broken]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines.length).toBe(1 + broken.cells.length);
    const missing = broken.cells.filter((c) => c.status === 'missing');
    expect(missing.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes(',missing,'))).toBe(true);
    const plain = tableCsv({ columns: [{ key: 'a', label: '单位' }], rows: [['某局, "二"'], [null]] });
    expect(plain).toBe('\uFEFF单位\r\n"某局, ""二"""\r\n\r\n');
  });

  it('problem list DOCX names the unit, the problems in words, and leaves out dismissed ones', async () => {
    const extra = { rule: 'X.test', severity: 'warning' as const, message: '表二「行政许可」与上年相比变化较大，请核实', line: 7 };
    const findings = [extra, ...broken.findings].map((f, i) => ({ ...f, decision: i === 0 ? { decision: 'dismissed' as const, comment: '' } : null }));
    expect(findings.length).toBeGreaterThan(1);
    const bytes = await problemListDocx({
      office: '某某县政务公开办',
      date: '2025-02-01',
      reports: [
        { report: broken, fileName: 'broken.txt', findings },
        { report: good, fileName: 'good.txt', findings: [] },
      ],
    });
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('政府信息公开工作年度报告问题清单');
    expect(text).toContain('某某县农业农村局');
    expect(text).toContain(findings[1]!.message.slice(0, 20).replace(/[<>&]/g, ''));
    expect(text).not.toContain(findings[0]!.message.slice(0, 30).replace(/[<>&]/g, ''));
    expect(text).toContain('未发现需要整改的问题');
  });

  it('markdown shows the tables with — for missing cells', () => {
    const md = toMarkdown(broken);
    expect(md).toContain('## 表三');
    expect(md).toMatch(/\| （一）予以公开 \|[^\n]*—/);
  });
});
