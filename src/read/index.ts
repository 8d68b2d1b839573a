/**
 * read: bytes → text for the parser, by format. The format is detected from the content
 * (magic bytes), never from the file name. Readers never throw on bad input: they return a
 * result with a fatal finding instead.
 *
 * Only the text reader is loaded with this module. The others (parse5, fflate and the XML parser,
 * pdfjs, sharp and the OCR engine, LibreOffice's launcher) are imported when a file of their
 * format arrives, so that reading text — and the command line's start — does not pay for them.
 */
import { decodeText } from './decode.js';
import { MAX_TEXT_CHARS, tooMuchText, unreadable, type ReadOptions, type ReadResult } from './types.js';

export type { ReadResult, ReadOptions } from './types.js';
export { BLANK_CELL, MAX_TEXT_CHARS } from './types.js';

export type DetectedFormat = 'text' | 'html' | 'mhtml' | 'pdf' | 'zip' | 'ole' | 'rtf' | 'image' | 'empty';

export function detectFormat(bytes: Uint8Array): DetectedFormat {
  if (bytes.length === 0) return 'empty';
  const b = bytes;
  // The first kilobyte, a character per byte (only ASCII marks are looked for).
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05 || b[2] === 0x07)) return 'zip';
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'ole';
  if (head.startsWith('{\\rtf')) return 'rtf';
  if (
    (b[0] === 0x89 && head.startsWith('PNG', 1)) ||
    (b[0] === 0xff && b[1] === 0xd8) ||
    head.startsWith('GIF8') ||
    head.startsWith('II*\0') ||
    head.startsWith('MM\0*') ||
    (head.startsWith('RIFF') && head.startsWith('WEBP', 8)) ||
    // HEIF/AVIF (ISO base media: a `ftyp` box first), BMP: images, though not every one decodes.
    (head.startsWith('ftyp', 4) && /^(?:avif|avis|hei[cxms]|hev[cx]|mif1|msf1)/.test(head.slice(8, 12))) ||
    (head.startsWith('BM') && b.length > 26 && b[14]! >= 12 && b[14]! <= 124 && b[15] === 0 && b[16] === 0 && b[17] === 0)
  )
    return 'image';
  // A web page saved as one file (MHTML): a MIME message, its headers (a long encoded subject
  // among them) before the page.
  const mime = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 8192)).toString('latin1');
  if (/^MIME-Version:\s*1\.0/im.test(mime) && /^Content-Type:\s*multipart\/related/im.test(mime)) return 'mhtml';
  const lower = head
    .replace(/^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (/^<(?:!doctype html|html|head|body|meta|div|table|p[\s>]|!--)/.test(lower) || /<html[\s>]/.test(lower)) return 'html';
  return 'text';
}

/** Read a plain text file (UTF-8, UTF-16 with BOM, GB18030). */
export function readText(bytes: Uint8Array): ReadResult {
  const d = decodeText(bytes);
  if (d.binary) return unreadable('unknown', '文件不是文本，也不是可识别的 PDF、DOCX 或 HTML 文件，无法读取');
  return { format: 'text', encoding: d.encoding, text: d.text, findings: [], sourceText: d.text };
}

/** Read a document's bytes into text. Never throws on bad input. */
export async function readDocument(bytes: Uint8Array, opts: ReadOptions = {}): Promise<ReadResult> {
  const r = await readAny(bytes, opts);
  // More text than any report (a row repeated a million times, a text bomb): not for the parser.
  return r.text.length <= MAX_TEXT_CHARS ? r : tooMuchText(r.format);
}

async function readAny(bytes: Uint8Array, opts: ReadOptions): Promise<ReadResult> {
  const kind = detectFormat(bytes);
  try {
    switch (kind) {
      case 'empty':
        return unreadable('unknown', '文件为空（0 字节），无法读取');
      case 'text':
        return readText(bytes);
      case 'html':
        return await (await import('./html.js')).readHtml(bytes, opts);
      case 'mhtml':
        return await (await import('./mhtml.js')).readMhtml(bytes, opts);
      case 'zip':
        return await (await import('./docx.js')).readDocxDocument(bytes, opts);
      case 'pdf':
        return await (await import('./pdf.js')).readPdf(bytes, opts);
      case 'ole':
        return await (await import('./legacy.js')).readLegacy(bytes, opts);
      case 'image':
        return await (await import('./image.js')).readImage(bytes, opts);
      case 'rtf':
        return unreadable('unknown', '暂不支持 RTF 格式', '请另存为 .docx 或 PDF 后再导入');
    }
  } catch (e) {
    // A reader bug must not become a crash for the user: report it as unreadable.
    return unreadable('unknown', '读取文件时出错，文件可能已损坏', String((e as Error)?.message ?? e));
  }
}
