/**
 * Scanned pages of a PDF read by the scan reader (PaddleOCR models, per cell): each page is
 * rendered by poppler at its scan's own resolution (150–300 dpi; `pdfimages -list` tells it), in
 * colour so that a red seal can be dropped, then read by `readScanPage`. Pages run in parallel up
 * to the machine's cores. Never throws: a page that fails gets a finding.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../model/report.js';
import type { PageData } from '../pdf/model.js';
import { parseImageList } from '../ocr.js';
import { decodeImage } from './image.js';
import { readScanPage, type ScanPage } from './page.js';

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; stdout: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    if (timeoutMs <= 0) return resolve({ ok: false, stdout: '', timedOut: true });
    execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20, encoding: 'utf8' }, (err, stdout) => {
      const timedOut = !!err && ((err as { killed?: boolean }).killed === true || (err as { signal?: string }).signal === 'SIGKILL');
      resolve({ ok: !err, stdout: String(stdout ?? ''), timedOut });
    });
  });
}

/** The resolution to render a page at: its largest image's, kept within 150–300 dpi. */
async function dpiOf(pdf: string, p: PageData, deadline: number): Promise<number> {
  const list = await run('pdfimages', ['-list', '-f', String(p.page), '-l', String(p.page), pdf], deadline - Date.now());
  const ims = list.ok ? parseImageList(list.stdout).filter((im) => im.type === 'image') : [];
  const big = ims.sort((a, b) => b.width * b.height - a.width * a.height)[0];
  const ppi = big && big.xppi > 0 ? big.xppi : 200;
  return Math.max(150, Math.min(300, Math.round(ppi)));
}

export interface ScanPagesResult {
  pages: Map<number, ScanPage>;
  findings: Finding[];
  timedOut: boolean;
}

export async function scanPdfPages(bytes: Uint8Array, pages: PageData[], opts: { deadline: number }): Promise<ScanPagesResult> {
  const out: ScanPagesResult = { pages: new Map(), findings: [], timedOut: false };
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-scan-'));
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
        const dpi = await dpiOf(pdf, p, opts.deadline);
        const prefix = join(dir, `page-${p.page}`);
        const r = await run(
          'pdftoppm',
          ['-r', String(dpi), '-png', '-f', String(p.page), '-l', String(p.page), '-singlefile', pdf, prefix],
          opts.deadline - Date.now(),
        );
        if (r.timedOut) {
          out.timedOut = true;
          return;
        }
        try {
          if (!r.ok) throw new Error('pdftoppm failed');
          const raster = await decodeImage(readFileSync(`${prefix}.png`));
          rmSync(`${prefix}.png`, { force: true });
          out.pages.set(p.page, await readScanPage(raster, { width: p.width, height: p.height }));
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
    const n = Math.max(1, Math.min(availableParallelism(), pages.length));
    await Promise.all(Array.from({ length: n }, worker));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
