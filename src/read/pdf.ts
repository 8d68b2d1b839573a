/**
 * Reader for PDF reports.
 *
 * pdfjs-dist (in a worker thread, see pdf/extract.ts) gives each page's text runs with positions
 * and, on pages that may hold a table, its drawing operations; ruling lines become table grids
 * (pdf/grid.ts) and everything is laid out as lines and tab-separated table rows (pdf/layout.ts).
 * A page put in sideways is laid out turned back. Pages without a usable text layer (scans, text
 * drawn as outlines, fonts without a character map) are read by OCR when tesseract is installed
 * (ocr.ts); without it, a finding says what to install.
 *
 * Provenance: spans are offsets in the emitted text (there is no other text to point into); each
 * place also carries the 1-based page and the box [x0, y0, x1, y1] in PDF points, origin top-left.
 *
 * Limits: a time limit (opts.timeoutMs, default 30 s and 30 s more for each page to OCR) and a page cap; an encrypted,
 * damaged or oversized file gives one fatal finding. Never throws, never hangs.
 */
import type { Finding } from '../model/report.js';
import { extractPdf, pageOf, type RawPage } from './pdf/extract.js';
import { layoutPages } from './pdf/layout.js';
import type { PageData } from './pdf/model.js';
import { OCR_INSTALL, ocrAvailability, ocrPages, which } from './ocr.js';
import { lowConfidence, ocrLookups } from './ocr-words.js';
import { ocrEngine, scanned } from './scan/engine.js';
import { OCR_PAGE_MS, unreadable, type ReadOptions, type ReadResult } from './types.js';

export const PDF_LIMITS = {
  maxPages: 200,
  timeoutMs: 30_000,
  /** Unless a caller sets the limit, each page read by OCR adds this much to it (OCR_PAGE_MS). */
  ocrPageMs: OCR_PAGE_MS,
  /** Text runs in the whole document (a long report has some tens of thousands). */
  maxItems: 300_000,
};

/** Images cover at least half of the page (a scanned page). */
function imageCovers(p: PageData): boolean {
  let area = 0;
  for (const im of p.images)
    area += Math.max(0, Math.min(im.box[2], p.width) - Math.max(im.box[0], 0)) * Math.max(0, Math.min(im.box[3], p.height) - Math.max(im.box[1], 0));
  return area >= 0.5 * p.width * p.height;
}

/** Fewer letters and digits than this on a page: the page is a scan (or blank). */
const SCAN_MAX_CHARS = 10;

const secs = (ms: number): string => (ms < 1000 ? `${ms} 毫秒` : `${Math.round(ms / 100) / 10} 秒`);

/** Letters and digits of a page, and how many of them are not real text (private use, U+FFFD). */
function textQuality(p: PageData): { chars: number; bad: number } {
  let chars = 0;
  let bad = 0;
  for (const r of p.runs) {
    for (const ch of r.text) {
      const c = ch.codePointAt(0)!;
      if (/\s/.test(ch)) continue;
      chars++;
      if (c === 0xfffd || (c >= 0xe000 && c <= 0xf8ff) || c < 0x20) bad++;
    }
  }
  return { chars, bad };
}

