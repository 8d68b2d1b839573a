/**
 * Batch ingest: folders and zip archives, idempotent re-runs (SQLite and PostgreSQL), a bad file
 * never stopping the batch, stopping and resuming (signal, and kill -9 of the CLI process).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { expandUpload, ingestPaths, lineProgress, ParsePool, summaryTable, type IngestEvent } from '../../src/ingest/index.js';
import { readNothingInTime } from '../../src/ingest/out-of-time.js';
import { OPTIMIZE_AFTER } from '../../src/ingest/run.js';
import { listArchive } from '../../src/read/zip.js';
import { openStore } from '../../src/store/index.js';
import { scannedPdf } from '../read/scan-helpers.js';
import { BACKENDS, snapshot } from '../store/backends.js';
import { bytesOf, genReport, genReportWithError } from './gen.js';

const ROOT = join(__dirname, '..', '..');
let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nianbao-ingest-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let dirs = 0;
const newDir = (): string => {
  const d = join(tmp, `d${dirs++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

/** 报告 in GB18030, as a Chinese Windows zip tool writes entry names (no UTF-8 flag). */
const GBK_REPORT = new Uint8Array([0xb1, 0xa8, 0xb8, 0xe6]);

/** A zip of reports with a GB18030-named entry, a hidden entry, a macOS folder and a nested zip. */
function makeArchive(): Uint8Array {
  const zip = zipSync({
    '2023/a.txt': bytesOf(genReport(201, { agency: '延津县人民政府', year: 2023 }).text),
    'ab12.txt': bytesOf(genReport(202, { agency: '卧龙区人民政府', year: 2023 }).text),
    '.DS_Store': new Uint8Array([0, 1, 2]),
    '__MACOSX/2023/._a.txt': new Uint8Array([0, 1, 2]),
    'inner.zip': zipSync({ 'x.txt': bytesOf('x') }),
  });
  // Rename ab12.txt to 报告.txt in GB18030 (same length) in the local header and the central directory.
  const from = bytesOf('ab12.txt');
  for (let i = 0; i + from.length <= zip.length; i++) {
    if (from.every((b, k) => zip[i + k] === b)) zip.set(GBK_REPORT, i);
  }
  return zip;
}

/** A folder like a real delivery: subfolders, hidden files, a non-report, an archive. */
function makeTree(n: number): string {
  const d = newDir();
  mkdirSync(join(d, 'sub', '.git'), { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(d, i % 2 ? 'sub' : '.', `r${String(i).padStart(3, '0')}.txt`), genReport(300 + i).text);
  writeFileSync(join(d, 'sub', 'err.txt'), genReportWithError(299).text);
  writeFileSync(join(d, '.hidden.txt'), genReport(298).text);
  writeFileSync(join(d, 'sub', '.git', 'HEAD'), 'ref: x');
  writeFileSync(join(d, '~$lock.docx'), 'x');
  writeFileSync(join(d, 'notes.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  writeFileSync(join(d, 'batch.zip'), makeArchive());
  return d;
}

describe('zip archives', () => {
  it('lists documents, decodes GB18030 names, skips hidden entries and nested archives', () => {
    const l = listArchive(makeArchive());
    expect(l.kind).toBe('archive');
    if (l.kind !== 'archive') return;
    expect(l.entries.map((e) => e.name)).toEqual(['2023/a.txt', '报告.txt']);
    expect(l.skipped).toEqual([{ name: 'inner.zip', reason: '压缩包内的压缩包不展开' }]);
  });

  it('refuses an archive over the entry limit before inflating anything', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 5001; i++) files[`f${i}.txt`] = new Uint8Array([65]);
    const l = listArchive(zipSync(files, { level: 0 }));
    expect(l).toEqual({ kind: 'bad', message: expect.stringMatching(/5001.*5000/) });
  });

  it('expands an upload for the server: documents as themselves, archives into entries', () => {
    const doc = bytesOf(genReport(1).text);
    expect(expandUpload(doc, 'a.txt')).toEqual([{ fileName: 'a.txt', bytes: doc }]);
    const parts = expandUpload(makeArchive(), 'up.zip');
    expect(parts.map((p) => [p.fileName, !!p.bytes, p.error ?? null])).toEqual([
      ['up.zip/inner.zip', false, '压缩包内的压缩包不展开'],
      ['up.zip/2023/a.txt', true, null],
      ['up.zip/报告.txt', true, null],
    ]);
    expect(expandUpload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9]), 'bad.zip')[0]!.error).toMatch(/损坏/);
  });
});

