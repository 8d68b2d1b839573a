/**
 * A report published as pictures: a web page showing the printed pages (or only the tables) as
 * images, saved by a reviewer as one file (MHTML). Where the document's text lacks one of the
 * statutory tables, its pictures large enough to be a page or a table are read as scanned pages
 * (scan/page.ts), one after another, and their text follows the document's. Each value read from
 * a picture keeps the picture's number as its page and its box on it; its span is the picture's
 * element in the document's source. Never throws.
 */
import sharp from 'sharp';
import type { Finding, Place, SourceFormat } from '../model/report.js';
import { readScanImages } from './image.js';
import { lowConfidence, ocrLookups } from './ocr-words.js';
import { layoutPages } from './pdf/layout.js';
import { decodeImage } from './scan/image.js';
import { recogniserAvailable } from './scan/recognise.js';
import { OCR_PAGE_MS, type ReadOptions, type ReadResult } from './types.js';

/** A picture narrower or lower than this (pixels) holds no readable table: a logo, a banner, an icon. */
const MIN_SIDE = 500;
/** Pictures read at most. */
const MAX_PICTURES = 30;

export interface DocPicture {
  bytes: Uint8Array;
  /** Its file name, for the reviewer. */
  name: string;
  /** Where it stands in the document's source (`ReadResult.sourceText`: the `img` tag), when known. */
  source: [number, number] | null;
}

/**
 * `doc` with its pictures read (the caller has found its text lacks a statutory table:
 * `tablesMissing`); `doc` as it is where none can be (no such picture, OCR off or not
 * available). `doc` null: a document of pictures only.
 */
export async function withPictures(
  doc: ReadResult | null,
  pictures: DocPicture[],
  opts: ReadOptions = {},
  format: SourceFormat = 'html',
): Promise<ReadResult | null> {
  if (opts.ocr === false) return doc;
  const pages: DocPicture[] = [];
  for (const p of pictures) {
    if (pages.length >= MAX_PICTURES) break;
    try {
      const m = await sharp(p.bytes).metadata();
      if (Math.min(m.width ?? 0, m.height ?? 0) >= MIN_SIDE) pages.push(p);
    } catch {
      // not an image the library decodes (a vector drawing, a damaged file): not a page
    }
  }
  if (!pages.length || !(await recogniserAvailable()).ok) return doc;
  const limitMs = opts.timeoutMs ?? pages.length * OCR_PAGE_MS;
  let read;
  try {
    read = await readScanImages(
      pages.length,
      (i) => decodeImage(pages[i]!.bytes),
      limitMs,
      (i) => `图片「${pages[i]!.name}」`,
    );
  } catch {
    return doc;
  }
  if (!read.pages.some((p) => p.runs.length)) return doc;
  const layout = layoutPages(read.pages);
  const base = doc?.text ?? '';
  const sep = base ? '\n\n' : '';
  const offset = base.length + sep.length;
  // A picture's place in the document: where it stands in the source, and that line.
  const lineAt = (offset: number): number => (doc?.sourceText ? doc.sourceText.slice(0, offset).split('\n').length : 1);
  const placeOf = (page: number): Pick<Place, 'span' | 'line'> => {
    const at = pages[page - 1]?.source;
    return at ? { span: at, line: lineAt(at[0]) } : { span: [0, 0], line: 1 };
  };
  const words = layout.ocrWords.map((w) => ({ ...w, start: w.start + offset, end: w.end + offset }));
  const own = ocrLookups(words);
  const named = (f: Finding): Finding => (f.page ? { ...f, message: `${f.message.replace(/^第\d+页/, `图片「${pages[f.page - 1]?.name ?? f.page}」`)}` } : f);
  const findings: Finding[] = [
    ...(doc?.findings ?? []),
    {
      rule: 'R.pictures',
      severity: 'info',
      message: `正文缺少法定表格（或没有文字），已将其中 ${read.pages.length} 张图片（${pages
        .slice(0, 3)
        .map((p) => p.name)
        .join('、')}${pages.length > 3 ? '等' : ''}）按扫描件逐格文字识别，识别结果请与原件核对`,
    },
    ...read.findings.map(named),
    ...lowConfidence(words).map(named),
  ];
  if (read.left.length)
    findings.push({
      rule: 'R.ocrTimeout',
      severity: 'warning',
      message: `识别图片超时（${Math.round(limitMs / 1000)} 秒）：${read.left.map((i) => `「${pages[i - 1]!.name}」`).join('、')}未完成文字识别（OCR），其中内容未读取`,
      note: '可放宽时间限制后重试',
    });
  return {
    format: doc?.format ?? format,
    ...(doc?.encoding ? { encoding: doc.encoding } : {}),
    text: base + sep + layout.text,
    findings,
    locate: (start, end) => {
      if (start >= offset) {
        const p = layout.locate(start - offset, end - offset);
        return { ...p, ...placeOf(p.page ?? 1) };
      }
      return doc?.locate ? doc.locate(start, end) : { span: [start, end], line: 1 };
    },
    ...(doc?.sourceText !== undefined ? { sourceText: doc.sourceText } : {}),
    confidence: (start, end) => (start >= offset ? (own.confidence?.(start, end) ?? null) : (doc?.confidence?.(start, end) ?? null)),
    alternatives: (start, end) => (start >= offset ? (own.alternatives?.(start, end) ?? null) : (doc?.alternatives?.(start, end) ?? null)),
    ...(doc?.pictures ? { pictures: doc.pictures } : {}),
  };
}
