/**
 * POST /api/reports and what is stored (src/ingest/accept.ts): files that are not reports, empty,
 * encrypted or too damaged to open come back `rejected` with the reason and leave nothing in the
 * store; a zip is opened on the server as `nianbao ingest` opens it, each document in it an
 * upload of its own; every real report, and a report read badly, is kept.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { reportList, uploadResult, type UploadResult } from '../../src/server/contract.js';
import { openStore, type Store } from '../../src/store/index.js';
import {
  allReports,
  blankPdf,
  damagedDocx,
  damagedPdf,
  encryptedDocx,
  enc,
  file,
  FIXTURES,
  NEWS,
  noisePng,
  reportWordsPng,
  ROOT,
  SHARED,
  signPng,
  titleOnly,
} from '../ingest/not-reports.js';
import { deflateBomb, deflated, rawZip } from '../read/zip-helpers.js';

type One = UploadResult['results'][number];

let store: Store;
let app: ReturnType<typeof createApp>['app'];
let close: () => Promise<void>;

async function upload(files: { name: string; bytes: Uint8Array }[], on = app): Promise<One[]> {
  const fd = new FormData();
  for (const f of files) fd.append('file', new Blob([f.bytes as Uint8Array<ArrayBuffer>]), f.name);
  const res = await on.request('/api/reports', { method: 'POST', body: fd });
  expect(res.status).toBe(200);
  return uploadResult.parse(await res.json()).results;
}

const stored = async (): Promise<number> => reportList.parse(await (await app.request('/api/reports?includeSuperseded=1&pageSize=200')).json()).total;

beforeAll(async () => {
  store = await openStore({ file: join(mkdtempSync(join(tmpdir(), 'nianbao-upload-accept-')), 'db.sqlite') });
  ({ app, close } = createApp({ store, workers: 0 }));
});
afterAll(async () => {
  await close();
  await store.close();
});

describe('POST /api/reports turns away what is not a report to keep', () => {
  it('each case rejected with its reason in Chinese, nothing stored; an empty PDF is no duplicate of an empty text', async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['空.txt', new Uint8Array(), /^空文件（0 字节），未保存$/],
      ['空.pdf', new Uint8Array(), /^空文件（0 字节），未保存$/],
      ['空白.txt', enc(' \u3000\r\n\t'), /^空文件（只有空白/],
      ['加密.pdf', file(FIXTURES, 'pdf', 'hostile', 'encrypted.pdf'), /^PDF 已加密，无法读取：请上传未加密的文件/],
      ['加密.docx', encryptedDocx(), /^DOCX 已加密，无法读取：请上传未加密的文件/],
      ['损坏.docx', damagedDocx(), /已损坏/],
      ['损坏.pdf', damagedPdf(), /^PDF 文件已损坏，无法打开/],
      ['package.json', file(ROOT, 'package.json'), /^不是政府信息公开工作年度报告：文件中找不到年度报告的标题/],
      ['README.md', file(ROOT, 'README.md'), /^不是政府信息公开工作年度报告：文件中找不到年度报告的标题/],
      ['新闻.txt', enc(NEWS), /^不是政府信息公开工作年度报告：文件中找不到年度报告的标题.*栏目名称一个也没有/],
      // random noise: no text at all, or a few stray characters the cell reader made of specks — not a report either way
      ['照片.png', await noisePng(), /^不是政府信息公开工作年度报告：(文字识别（OCR）在图片中没有识别出任何文字|图片识别出的文字中找不到年度报告)/],
      ['招牌.png', await signPng(), /^不是政府信息公开工作年度报告：图片识别出的文字中找不到/],
      ['空白页.pdf', blankPdf(), /^不是政府信息公开工作年度报告：PDF 各页没有文字/],
    ];
    const results = await upload(cases.map(([name, bytes]) => ({ name, bytes })));
    expect(results.map((r) => r.fileName)).toEqual(cases.map(([name]) => name));
    results.forEach((r, i) => {
      expect(r, r.fileName).toMatchObject({ outcome: 'rejected', id: null, status: null, message: expect.stringMatching(cases[i]![2]) });
    });
    expect(await stored()).toBe(0);
  }, 180_000);

  it('a report read badly is kept: its title alone, a photo of its narrative', async () => {
    const results = await upload([
      { name: '只有标题.txt', bytes: titleOnly() },
      { name: '正文照片.png', bytes: await reportWordsPng() },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['new', 'new']);
    expect(results[1]!.status).toBe('unreadable');
  }, 120_000);
});

describe('a zip uploaded on the page', () => {
  it('is opened: every report in it kept under archive.zip/inner/path, each other entry rejected on its own, hidden entries skipped', async () => {
    const before = await stored();
    const reports = (await allReports()).filter((f) => f.kind !== 'demo');
    const entries: Record<string, Uint8Array> = {};
    for (const f of reports) entries[`年报/${f.kind}/${f.name}`] = f.bytes;
    Object.assign(entries, {
      'package.json': file(ROOT, 'package.json'),
      '其他/新闻.txt': enc(NEWS),
      '其他/空.pdf': new Uint8Array(),
      '其他/加密.pdf': file(FIXTURES, 'pdf', 'hostile', 'encrypted.pdf'),
      '其他/内层.zip': zipSync({ 'a.txt': enc('a') }),
      '.DS_Store': new Uint8Array([0, 1, 2]),
      '__MACOSX/年报/._x.txt': new Uint8Array([0, 1, 2]),
    });
    const results = await upload([{ name: '打包.zip', bytes: zipSync(entries) }]);
    const by = new Map(results.map((r) => [r.fileName, r] as const));
    expect(results).toHaveLength(reports.length + 5);
    for (const f of reports) expect(by.get(`打包.zip/年报/${f.kind}/${f.name}`)?.outcome, f.name).toMatch(/^(?:new|superseded)$/);
    expect(by.get('打包.zip/package.json')).toMatchObject({ outcome: 'rejected', message: expect.stringMatching(/^不是政府信息公开工作年度报告/) });
    expect(by.get('打包.zip/其他/新闻.txt')).toMatchObject({ outcome: 'rejected', message: expect.stringMatching(/^不是政府信息公开工作年度报告/) });
    expect(by.get('打包.zip/其他/空.pdf')).toMatchObject({ outcome: 'rejected', message: expect.stringMatching(/^空文件/) });
    expect(by.get('打包.zip/其他/加密.pdf')).toMatchObject({ outcome: 'rejected', message: expect.stringMatching(/^PDF 已加密/) });
    expect(by.get('打包.zip/其他/内层.zip')).toMatchObject({ outcome: 'rejected', message: '压缩包内的压缩包不展开' });
    expect(await stored()).toBe(before + reports.length);
  }, 300_000);

  it('the demo set as one zip: every file kept', async () => {
    const demo = (await allReports()).filter((f) => f.kind === 'demo');
    const results = await upload([{ name: 'demo.zip', bytes: zipSync(Object.fromEntries(demo.map((f) => [f.name, f.bytes]))) }]);
    expect(results.filter((r) => r.outcome === 'rejected')).toEqual([]);
    expect(results).toHaveLength(demo.length);
  }, 300_000);

  it('names: no leading slash or empty parts (entries with . or .. parts are skipped as hidden); entries over the size limit and broken zips are rejected', async () => {
    const small = createApp({ store, workers: 0, limits: { maxFileBytes: 64 * 1024 } });
    try {
      const seed = file(SHARED, 'seeds', '000_f0cbcda3827e0aad.txt');
      const zip = rawZip([
        { name: '/abs//a.txt', data: deflated('x'), method: 8, declaredSize: 1 },
        { name: 'big.txt', data: deflateBomb(1024 * 1024), method: 8, declaredSize: 1000 },
        { name: 'declared.txt', data: deflated('x'), method: 8, declaredSize: 10 * 1024 * 1024 },
        { name: 'r/report.txt', data: seed, method: 0, declaredSize: seed.length },
      ]);
      const results = await upload([{ name: 'a.zip', bytes: zip }], small.app);
      const by = new Map(results.map((r) => [r.fileName, r] as const));
      expect([...by.keys()].sort()).toEqual(['a.zip/abs/a.txt', 'a.zip/big.txt', 'a.zip/declared.txt', 'a.zip/r/report.txt']);
      expect(by.get('a.zip/abs/a.txt')!.outcome).toBe('rejected');
      expect(by.get('a.zip/big.txt')).toMatchObject({ outcome: 'rejected', message: expect.stringMatching(/^文件超过/) });
      expect(by.get('a.zip/declared.txt')).toMatchObject({ outcome: 'rejected', message: expect.stringMatching(/^文件超过/) });
      expect(by.get('a.zip/r/report.txt')!.outcome).toMatch(/^(?:new|duplicate)$/);
      const bad = await upload([{ name: 'bad.zip', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9, 9]) }], small.app);
      expect(bad).toEqual([expect.objectContaining({ fileName: 'bad.zip', outcome: 'rejected', message: expect.stringMatching(/损坏/) })]);
    } finally {
      await small.close();
    }
  });

  it('a zip bomb (entries that lie about their size) is inflated one entry at a time: memory stays bounded', async () => {
    const big = createApp({ store, workers: 1, limits: { maxFileBytes: 20 * 1024 * 1024 } });
    try {
      const bomb = deflateBomb(60 * 1024 * 1024);
      const seed = file(SHARED, 'seeds', '001_75fd27514a3859df.txt');
      const zip = rawZip([
        ...Array.from({ length: 16 }, (_, i) => ({ name: `a${String(i).padStart(2, '0')}.bin`, data: bomb, method: 8 as const, declaredSize: 1000 })),
        { name: 'z.txt', data: seed, method: 0, declaredSize: seed.length },
      ]);
      globalThis.gc?.();
      const base = process.memoryUsage().rss;
      let peak = base;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 1);
      const results = await upload([{ name: 'bomb.zip', bytes: zip }], big.app);
      clearInterval(timer);
      expect(results.slice(0, 16).every((r) => r.outcome === 'rejected' && /^文件超过/.test(r.message ?? ''))).toBe(true);
      expect(results[16]).toMatchObject({ fileName: 'bomb.zip/z.txt' });
      expect(results[16]!.outcome).not.toBe('rejected');
      // Sixteen entries of 60 MB held at once would be 960 MB; one at a time, a few entries at most (until the GC frees them).
      expect(peak - base).toBeLessThan(600 * 1024 * 1024);
    } finally {
      await big.close();
    }
  }, 120_000);
});
