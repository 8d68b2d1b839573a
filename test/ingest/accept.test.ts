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
import { demoSet } from '../../src/author/demo.js';
import { parseReport } from '../../src/index.js';
import { acceptance, isBlank } from '../../src/ingest/accept.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { createApp } from '../../src/server/app.js';
import { uploadResult } from '../../src/server/contract.js';
import { openStore, type Store } from '../../src/store/index.js';

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

const keep = async (bytes: Uint8Array, path: string) => acceptance(bytes, await parseReport(bytes, { path }));

describe('acceptance: what is turned away', () => {
  it('blank files', () => {
    expect(isBlank(new Uint8Array())).toBe(true);
    expect(isBlank(enc('\uFEFF \n\t '))).toBe(true);
    expect(isBlank(enc(' a '))).toBe(false);
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
});

describe('acceptance: every real report is kept', () => {
  it('the seeds, the corpus, every fixture of every format, the demo set', async () => {
    const files: [string, Uint8Array][] = [];
    for (const f of readdirSync(join(shared, 'seeds')).filter((f) => f.endsWith('.txt'))) files.push([f, readFileSync(join(shared, 'seeds', f))]);
    for (const f of readdirSync(join(shared, 'corpus')).filter((f) => f !== 'index.tsv')) files.push([f, readFileSync(join(shared, 'corpus', f))]);
    for (const dir of ['docx', 'html', 'pdf'])
      for (const f of readdirSync(join(fixtures, dir)).filter((f) => /\.(docx|html|pdf)$/.test(f))) files.push([f, readFileSync(join(fixtures, dir, f))]);
    files.push(['doc-2021.doc', readFileSync(join(fixtures, 'legacy', 'doc-2021.doc'))]);
    // A PDF that may be printed but not edited opens without a password: a report like any other.
    files.push(['restricted.pdf', readFileSync(join(fixtures, 'pdf', 'hostile', 'restricted.pdf'))]);
    for (const f of demoSet().files) files.push([f.name, f.bytes]);
    expect(files.length).toBeGreaterThan(35);
    const turnedAway: string[] = [];
    for (const [name, bytes] of files) {
      const a = await keep(new Uint8Array(bytes), name);
      if (!a.keep) turnedAway.push(`${name}: ${a.message}`);
    }
    expect(turnedAway).toEqual([]);
  }, 300_000);
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
    expect((await store.listReports({ status: ['ok', 'errors', 'unreadable'] })).total).toBe(0);
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
