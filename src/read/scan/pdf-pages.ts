/**
 * Scanned pages of a PDF read by the scan reader (PaddleOCR models, per cell): each page's image,
 * in colour so that a red seal can be dropped (see `pageRaster`), read by `readScanPage`. Never
 * throws: a page that fails gets a finding.
 *
 * Pages in parallel up to the cores, each read in a child process of its own (page-worker.ts):
 * in one process the image work is JavaScript on one thread and the model's runs hardly overlap,
 * so a scan would use one core. This process makes each page's image (poppler) and sends it; a
 * page process loads the model first (about 0.7 s and 130 MB each, docs/scans.md), so a scan of
 * fewer than `FORK_FROM` pages, or `jobs` 1, is read here. Past the deadline the page processes
 * are killed; a page whose process dies gets a finding, the other pages are read.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../model/report.js';
import { ProcessPool } from '../../ingest/processes.js';
import type { PageData } from '../pdf/model.js';
import { pageImages, run } from '../ocr.js';
import { decodeImage, rasterOf, type Raster } from './image.js';
import { readScanPage, withUnturn, type PlainScanPage, type ScanPage } from './page.js';
import type { PageTask } from './page-worker.js';

/**
 * The page's image: the scan itself (`pdfimages`, no re-encoding) when the page is one upright
 * image covering it; otherwise the page rendered by `pdftoppm` at its largest image's resolution
 * (150–300 dpi; fewer where the page is larger than paper) as PPM (PNG encoding would cost seconds a page).
 */
async function pageRaster(dir: string, pdf: string, p: PageData, deadline: number): Promise<Raster | 'timeout' | null> {
  // A scan placed at 72 pixels a point (a page feet wide) covers it all the same: its pixels are
  // the scan's (as many as an A4 sheet's short side, 8.27 inches, at the 100 dpi asked for).
  const found = await pageImages(pdf, p, deadline, 100, Math.round(8.27 * 100));
  if (found === 'timeout') return 'timeout';
  const ims = found.images;
  const im = found.covering;
  if (im) {
    const prefix = join(dir, `img-${p.page}`);
    const r = await run('pdfimages', ['-f', String(p.page), '-l', String(p.page), '-j', '-png', pdf, prefix], deadline - Date.now());
    if (r.timedOut) return 'timeout';
    const file = r.ok ? readdirSync(dir).find((f) => f.startsWith(`img-${p.page}-`)) : undefined;
    if (file) {
      try {
        const raster = await decodeImage(readFileSync(join(dir, file)));
        if (raster.width === im.width && raster.height === im.height) return raster;
      } catch {
        // not an image sharp reads (JBIG2, CCITT): render the page instead
      } finally {
        rmSync(join(dir, file), { force: true });
      }
    }
  }
  const big = ims.sort((a, b) => b.width * b.height - a.width * a.height)[0];
  // No more pixels than an A4 sheet's at 300 dpi, whatever size the page says.
  const most = (300 * 595) / Math.min(p.width, p.height);
  const dpi = Math.round(Math.max(Math.min(150, most), Math.min(300, most, big && big.xppi > 0 ? big.xppi : 200)));
  const prefix = join(dir, `page-${p.page}`);
  const r = await run('pdftoppm', ['-r', String(dpi), '-f', String(p.page), '-l', String(p.page), '-singlefile', pdf, prefix], deadline - Date.now());
  if (r.timedOut) return 'timeout';
  if (!r.ok) return null;
  try {
    return ppmRaster(readFileSync(`${prefix}.ppm`));
  } catch {
    return null;
  } finally {
    rmSync(`${prefix}.ppm`, { force: true });
  }
}

/** A binary PPM (P6, 8-bit) as a raster. */
export function ppmRaster(b: Uint8Array): Raster | null {
  const head = new TextDecoder('latin1').decode(b.subarray(0, 64));
  const m = /^P6\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(head);
  if (!m || Number(m[3]) !== 255) return null;
  const w = Number(m[1]);
  const h = Number(m[2]);
  const start = m[0].length;
  if (b.length < start + w * h * 3) return null;
  return rasterOf(b.subarray(start, start + w * h * 3), w, h, 3);
}

