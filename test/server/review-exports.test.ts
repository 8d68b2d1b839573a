/**
 * What the reviewer sends and keeps: the problem list a unit receives (only what it must fix or
 * explain, every place named, dismissed findings left out), the zip of several lists, and the
 * XLSX export (Chinese headers, a findings sheet, a state per cell), all through the real server.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { reportDetail, uploadResult } from '../../src/server/contract.js';
import { ROUTES } from '../../src/server/routes.js';
import { openStore, type Store } from '../../src/store/index.js';

const shared = join(__dirname, '..', '..', '..', 'shared');
const seedFile = (n: string): string =>
  join(
    shared,
    'seeds',
    readdirSync(join(shared, 'seeds')).find((f) => f.startsWith(n))!,
  );
const fixture = (p: string): string => join(__dirname, '..', 'fixtures', p);
/** A file name a spreadsheet would run as a formula (uploads keep their names, `/` becomes `_`). */
const EVIL = "=cmd|' /C calc'!A0.txt";

let store: Store;
let app: ReturnType<typeof createApp>['app'];
let close: () => Promise<void>;
const ids: Record<string, number> = {};

const upload = async (name: string, bytes: Uint8Array): Promise<number> => {
  const fd = new FormData();
  fd.append('file', new Blob([bytes]), name);
  const r = uploadResult.parse(await (await app.request(ROUTES.upload.path(), { method: 'POST', body: fd })).json()).results[0]!;
  expect(r.id, `${name}: ${r.message}`).not.toBeNull();
  return r.id!;
};
const detail = async (id: number) => reportDetail.parse(await (await app.request(ROUTES.report.path(id))).json());
const decide = async (id: number, key: string, decision: 'confirmed' | 'dismissed', comment = ''): Promise<void> => {
  const res = await app.request(ROUTES.decision.path(id, key), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ decision, comment }),
  });
  expect(res.status).toBe(200);
};

/** The problem list's text, and the 位置 column of its table (header row left out). */
function docxText(bytes: Uint8Array): { text: string; places: string[] } {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
  const strip = (x: string): string => x.replace(/<[^>]+>/g, '');
  const places = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)]
    .map((tr) => [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => strip(tc[0])))
    .map((cells) => cells[3]!);
  return { text: strip(xml), places: places.filter((p) => p !== '位置') };
}

const sheetRows = (ws: ExcelJS.Worksheet): unknown[][] => {
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
};

beforeAll(async () => {
  store = await openStore({ file: join(mkdtempSync(join(tmpdir(), 'nianbao-review-')), 'db.sqlite') });
  ({ app, close } = createApp({ store, workers: 0 }));
  ids['003'] = await upload('003.txt', readFileSync(seedFile('003_')));
  ids['001'] = await upload('001.txt', readFileSync(seedFile('001_')));
  ids['evil'] = await upload(EVIL, readFileSync(seedFile('002_')));
  ids['docx'] = await upload('docx-2021-template.docx', readFileSync(fixture('docx/docx-2021-template.docx')));
  ids['doc'] = await upload('doc-2021.doc', readFileSync(fixture('legacy/doc-2021.doc')));
}, 180_000);
afterAll(async () => {
  await close();
  await store.close();
});

