/**
 * What the store keeps and what it turns away (src/ingest/accept.ts), through the store, the
 * HTTP upload (a zip opened there too) and `nianbao ingest`: empty files, encrypted files and
 * files with no sign of an annual report are rejected with the reason; every real report — the
 * seeds, the corpus, the fixtures of every format, the demo set, a scan — is kept.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { acceptance, evidence, isBlank, isEncryptedOffice, looksLikeReport, MIN_LABELS, REPORT_LABELS, screen } from '../../src/ingest/accept.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { createApp } from '../../src/server/app.js';
import { uploadResult } from '../../src/server/contract.js';
import { openStore, type Store } from '../../src/store/index.js';
import {
  allReports,
  blankPdf,
  damagedDocx,
  damagedPdf,
  encryptedDocx,
  file,
  FIXTURES,
  gradientJpeg,
  NEWS,
  noisePng,
  oleFile,
  pageStart,
  reportWordsPng,
  ROOT,
  signPng,
  titleOnly,
} from './not-reports.js';

const root = join(__dirname, '..', '..');
const shared = join(root, '..', 'shared');
const fixtures = join(root, 'test', 'fixtures');
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Invented texts: a notice about disclosure work, not a report. */
const ARTICLE =
  '关于加强政务公开工作的通知\n各乡镇人民政府，县政府各部门：\n为深入贯彻《中华人民共和国政府信息公开条例》，进一步做好政务公开工作，现就有关事项通知如下。\n一、提高认识。各单位要按时发布政府信息公开工作年度报告。\n二、加强监督。县政务公开办将对各单位年度报告进行检查。\n青禾县人民政府办公室\n';

async function photo(): Promise<Uint8Array> {
  const w = 640;
  const h = 480;
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      px[i] = (x * 255) / w;
      px[i + 1] = (y * 255) / h;
      px[i + 2] = ((x * y) % 97) + 120;
    }
  return new Uint8Array(
    await sharp(px, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toBuffer(),
  );
}

/** Invented: a program's manual that names two table rows (fewer than three labels). */
const MANUAL = '使用说明\n本工具读取各单位的年报，核对表三「属于国家秘密」行与「结转下年度继续办理」行的数字，结果导出为表格。\n';

const keep = async (bytes: Uint8Array, path: string) => acceptance(bytes, await parseReport(bytes, { path }));