export interface ScanPagesResult {
  pages: Map<number, ScanPage>;
  findings: Finding[];
  timedOut: boolean;
}

/** Fewest pages read in page processes: under it, loading the model in each costs more than it saves. */
export const FORK_FROM = 2;

export interface ScanPagesOptions {
  deadline: number;
  /** Page processes at most (ReadOptions.scanJobs); default the cores. */
  jobs?: number;
  /** The page process's module (tests: one that dies): `import.meta.url` beside it and its name. */
  child?: { from: string; name: string };
}

/** How many page processes read `pages` pages: none (0) when they are read in this process. */
export function pageProcesses(pages: number, jobs = availableParallelism()): number {
  const n = Math.min(pages, Math.max(1, jobs), availableParallelism());
  return n > 1 && pages >= FORK_FROM ? n : 0;
}

/** A page read in a page process: the page, or why not (`timeout`: past the deadline). */
type Read = (raster: Raster, p: PageData) => Promise<ScanPage | 'timeout'>;

function pageReader(size: number, opts: ScanPagesOptions): { read: Read; close: () => Promise<void> } {
  const procs = new ProcessPool<PageTask, PlainScanPage>({
    from: opts.child?.from ?? import.meta.url,
    child: opts.child?.name ?? 'page-worker',
    size,
    timeoutMs: Math.max(0, opts.deadline - Date.now()),
    startupMs: 0,
    says: { timeout: () => 'timeout', error: (e) => `识别进程出错：${e.message}`, exit: '识别进程意外退出', closed: 'timeout' },
  });
  // At the deadline every page process still reading is killed (a timer's longest delay is 2^31 - 1 ms).
  const timer = setTimeout(() => void procs.close(), Math.min(2 ** 31 - 1, Math.max(0, opts.deadline - Date.now())));
  return {
    read: async (raster, p) => {
      const o = await procs.run({ page: p.page, raster, size: { width: p.width, height: p.height } }, opts.deadline - Date.now());
      if ('ok' in o) return withUnturn(o.ok);
      if (o.kind === 'timeout' || Date.now() >= opts.deadline) return 'timeout';
      throw new Error(o.error);
    },
    close: async () => {
      clearTimeout(timer);
      await procs.close();
    },
  };
}

export async function scanPdfPages(bytes: Uint8Array, pages: PageData[], opts: ScanPagesOptions): Promise<ScanPagesResult> {
  const out: ScanPagesResult = { pages: new Map(), findings: [], timedOut: false };
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-scan-'));
  const forked = pageProcesses(pages.length, opts.jobs);
  const procs = forked ? pageReader(forked, opts) : null;
  const read: Read = procs ? procs.read : (raster, p) => readScanPage(raster, { width: p.width, height: p.height });
  try {
    const pdf = join(dir, 'in.pdf');
    writeFileSync(pdf, bytes);
    const queue = [...pages];
    const worker = async (): Promise<void> => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        if (Date.now() >= opts.deadline) {
          out.timedOut = true;
          return;
        }
        try {
          const raster = await pageRaster(dir, pdf, p, opts.deadline);
          if (raster === 'timeout') {
            out.timedOut = true;
            return;
          }
          if (!raster) throw new Error('pdftoppm failed');
          const page = await read(raster, p);
          if (page === 'timeout') {
            out.timedOut = true;
            return;
          }
          out.pages.set(p.page, page);
        } catch (e) {
          out.findings.push({
            rule: 'R.ocrFailed',
            severity: 'warning',
            page: p.page,
            message: `第${p.page}页是扫描图像，但无法提取该页图像进行文字识别，该页内容未读取`,
            note: String((e as Error).message ?? e).slice(0, 300),
          });
        }
      }
    };
    // In page processes: one page more than the processes, its image made while the others are read.
    const n = forked ? Math.min(pages.length, forked + 1) : Math.max(1, Math.min(availableParallelism(), pages.length));
    await Promise.all(Array.from({ length: n }, worker));
  } finally {
    await procs?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
