/**
 * Inputs found by the fuzz harness (bench/fuzz.mjs, docs/fuzz.md) that hung or crashed a reader,
 * rebuilt here: each now gives one fatal finding, quickly and with bounded memory, no throw.
 * - A DOCX of 100 KB whose document.xml inflates to 41 MB of text (40,000 paragraphs of 1,000
 *   characters): 11 s of reading and 22 s of parsing, 1.6 GB, before the text limit.
 * - An HTML page of 1.7 million unclosed nested tables (24 MB): parse5 ran out of a 4 GB heap.
 * - A text file of more characters than any report: the parser's time grew with it.
 * - A report whose table-三 numbers became runs of 300 digits: every step of the row enumeration
 *   tried every length of the run (96 s for a 9 KB file; src/parse/candidates.ts).
 * - A flattened line with 120,000 row-label starts: push(...labels) overflowed the stack and
 *   parseReport threw (src/parse/reflow.ts).
 * - A paragraph of 100,000 &nbsp;: the trailing-blank regex retried from every blank (13 s for
 *   a 675 KB page; src/read/grid.ts).
 * - An XLSX unit list of 1.6 MB whose sheet inflated to 126 MB: ExcelJS took 15 s and 1.1 GB
 *   (src/units/import.ts now inflates it first, metered, and refuses past 20 MB).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseReport, type Report } from '../../src/index.js';
import { MAX_HTML_ELEMENTS } from '../../src/read/html.js';
import { MAX_TEXT_CHARS } from '../../src/read/index.js';
import { MAX_UNIT_XLSX_INFLATED, parseUnitFile } from '../../src/units/import.js';
import { importRegisterXlsx, registerTemplateXlsx } from '../../src/register/index.js';
import { MAX_REGISTER_INFLATED } from '../../src/register/xlsx.js';

const fixtures = join(__dirname, '..', 'fixtures');
const fatals = (r: Report) => r.findings.filter((f) => f.fatal);

async function timed(bytes: Uint8Array, path: string): Promise<{ report: Report; ms: number }> {
  const t0 = performance.now();
  const report = await parseReport(bytes, { path });
  return { report, ms: performance.now() - t0 };
}

function docxWithBody(body: string): Uint8Array {
  const files = unzipSync(readFileSync(join(fixtures, 'docx', 'docx-2021-template.docx')));
  const xml = strFromU8(files['word/document.xml']!);
  files['word/document.xml'] = strToU8(xml.replace(/<w:body>[\s\S]*<\/w:body>/, `<w:body>${body}</w:body>`));
  return zipSync(files, { level: 6 });
}

describe('fuzz findings: refused with one fatal finding, fast', () => {
  it('a DOCX whose 100 KB inflate to 40 million characters of text', async () => {
    const bytes = docxWithBody(`<w:p><w:r><w:t>${'x'.repeat(1000)}</w:t></w:r></w:p>`.repeat(40_000));
    expect(bytes.length).toBeLessThan(300_000);
    const { report, ms } = await timed(bytes, 'bomb.docx');
    expect(fatals(report)).toHaveLength(1);
    expect(fatals(report)[0]!.message).toMatch(/文字超过 200 万字/);
    expect(report.tables).toEqual({ t2: null, t3: null, t4: null });
    expect(ms).toBeLessThan(20_000);
  });

  it('an HTML page of 1.7 million nested tables', async () => {
    const bytes = new TextEncoder().encode(`<html><body>${'<table><tr><td>'.repeat(1_700_000)}x</body></html>`);
    const { report, ms } = await timed(bytes, 'deep.html');
    expect(fatals(report)).toHaveLength(1);
    expect(fatals(report)[0]!.message).toMatch(/标签超过 20 万个/);
    expect(ms).toBeLessThan(5_000);
    expect(process.memoryUsage().rss).toBeLessThan(2 * 1024 ** 3);
  });

  it('a page just under the element limit is not refused by it (deep nesting included), and a real report page is far under it', async () => {
    const deep = new TextEncoder().encode(`<html><body>${'<div>'.repeat(MAX_HTML_ELEMENTS - 10)}x</body></html>`);
    const r = await parseReport(deep, { path: 'deep.html' });
    expect(fatals(r).every((f) => !/标签超过/.test(f.message))).toBe(true);
    const page = readFileSync(join(fixtures, 'html', 'html-2021-word-utf8.html'), 'utf8');
    expect((page.match(/<[a-z]/gi) ?? []).length * 50).toBeLessThan(MAX_HTML_ELEMENTS);
  });

  it('a text file with more characters than the limit; one just under it is parsed', async () => {
    const line = '本年新收政府信息公开申请数量\t1\t2\t3\t4\t5\t6\t7\t8\n';
    const over = new TextEncoder().encode(line.repeat(Math.ceil((MAX_TEXT_CHARS + 1) / line.length)));
    const { report } = await timed(over, 'long.txt');
    expect(fatals(report)).toHaveLength(1);
    expect(fatals(report)[0]!.message).toMatch(/文字超过 200 万字/);
    const seed = readFileSync(join(__dirname, '..', '..', '..', 'shared', 'seeds', '000_f0cbcda3827e0aad.txt'), 'utf8');
    const ok = await parseReport(seed, { path: 'seed.txt' });
    expect(fatals(ok)).toHaveLength(0);
    expect(seed.length * 20).toBeLessThan(MAX_TEXT_CHARS);
  });
});

describe('fuzz findings in the parser: no throw, no quadratic time', () => {
  const corpus = (): string => readFileSync(join(__dirname, '..', '..', '..', 'shared', 'corpus', '河北省工业和信息化厅-2020.txt'), 'utf8');

  it('table numbers replaced by runs of 300 digits: read in well under a second or two, not 96 s', async () => {
    const text = corpus();
    const at = text.indexOf('三、收到和处理');
    expect(at).toBeGreaterThan(0);
    const long = text.slice(0, at) + text.slice(at).replace(/\d{2,}/g, () => '9'.repeat(300));
    const t0 = performance.now();
    const r = await parseReport(long, { path: 'long-digits.txt' });
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(r.agency).toBe('河北省工业和信息化厅');
  });

  it('a flattened line with 120,000 row-label starts is parsed, not thrown', async () => {
    const text = corpus();
    const chunk = text.slice(text.indexOf('（三）不予公开'), text.indexOf('（四）无法提供'));
    const at = text.indexOf('（七）总计');
    const big = text.slice(0, at) + chunk.repeat(15_000) + text.slice(at);
    expect(big.length).toBeLessThan(MAX_TEXT_CHARS);
    const r = await parseReport(new TextEncoder().encode(big), { path: 'labels.txt' });
    expect(r.agency).toBe('河北省工业和信息化厅');
  });

  it('a paragraph of 100,000 &nbsp; is read in linear time', async () => {
    const page = `<html><body><p>三、收到和处理政府信息公开申请情况</p><p>${'&nbsp;'.repeat(100_000)}本年新收</p><table><tr><td>${'&nbsp;'.repeat(50_000)}1</td><td>2</td></tr></table></body></html>`;
    const t0 = performance.now();
    const r = await parseReport(new TextEncoder().encode(page), { path: 'nbsp.html' });
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(r.source.format).toBe('html');
  });
});

describe('fuzz findings in the unit list import', () => {
  async function unitsXlsx(): Promise<Uint8Array> {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('单位名单');
    ws.addRow(['名称', '地区', '层级', '上级', '别名']);
    ws.addRow(['洛阳市教育局', '河南省/洛阳市', '市级部门', '', '市教育局']);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }
  /** The list with its sheet's last row repeated until the sheet is `mb` MB. */
  function grown(xlsx: Uint8Array, mb: number): Record<string, Uint8Array> {
    const files = unzipSync(xlsx);
    const name = Object.keys(files).find((n) => /worksheets\/sheet1\.xml$/.test(n))!;
    const xml = strFromU8(files[name]!);
    const row = /<row r="2"[\s\S]*?<\/row>/.exec(xml)![0];
    files[name] = strToU8(xml.replace(row, row.repeat(Math.ceil((mb * 1024 * 1024) / row.length))));
    return files;
  }

  it('a small list still imports', async () => {
    const r = await parseUnitFile(await unitsXlsx());
    expect(r.rows.map((x) => x.name)).toEqual(['洛阳市教育局']);
  });

  it('a 1 MB XLSX whose sheet inflates past the limit is refused at once, by its declared sizes', async () => {
    const bytes = zipSync(grown(await unitsXlsx(), 60), { level: 9 });
    expect(bytes.length).toBeLessThan(MAX_UNIT_XLSX_INFLATED / 10);
    const t0 = performance.now();
    const r = await parseUnitFile(bytes);
    expect(r.rows).toEqual([]);
    expect(r.rejected[0]!.message).toMatch(/解压后超过 20 MB/);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('and when its headers lie about the size, by the metered inflate', async () => {
    const bytes = zipSync(grown(await unitsXlsx(), 60), { level: 9 });
    // Every declared uncompressed size set to 1 KB, in the central directory and the local headers.
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let o = 0; o + 4 <= bytes.length; o++) {
      const sig = dv.getUint32(o, true);
      if (sig === 0x02014b50) dv.setUint32(o + 24, 1024, true);
      else if (sig === 0x04034b50) dv.setUint32(o + 22, 1024, true);
    }
    const r = await parseUnitFile(bytes);
    expect(r.rows).toEqual([]);
    expect(r.rejected[0]!.message).toMatch(/解压后超过 20 MB/);
  });
});

describe('fuzz findings in the register import', () => {
  it('a small register workbook whose sheet inflates past the limit is refused at once, nothing read', async () => {
    const template = await registerTemplateXlsx();
    const files = unzipSync(template);
    const name = Object.keys(files).find((n) => /worksheets\/sheet1\.xml$/.test(n))!;
    const xml = strFromU8(files[name]!);
    // 110 MB of repeated rows of text in the first sheet.
    const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
    files[name] = strToU8(xml.replace('</sheetData>', `${row.repeat(Math.ceil((110 * 1024 * 1024) / row.length))}</sheetData>`));
    const bytes = zipSync(files, { level: 9 });
    expect(bytes.length).toBeLessThan(MAX_REGISTER_INFLATED / 20);
    const t0 = performance.now();
    const r = await importRegisterXlsx(bytes);
    expect(r).toMatchObject({ ok: false, rows: [] });
    expect(r.messages[0]!.message).toMatch(/解压后超过96MB/);
    expect(performance.now() - t0).toBeLessThan(5_000);
  }, 60_000);
});