describe('acceptance: what is turned away', () => {
  it('blank files', () => {
    expect(isBlank(new Uint8Array())).toBe(true);
    expect(isBlank(enc('\uFEFF \n\t '))).toBe(true);
    expect(isBlank(enc(' a '))).toBe(false);
  });

  it('blanks in any encoding are empty: U+3000 in UTF-8 and GB18030, UTF-16 with its mark, NULs; a zero-filled download too', () => {
    expect(isBlank(enc('\u3000\u3000\r\n\u00a0'))).toBe(true);
    expect(isBlank(new Uint8Array([0xa1, 0xa1, 0x0d, 0x0a, 0xa1, 0xa1]))).toBe(true); // GB18030 U+3000
    expect(isBlank(new Uint8Array([0xff, 0xfe, 0x20, 0x00, 0x00, 0x30, 0x0a, 0x00]))).toBe(true); // UTF-16LE
    expect(isBlank(new Uint8Array(4096))).toBe(true);
    expect(isBlank(new Uint8Array([0xc4, 0xe3, 0xba, 0xc3]))).toBe(false); // 你好 in GB18030
    expect(isBlank(new Uint8Array([0x01, 0x02]))).toBe(false);
    expect(screen(new Uint8Array([0xa1, 0xa1]))).toMatchObject({ keep: false, reason: 'empty', message: expect.stringMatching(/空文件/) });
  });

  it('an Office file in its encrypted wrapper is found in the bytes; other OLE files (a .doc) are not', () => {
    expect(isEncryptedOffice(encryptedDocx())).toBe(true);
    expect(isEncryptedOffice(oleFile(['WordDocument', '1Table']))).toBe(false);
    expect(isEncryptedOffice(oleFile(['EncryptedPackage']))).toBe(false);
    expect(isEncryptedOffice(file(FIXTURES, 'legacy', 'doc-2021.doc'))).toBe(false);
    expect(screen(encryptedDocx())).toMatchObject({
      keep: false,
      reason: 'encrypted',
      message: expect.stringMatching(/^DOCX 已加密，无法读取：请上传未加密的文件/),
    });
  });

  it('an empty file, a program file, an article, a photo, an encrypted PDF: rejected with the reason', async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['empty.pdf', new Uint8Array(), /空文件/],
      ['blank.txt', enc('  \n\n '), /空白/],
      ['package.json', readFileSync(join(root, 'package.json')), /不是政府信息公开工作年度报告/],
      ['README.md', readFileSync(join(root, 'README.md')), /不是政府信息公开工作年度报告/],
      ['通知.txt', enc(ARTICLE), /不是政府信息公开工作年度报告/],
      ['photo.png', await photo(), /不是政府信息公开工作年度报告/],
      ['encrypted.pdf', readFileSync(join(fixtures, 'pdf', 'hostile', 'encrypted.pdf')), /已加密/],
    ];
    for (const [name, bytes, why] of cases) {
      const a = await keep(new Uint8Array(bytes), name);
      expect(a.keep, name).toBe(false);
      if (!a.keep) expect(a.message, name).toMatch(why);
    }
  }, 120_000);

  it('a news item titled after a report is kept (a title and a year: it may be a report read badly)', async () => {
    expect((await keep(enc('我县发布2023年政府信息公开工作年度报告\n近日，县政府发布了年度报告。\n'), 'news.txt')).keep).toBe(true);
  });

  it('each kind of file turned away, with its own reason', async () => {
    const cases: [string, Uint8Array, string, RegExp][] = [
      ['news.txt', enc(NEWS), 'notReport', /^不是政府信息公开工作年度报告：文件中找不到年度报告的标题/],
      ['使用说明.txt', enc(MANUAL), 'notReport', /栏目名称只出现 2 个（属于国家秘密、结转下年度继续办理）/],
      // random noise: no text at all, or a few stray characters the cell reader made of specks — not a report either way
      [
        'noise.png',
        await noisePng(),
        'notReport',
        /^不是政府信息公开工作年度报告：(文字识别（OCR）在图片中没有识别出任何文字|图片识别出的文字中找不到年度报告)/,
      ],
      ['sky.jpg', await gradientJpeg(), 'notReport', /没有识别出任何文字/],
      ['sign.png', await signPng(), 'notReport', /^不是政府信息公开工作年度报告：图片识别出的文字中找不到/],
      ['blank.pdf', blankPdf(), 'notReport', /^不是政府信息公开工作年度报告：PDF 各页没有文字/],
      ['encrypted.pdf', file(FIXTURES, 'pdf', 'hostile', 'encrypted.pdf'), 'encrypted', /^PDF 已加密，无法读取：请上传未加密的文件/],
      ['locked.docx', encryptedDocx(), 'encrypted', /^DOCX 已加密，无法读取：请上传未加密的文件/],
      ['cut.docx', damagedDocx(), 'damaged', /^DOCX 文件已损坏，无法打开/],
      ['cut.pdf', damagedPdf(), 'damaged', /^PDF 文件已损坏，无法打开/],
      ['blank.txt', enc('\u3000\u3000\n'), 'empty', /空文件/],
    ];
    for (const [name, bytes, reason, why] of cases) {
      const a = await keep(bytes, name);
      expect(a, name).toMatchObject({ keep: false, reason, message: expect.stringMatching(why) });
    }
  }, 120_000);

  it('a report read badly is kept: its title alone, the start of a one-line page, a photo of its narrative', async () => {
    // Title and opening only, the tables lost: the parser finds the title.
    expect(await keep(titleOnly(), 'title.txt')).toEqual({ keep: true });
    // No title, headings run into the text: the parser finds nothing, the statistics-period sentence is there.
    const start = pageStart();
    expect((await parseReport(start, { path: 'page.txt' })).findings.some((f) => f.rule === 'P.notReport')).toBe(true);
    expect(evidence(new TextDecoder().decode(start)).period).toBe(true);
    expect(await keep(start, 'page.txt')).toEqual({ keep: true });
    // A photo of a page of narrative: no title, heading or table, but the words of disclosure work (OCR).
    const words = await reportWordsPng();
    const r = await parseReport(words, { path: 'page.png' });
    expect(r.findings.some((f) => f.rule === 'P.notReport')).toBe(true);
    expect(await acceptance(words, r)).toEqual({ keep: true });
  }, 120_000);

  it('the evidence: a title on any line or at the start of a one-line page, the labels, the words', () => {
    expect(evidence('首页>政务公开\n青禾县财政局2023年政府信息公开工作年度报告\n').title).toBe('青禾县财政局2023年政府信息公开工作年度报告');
    expect(evidence('青禾县财政局2023年政府信息公开工作年度报告　　一、总体情况　　2023年，县财政局…').title).toBe(
      '青禾县财政局2023年政府信息公开工作年度报告',
    );
    // The phrase inside a sentence is no title (the README says what the program reads).
    expect(evidence('本程序读取、核查各级行政机关2023年的《政府信息公开工作年度报告》。').title).toBeNull();
    expect(evidence('（三）不予公开 1.属于国家秘密 2.其他法律行政法规禁止公开 结转下年度继续办理').labels).toHaveLength(3);
    // A heading found inside a longer one counts once.
    expect(evidence('四、政府信息公开行政复议、行政诉讼情况').labels).toEqual(['政府信息公开行政复议行政诉讼情况']);
    expect(REPORT_LABELS).not.toContain('予以公开');
    const e = evidence(NEWS);
    expect(e).toMatchObject({ title: null, period: false, labels: [] });
    expect(e.words).toBeGreaterThanOrEqual(3);
    expect(looksLikeReport(e)).toBe(false);
    expect(looksLikeReport(e, true)).toBe(true); // read by OCR, the same words would keep it
    expect(MIN_LABELS).toBe(3);
  });
});

