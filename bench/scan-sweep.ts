/**
 * The full scan sweep: every fixture with gold × every kind of degradation, read as a whole
 * report by the scan reader, scored cell by cell against the gold (exact, missing, flagged wrong,
 * silently wrong). Long (about 10–20 minutes on 2 cores): run it by hand, not in CI.
 *
 *   npx tsx bench/scan-sweep.ts [--fixtures basic,break] [--kinds photo,curved] [--dpi 200] [--seed 11] [--json out.jsonl]
 *   SCAN_FIXTURES=DIR …: another set (make-pdf-fixtures --serif, make-writer-fixtures.ts)
 *
 * One line per scan, then a table per fixture and degradation (the one in docs/scans.md).
 */
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../src/index.js';
import { closePdfWorkers } from '../src/read/pdf/extract.js';
import { SCAN_KINDS, type ScanKind } from '../src/synth/scan.js';
import { fixtures, goldOf, scannedPdf, score, type Score } from '../test/read/scan-helpers.js';

const arg = (k: string): string | undefined => {
  const i = process.argv.indexOf(k);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const FIXTURES = (arg('--fixtures') ?? 'basic,long,break,bottom,open,bare,scan').split(',');
const kinds = (arg('--kinds')?.split(',') ?? [...SCAN_KINDS]) as ScanKind[];
const dpi = Number(arg('--dpi') ?? 200) as 150 | 200 | 300;
const seed = Number(arg('--seed') ?? 11);
const json = arg('--json');

const rows: { fixture: string; kind: string; s: Score; ms: number }[] = [];
for (const f of FIXTURES) {
  // A fixture's short name (basic: pdf-2021-basic), or a stem of its own (writer-2019-41: scripts/make-writer-fixtures.ts).
  const stem = existsSync(join(fixtures, 'pdf', `${f}.pdf`)) ? f : `pdf-2021-${f}`;
  for (const kind of kinds) {
    const spec = { kind, dpi, seed };
    const pdf = await scannedPdf(stem, spec);
    const t0 = Date.now();
    const report = await parseReport(pdf, { path: `${stem}-${kind}.pdf`, timeoutMs: 600_000, ocrEngine: 'paddle' });
    const ms = Date.now() - t0;
    const s = score(report, goldOf(stem));
    rows.push({ fixture: f, kind, s, ms });
    console.log(
      `${f.padEnd(7)} ${kind.padEnd(9)} ${dpi} seed ${seed}: ${s.exact}/${s.cells} exact (${s.flaggedRight} of them flagged), ${s.missing} missing, ${s.flaggedWrong.length} flagged wrong, ${s.silentWrong.length} SILENT ${s.silentWrong.join('; ')} (${(ms / 1000).toFixed(1)} s)`,
    );
    if (json)
      appendFileSync(
        json,
        JSON.stringify({
          fixture: f,
          kind,
          dpi,
          seed,
          ms,
          ...s,
          findings: report.findings.filter((x) => x.severity !== 'info').map((x) => `${x.rule} ${x.table ?? ''}.${x.row ?? ''}.${x.col ?? ''} ${x.message}`),
        }) + '\n',
      );
  }
}
console.log(`\n| Fixture | ${kinds.join(' | ')} |\n| --- | ${kinds.map(() => '---').join(' | ')} |`);
for (const f of FIXTURES) {
  const cells = kinds.map((k) => {
    const r = rows.find((x) => x.fixture === f && x.kind === k)!;
    return `${r.s.exact}/${r.s.cells}${r.s.silentWrong.length ? ` (${r.s.silentWrong.length} silent)` : ''}`;
  });
  console.log(`| ${f} | ${cells.join(' | ')} |`);
}
const tot = kinds.map((k) => {
  const rs = rows.filter((x) => x.kind === k);
  const e = rs.reduce((a, r) => a + r.s.exact, 0);
  const c = rs.reduce((a, r) => a + r.s.cells, 0);
  return `${e}/${c} (${((100 * e) / c).toFixed(1)}%)`;
});
console.log(`| all | ${tot.join(' | ')} |`);
await closePdfWorkers();