export async function readPdf(bytes: Uint8Array, opts: ReadOptions = {}): Promise<ReadResult> {
  const timeoutMs = opts.timeoutMs ?? PDF_LIMITS.timeoutMs;
  // The limit the OCR of scanned pages ends at (longer by the pages to read, unless set).
  let limitMs = timeoutMs;
  const started = Date.now();
  const ex = await extractPdf(bytes, { timeoutMs, maxPages: PDF_LIMITS.maxPages, maxItems: PDF_LIMITS.maxItems });
  switch (ex.kind) {
    case 'password':
      return unreadable('pdf', 'PDF 已加密（需要密码才能打开），无法读取', '请提供未加密的 PDF，或用密码打开后另存为不加密的 PDF 再导入');
    case 'invalid':
      return unreadable('pdf', 'PDF 文件已损坏或不完整，无法读取', `请重新下载或重新导出 PDF（${ex.detail}）`);
    case 'tooManyPages':
      return unreadable(
        'pdf',
        `PDF 共 ${ex.numPages} 页，超过 ${PDF_LIMITS.maxPages} 页的上限，未读取`,
        '年度报告通常只有几页到几十页；请确认文件是否为单份年度报告',
      );
    case 'tooMuchText':
      return unreadable('pdf', `PDF 中的文字段数过多（超过 ${PDF_LIMITS.maxItems} 段），未读取`, '文件可能不是单份年度报告，或结构异常');
    case 'timeout':
      return unreadable('pdf', `读取 PDF 超时（超过 ${secs(timeoutMs)}），已停止`, '文件可能过大或结构异常');
    case 'failed':
      return unreadable('pdf', '读取 PDF 时出错，文件可能已损坏', ex.detail);
    case 'ok':
      break;
  }
  const findings: Finding[] = [];
  const pages = ex.pages.map((raw: RawPage, i: number) => pageOf(raw, i + 1));
  const broken = ex.pages.flatMap((raw, i) => (raw.error ? [i + 1] : []));
  if (broken.length && broken.length === ex.pages.length) {
    return { ...unreadable('pdf', 'PDF 文件已损坏，没有一页能够读取', `请重新下载或重新导出 PDF（${ex.pages[0]!.error}）`), pages: ex.numPages };
  }
  if (broken.length) {
    findings.push({
      rule: 'R.pdfDamaged',
      severity: 'warning',
      message: `PDF 第${broken.join('、')}页已损坏，无法读取，已跳过`,
      note: '其余各页照常读取；请核对原件',
    });
  }
  if (truncated(bytes)) {
    findings.push({
      rule: 'R.pdfDamaged',
      severity: 'warning',
      message: 'PDF 文件结尾不完整（可能下载未完成），已尽量读取，内容可能缺失',
      note: '请核对页数与原件是否一致',
    });
  }

  // Pages without a usable text layer: scans, or text whose font has no character map.
  const needOcr: PageData[] = [];
  // Scanned pages whose text is an invisible layer under the image (a scanner's or converter's
  // OCR): read by OCR like any scan — the image is what was signed; the layer's text is kept only
  // where no OCR runs.
  const underlaid = new Set<number>();
  for (const p of pages) {
    const q = textQuality(p);
    const garbled = q.chars >= SCAN_MAX_CHARS && q.bad > 0.3 * q.chars;
    if (garbled) {
      findings.push({ rule: 'R.pdfTextLayer', severity: 'warning', page: p.page, message: `第${p.page}页的文字无法解码（字体缺少字符映射），该页按图像处理` });
      p.runs = [];
    }
    if (!garbled && q.chars >= SCAN_MAX_CHARS && p.hiddenText && imageCovers(p)) underlaid.add(p.page);
    // No text layer: a scan, or text drawn as outlines; OCR reads both (and skips a blank page).
    if (garbled || q.chars < SCAN_MAX_CHARS || underlaid.has(p.page)) needOcr.push(p);
  }
  if (needOcr.length) {
    const noLayer = needOcr.filter((p) => !underlaid.has(p.page));
    const list = noLayer.map((p) => p.page).join('、');
    if (opts.ocr === false) {
      if (noLayer.length)
        findings.push({
          rule: 'R.ocrSkipped',
          severity: 'warning',
          message: `第${list}页没有文字层（扫描图像或空白页）；未启用文字识别（OCR），这些页的内容未读取`,
        });
    } else {
      const engine = await ocrEngine(opts);
      const tools = engine === 'paddle' ? { ok: !!which('pdftoppm'), missing: ['pdftoppm（poppler-utils）'] } : ocrAvailability();
      if (!tools.ok) {
        if (noLayer.length)
          findings.push({
            rule: 'R.ocrMissing',
            severity: 'warning',
            message: `第${list}页没有文字层（扫描图像或空白页），需要文字识别（OCR），但本机未安装 ${tools.missing.join('、')}，这些页的内容未读取`,
            note: `请安装：${OCR_INSTALL}`,
          });
      } else {
        limitMs = opts.timeoutMs ?? timeoutMs + needOcr.length * PDF_LIMITS.ocrPageMs;
        const left = limitMs - (Date.now() - started);
        const deadline = Date.now() + Math.max(0, left);
        const res = engine === 'paddle' ? await scanned(bytes, needOcr, deadline, opts.scanJobs) : await ocrPages(bytes, needOcr, { deadline });
        findings.push(...res.findings);
        for (const [page, got] of res.runs) {
          const p = pages[page - 1]!;
          // Nothing recognised (a blank page): the few characters of the text layer, if any, stay.
          if (!got.runs.length) continue;
          p.runs = got.runs;
          p.segments = got.segments ?? [];
          if (got.unturn) p.unturn = got.unturn;
          if (got.size) Object.assign(p, got.size);
          p.ocr = true;
        }
        if (res.timedOut) {
          // (A page with an invisible layer keeps the layer's text: R.pdfHiddenTextUsed, below.)
          const left = noLayer.filter((p) => !res.runs.has(p.page)).map((p) => p.page);
          if (!res.runs.size && pages.every((p) => !p.runs.length)) {
            return {
              ...unreadable('pdf', `读取 PDF 超时（超过 ${secs(limitMs)}），文字识别（OCR）未完成`, '扫描页较多或图像较大；可放宽时间限制后重试'),
              pages: ex.numPages,
            };
          }
          if (left.length)
            findings.push({
              rule: 'R.ocrTimeout',
              severity: 'warning',
              message: `读取 PDF 超时（${secs(limitMs)}）：第${left.join('、')}页未完成文字识别（OCR），这些页的内容未读取`,
              note: '可放宽时间限制后重试',
            });
        }
      }
    }
  }

  for (const n of underlaid) {
    findings.push(
      pages[n - 1]!.ocr
        ? {
            rule: 'R.pdfHiddenText',
            severity: 'info',
            page: n,
            message: `第${n}页是扫描图像，图像下另有不可见的文字层（扫描或转换软件自动识别所得）；该文字层未采用，已按图像逐格识别`,
          }
        : {
            rule: 'R.pdfHiddenTextUsed',
            severity: 'warning',
            page: n,
            message: `第${n}页是扫描图像，内容取自图像下不可见的文字层（扫描或转换软件自动识别所得），未经本系统文字识别核对`,
            note: '请与原件核对，或启用文字识别（OCR）后重新读取',
          },
    );
  }

  // Text that decodes to no Chinese at all: fonts without a proper character map.
  let letters = 0;
  let cjk = 0;
  for (const p of pages) {
    for (const r of p.runs) {
      for (const ch of r.text) {
        if (/\p{L}/u.test(ch)) letters++;
        if (/\p{Script=Han}/u.test(ch)) cjk++;
      }
    }
  }
  if (letters >= 100 && cjk < 0.01 * letters) {
    findings.push({
      rule: 'R.pdfTextLayer',
      severity: 'warning',
      message: 'PDF 的文字层中没有中文字符：文件可能不是中文报告，或字体缺少字符映射、文字无法正确解码',
    });
  }

  const layout = layoutPages(pages);
  if (!layout.text.trim()) {
    const ocrRan =
      findings.some((f) => f.rule === 'R.ocr') ||
      (needOcr.length > 0 && opts.ocr !== false && (await ocrEngine(opts)) === 'paddle') ||
      (needOcr.length > 0 && opts.ocr !== false && ocrAvailability().ok);
    const r = unreadable(
      'pdf',
      !needOcr.length
        ? 'PDF 中没有可读取的文字'
        : ocrRan
          ? 'PDF 中没有可读取的文字（页面没有文字层，文字识别也未识别出文字）'
          : 'PDF 没有文字层（可能是扫描图像），没有可读取的文字',
    );
    return { ...r, findings: [...findings.filter((f) => f.rule !== 'R.ocrLowConfidence'), ...r.findings], pages: ex.numPages };
  }
  findings.push(...lowConfidence(layout.ocrWords));
  return { format: 'pdf', text: layout.text, findings, locate: layout.locate, pages: ex.numPages, ...ocrLookups(layout.ocrWords) };
}

/** No end-of-file marker near the end: the download was cut short. */
function truncated(bytes: Uint8Array): boolean {
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
  return !tail.includes('%%EOF');
}