describe('acceptance: every real report is kept', () => {
  it('the seeds, the corpus, every fixture of every format (a scan and a .doc among them), the demo set with its PDF and scan', async () => {
    const files = await allReports();
    const count = (kind: string): number => files.filter((f) => f.kind === kind).length;
    expect(count('seed')).toBe(5);
    expect(count('corpus')).toBe(6);
    expect(count('fixture')).toBe(15); // 4 DOCX, 3 HTML, 7 PDF (pdf-2021-scan.pdf among them), 1 .doc
    expect(count('demo')).toBeGreaterThanOrEqual(16); // + a PDF and a scan when LibreOffice and poppler are there
    const turnedAway: string[] = [];
    for (const f of files) {
      const a = await keep(f.bytes, f.name);
      if (!a.keep) turnedAway.push(`${f.name}: ${a.message}`);
    }
    expect(turnedAway).toEqual([]);
  }, 600_000);
});

describe('where the rule applies', () => {
  let store: Store;
  let app: ReturnType<typeof createApp>['app'];
  let close: () => Promise<void>;
  beforeAll(async () => {
    store = await openStore({ file: join(mkdtempSync(join(tmpdir(), 'nianbao-accept-')), 'db.sqlite') });
    ({ app, close } = createApp({ store, workers: 0 }));
  });
  afterAll(async () => {
    await close();
    await store.close();
  });

  it('the store: two empty files are each rejected, never a duplicate of the other', async () => {
    const a = await store.ingestFile({ bytes: new Uint8Array(), fileName: 'a.txt' });
    const b = await store.ingestFile({ bytes: new Uint8Array(), fileName: 'b.pdf' });
    expect([a.outcome, b.outcome]).toEqual(['rejected', 'rejected']);
    expect(b.message).toMatch(/空文件/);
    expect((await store.listReports({ status: ['ok', 'warnings', 'errors', 'unreadable'] })).total).toBe(0);
  });

  it('the upload: a zip is opened, each document in it kept or rejected on its own', async () => {
    const seed = readdirSync(join(shared, 'seeds')).find((f) => f.endsWith('.txt'))!;
    const zip = zipSync({
      [`报告/${seed}`]: new Uint8Array(readFileSync(join(shared, 'seeds', seed))),
      'package.json': new Uint8Array(readFileSync(join(root, 'package.json'))),
      'empty.pdf': new Uint8Array(),
    });
    const fd = new FormData();
    fd.append('file', new Blob([zip]), '报告.zip');
    const res = uploadResult.parse(await (await app.request('/api/reports', { method: 'POST', body: fd })).json());
    const by = new Map(res.results.map((r) => [r.fileName, r] as const));
    expect(by.get(`报告.zip/报告/${seed}`)?.outcome).toBe('new');
    expect(by.get('报告.zip/package.json')).toMatchObject({ outcome: 'rejected', id: null });
    expect(by.get('报告.zip/empty.pdf')?.message).toMatch(/空文件/);
    expect((await store.listReports()).total).toBe(1);
  });

  it('nianbao ingest turns the same files away, with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-accept-dir-'));
    writeFileSync(join(dir, 'package.json'), readFileSync(join(root, 'package.json')));
    writeFileSync(join(dir, '通知.txt'), ARTICLE);
    writeFileSync(join(dir, 'empty.pdf'), '');
    const events: { name: string; outcome: string; message: string | null }[] = [];
    const s = await ingestPaths(store, [dir], { jobs: 1, onFile: (e) => events.push(e) });
    expect(s.failed).toBe(3);
    expect(events.every((e) => e.outcome === 'failed' && /不是政府信息公开工作年度报告|空文件/.test(e.message ?? ''))).toBe(true);
    expect((await store.listReports()).total).toBe(1);
  });
});

