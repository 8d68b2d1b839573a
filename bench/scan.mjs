#!/usr/bin/env node
// Benchmark: reading scanned reports — seconds per page with the scan reader (PP-OCRv4 per cell,
// ONNX Runtime) and with tesseract (page-level), on the same generated scans, and peak memory.
//
//   npm run bench            (builds, then runs this after the other benchmarks)
//   node bench/scan.mjs      (after npm run build; needs poppler-utils and tesseract)
//
// The scans are made from the committed fixture test/fixtures/pdf/pdf-2021-basic.pdf (4 pages)
// by src/synth/scan.ts: a clean scan and a phone photo at 200 dpi. Each engine reads each scan
// as a whole report. The scan reader reads it twice: its pages in this process (scanJobs 1), and
// in page processes up to the cores (the default; src/read/scan/pdf-pages.ts). Peak memory is the
// resident size of this process and its children together (Linux /proc), sampled every 50 ms.
// Figures only: nothing is asserted.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { imagePdf, scanPages } from '../dist/synth/scan.js';
import { parseReport } from '../dist/index.js';
import { closePdfWorkers } from '../dist/read/pdf/extract.js';

const root = new URL('..', import.meta.url).pathname;
const stem = 'pdf-2021-basic';
const gold = JSON.parse(readFileSync(join(root, 'test/fixtures/gold', `${stem}.json`), 'utf8'));

function render(dpi) {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-scan-'));
  try {
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', join(root, 'test/fixtures/pdf', `${stem}.pdf`), join(dir, 'p')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f) => readFileSync(join(dir, f)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function exact(r) {
  let n = 0;
  let ok = 0;
  for (const t of ['t2', 't3', 't4']) {
    for (const [row, cols] of Object.entries(gold[t] ?? {})) {
      for (const [col, want] of Object.entries(cols)) {
        n++;
        if (r.tables[t]?.[row]?.[col] === want) ok++;
      }
    }
  }
  return `${ok}/${n}`;
}

/** Resident memory (KB) of a process and all its descendants, 0 where /proc is not there. */
function treeRss(pid) {
  let kb = 0;
  try {
    kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const ch = readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim();
      for (const c of ch ? ch.split(/\s+/) : []) kb += treeRss(Number(c));
    }
  } catch {
    // the process ended meanwhile
  }
  return kb;
}

/* global setInterval, clearInterval */
/** `f()` timed (seconds), with the peak resident memory (MB) of this process and its children meanwhile. */
async function measured(f) {
  let peak = treeRss(process.pid);
  const sample = setInterval(() => (peak = Math.max(peak, treeRss(process.pid))), 50);
  const t0 = performance.now();
  const r = await f();
  const s = (performance.now() - t0) / 1000;
  clearInterval(sample);
  return { r, s, mb: (peak / 1024).toFixed(0) };
}

const cores = availableParallelism();
console.log(`scan reading — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}`);
console.log('kind    dpi  pages  engine      procs  s/report  s/page  peak MB  cells exact');
const pngs = render(200);
// one warm-up read (model load, pdf workers' start)
const warm = await imagePdf(await scanPages(pngs, { kind: 'clean', dpi: 200, seed: 1 }), 200);
await parseReport(warm, { path: 'w.pdf', timeoutMs: 600_000, ocrEngine: 'paddle', scanJobs: 1 });
for (const kind of ['clean', 'photo']) {
  const pdf = await imagePdf(await scanPages(pngs, { kind, dpi: 200, seed: 1 }), 200);
  const runs = [...[1, ...(cores > 1 ? [cores] : [])].map((jobs) => ({ engine: 'paddle', jobs })), { engine: 'tesseract', jobs: 1 }];
  for (const { engine, jobs } of runs) {
    const { r, s, mb } = await measured(() => parseReport(pdf, { path: 'b.pdf', timeoutMs: 600_000, ocrEngine: engine, scanJobs: jobs }));
    const procs = engine === 'paddle' && jobs > 1 ? `1+${Math.min(jobs, pngs.length)}` : '1';
    console.log(
      `${kind.padEnd(7)} 200  ${String(pngs.length).padEnd(5)}  ${engine.padEnd(10)}  ${procs.padEnd(5)}  ${s.toFixed(1).padStart(8)}  ${(s / pngs.length).toFixed(2).padStart(6)}  ${mb.padStart(7)}  ${exact(r)}`,
    );
  }
}
await closePdfWorkers();