describe.each(BACKENDS)('ingest into $name', (backend) => {
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());

  it('ingests a folder with subfolders and archives; running it again changes nothing', async () => {
    const dir = makeTree(12);
    const store = await backend.open();
    try {
      const events: IngestEvent[] = [];
      const s1 = await ingestPaths(store, [dir], { jobs: 2, onFile: (e) => events.push(e) });
      // 12 reports + err.txt + notes.png + 2 in the archive + the nested archive (skipped).
      expect(s1).toMatchObject({ total: 17, ok: 14, errors: 1, unreadable: 1, duplicates: 0, failed: 0, skipped: 1, interrupted: false });
      const base = dir.split('/').at(-1)!;
      expect(events.map((e) => e.name)).toContain(`${base}/batch.zip/报告.txt`);
      expect(events.map((e) => e.name)).toContain(`${base}/sub/r001.txt`);
      expect(events.map((e) => e.index)).toEqual(events.map((_e, i) => i + 1));
      expect(events.some((e) => e.name.includes('hidden') || e.name.includes('.git') || e.name.includes('~$'))).toBe(false);
      const before = await snapshot(store);
      expect(before['reports']).toHaveLength(16);

      const s2 = await ingestPaths(store, [dir], { jobs: 2 });
      expect(s2).toMatchObject({ total: 17, ok: 0, errors: 0, unreadable: 0, duplicates: 16, skipped: 1 });
      expect(await snapshot(store)).toEqual(before);
    } finally {
      await store.close();
    }
  });
});

