/**
 * Hostile and broken inputs: each must give exactly one fatal finding, quickly, without throwing,
 * whatever the file name says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport, type Report } from '../../src/index.js';
import { detectFormat } from '../../src/read/index.js';
import { ZIP_LIMITS } from '../../src/read/docx.js';
import { inflateEntry, listZip } from '../../src/read/zip.js';
import { deflateBomb, deflated, docxOf, rawZip } from './zip-helpers.js';

const fixtures = join(__dirname, '..', 'fixtures');
const MB = 1024 * 1024;
const DOC =
  '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>';

async function parseTimed(bytes: Uint8Array, path: string): Promise<{ report: Report; ms: number }> {
  const t0 = performance.now();
  const report = await parseReport(bytes, { path });
  return { report, ms: performance.now() - t0 };
}

const fatals = (r: Report) => r.findings.filter((f) => f.fatal);

async function expectOneFatal(bytes: Uint8Array, path: string, message: RegExp, maxMs = 3000): Promise<Report> {
  const { report, ms } = await parseTimed(bytes, path);
  expect(fatals(report), JSON.stringify(report.findings)).toHaveLength(1);
  expect(fatals(report)[0]!.message).toMatch(message);
  expect(fatals(report)[0]!.severity).toBe('error');
  expect(ms).toBeLessThan(maxMs);
  // nothing half-read leaks into the record
  expect(report.tables).toEqual({ t2: null, t3: null, t4: null });
  return report;
}

describe('hostile inputs: one fatal finding each, fast, no throw', () => {
  it('0-byte file', async () => {
    await expectOneFatal(new Uint8Array(0), 'empty.docx', /0 字节/);
  });

  it('random bytes named .docx', async () => {
    let s = 12345;
    const bytes = Uint8Array.from({ length: 64 * 1024 }, () => ((s = (s * 1103515245 + 12345) >>> 0), s >>> 24));
    bytes[0] = 0x13; // make sure no magic number matches by chance
    await expectOneFatal(bytes, 'random.docx', /无法读取/);
  });

  it('a corrupt zip (valid start, central directory cut off)', async () => {
    const good = readFileSync(join(fixtures, 'docx', 'docx-2021-template.docx'));
    const cut = good.subarray(0, Math.floor(good.length * 0.6));
    expect(detectFormat(cut)).toBe('zip');
    await expectOneFatal(cut, 'cut.docx', /已损坏/);
  });

  it('a zip whose document.xml data is garbage', async () => {
    const garbage = Uint8Array.from({ length: 500 }, (_, i) => (i * 37 + 11) & 0xff);
    const z = rawZip([{ name: 'word/document.xml', data: garbage, method: 8, declaredSize: 4000 }]);
    await expectOneFatal(z, 'garbage.docx', /已损坏/);
  });

  it('a zip without word/document.xml is not a DOCX', async () => {
    const z = rawZip([{ name: 'hello.txt', data: deflated('你好'), method: 8, declaredSize: 6 }]);
    await expectOneFatal(z, 'other.zip', /不是 DOCX 文件/);
  });

  it('a DOCX whose document.xml declares 300 MB is refused before inflating', async () => {
    const z = rawZip([{ name: 'word/document.xml', data: deflated(DOC), method: 8, declaredSize: 300 * MB }]);
    await expectOneFatal(z, 'declared.docx', /超过上限/, 1000);
  });

  it('a DOCX whose document.xml inflates to 300 MB while declaring 1 KB stops at the limit', async () => {
    const bomb = deflateBomb(300 * MB);
    expect(bomb.length).toBeLessThan(3 * MB);
    const z = rawZip([{ name: 'word/document.xml', data: bomb, method: 8, declaredSize: 1024 }]);
    const before = process.memoryUsage().rss;
    await expectOneFatal(z, 'bomb.docx', /疑似压缩炸弹/, 5000);
    // bounded memory: far less than the 300 MB the entry expands to
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * MB);
  });

  it('entries declaring more than 200 MB together are refused', async () => {
    const entries = Array.from({ length: 5 }, (_, i) => ({ name: `word/media/p${i}.bin`, data: deflated('x'), method: 8 as const, declaredSize: 45 * MB }));
    const z = rawZip([{ name: 'word/document.xml', data: deflated(DOC), method: 8, declaredSize: DOC.length }, ...entries]);
    await expectOneFatal(z, 'total.docx', /超过上限/, 1000);
  });

  it('a zip with more than 2,000 entries is refused', async () => {
    const one = deflated('x');
    const entries = Array.from({ length: 2001 }, (_, i) => ({ name: `f${i}`, data: one, method: 8 as const, declaredSize: 1 }));
    await expectOneFatal(rawZip(entries), 'many.docx', /2001 个文件/, 1000);
  });

  it('an encrypted zip entry', async () => {
    const z = rawZip([{ name: 'word/document.xml', data: deflated(DOC), method: 8, declaredSize: DOC.length }]);
    // set the "encrypted" flag in the central directory entry
    const cd = z.length - 22 - (46 + 'word/document.xml'.length);
    z[cd + 8] = 1;
    await expectOneFatal(z, 'enc.docx', /加密/);
  });

  it('document.xml that is cut off or not XML', async () => {
    for (const xml of ['<w:document><w:body><w:p><w:r><w:t>半截', '<<<>>> not xml', '']) {
      const z = rawZip([{ name: 'word/document.xml', data: deflated(xml), method: 8, declaredSize: xml.length }]);
      await expectOneFatal(z, 'bad.docx', /不完整或不是有效的 XML/);
    }
  });

  it('HTML with no table and nothing of a report', async () => {
    const html = new TextEncoder().encode('<!DOCTYPE html><html><head><title>首页</title></head><body><p>欢迎访问本网站。</p></body></html>');
    await expectOneFatal(html, 'page.html', /未识别出/);
  });

  it('HTML with nothing but scripts and styles', async () => {
    const html = new TextEncoder().encode('<html><head><style>p{}</style></head><body><script>var a = "一、总体情况";</script></body></html>');
    await expectOneFatal(html, 'empty.html', /没有可读取的文字/);
  });
});

describe('zip limits are checked against the declared sizes and the real output', () => {
  it('listZip reads names and sizes from the central directory without inflating', () => {
    const z = docxOf('<w:p/>');
    const names = listZip(z, ZIP_LIMITS).map((e) => e.name);
    expect(names).toContain('word/document.xml');
  });

  it('inflateEntry stops a lying entry at the limit', () => {
    const z = rawZip([{ name: 'a', data: deflateBomb(8 * MB), method: 8, declaredSize: 10 }]);
    const [e] = listZip(z, ZIP_LIMITS);
    expect(() => inflateEntry(z, e!, 1 * MB)).toThrow(/超过/);
    expect(inflateEntry(z, e!, 9 * MB).length).toBeGreaterThanOrEqual(8 * MB);
  });

  it('limits are the documented ones', () => {
    expect(ZIP_LIMITS).toMatchObject({ maxEntries: 2000, maxDocumentBytes: 50 * MB, maxTotalBytes: 200 * MB });
  });
});
