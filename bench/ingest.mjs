#!/usr/bin/env node
// Benchmark: batch ingest into a fresh SQLite database.
//
//   npm run build && node bench/ingest.mjs
//   BENCH_INGEST_REPORTS=2000 BENCH_JOBS=2 node bench/ingest.mjs
//
// Writes BENCH_INGEST_REPORTS (default 10,000) report texts rendered from random valid values
// (every layout family) into a temp dir, ingests the folder with the worker pool (BENCH_JOBS,
// default one per core) into a new SQLite file, then ingests it again (every file a duplicate:
// the cost of resuming). Prints reports/s, peak RSS and the database size. Figures only: nothing
// is asserted (a benchmark is not a timed test).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setInterval, clearInterval } from 'node:timers';
import { generateValues } from '../dist/synth/values.js';
import { LAYOUT_FAMILIES, renderReport } from '../dist/synth/render-text.js';
import { ingestPaths, defaultJobs } from '../dist/ingest/index.js';
import { openStore } from '../dist/store/index.js';

const N = Number(process.env.BENCH_INGEST_REPORTS ?? 10_000);
const JOBS = process.env.BENCH_JOBS ? Number(process.env.BENCH_JOBS) : defaultJobs();
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);

const root = mkdtempSync(join(tmpdir(), 'nianbao-bench-ingest-'));
const dir = join(root, 'reports');
mkdirSync(dir);
try {
  // ——— generate (100 files per folder, as a delivery by county might be) ———
  const t0 = performance.now();
  let bytes = 0;
  for (let i = 0; i < N; i++) {
    const sub = join(dir, `batch-${String(Math.floor(i / 100)).padStart(3, '0')}`);
    if (i % 100 === 0) mkdirSync(sub);
    const values = generateValues(i + 1);
    const text = renderReport(values, { family: LAYOUT_FAMILIES[i % LAYOUT_FAMILIES.length], seed: i + 1 });
    const file = join(sub, `${String(i).padStart(5, '0')}.txt`);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  const genS = (performance.now() - t0) / 1000;

  // ——— ingest ———
  const dbFile = join(root, 'bench.db');
  const store = await openStore({ url: null, file: dbFile });
  // The parse pool is child processes: sample the main process and its children together.
  const childrenRss = () => {
    try {
      const out = execFileSync('ps', ['--ppid', String(process.pid), '-o', 'rss='], { encoding: 'utf8' });
      return out.split('\n').reduce((s, x) => s + (Number(x.trim()) || 0) * 1024, 0);
    } catch {
      return 0; // no children at this moment (ps exits 1)
    }
  };
  let peak = process.memoryUsage().rss;
  let peakChildren = 0;
  const sampler = setInterval(() => {
    const c = childrenRss();
    peakChildren = Math.max(peakChildren, c);
    peak = Math.max(peak, process.memoryUsage().rss + c);
  }, 500);
  const first = await ingestPaths(store, [dir], { jobs: JOBS });
  const again = await ingestPaths(store, [dir], { jobs: JOBS });
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const stats = await store.stats();
  await store.close();
  const dbBytes = ['', '-wal'].reduce((s, x) => {
    try {
      return s + statSync(dbFile + x).size;
    } catch {
      return s;
    }
  }, 0);

  const parsed = first.ok + first.errors + first.unreadable;
  console.log(`nianbao ingest bench — node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} (${cpus().length} cores), ${JOBS} parse process(es), SQLite`);
  console.log(`reports:    ${N} generated in ${genS.toFixed(1)} s, ${mb(bytes)} MB`);
  console.log(
    `ingest:     ${parsed} reports in ${first.seconds.toFixed(1)} s = ${(parsed / first.seconds).toFixed(0)} reports/s   (ok ${first.ok}, with errors ${first.errors}, unreadable ${first.unreadable}, failed ${first.failed})`,
  );
  console.log(
    `re-ingest:  ${again.duplicates} duplicates in ${again.seconds.toFixed(1)} s = ${(again.duplicates / again.seconds).toFixed(0)} files/s (nothing written)`,
  );
  console.log(`peak RSS:   ${mb(peak)} MB (main process and parse processes together; the parse processes ${mb(peakChildren)} MB)`);
  console.log(`database:   ${mb(dbBytes)} MB for ${stats.reports} reports and ${stats.files} files`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
