/**
 * Reports set in a thin Song face (AR PL SungtiL GB, Debian fonts-arphic-gbsn00lp: hairline
 * strokes and small light digits, close to the SimSun offices print with), photographed at 150
 * dpi: a digit's strokes are a pixel of light gray there, lighter than the page's ink threshold.
 * Before faintMark such a cell read blank, and a blank cell is 0: 2 read 0, 48.0042 read 48.004,
 * silently (docs/scans.md, eleventh round). Now a faint mark is read stretched to full contrast
 * and taken only when read surely; else the cell is not read, and flagged.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import type { ScanSpec } from '../../src/synth/scan.js';
import { goldOf, scannedPdf, score } from './scan-helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FACE = 'AR PL SungtiL GB';
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-thin-'));
  execFileSync('node', [join(root, 'scripts', 'make-pdf-fixtures.mjs'), '--font', FACE, '--out', dir, 'pdf-2021-basic'], { stdio: 'pipe', timeout: 240_000 });
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// photo: 2 read 0 and 48.0042 read 48.004 before (190/200); desk: 4 cells silently wrong (137/200);
// angled: 25 read 5 — the 2 broken, beside a sure 5 (unreadInk; 123/200). Far from the 98 % bar
// (docs/scans.md): what this guards is that no cell is silently wrong, and the share read.
const CASES: { spec: ScanSpec; min: number }[] = [
  { spec: { kind: 'photo', dpi: 150, seed: 11 }, min: 0.9 },
  { spec: { kind: 'desk', dpi: 150, seed: 11 }, min: 0.6 },
  { spec: { kind: 'angled', dpi: 150, seed: 11 }, min: 0.55 },
  // curved: 39 read surely as 19 from the 3's right half (the rest lighter than the ink threshold);
  // the second reading from the levelled image reads 39 and flags it (151/200).
  { spec: { kind: 'curved', dpi: 150, seed: 11 }, min: 0.7 },
];

describe('a thin Song face photographed at 150 dpi', () => {
  it('the fixture is set in the thin face (its font is installed: fonts-arphic-gbsn00lp)', () => {
    // LibreOffice falls back to another face silently when the font is missing: the test would then prove nothing.
    expect(readFileSync(join(dir, 'pdf', 'pdf-2021-basic.pdf')).toString('latin1')).toContain('BousungEG-Light-GB');
  });
  for (const { spec, min } of CASES) {
    it(`pdf-2021-basic ${spec.kind}: nothing silently wrong (faint digits flagged, never read as 0)`, { timeout: 300_000 }, async () => {
      const pdf = await scannedPdf('pdf-2021-basic', spec, dir);
      const report = await parseReport(pdf, { path: `thin-${spec.kind}.pdf`, timeoutMs: 240_000, ocrEngine: 'paddle' });
      const s = score(report, goldOf('pdf-2021-basic', dir));
      console.log(`thin face basic ${spec.kind} ${spec.dpi}: ${s.exact}/${s.cells} exact, ${s.missing} missing, ${s.flaggedWrong.length} flagged wrong`);
      expect(s.silentWrong).toEqual([]);
      expect(s.exact / s.cells, `${s.exact}/${s.cells}`).toBeGreaterThanOrEqual(min);
    });
  }
});