describe('a bad file never stops the batch', () => {
  it('a parse that runs past the time limit is stored as unreadable and the batch goes on', async () => {
    const dir = newDir();
    // Scans (seconds each) under a 1 ms limit: a text report can be parsed before the parent even
    // sees its process ready, and so be read inside the limit (it happened in CI). A comment after
    // %%EOF makes the three files three, not duplicates.
    const scan = await scannedPdf('pdf-2021-basic', { kind: 'clean', dpi: 150, seed: 1 });
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, `r${i}.pdf`), Buffer.concat([scan, Buffer.from(`\n%r${i}\n`)]));
    const store = await openStore({ url: null, file: join(newDir(), 'x.db') });
    try {
      const events: IngestEvent[] = [];
      const s = await ingestPaths(store, [join(dir, 'r0.pdf'), join(dir, 'r1.pdf'), join(dir, 'missing.txt'), join(dir, 'r2.pdf')], {
        jobs: 1,
        timeoutMs: 1,
        onFile: (e) => events.push(e),
      });
      expect(s).toMatchObject({ total: 4, unreadable: 3, failed: 1, interrupted: false });
      expect(events[2]).toMatchObject({ name: join(dir, 'missing.txt'), outcome: 'failed', message: expect.stringMatching(/无法打开/) });
      expect(events[0]!.message).toMatch(/解析超过/);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('a scan that runs out of time is out of time, not unreadable, whether the pool stops it or its reader stops first with nothing read', async () => {
    const scan = await scannedPdf('pdf-2021-basic', { kind: 'clean', dpi: 150, seed: 1 });
    const pool = new ParsePool(1, 2_000);
    try {
      // 2 s for a 4-page scan (5–8 s a page): the reader's own limit (1.8 s) comes before any page is read.
      expect(await pool.parse(scan, 'scan.pdf')).toEqual({ error: '解析超过 2 秒，已停止', kind: 'timeout' });
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('a file whose reader ran to its limit and read nothing is out of time; one unreadable at once, or read in part, is not', async () => {
    const pdf = new Uint8Array(readFileSync(join(__dirname, '..', 'fixtures', 'pdf', 'pdf-2021-basic.pdf')));
    // The reader's limit passed before anything was read: '读取 PDF 超时'.
    const late = await parseReport(pdf, { path: 'a.pdf', timeoutMs: 1 });
    expect(late.findings.some((f) => f.rule === 'R.unreadable' && f.fatal)).toBe(true);
    expect(readNothingInTime(late, 1, 1)).toBe(true);
    // Unreadable before its limit (a damaged file): unreadable, not out of time.
    const broken = await parseReport(bytesOf('%PDF-1.4 not a pdf at all'), { path: 'b.pdf', timeoutMs: 30_000 });
    expect(broken.findings.some((f) => f.rule === 'R.unreadable' && f.fatal)).toBe(true);
    expect(readNothingInTime(broken, 200, 30_000)).toBe(false);
    // Read (in part or whole) at its limit: kept, with its findings.
    const read = await parseReport(pdf, { path: 'c.pdf' });
    expect(readNothingInTime(read, 60_000, 30_000)).toBe(false);
    // No limit given to the reader: the pool's own limit decides.
    expect(readNothingInTime(late, 60_000, undefined)).toBe(false);
  });

  it('a closed pool answers at once (a stopped batch does not wait for files still being read)', async () => {
    const pool = new ParsePool(1);
    const inFlight = pool.parse(bytesOf(genReport(460).text), 'a.txt');
    await pool.close();
    expect(await inFlight).toMatchObject({ error: '已中止' });
    expect(await pool.parse(bytesOf('x'), 'b.txt')).toMatchObject({ error: '已中止' });
  });

  it('never ingests its own database when it lies inside the folder (nianbao ingest . with ./data)', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'r.txt'), genReport(450).text);
    const store = await openStore({ url: null, file: join(dir, 'data', 'nianbao.db') });
    try {
      const names: string[] = [];
      const s = await ingestPaths(store, [dir], { jobs: 1, onFile: (e) => names.push(e.name) });
      expect(names).toEqual([`${dir.split('/').at(-1)}/r.txt`]);
      expect(s.ok).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('merges the search index after storing many files (a bulk import), not after a few', async () => {
    const dir = newDir();
    for (let i = 0; i < OPTIMIZE_AFTER; i++) writeFileSync(join(dir, `r${String(i).padStart(3, '0')}.txt`), genReport(600 + i).text);
    const store = await openStore({ url: null, file: join(newDir(), 'x.db') });
    let merged = 0;
    const optimize = store.optimizeSearchIndex.bind(store);
    store.optimizeSearchIndex = () => (merged++, optimize());
    try {
      await ingestPaths(store, [join(dir, 'r000.txt'), join(dir, 'r001.txt')], { jobs: 0 });
      expect(merged).toBe(0);
      // Two of them stored already: fewer than OPTIMIZE_AFTER new ones, no merge.
      expect((await ingestPaths(store, [dir], { jobs: 0 })).duplicates).toBe(2);
      expect(merged).toBe(0);
      writeFileSync(join(dir, 'r999.txt'), genReport(599).text);
      writeFileSync(join(dir, 'r998.txt'), genReport(598).text);
      await ingestPaths(store, [dir], { jobs: 0 });
      expect(merged).toBe(0);
      const more = newDir();
      for (let i = 0; i < OPTIMIZE_AFTER; i++) writeFileSync(join(more, `s${String(i).padStart(3, '0')}.txt`), genReport(800 + i).text);
      const s = await ingestPaths(store, [more], { jobs: 0 });
      expect(s.ok + s.errors).toBe(OPTIMIZE_AFTER);
      expect(merged).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('stops when asked (Ctrl-C) after a whole file, and a rerun completes the rest', async () => {
    const dir = newDir();
    for (let i = 0; i < 12; i++) writeFileSync(join(dir, `r${String(i).padStart(2, '0')}.txt`), genReport(500 + i).text);
    const store = await openStore({ url: null, file: join(newDir(), 'x.db') });
    try {
      const ac = new AbortController();
      const s1 = await ingestPaths(store, [dir], { jobs: 2, signal: ac.signal, onFile: (e) => e.index === 5 && ac.abort() });
      expect(s1).toMatchObject({ interrupted: true, ok: 5 });
      expect((await store.stats()).reports).toBe(5);
      const s2 = await ingestPaths(store, [dir], { jobs: 2 });
      expect(s2).toMatchObject({ interrupted: false, duplicates: 5, ok: 7 });
      expect((await store.stats()).reports).toBe(12);
    } finally {
      await store.close();
    }
  });
});

describe('the ingest command', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/ingest/cli-entry.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

  it('killed with -9 mid-way, run again: every report once, none half-written', async () => {
    const dir = newDir();
    const N = 200;
    for (let i = 0; i < N; i++) writeFileSync(join(dir, `r${String(i).padStart(3, '0')}.txt`), (i % 10 === 3 ? genReportWithError : genReport)(600 + i).text);
    const db = join(newDir(), 'nianbao.db');
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/ingest/cli-entry.ts'), 'ingest', dir, '--db', db, '--plain', '--jobs', '2'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    // Kill as soon as some reports are in: polls the database the child writes.
    let seen = 0;
    for (let t = 0; t < 600 && seen < 20; t++) {
      await new Promise((r) => setTimeout(r, 25));
      try {
        const c = new SQLite(db, { readonly: true, fileMustExist: true });
        try {
          seen = (c.prepare('select count(*) as n from reports').get() as { n: number }).n;
        } finally {
          c.close();
        }
      } catch {
        // not created yet
      }
    }
    child.kill('SIGKILL');
    await exited;
    const count = (): { reports: number; files: number; shas: number } => {
      const c = new SQLite(db);
      try {
        return c
          .prepare(
            'select (select count(*) from reports) as reports, (select count(*) from files) as files, (select count(distinct sha256) from files) as shas',
          )
          .get() as { reports: number; files: number; shas: number };
      } finally {
        c.close();
      }
    };
    const mid = count();
    expect(mid.reports).toBeGreaterThanOrEqual(20);
    expect(mid.reports).toBeLessThan(N);
    expect(mid.files).toBe(mid.reports);

    const r = cli(['ingest', dir, '--db', db, '--json', '--jobs', '2']);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
    expect(summary['duplicates']).toBe(mid.reports);
    expect(summary['ok']! + summary['errors']! + summary['unreadable']!).toBe(N - mid.reports);

    expect(count()).toEqual({ reports: N, files: N, shas: N });
    const c = new SQLite(db, { readonly: true });
    try {
      expect(c.pragma('integrity_check', { simple: true })).toBe('ok');
      // Every report has exactly the findings of its record.
      const rows = c
        .prepare(
          'select r.id, rec.record, (select count(*) from findings f where f.report_id = r.id) as n from reports r left join records rec on rec.report_id = r.id',
        )
        .all() as {
        id: number;
        record: string;
        n: number;
      }[];
      for (const row of rows) expect(row.n).toBe((JSON.parse(row.record) as { findings: unknown[] }).findings.length);
      expect(rows.filter((x) => x.n > 0).length).toBeGreaterThan(0);
      expect((c.prepare("select count(*) as n from reports where status = 'errors'").get() as { n: number }).n).toBe(20);
    } finally {
      c.close();
    }
  });

  it('units import: reads the list and says what it did', () => {
    const dir = newDir();
    const db = join(dir, 'db', 'n.db');
    writeFileSync(join(dir, 'units.csv'), '名称,地区,层级\n延津县人民政府,河南省/新乡市/延津县,县级\n,河南省,\n');
    const r = cli(['units', 'import', join(dir, 'units.csv'), '--db', db]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('新增 1 个单位，更新 0 个');
    expect(r.stdout).toContain('第3行：单位名称不能为空');
    const bad = cli(['units', 'import', join(dir, 'nope.csv'), '--db', db]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('无法打开文件');
  });
});

describe('progress output', () => {
  it('plain lines: position, outcome, name, agency and year', () => {
    let out = '';
    const p = lineProgress((s) => (out += s));
    p.start(12);
    p.file({ index: 3, total: 12, name: 'sub/a.txt', outcome: 'errors', superseded: true, id: 3, agency: '延津县人民政府', year: 2023, message: null });
    p.file({ index: 4, total: 12, name: 'b.png', outcome: 'unreadable', superseded: false, id: 4, agency: null, year: null, message: '这是图片文件' });
    expect(out).toBe('共 12 个文件\n[ 3/12] 有错误   sub/a.txt  延津县人民政府 2023年度  （替代旧版本）\n[ 4/12] 无法读取 b.png  这是图片文件\n');
  });

  it('summary table: the counts, aligned, and how to resume when interrupted', () => {
    const t = summaryTable({ total: 10, ok: 5, errors: 2, unreadable: 1, duplicates: 1, superseded: 1, failed: 0, skipped: 0, interrupted: true, seconds: 2 });
    expect(t).toContain('导入已中断（完成 9/10');
    expect(t).toMatch(/解析成功 +5\n/);
    expect(t).toMatch(/合计 +9\n/);
    expect(t).toContain('再次运行同一命令即可继续');
    const lines = t.split('\n').filter((l) => /\d$/.test(l) && l.startsWith('  '));
    expect(new Set(lines.map((l) => l.length + (l.match(/[\u4e00-\u9fff\uff00-\uffef]/g)?.length ?? 0))).size).toBe(1);
  });
});
