import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import type { Finding } from '../../src/model/report.js';
import { problemListDocx, problemListsZip } from '../../src/render/problems-docx.js';
import { findingPlace, forUnit } from '../../src/render/words.js';
import { tableCsv, tableXlsx } from '../../src/render/xlsx.js';
import { csvCell, toCsv, toMarkdown } from '../../src/render/csv.js';
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

  it('CSV: text a spreadsheet would run as a formula gets an apostrophe; numbers, signed numbers and plain text do not', () => {
    for (const evil of ["=cmd|' /C calc'!A0.txt", '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(csvCell(evil).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-5')).toBe('-5');
    expect(csvCell('某某县财政局')).toBe('某某县财政局');
    const csv = tableCsv({ columns: [{ key: 'f', label: '文件' }], rows: [["=cmd|' /C calc'!A0.txt"], ['a=b']] });
    expect(csv).toBe("\uFEFF文件\r\n'=cmd|' /C calc'!A0.txt\r\na=b\r\n");
  });

  it('names every place as a reviewer says it; 全文 when a finding has none', () => {
    const f = (x: Partial<Finding>): Finding => ({ rule: 'X', severity: 'error', message: '', ...x });
    expect(findingPlace(f({ table: 't3', row: 'denied.stateSecret', col: 'total', line: 44 }), good)).toBe(
      '表三「不予公开-属于国家秘密」行「总计」列（第44行）',
    );
    expect(findingPlace(f({ table: 't3', row: 'total', col: 'otherOrg' }), good)).toBe('表三「（七）总计」行「法人或其他组织-其他」列');
    expect(findingPlace(f({ table: 't4', row: 'review', col: 'total', page: 3 }), good)).toBe('表四「行政复议」的「总计」列（第3页）');
    expect(findingPlace(f({ table: 't2', row: 'normativeDocuments', col: 'issued' }), good)).toBe('表二「行政规范性文件」行「本年制发件数」列');
    expect(findingPlace(f({ table: 't3' }), good)).toBe('表三');
    const s6 = good.sections.find((s) => s.key === 's6')!.line!;
    expect(findingPlace(f({ line: s6 + 1 }), good)).toBe(`「六、其他需要报告的事项」（第${s6 + 1}行）`);
    expect(findingPlace(f({ line: 1 }), good)).toBe('第1行');
    expect(findingPlace(f({ page: 2 }), good)).toBe('第2页');
    expect(findingPlace(f({}), good)).toBe('全文');
  });

  it('the problem list leaves out notes on how the file was read, keeps content findings of every severity, never shows "—"', async () => {
    const notes: Finding[] = [
      { rule: 'R.converted', severity: 'info', message: '旧版 Office 文件已用 LibreOffice 转换为 DOCX 后读取' },
      { rule: 'R.ocr', severity: 'info', page: 1, message: '第1页是扫描图像，已用文字识别读取' },
      { rule: 'R.ocrLowConfidence', severity: 'warning', page: 1, message: '第1页文字识别结果置信度低' },
      { rule: 'P.blankDropped', severity: 'info', table: 't3', message: '表三在原文中被展平' },
      { rule: 'P.ocrAlternative', severity: 'warning', table: 't3', row: 'granted', col: 'total', message: '表三识别的另一读法' },
    ];
    const content: Finding[] = [
      { rule: 'S4.vsS3', severity: 'info', table: 't4', message: '表四有行政复议案件而表三没有申请，请核实' },
      { rule: 'M.section', severity: 'error', message: '报告缺少「五、存在的主要问题及改进情况」' },
      { rule: 'R.pdfDamaged', severity: 'warning', message: 'PDF 文件结尾不完整，内容可能缺失' },
    ];
    expect(notes.filter(forUnit)).toEqual([]);
    expect(content.filter(forUnit)).toEqual(content);
    const bytes = await problemListDocx({ reports: [{ report: good, fileName: 'good.txt', findings: [...notes, ...content] }] });
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
    const text = xml.replace(/<[^>]+>/g, '');
    for (const n of notes) expect(text).not.toContain(n.message);
    for (const c of content) expect(text).toContain(c.message);
    expect(text).toContain('共发现问题3项');
    expect(text).toContain('全文');
    expect(text).not.toContain('—');
  });

  it('a zip of problem lists: one DOCX per report, names made unique', async () => {
    const entry = { report: good, fileName: 'good.txt', findings: [] };
    const zip = unzipSync(await problemListsZip([entry, entry, { ...entry, unit: '某某县/财政局' }, { ...entry, report: { ...good, year: null } }]));
    expect(Object.keys(zip).sort()).toEqual(
      [
        '问题清单-某某县农业农村局-2024.docx',
        '问题清单-某某县农业农村局-2024（2）.docx',
        '问题清单-某某县_财政局-2024.docx',
        '问题清单-某某县农业农村局-年度不明.docx',
      ].sort(),
    );
    for (const b of Object.values(zip)) expect(strFromU8(unzipSync(b)['word/document.xml']!)).toContain('问题清单');
  });
});
