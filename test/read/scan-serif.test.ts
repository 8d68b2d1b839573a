/**
 * Reports printed in a serif face (宋体, as the template asks and offices print), scanned and
 * photographed at 150 dpi: a serif's horizontals are a pixel or two of light gray there and a line
 * is about 20 pixels tall (docs/scans.md, ninth round). The serif fixtures are made at test time
 * (scripts/make-pdf-fixtures.mjs --serif: LibreOffice with 宋体 set in Noto Serif CJK SC; the same
 * values and gold as the committed ones), scanned as offices do, read whole and scored cell by cell.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import type { ScanSpec } from '../../src/synth/scan.js';
import { goldOf, scannedPdf, score } from './scan-helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-serif-'));
  execFileSync('node', [join(root, 'scripts', 'make-pdf-fixtures.mjs'), '--serif', '--out', dir], { stdio: 'pipe', timeout: 240_000 });
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each of these read 59–80 % before the ninth round (thin strokes lost, lines grown by repeating rows).
const CASES: { stem: string; spec: ScanSpec }[] = [
  { stem: 'pdf-2021-bare', spec: { kind: 'photo', dpi: 150, seed: 11 } },
  { stem: 'pdf-2021-long', spec: { kind: 'angled', dpi: 150, seed: 11 } },
];

describe('serif scans at 150 dpi', () => {
  for (const { stem, spec } of CASES) {
    it(`${stem} ${spec.kind}: ≥ 98% of cells exact, nothing silently wrong`, { timeout: 300_000 }, async () => {
      const pdf = await scannedPdf(stem, spec, dir);
      const report = await parseReport(pdf, { path: `${stem}-serif-${spec.kind}.pdf`, timeoutMs: 240_000, ocrEngine: 'paddle' });
      const s = score(report, goldOf(stem, dir));
      console.log(`serif ${stem} ${spec.kind} ${spec.dpi}: ${s.exact}/${s.cells} exact, ${s.missing} missing, ${s.flaggedWrong.length} flagged wrong`);
      expect(s.silentWrong).toEqual([]);
      expect(s.exact / s.cells, `${s.exact}/${s.cells}`).toBeGreaterThanOrEqual(0.98);
    });
  }
});
