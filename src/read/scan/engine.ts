/**
 * Which recogniser reads scanned pages, and the scan reader's pages in the form the PDF reader
 * takes (runs, rules, the turn undone) with its `R.ocr` finding per page.
 */
import type { OcrResult } from '../ocr.js';
import type { PageData } from '../pdf/model.js';
import type { ReadOptions } from '../types.js';
import { scanPdfPages } from './pdf-pages.js';
import type { ScanPage } from './page.js';
import { recogniserAvailable } from './recognise.js';

export type Engine = 'paddle' | 'tesseract';

export async function ocrEngine(opts: ReadOptions): Promise<Engine> {
  const asked = opts.ocrEngine ?? (process.env.NIANBAO_OCR as ReadOptions['ocrEngine']) ?? 'auto';
  if (asked === 'tesseract') return 'tesseract';
  if (asked === 'paddle') return 'paddle';
  return (await recogniserAvailable()).ok ? 'paddle' : 'tesseract';
}

/** How a scanned page was read, for the page's `R.ocr` finding. */
export function scanNote(page: number, s: ScanPage): string {
  const turn = Math.round(s.turned * 10) / 10;
  const how = turn ? `，已将页面转正 ${turn}°` : '';
  return `第${page}页是扫描图像，已逐格文字识别（OCR，约 ${Math.round(s.dpi)} dpi${how}，平均置信度 ${s.meanConf}%），识别结果请与原件核对`;
}

/** `jobs`: page processes at most (ReadOptions.scanJobs). */
export async function scanned(bytes: Uint8Array, pages: PageData[], deadline: number, jobs?: number): Promise<OcrResult> {
  const res = await scanPdfPages(bytes, pages, { deadline, ...(jobs !== undefined ? { jobs } : {}) });
  const out: OcrResult = { runs: new Map(), findings: [...res.findings], timedOut: res.timedOut };
  for (const p of pages) {
    const s = res.pages.get(p.page);
    if (!s) continue;
    out.runs.set(p.page, {
      runs: s.runs,
      segments: s.segments,
      ...(s.unturn ? { unturn: s.unturn } : {}),
      ...(s.scale !== 1 ? { size: { width: s.width, height: s.height } } : {}),
    });
    if (s.runs.length) out.findings.push({ rule: 'R.ocr', severity: 'info', page: p.page, message: scanNote(p.page, s) });
  }
  return out;
}
