#!/usr/bin/env node
// Benchmark: the ingest queue on PostgreSQL with 1 and 2 `nianbao worker` processes.
//
//   npm run build && bash scripts/pg-test.sh node bench/queue.mjs
//   BENCH_QUEUE_REPORTS=2000 BENCH_QUEUE_WORKERS=1,2 bash scripts/pg-test.sh node bench/queue.mjs
//
// Generates BENCH_QUEUE_REPORTS (default 10,000) reports, a mix: 40 % text (every layout family),
// 25 % HTML (Word-saved, UTF-8 and GB2312), 20 % DOCX, 15 % text PDFs (the PDF fixtures, each
// made distinct by a trailing comment); BENCH_QUEUE_SCANS (a share, default 0, e.g. 0.03) of them
// scans instead: image-only PDFs of a 2021 fixture scanned each way (src/synth/scan.ts, 200 dpi,
// the eight kinds in turn), each made distinct the same way. For each worker count, in a fresh database: queue the
// folder (`nianbao ingest`'s enqueue: blob + job), start the worker processes (concurrency 1 each),
// time until every job is done; then the database size. Also, in another fresh database, the same
// files ingested in one process without the queue (one parse thread): the queue's overhead per job
// is the difference of the two per-job times with one worker. Figures only: nothing is asserted.
// Needs NIANBAO_TEST_PG_URL (scripts/pg-test.sh sets it) to create its databases.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateValues } from '../dist/synth/values.js';
import { LAYOUT_FAMILIES, renderReport } from '../dist/synth/render-text.js';
import { randomGold } from '../dist/synth/fixture-gold.js';
import { wordHtml } from '../dist/synth/html-fixture.js';
import { buildDocx } from '../dist/synth/docx-fixture.js';
import { SCAN_KINDS, imagePdf, scanPages } from '../dist/synth/scan.js';
import { ingestPaths } from '../dist/ingest/index.js';
import { openStore } from '../dist/store/index.js';
import { IngestQueue, queueSettings } from '../dist/queue/queue.js';
import { enqueuePaths } from '../dist/queue/enqueue.js';

const N = Number(process.env.BENCH_QUEUE_REPORTS ?? 10_000);
const WORKERS = (process.env.BENCH_QUEUE_WORKERS ?? '1,2').split(',').map(Number);
const DIRECT = process.env.BENCH_QUEUE_DIRECT !== '0';
const admin = process.env.NIANBAO_TEST_PG_URL;
if (!admin) {
  console.error('bench/queue.mjs: run it through scripts/pg-test.sh (needs NIANBAO_TEST_PG_URL)');
  process.exit(2);
}
const root = join(import.meta.dirname, '..');
const mb = (b) => (b / 2 ** 20).toFixed(1);

