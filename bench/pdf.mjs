#!/usr/bin/env node
// PDF reading speed: the full parse (read + tables + checks, dist/index.js parseReport) of the PDF
// fixtures against `pdftotext -layout` (poppler) on the same files. Prints only.
//
//   npm run build && node bench/pdf.mjs [rounds]
//
// Times are the best and the median of the rounds, after one warm-up parse per file (the first
// parse also pays for starting the pdfjs worker thread; that cold time is printed apart). The
// best time is the fairer figure on a shared machine: both sides lose to other load, never gain. Image-only fixtures
// (scans) are timed apart: pdftotext gets no text from them, our parse runs OCR.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'test', 'fixtures', 'pdf');
const rounds = Number(process.argv[2] ?? 15);
const { parseReport } = await import(join(root, 'dist', 'index.js'));
const { extractPdf } = await import(join(root, 'dist', 'read', 'pdf', 'extract.js'));

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
};
const ms = (x) => `${x.toFixed(1)} ms`.padStart(10);

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.pdf'))
  .sort()
  .map((f) => ({ name: f, path: join(dir, f), bytes: new Uint8Array(readFileSync(join(dir, f))) }));

const hasPoppler = spawnSync('pdftotext', ['-v']).status !== null;
if (!hasPoppler) console.log('pdftotext not found (apt-get install poppler-utils): no comparison');

const t0 = performance.now();
await parseReport(files[0].bytes, { path: files[0].name });
const cold = performance.now() - t0;

const rows = [];
let edits = 0;
for (const f of files) {
  const first = await parseReport(f.bytes, { path: f.name });
  const scan = first.findings.some((x) => x.rule === 'R.ocr' || x.rule === 'R.ocrMissing');
  const n = scan ? 1 : rounds;
  const ours = [];
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    await parseReport(f.bytes, { path: f.name });
    ours.push(performance.now() - a);
  }
  const theirs = [];
  if (hasPoppler) {
    for (let i = 0; i < n; i++) {
      const a = performance.now();
      spawnSync('pdftotext', ['-layout', f.path, '-'], { maxBuffer: 64 << 20 });
      theirs.push(performance.now() - a);
    }
  }
  // pdfjs alone (the worker's share of the parse), for the record of where the time goes.
  const pdfjs = [];
  for (let i = 0; i < n; i++) {
    const ex = await extractPdf(f.bytes, { timeoutMs: 30_000, maxPages: 200 });
    if (ex.kind === 'ok') {
      pdfjs.push(ex.ms);
      edits = ex.patched ?? 0;
    }
  }
  rows.push({
    name: f.name,
    pdfjsMed: pdfjs.length ? median(pdfjs) : NaN,
    scan,
    ours: Math.min(...ours),
    theirs: hasPoppler ? Math.min(...theirs) : NaN,
    oursMed: median(ours),
    theirsMed: hasPoppler ? median(theirs) : NaN,
  });
}

console.log(`PDF fixtures: ${files.length} (${rounds} rounds; first parse in the process, worker start-up included: ${cold.toFixed(0)} ms)`);
console.log(`${'file'.padEnd(24)}${'nianbao best'.padStart(13)}${'pdftotext best'.padStart(15)}  ratio  ${'(medians'.padStart(10)}${''.padStart(14)} ratio)`);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(24)}${ms(r.ours)}   ${ms(r.theirs)}    ${(r.ours / r.theirs).toFixed(2)}×  (${ms(r.oursMed)} ${ms(r.theirsMed)} ${(r.oursMed / r.theirsMed).toFixed(2)}×)${r.scan ? '  scan: OCR, not in the total' : ''}`,
  );
}
const text = rows.filter((r) => !r.scan);
const sum = (k) => text.reduce((s, r) => s + r[k], 0);
console.log(
  `text-layer total: nianbao ${sum('ours').toFixed(1)} ms, pdftotext -layout ${sum('theirs').toFixed(1)} ms: ratio ${(sum('ours') / sum('theirs')).toFixed(2)}× best, ${(sum('oursMed') / sum('theirsMed')).toFixed(2)}× median (acceptance ≤ 3×)`,
);
console.log(
  `of which pdfjs in its worker thread: ${sum('pdfjsMed').toFixed(1)} ms (median); pdfjs speed edits in effect: ${edits} (see PATCHES in src/read/pdf/extract.ts)`,
);
process.exit(0);