describe('nianbao ingest applies the same rule', () => {
  it('each kind turned away with its reason (a copy of a turned-away file too, never as a duplicate); the reports and a report read badly stored', async () => {
    const store = await openStore({ file: join(mkdtempSync(join(tmpdir(), 'nianbao-accept-cli-')), 'db.sqlite') });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'nianbao-accept-cli-dir-'));
      const seed = readdirSync(join(shared, 'seeds')).find((f) => f.endsWith('.txt'))!;
      const put: [string, Uint8Array][] = [
        ['a-empty.txt', new Uint8Array()],
        ['b-empty.pdf', new Uint8Array()],
        ['c-blank.txt', enc('\u3000\n')],
        ['d-news.txt', enc(NEWS)],
        ['e-news-copy.txt', enc(NEWS)],
        ['f-photo.png', await noisePng()],
        ['g-locked.pdf', file(FIXTURES, 'pdf', 'hostile', 'encrypted.pdf')],
        ['h-locked.docx', encryptedDocx()],
        ['i-cut.docx', damagedDocx()],
        ['j-package.json', file(ROOT, 'package.json')],
        ['k-report.txt', file(shared, 'seeds', seed)],
        ['l-title-only.txt', titleOnly()],
        ['m-batch.zip', zipSync({ 'README.md': file(ROOT, 'README.md'), 'report.docx': file(FIXTURES, 'docx', 'docx-2019.docx') })],
      ];
      for (const [name, bytes] of put) writeFileSync(join(dir, name), bytes);
      const events: { name: string; outcome: string; message: string | null }[] = [];
      const s = await ingestPaths(store, [dir], { jobs: 1, onFile: (e) => events.push(e) });
      const base = dir.split('/').at(-1)!;
      const by = new Map(events.map((e) => [e.name.slice(base.length + 1), e] as const));
      const failed = (name: string, why: RegExp): void => expect(by.get(name), name).toMatchObject({ outcome: 'failed', message: expect.stringMatching(why) });
      failed('a-empty.txt', /^空文件/);
      failed('b-empty.pdf', /^空文件/);
      failed('c-blank.txt', /^空文件/);
      failed('d-news.txt', /^不是政府信息公开工作年度报告/);
      failed('e-news-copy.txt', /^不是政府信息公开工作年度报告/);
      failed('f-photo.png', /^不是政府信息公开工作年度报告/);
      failed('g-locked.pdf', /^PDF 已加密/);
      failed('h-locked.docx', /^DOCX 已加密/);
      failed('i-cut.docx', /已损坏/); // a zip that cannot be listed: 压缩包已损坏 (the CLI opens every zip as a possible archive first)
      failed('j-package.json', /^不是政府信息公开工作年度报告/);
      failed('m-batch.zip/README.md', /^不是政府信息公开工作年度报告/);
      expect(by.get('k-report.txt')!.outcome).toMatch(/^(?:ok|errors)$/);
      expect(by.get('l-title-only.txt')!.outcome).toMatch(/^(?:ok|errors|unreadable)$/);
      expect(by.get('m-batch.zip/report.docx')!.outcome).toMatch(/^(?:ok|errors)$/);
      expect(s).toMatchObject({ total: 14, failed: 11, duplicates: 0 });
      expect((await store.listReports({ includeSuperseded: true })).total).toBe(3);
    } finally {
      await store.close();
    }
  }, 180_000);
});
