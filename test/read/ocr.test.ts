/**
 * Scanned PDFs: OCR with tesseract (chi_sim) through poppler — the page-level engine, kept beside
 * the scan reader (scan.test.ts) and chosen with ocrEngine: 'tesseract'. CI installs tesseract-ocr,
 * tesseract-ocr-chi-sim and poppler-utils (.ci/apt-packages); without them this file fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport, type Report } from '../../src/index.js';
import { eraseRules, ocrAvailability, parseTsv, which, wordsToRuns, type Gray } from '../../src/read/ocr.js';
import { readPdf } from '../../src/read/pdf.js';
import { closePdfWorkers } from '../../src/read/pdf/extract.js';

const fixtures = join(__dirname, '..', 'fixtures');
const scan = new Uint8Array(readFileSync(join(fixtures, 'pdf', 'pdf-2021-scan.pdf')));
const gold = JSON.parse(readFileSync(join(fixtures, 'gold', 'pdf-2021-scan.json'), 'utf8')) as {
  t2?: Record<string, Record<string, number>>;
  t4: Record<string, Record<string, number>>;
};

let report: Report;

beforeAll(async () => {
  report = await parseReport(scan, { path: 'pdf-2021-scan.pdf', ocrEngine: 'tesseract' });
}, 60_000);

afterAll(async () => {
  await closePdfWorkers();
});

describe('OCR of a scanned PDF', () => {
  it('has tesseract with Chinese, and poppler (apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils)', () => {
    expect(which('tesseract')).not.toBeNull();
    expect(which('pdftoppm')).not.toBeNull();
    expect(which('pdfimages')).not.toBeNull();
    expect(ocrAvailability()).toEqual({ ok: true, missing: [] });
  });

  it('the fixture has no text layer', async () => {
    const r = await readPdf(scan, { ocr: false });
    expect(r.findings.find((f) => f.fatal)?.message).toContain('扫描图像');
    expect(r.findings.map((f) => f.rule)).toContain('R.ocrSkipped');
  });

  it('reads table 四 right, and nothing silently wrong', () => {
    const wrong: string[] = [];
    let right = 0;
    for (const t of ['t2', 't4'] as const) {
      for (const [row, cols] of Object.entries(gold[t] ?? {})) {
        for (const [col, v] of Object.entries(cols)) {
          const got = report.tables[t]?.[row]?.[col];
          if (got === v) {
            right++;
            continue;
          }
          const cell = report.cells.find((c) => c.table === t && c.row === row && c.col === col);
          const flagged =
            (cell && cell.status !== 'read') ||
            report.findings.some((f) => (f.severity === 'error' || f.severity === 'warning') && f.table === t && f.row === row && f.col === col);
          if (got !== null && got !== undefined && !flagged) wrong.push(`${t}.${row}.${col}: ${got} (gold ${v})`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // table 四: all 15 numbers
    for (const [g, cols] of Object.entries(gold.t4)) for (const [c, v] of Object.entries(cols)) expect(report.tables.t4?.[g]?.[c], `${g}.${c}`).toBe(v);
    expect(right).toBeGreaterThanOrEqual(15);
  });

  it('says the page was read by OCR; doubtful numbers are warnings naming the page, with their place', () => {
    const info = report.findings.find((f) => f.rule === 'R.ocr')!;
    expect(info.page).toBe(1);
    expect(info.message).toContain('第1页');
    const low = report.findings.filter((f) => f.rule === 'R.ocrLowConfidence');
    for (const f of low) {
      expect(f.severity).toBe('warning');
      expect(f.message).toContain('第1页');
      expect(f.page).toBe(1);
    }
    // cells read by OCR still point at the page
    const cell = report.cells.find((c) => c.table === 't4' && c.row === 'review' && c.col === 'total')!;
    expect(cell.page).toBe(1);
    expect(cell.box![0]).toBeGreaterThan(0);
  });

  it('without tesseract: a clear finding saying what to install', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    let r;
    try {
      r = await readPdf(scan, { ocrEngine: 'tesseract' });
    } finally {
      process.env.PATH = path;
    }
    const missing = r.findings.find((f) => f.rule === 'R.ocrMissing')!;
    expect(missing.message).toContain('tesseract');
    expect(missing.note).toContain('apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils');
    expect(r.findings.some((f) => f.fatal)).toBe(true);
  });
});

describe('OCR helpers', () => {
  it('erases table rules, keeps characters', () => {
    const w = 600;
    const hgt = 400;
    const img: Gray = { width: w, height: hgt, data: new Uint8Array(w * hgt).fill(255) };
    const set = (x: number, y: number): void => void (img.data[y * w + x] = 0);
    for (let x = 20; x < 580; x++) for (const y of [50, 51, 150, 151]) set(x, y); // two rules
    for (let y = 50; y < 152; y++) for (const x of [20, 21, 300, 301]) set(x, y); // verticals between them
    for (let y = 90; y < 120; y++) set(150, y); // a digit's stroke ("1"), not touching a rule
    for (let x = 140; x < 160; x++) set(x, 120); // its foot
    const erased = eraseRules(img, 300);
    expect(erased).toBeGreaterThan(2000);
    expect(img.data[50 * w + 200]).toBe(255);
    expect(img.data[100 * w + 300]).toBe(255);
    expect(img.data[100 * w + 150]).toBe(0);
    expect(img.data[120 * w + 145]).toBe(0);
  });

  it('tesseract TSV → runs in points, one baseline per line, confidence kept', () => {
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '4\t1\t1\t1\t1\t0\t100\t100\t500\t50\t-1\t',
      '5\t1\t1\t1\t1\t1\t100\t100\t200\t50\t96.5\t行政许可',
      '5\t1\t1\t1\t1\t2\t500\t110\t25\t40\t41.0\t7',
    ].join('\n');
    const words = parseTsv(tsv);
    expect(words.map((w) => w.text)).toEqual(['行政许可', '7']);
    const runs = wordsToRuns(words, { width: 2480, height: 3508 }, [0, 0, 595.2, 841.9]);
    expect(runs[0]!.x0).toBeCloseTo(24, 0);
    expect(runs[1]!.conf).toBe(41);
    expect(runs[0]!.base).toBe(runs[1]!.base);
  });
});
