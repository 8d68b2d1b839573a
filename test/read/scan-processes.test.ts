/**
 * A scan's pages read in page processes (src/read/scan/pdf-pages.ts, page-worker.ts) read the
 * same as in one process — same cells, values, confidences and boxes on the page as shown — and a
 * page process that dies or runs past the deadline costs its page, not the scan.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { closePdfWorkers } from '../../src/read/pdf/extract.js';
import type { PageData } from '../../src/read/pdf/model.js';
import { pageProcesses, scanPdfPages } from '../../src/read/scan/pdf-pages.js';
import { imagePdf, scanPages } from '../../src/synth/scan.js';
import { renderPages, scannedPdf } from './scan-helpers.js';

afterAll(async () => {
  await closePdfWorkers();
});

/** Page processes of this process now (Linux). */
function pageProcs(): number[] {
  return readdirSync('/proc/self/task')
    .flatMap((t) => readFileSync(`/proc/self/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))
    .filter((pid) => {
      try {
        return /page-worker/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      } catch {
        return false;
      }
    });
}

describe('pages read in page processes', () => {
  it('forks up to the cores, never for a one-page scan nor for jobs 1', () => {
    expect(pageProcesses(1, 8)).toBe(0);
    expect(pageProcesses(4, 1)).toBe(0);
    expect(pageProcesses(4, 2)).toBe(Math.min(2, availableParallelism()) > 1 ? 2 : 0);
    expect(pageProcesses(3, 64)).toBeLessThanOrEqual(Math.min(3, availableParallelism()));
  });

  it('read a four-page scan, turned, exactly as one process does', async () => {
    // Sideways: every page turned, so each cell's box goes through the page's `unturn`.
    const pdf = await scannedPdf('pdf-2021-basic', { kind: 'sideways', dpi: 150, seed: 6 });
    const opts = { path: 'sideways.pdf', timeoutMs: 300_000, ocrEngine: 'paddle' } as const;
    const one = await parseReport(pdf, { ...opts, scanJobs: 1 });
    const two = await parseReport(pdf, { ...opts, scanJobs: 2 });
    const read = one.cells.filter((c) => c.box && c.confidence !== undefined);
    expect(read.length).toBeGreaterThan(50);
    expect(two.cells).toEqual(one.cells);
    expect(two.tables).toEqual(one.tables);
    expect(two.findings).toEqual(one.findings);
    expect(one.findings.filter((f) => f.rule === 'R.ocr').map((f) => f.page)).toEqual([1, 2, 3, 4]);
  }, 300_000);

  /** Pages 1–3 of a fixture scanned clean at 150 dpi, and their pages as the PDF reader gives them. */
  async function threePages(): Promise<{ pdf: Uint8Array; pages: PageData[] }> {
    const jpegs = await scanPages(renderPages('pdf-2021-basic', 150, [1, 2, 3]), { kind: 'clean', dpi: 150, seed: 1 });
    const pages: PageData[] = [];
    for (const [i, j] of jpegs.entries()) {
      const m = await sharp(j).metadata();
      const size = (px: number): number => Number(((px / 150) * 72).toFixed(2));
      pages.push({ page: i + 1, width: size(m.width!), height: size(m.height!), runs: [], segments: [], images: [] });
    }
    return { pdf: await imagePdf(jpegs, 150), pages };
  }

  it('a page whose process dies gets a finding; the other pages are read', async () => {
    const { pdf, pages } = await threePages();
    const res = await scanPdfPages(pdf, pages, {
      deadline: Date.now() + 300_000,
      jobs: 2,
      child: { from: import.meta.url, name: 'page-worker-dies' },
    });
    expect(res.timedOut).toBe(false);
    expect([...res.pages.keys()].sort()).toEqual([1, 3]);
    for (const p of res.pages.values()) expect(p.runs.length).toBeGreaterThan(10);
    expect(res.findings).toEqual([expect.objectContaining({ rule: 'R.ocrFailed', page: 2, note: '识别进程意外退出' })]);
    expect(pageProcs()).toEqual([]);
  }, 300_000);

  it('past the deadline the page processes are killed and the scan says it timed out', async () => {
    const { pdf, pages } = await threePages();
    const t0 = Date.now();
    const res = await scanPdfPages(pdf, pages, { deadline: t0 + 1500, jobs: 2 });
    expect(res.timedOut).toBe(true);
    expect(res.pages.size).toBeLessThan(3);
    expect(res.findings).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(pageProcs()).toEqual([]);
  }, 120_000);
});
