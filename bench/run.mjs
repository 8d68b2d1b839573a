#!/usr/bin/env node
// Benchmark: parse speed against a baseline, on generated reports (no seeds needed).
//
//   npm run bench            (builds, then: node --expose-gc bench/run.mjs)
//   BENCH_REPORTS=500 BENCH_ROUNDS=1 node --expose-gc bench/run.mjs   (after npm run build)
//
// Writes BENCH_REPORTS (default 2000) report texts rendered from random valid values in every
// layout family into a temp dir, then measures, in one process:
//   (a) baseline: read each file + String.prototype.normalize('NFKC')
//   (b) read each file + parseTextReport (full parse and every check)
// and prints reports/s for each, the ratio b/a (acceptance bar: ≤ 8×), peak RSS and peak heap.
// Figures only: nothing is asserted (a benchmark is not a timed test).
import { mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { parseTextReport } from '../dist/index.js';
import { generateValues, kindOf } from '../dist/synth/values.js';
import { LAYOUT_FAMILIES, renderReport } from '../dist/synth/render-text.js';

const N = Number(process.env.BENCH_REPORTS ?? 2000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const gc = globalThis.gc ?? (() => {});
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);

// ——— generate ———
const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
const files = [];
const mix = {};
let bytes = 0;
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const values = generateValues(i + 1);
  const family = LAYOUT_FAMILIES[i % LAYOUT_FAMILIES.length];
  const text = renderReport(values, { family, seed: i + 1 });
  const file = join(dir, `${String(i).padStart(5, '0')}-${family}.txt`);
  writeFileSync(file, text);
  files.push(file);
  bytes += statSync(file).size;
  const k = `${family}/${kindOf(values)}`;
  mix[k] = (mix[k] ?? 0) + 1;
}
const genMs = performance.now() - t0;

// ——— phases ———
let sink = 0;
let peakHeap = 0;
const sampleHeap = () => {
  const h = process.memoryUsage().heapUsed;
  if (h > peakHeap) peakHeap = h;
};

function baseline(list) {
  for (const f of list) sink += readFileSync(f, 'utf8').normalize('NFKC').length;
}

let withErrors = 0;
function parse(list, count) {
  for (let i = 0; i < list.length; i++) {
    const r = parseTextReport(readFileSync(list[i], 'utf8'), { path: list[i] });
    sink += r.cells.length;
    if (count && r.findings.some((x) => x.severity === 'error')) withErrors++;
    if (i % 50 === 0) sampleHeap();
  }
}

function time(fn) {
  gc();
  const s = performance.now();
  fn();
  return performance.now() - s;
}

// Warm up both paths (JIT, caches, file cache) on a slice of the files.
baseline(files.slice(0, 200));
parse(files.slice(0, 200), false);

const a = [];
const b = [];
for (let r = 0; r < ROUNDS; r++) {
  a.push(time(() => baseline(files)));
  b.push(time(() => parse(files, r === 0)));
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const ta = median(a);
const tb = median(b);
const best = (xs) => Math.min(...xs);
const rss = process.resourceUsage().maxRSS * 1024;
rmSync(dir, { recursive: true, force: true });

const rate = (ms) => ((N / ms) * 1000).toFixed(0);
console.log(`nianbao bench — node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} (${cpus().length} cores)`);
console.log(`reports:   ${N} generated in ${(genMs / 1000).toFixed(1)} s, ${mb(bytes)} MB, ${(bytes / N / 1024).toFixed(1)} KB each on average`);
console.log(
  `mix:       ${Object.entries(mix)
    .sort()
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`,
);
console.log(`rounds:    ${ROUNDS} (median shown; the machine may be shared, so also the best round)`);
console.log(
  `(a) read + normalize('NFKC'):   ${rate(ta).padStart(7)} reports/s   ${(ta / N).toFixed(3)} ms/report   [${a.map((x) => x.toFixed(0)).join(', ')} ms]`,
);
console.log(
  `(b) read + parseTextReport:     ${rate(tb).padStart(7)} reports/s   ${(tb / N).toFixed(3)} ms/report   [${b.map((x) => x.toFixed(0)).join(', ')} ms]`,
);
console.log(`ratio b/a: ${(tb / ta).toFixed(1)}× on medians, ${(best(b) / best(a)).toFixed(1)}× on best rounds   (acceptance bar ≤ 8×)`);
console.log(`peak RSS:  ${mb(rss)} MB   peak heap used during (b): ${mb(peakHeap)} MB`);
console.log(`reports with an error finding: ${withErrors} of ${N}   (checksum ${sink})`);