async function sql(url, text, values = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, values)).rows;
  } finally {
    await c.end();
  }
}
let dbN = 0;
async function freshDb() {
  const name = `bench_queue_${process.pid}_${dbN++}`;
  await sql(admin, `CREATE DATABASE ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

// ——— the files ———
const work = mkdtempSync(join(tmpdir(), 'nianbao-bench-queue-'));
const dir = join(work, 'reports');
mkdirSync(dir);
const pdfs = readdirSync(join(root, 'test/fixtures/pdf'))
  .filter((f) => f.endsWith('.pdf') && !f.includes('scan'))
  .map((f) => readFileSync(join(root, 'test/fixtures/pdf', f)));
const mix = { text: 0, html: 0, docx: 0, pdf: 0, scan: 0 };
let bytes = 0;
const t0 = performance.now();
// Scans: one per kind, made once (each takes a second or two), then reused with a distinct tail.
const SCAN_SHARE = Math.min(1, Math.max(0, Number(process.env.BENCH_QUEUE_SCANS ?? 0)));
const scans = [];
if (SCAN_SHARE > 0) {
  const png = mkdtempSync(join(tmpdir(), 'nianbao-bench-queue-png-'));
  execFileSync('pdftoppm', ['-r', '200', '-png', join(root, 'test/fixtures/pdf/pdf-2021-basic.pdf'), join(png, 'p')]);
  const pages = readdirSync(png)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((f) => readFileSync(join(png, f)));
  rmSync(png, { recursive: true, force: true });
  for (const kind of SCAN_KINDS) scans.push(Buffer.from(await imagePdf(await scanPages(pages, { kind, dpi: 200, seed: 3 }), 200)));
}
// Every (1 / share)-th file is a scan, spread evenly through the folder.
const isScan = (i) => SCAN_SHARE > 0 && Math.floor((i + 1) * SCAN_SHARE) > Math.floor(i * SCAN_SHARE);
for (let i = 0; i < N; i++) {
  const sub = join(dir, `batch-${String(Math.floor(i / 100)).padStart(4, '0')}`);
  if (i % 100 === 0) mkdirSync(sub);
  const k = i % 20;
  const seed = 100_000 + i;
  let file;
  let data;
  if (isScan(i)) {
    file = `${i}-scan.pdf`;
    data = Buffer.concat([scans[mix.scan % scans.length], Buffer.from(`\n%bench ${i}\n`)]);
    mix.scan++;
  } else if (k < 8) {
    file = `${i}.txt`;
    data = renderReport(generateValues(seed), { family: LAYOUT_FAMILIES[i % LAYOUT_FAMILIES.length], seed });
    mix.text++;
  } else {
    const g = randomGold({
      seed,
      name: `r${i}`,
      agency: `测试县第${i}局`,
      year: 2020 + (i % 5),
      template: '2021',
      t3Shape: i % 2 ? 'single-other' : 'split-other',
      notes: '',
    });
    if (k < 13) {
      file = `${i}.html`;
      data = wordHtml(g, { charset: i % 2 ? 'utf-8' : 'gb2312' });
      mix.html++;
    } else if (k < 17) {
      file = `${i}.docx`;
      data = buildDocx(g);
      mix.docx++;
    } else {
      file = `${i}.pdf`;
      data = Buffer.concat([pdfs[i % pdfs.length], Buffer.from(`\n%bench ${i}\n`)]);
      mix.pdf++;
    }
  }
  writeFileSync(join(sub, file), data);
  bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}
console.log(
  `generated ${N} files (${mb(bytes)} MB: ${mix.text} text, ${mix.html} HTML, ${mix.docx} DOCX, ${mix.pdf} text PDF, ${mix.scan} scans) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const rows = [];
try {
  // ——— in one process, no queue (the floor the queue adds to) ———
  if (DIRECT) {
    const url = await freshDb();
    const store = await openStore({ url });
    const t = performance.now();
    const s = await ingestPaths(store, [dir], { jobs: 1 });
    const sec = (performance.now() - t) / 1000;
    await store.close();
    const [{ size }] = await sql(url, 'select pg_database_size(current_database())::bigint as size');
    rows.push({ how: 'one process, 1 parse thread, no queue', seconds: sec, rate: N / sec, db: Number(size), stored: s.ok + s.errors + s.unreadable });
    console.log(`direct: ${(N / sec).toFixed(1)} reports/s (${sec.toFixed(1)} s), stored ${s.ok + s.errors + s.unreadable}, not stored ${s.failed}`);
  }

  // ——— the queue ———
  for (const W of WORKERS) {
    const url = await freshDb();
    const store = await openStore({ url });
    const queue = await IngestQueue.open(store, url, { settings: queueSettings() });
    let t = performance.now();
    const e = await enqueuePaths(queue, [dir]);
    const enqSec = (performance.now() - t) / 1000;
    console.log(`${W} worker(s): queued ${e.queued} in ${enqSec.toFixed(1)} s (${((enqSec / e.queued) * 1000).toFixed(2)} ms a file)`);
    const [{ size: queuedSize }] = await sql(url, 'select pg_database_size(current_database())::bigint as size');
    t = performance.now();
    const procs = Array.from({ length: W }, () =>
      spawn(process.execPath, [join(root, 'dist/cli/main.js'), 'worker', '--db', url, '--quiet'], {
        stdio: 'ignore',
        env: { ...process.env, DATABASE_URL: '' },
      }),
    );
    let p;
    let samples = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      p = await queue.progress();
      if (++samples % 30 === 0) console.log(`  … done ${p.done}, failed ${p.failed}, rate ${p.rate?.toFixed(1)}/s, eta ${p.etaSeconds} s`);
      if (p.done + p.failed >= e.queued) break;
    }
    const sec = (performance.now() - t) / 1000;
    for (const c of procs) c.kill('SIGTERM');
    await Promise.all(procs.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r)))));
    const [{ size }] = await sql(url, 'select pg_database_size(current_database())::bigint as size');
    const [boss] = await sql(
      url,
      `select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as size from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'pgboss' and c.relkind in ('r', 'p')`,
    );
    const [{ reports, blobs }] = await sql(url, 'select (select count(*) from reports)::int as reports, (select count(*) from blobs)::int as blobs');
    await queue.close({ graceful: false });
    await store.close();
    rows.push({
      how: `queue, ${W} worker process${W > 1 ? 'es' : ''}`,
      seconds: sec,
      rate: e.queued / sec,
      db: Number(size),
      queuedDb: Number(queuedSize),
      boss: Number(boss.size),
      enqueueMs: (enqSec / e.queued) * 1000,
      stored: reports,
      failed: p.failed,
      blobs,
    });
    console.log(
      `${W} worker(s): ${(e.queued / sec).toFixed(1)} reports/s (${sec.toFixed(1)} s), stored ${reports}, failed ${p.failed}, originals left ${blobs}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(
  `\n${N} reports (${mix.text} text, ${mix.html} HTML, ${mix.docx} DOCX, ${mix.pdf} text PDF), PostgreSQL ${(await sql(admin, 'show server_version'))[0].server_version}`,
);
console.log('| how | reports/s | per report | seconds | stored | database | of which pg-boss | enqueue per file |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows)
  console.log(
    `| ${r.how} | ${r.rate.toFixed(1)} | ${(1000 / r.rate).toFixed(1)} ms | ${r.seconds.toFixed(0)} | ${r.stored} | ${mb(r.db)} MB (${(r.db / N / 1024).toFixed(1)} KB/report) | ${r.boss !== undefined ? `${mb(r.boss)} MB` : '—'} | ${r.enqueueMs !== undefined ? `${r.enqueueMs.toFixed(2)} ms` : '—'} |`,
  );
const direct = rows.find((r) => r.how.startsWith('one process'));
const one = rows.find((r) => r.how === 'queue, 1 worker process');
if (direct && one)
  console.log(
    `queue overhead per job (1 worker vs one process): ${(1000 / one.rate - 1000 / direct.rate).toFixed(1)} ms, plus ${one.enqueueMs.toFixed(2)} ms to queue it`,
  );
