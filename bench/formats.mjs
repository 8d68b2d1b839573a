#!/usr/bin/env node
// Benchmark: full parse (read + tables + checks) of the HTML and DOCX fixtures, reports/s.
//
//   npm run build && node bench/formats.mjs [rounds]
//
// Each fixture is parsed `rounds` times (default 200) in one process; prints reports/s and the
// mean time per report by format. Figures only, nothing asserted.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../dist/index.js';

const rounds = Number(process.argv[2] ?? 200);
const root = join(import.meta.dirname, '..', 'test', 'fixtures');
for (const dir of ['html', 'docx']) {
  const files = readdirSync(join(root, dir)).map((f) => readFileSync(join(root, dir, f)));
  for (const b of files) await parseReport(b); // warm up
  const t = performance.now();
  for (let i = 0; i < rounds; i++) for (const b of files) await parseReport(b);
  const ms = performance.now() - t;
  const n = rounds * files.length;
  const kb = files.reduce((s, b) => s + b.length, 0) / files.length / 1024;
  console.log(
    `${dir.padEnd(5)} ${files.length} fixtures (mean ${kb.toFixed(0)} KB) × ${rounds}: ${(n / (ms / 1000)).toFixed(0)} reports/s, ${(ms / n).toFixed(2)} ms/report`,
  );
}
