/**
 * Reader for image files (a scanned page or a phone photo as JPEG, PNG, TIFF, GIF or WebP): each
 * page read by the scan reader (scan/page.ts) and laid out like a PDF's pages. A multi-page TIFF
 * (a scanner's feeder) is read page by page, up to IMAGE_MAX_PAGES, within the time a scanned
 * PDF of as many pages has. Never throws.
 */
import sharp, { type Metadata } from 'sharp';
import type { Finding } from '../model/report.js';
import { lowConfidence, ocrLookups } from './ocr-words.js';
import { layoutPages } from './pdf/layout.js';
import type { PageData } from './pdf/model.js';
import { decodeImage, type Raster } from './scan/image.js';
import { scanNote } from './scan/engine.js';
import { readScanPage } from './scan/page.js';
import { recogniserAvailable } from './scan/recognise.js';
import { OCR_PAGE_MS, unreadable, type ReadOptions, type ReadResult } from './types.js';

/** Larger images are refused (a 600 dpi A3 scan is about 70 million pixels). */
export const IMAGE_MAX_PIXELS = 80_000_000;
/** Pages of a multi-page image file read at most (an annual report is 5–15). */
export const IMAGE_MAX_PAGES = 60;

/**
 * `n` page images read one after another by the scan reader (`decode(i)`: the i-th, 0-based), as
 * pages 1…n laid out like a PDF's, within `limitMs` (the first page always read; pages past it
 * listed in `left`). A page that will not decode gets `R.ocrFailed` (`what(i)` names it) when there
 * are others; a lone page's error is thrown.
 */
export async function readScanImages(
  n: number,
  decode: (i: number) => Promise<Raster>,
  limitMs: number,
  what: (i: number) => string,
): Promise<{ pages: PageData[]; findings: Finding[]; left: number[] }> {
  const started = Date.now();
  const pages: PageData[] = [];
  const findings: Finding[] = [];
  const left: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && Date.now() - started > limitMs) {
      left.push(i + 1);
      continue;
    }
    let scan;
    try {
      scan = await readScanPage(await decode(i), null);
    } catch (e) {
      // One page that will not decode (a damaged page of a TIFF): the others are read.
      if (n === 1) throw e;
      findings.push({
        rule: 'R.ocrFailed',
        severity: 'warning',
        page: i + 1,
        message: `${what(i)}无法解码进行文字识别，该页内容未读取`,
        note: String((e as Error).message ?? e).slice(0, 300),
      });
      continue;
    }
    pages.push({
      page: i + 1,
      width: scan.width,
      height: scan.height,
      runs: scan.runs,
      segments: scan.segments,
      images: [],
      ocr: true,
      ...(scan.unturn ? { unturn: scan.unturn } : {}),
    });
    if (scan.runs.length) findings.push({ rule: 'R.ocr', severity: 'info', page: i + 1, message: scanNote(i + 1, scan) });
  }
  return { pages, findings, left };
}

/** Image formats the image library here does not decode, and what to do instead. */
function unsupported(b: Uint8Array): { name: string; fix: string } | null {
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 16)).toString('latin1');
  if (head.startsWith('ftyp', 4) && !/^avi[fs]/.test(head.slice(8, 12)))
    return { name: 'HEIC（苹果手机默认的照片格式）', fix: '请在手机上将照片导出为 JPEG（或把相机格式设为“兼容性最佳”）后再导入' };
  if (head.startsWith('BM')) return { name: 'BMP ', fix: '请另存为 PNG 或 JPEG（扫描仪可直接存为 PDF、PNG 或 JPEG）后再导入' };
  return null;
}

export async function readImage(bytes: Uint8Array, opts: ReadOptions = {}): Promise<ReadResult> {
  if (opts.ocr === false) return unreadable('image', '这是图片文件（扫描件或照片）；未启用文字识别（OCR），内容未读取');
  const rec = await recogniserAvailable();
  if (!rec.ok) return unreadable('image', '这是图片文件（扫描件或照片），但本机的文字识别模型无法加载，内容未读取', rec.why.slice(0, 300));
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: IMAGE_MAX_PIXELS }).metadata();
  } catch (e) {
    const why = String((e as Error).message ?? e).slice(0, 300);
    const kind = unsupported(bytes);
    return kind ? unreadable('image', `${kind.name}图片暂不能读取`, kind.fix) : unreadable('image', '图片文件已损坏或格式不受支持，无法读取', why);
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > IMAGE_MAX_PIXELS) {
    return unreadable('image', `图片过大（${meta.width}×${meta.height} 像素），未读取`, '请以 200–300 dpi 扫描后再导入');
  }
  if ((meta.width ?? 0) < 300 || (meta.height ?? 0) < 300) {
    return unreadable('image', `图片太小（${meta.width}×${meta.height} 像素），无法识别其中的文字`, '请提供原始扫描件（200–300 dpi）');
  }
  const findings: Finding[] = [];
  const count = meta.pages ?? 1;
  const n = Math.min(count, IMAGE_MAX_PAGES);
  if (count > n) {
    findings.push({
      rule: 'R.imagePages',
      severity: 'warning',
      message: `图片文件共有 ${count} 页，只读取了前 ${n} 页`,
      note: '页数过多的扫描件请分成几个文件或以 PDF 提供',
    });
  }
  // As a scanned PDF: the time given, else 30 s a page; the first page is always read.
  const limitMs = opts.timeoutMs ?? n * OCR_PAGE_MS;
  try {
    const read = await readScanImages(
      n,
      (i) => decodeImage(bytes, IMAGE_MAX_PIXELS, i),
      limitMs,
      (i) => `图片文件第${i + 1}页`,
    );
    findings.push(...read.findings);
    const pages = read.pages;
    if (!pages.some((p) => p.runs.length)) {
      const none = unreadable('image', '图片中没有识别出文字');
      return { ...none, findings: [...findings, ...none.findings] };
    }
    if (read.left.length)
      findings.push({
        rule: 'R.ocrTimeout',
        severity: 'warning',
        message: `读取图片超时（${Math.round(limitMs / 1000)} 秒）：第${read.left.join('、')}页未完成文字识别（OCR），这些页的内容未读取`,
        note: '可放宽时间限制后重试',
      });
    const layout = layoutPages(pages);
    findings.push(...lowConfidence(layout.ocrWords));
    return { format: 'image', text: layout.text, findings, locate: layout.locate, pages: n, ...ocrLookups(layout.ocrWords) };
  } catch (e) {
    return unreadable('image', '读取图片时出错，文件可能已损坏', String((e as Error).message ?? e).slice(0, 300));
  }
}
