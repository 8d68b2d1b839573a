#!/usr/bin/env node
// Benchmark: reading scanned reports — seconds per page with the scan reader (PP-OCRv4 per cell,
// ONNX Runtime) and with tesseract (page-level), on the same generated scans, and peak memory.
//
//   npm run bench            (builds, then runs this after the other benchmarks)
//   node bench/scan.mjs      (after npm run build; needs poppler-utils and tesseract)
//
// The scans are made from the committed fixture test/fixtures/pdf/pdf-2021-basic.pdf (4 pages)
// by src/synth/scan.ts: a clean scan and a phone photo at 200 dpi. Each engine reads each scan
// as a whole report (pages in parallel up to the cores). Figures only: nothing is asserted.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { imagePdf, scanPages } from '../dist/synth/scan.js';
import { parseReport } from '../dist/index.js';
import { closePdfWorkers } from '../dist/read/pdf/extract.js';

const root = new URL('..', import.meta.url).pathname;
const stem = 'pdf-2021-basic';
const gold = JSON.parse(readFileSync(join(root, 'test/fixtures/gold', `${stem}.json`), 'utf8'));
const mb = (b) => (b / 2 ** 20).toFixed(0);

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

/* global setInterval, clearInterval */
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
console.log(`scan reading — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}`);
console.log('kind    dpi  pages  engine      s/report  s/page  cells exact');
const pngs = render(200);
for (const kind of ['clean', 'photo']) {
  const pdf = await imagePdf(await scanPages(pngs, { kind, dpi: 200, seed: 1 }), 200);
  for (const engine of ['paddle', 'tesseract']) {
    // one warm-up read (model load, worker start), then the timed one
    if (engine === 'paddle' && kind === 'clean') await parseReport(pdf, { path: 'w.pdf', timeoutMs: 600_000, ocrEngine: engine });
    const t0 = performance.now();
    const r = await parseReport(pdf, { path: 'b.pdf', timeoutMs: 600_000, ocrEngine: engine });
    const s = (performance.now() - t0) / 1000;
    console.log(
      `${kind.padEnd(7)} 200  ${String(pngs.length).padEnd(5)}  ${engine.padEnd(10)}  ${s.toFixed(1).padStart(8)}  ${(s / pngs.length).toFixed(2).padStart(6)}  ${exact(r)}`,
    );
  }
}
clearInterval(sample);
console.log(`peak RSS ${mb(peak)} MB`);
await closePdfWorkers();