describe('the problem list a unit receives', () => {
  it('seed 003: every place named (表三「…」行, the section), none "—"; a dismissed finding left out, a confirmed one marked', async () => {
    const d = await detail(ids['003']!);
    const fee = d.findings.find((f) => f.rule === 'S6.feePresent')!;
    const columns = d.findings.find((f) => f.rule === 'P.columns')!;
    await decide(ids['003']!, fee.key, 'dismissed', '已在别处说明');
    await decide(ids['003']!, columns.key, 'confirmed');
    const res = await app.request(ROUTES.problems.path(ids['003']!));
    expect(res.status).toBe(200);
    const { text, places } = docxText(new Uint8Array(await res.arrayBuffer()));
    expect(places.length).toBeGreaterThan(0);
    for (const p of places) {
      expect(p).not.toBe('—');
      expect(p).toMatch(/^(表[二三四]|「[一二三四五六]、|第\d+[页行]|全文)/);
    }
    expect(places).toContain('表三「一、本年新收政府信息公开申请数量」行（第39行）');
    expect(places).toContain('表三「法人或其他组织-其他」列');
    expect(text).not.toContain(fee.message);
    expect(text).toContain(`${columns.message}（已确认）`);
    expect(text).not.toMatch(/R\.converted|LibreOffice|OCR/);
  });

  it('a converted .doc (LibreOffice): the conversion note is in the record, not in the list', async () => {
    const d = await detail(ids['doc']!);
    const converted = d.findings.find((f) => f.rule === 'R.converted');
    expect(converted, 'the .doc was converted by LibreOffice').toBeDefined();
    const { text } = docxText(new Uint8Array(await (await app.request(ROUTES.problems.path(ids['doc']!))).arrayBuffer()));
    expect(text).toContain('问题清单');
    expect(text).not.toContain(converted!.message);
    expect(text).not.toContain('LibreOffice');
  });

  it('the zip holds one DOCX per report, names 问题清单-<单位>-<年度>.docx and unique', async () => {
    const list = [ids['003']!, ids['001']!, ids['docx']!, ids['doc']!];
    const res = await app.request(ROUTES.problemsZip.path({ ids: list }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const names = Object.keys(files);
    expect(names).toHaveLength(list.length);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) {
      expect(n).toMatch(/^问题清单-.+-(\d{4}|年度不明)(（\d+）)?\.docx$/);
      expect([...files[n]!.slice(0, 2)]).toEqual([0x50, 0x4b]);
      expect(strFromU8(unzipSync(files[n]!)['word/document.xml']!)).toContain('问题清单');
    }
    // the .docx and the .doc are the same report: one unit and year, two files
    const agency = (await detail(ids['doc']!)).summary.agency!;
    expect(names.filter((n) => n.startsWith(`问题清单-${agency}-`)).length).toBe(2);
    expect((await app.request(ROUTES.problemsZip.path({ ids: [] }))).status).toBe(400);
    expect((await app.request(ROUTES.problemsZip.path({ ids: [999999] }))).status).toBe(404);
  });
});

describe('the XLSX export', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const res = await app.request(ROUTES.exportXlsx.path());
    expect(res.status).toBe(200);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
  });

  it('is named by what it holds, so two downloads are told apart', async () => {
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const nameOf = async (url: string): Promise<string> => {
      const cd = (await app.request(url)).headers.get('content-disposition') ?? '';
      return decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(cd)![1]!);
    };
    expect(await nameOf(ROUTES.exportXlsx.path())).toBe(`年报数据-${day}.xlsx`);
    expect(await nameOf(ROUTES.exportXlsx.path({ year: 2024, region: '河南省/南阳市', status: 'errors' }))).toBe(`年报数据-2024年度-南阳市-有错误-${day}.xlsx`);
    expect(await nameOf(ROUTES.exportCsv.path({ ids: '1,2,3', q: 'a/b' }))).toBe(`年报数据-所选3份-含「a_b」-${day}.csv`);
  });

  it('has the sheets 年报数据, 问题, 单元格状态, 说明, with Chinese headers only', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['年报数据', '问题', '单元格状态', '说明']);
    for (const ws of wb.worksheets) {
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      expect(header.length).toBeGreaterThan(1);
      for (const h of header) expect(String(h), `${ws.name}: ${String(h)}`).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('the data sheet names tables and rows in Chinese and keeps the row key in 行键', () => {
    const [header, ...rows] = sheetRows(wb.getWorksheet('年报数据')!);
    const col = (label: string): number => header!.indexOf(label);
    expect(col('行')).toBeGreaterThan(-1);
    expect(col('行键')).toBeGreaterThan(-1);
    for (const r of rows) {
      expect(String(r[col('表')])).toMatch(/^表[二三四]$/);
      expect(String(r[col('行')])).toMatch(/[\u4e00-\u9fff]/);
    }
    const granted = rows.find((r) => r[col('报告编号')] === ids['003'] && r[col('行键')] === 'granted')!;
    expect(granted[col('行')]).toBe('予以公开');
    expect(granted[col('状态')]).toBe('有错误');
  });

  it('the 问题 sheet lists seed 003 findings with level, place and the reviewer decision', () => {
    const [header, ...rows] = sheetRows(wb.getWorksheet('问题')!);
    expect(header).toEqual(['报告编号', '文件', '单位', '年度', '规则', '级别', '位置', '说明', '审核', '审核意见', '列入问题清单']);
    const of003 = rows.filter((r) => r[0] === ids['003']);
    expect(of003.map((r) => r[4])).toEqual(expect.arrayContaining(['P.columns', 'P.cellCount', 'P.ambiguous', 'S6.feePresent']));
    const cellCount = of003.find((r) => r[4] === 'P.cellCount')!;
    expect(cellCount.slice(5, 7)).toEqual(['错误', '表三「一、本年新收政府信息公开申请数量」行（第39行）']);
    expect(of003.find((r) => r[4] === 'S6.feePresent')!.slice(8, 11)).toEqual(['已忽略', '已在别处说明', '是']);
    expect(of003.find((r) => r[4] === 'P.columns')![8]).toBe('已确认');
    expect(cellCount[8]).toBe('未处理');
    for (const r of rows) expect(r[6]).not.toBe('—');
    const converted = rows.find((r) => r[0] === ids['doc'] && r[4] === 'R.converted')!;
    expect(converted[10]).toBe('否');
  });

  it('a missing cell of seed 003 carries its state: filled in the data sheet, listed in 单元格状态, explained in 说明', () => {
    const data = wb.getWorksheet('年报数据')!;
    const [header, ...rows] = sheetRows(data);
    const at = rows.findIndex((r) => r[header!.indexOf('报告编号')] === ids['003'] && r[header!.indexOf('行键')] === 'newReceived');
    expect(at).toBeGreaterThan(-1);
    const other = data.getRow(at + 2).getCell(header!.indexOf('其他') + 1);
    expect(other.value).toBeNull();
    const missingFill = (other.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    expect(missingFill).toBeTruthy();
    const read = data.getRow(at + 2).getCell(header!.indexOf('自然人') + 1);
    expect(read.value).toBe(40);
    expect((read.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).not.toBe(missingFill);

    const [cHeader, ...cells] = sheetRows(wb.getWorksheet('单元格状态')!);
    expect(cHeader).toEqual(['报告编号', '文件', '单位', '年度', '表', '行', '列', '值', '原文', '状态', '页', '行号']);
    const missing = cells.find((r) => r[0] === ids['003'] && r[4] === '表三' && r[5] === '本年新收政府信息公开申请数量' && r[6] === '其他')!;
    expect(missing).toBeDefined();
    expect(missing[9]).toBe('缺失');
    expect(missing[7] ?? null).toBeNull();
    expect(cells.every((r) => r[9] !== '已读取')).toBe(true);
    expect(cells.some((r) => r[0] === ids['003'] && r[9] === '推算')).toBe(true);

    const legend = wb.getWorksheet('说明')!;
    let legendFill: string | undefined;
    legend.eachRow((row) => {
      if (row.getCell(1).value === '缺失') legendFill = (row.getCell(1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    });
    expect(legendFill).toBe(missingFill);
  });
});

describe('formula injection through an uploaded file name', () => {
  it('CSV: the file name gets a leading apostrophe; numbers stay numbers', async () => {
    const csv = new TextDecoder().decode(await (await app.request(ROUTES.exportCsv.path({ ids: String(ids['evil']) }))).arrayBuffer());
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines.slice(1)) {
      expect(l.startsWith(`${ids['evil']},'=cmd|`)).toBe(true);
      expect(l).not.toMatch(/,=/);
    }
  });

  it('XLSX: the file name is a plain string in text format, in every sheet; numbers stay numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await app.request(ROUTES.exportXlsx.path({ ids: String(ids['evil']) }))).arrayBuffer());
    for (const name of ['年报数据', '问题']) {
      const ws = wb.getWorksheet(name)!;
      expect(ws.rowCount).toBeGreaterThan(1);
      for (let i = 2; i <= ws.rowCount; i++) {
        const file = ws.getRow(i).getCell(2);
        expect(file.type).toBe(ExcelJS.ValueType.String);
        expect(String(file.value)).toMatch(/^=cmd\|/);
        expect(file.numFmt).toBe('@');
        expect(ws.getRow(i).getCell(1).value).toBe(ids['evil']);
      }
    }
  });
});
