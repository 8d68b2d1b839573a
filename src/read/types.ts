/** What every reader hands to the parser. */
import type { Finding, Place, SourceFormat } from '../model/report.js';

/**
 * A table cell that is really empty in a grid source (HTML, DOCX, PDF): not a merged-cell
 * continuation, not a cell we failed to read. The parser reads it as a blank cell (0, flagged
 * `zeroInferred`). Text files cannot say this; readers of grids can.
 */
export const BLANK_CELL = '\uE000';

/** OCR: words with digits read with less confidence than this (0–100) are reported, and cells so read flagged. */
export const OCR_MIN_CONFIDENCE = 70;

/**
 * OCR: a cell that no relation checks (表二's) read with less confidence than this is flagged.
 * Elsewhere a misread digit breaks a sum and is found; there the recogniser's confidence is all
 * there is. A thin Song face at 150 dpi read 3 for 5 at 83 % and 5 for 3 at 82 %, 61.3956 for
 * 61.5956 at 70 %; on print of sturdier faces about 1 cell of 表二's 100 is read at 70–89 % (sweeps
 * of 54 scans each, docs/scans.md).
 */
export const OCR_UNCHECKED_MIN_CONFIDENCE = 90;

export interface ReadResult {
  format: SourceFormat;
  encoding?: string;
  /**
   * Linear text for the parser: paragraphs as lines; each table row as one line with its cells
   * joined by a tab (a cell's own line breaks become spaces; a merged cell's text appears once,
   * in its first row and column; really empty cells are BLANK_CELL).
   */
  text: string;
  /** Reader messages (warnings, or a fatal one when there is nothing to parse). */
  findings: Finding[];
  /**
   * Where a span of `text` is in the original: character span in the decoded original (HTML
   * source, DOCX document.xml text order) and line; page and box for PDF. Without it, spans are
   * offsets in `text` itself (plain text files).
   */
  locate?: (start: number, end: number) => Place;
  /**
   * The text that record spans index into, for showing the source beside the tables: the
   * decoded original for text and HTML, the document text for DOCX. Absent for PDF (pages and
   * boxes instead). Plain text files: `text` itself.
   */
  sourceText?: string;
  /**
   * OCR only: the lowest word confidence (0–100) of the text in a span of `text`, or null when
   * the span was not read by OCR.
   */
  confidence?: (start: number, end: number) => number | null;
  /**
   * OCR only: other likely readings of the number that is exactly the span [start, end) of
   * `text` (one digit changed, most likely first), or null. The parser lets the table's relations
   * choose among them and flags the cell when they do.
   */
  alternatives?: (start: number, end: number) => string[] | null;
  /** Number of pages (PDF). */
  pages?: number;
  /**
   * Pictures in the document's flow (HTML `img`, DOCX drawings), where they stand in `text`: a
   * table published as a picture is named where the table is missing.
   */
  pictures?: Picture[];
}

/** A picture in a document's flow. */
export interface Picture {
  /** Offset in the reader's `text` where the picture stands. */
  at: number;
  /** Its file name (`W020240115_2.jpg`), else its title or alt text, else 图片. */
  name: string;
  /** Its element's span in the source (HTML: the `img` tag), when known. */
  source?: [number, number];
}

/**
 * The time a page read by OCR is given, unless a caller sets the limit: a scan of 8 pages takes
 * 5–8 s a page on 2 cores, and a fixed 30 s left half of it unread.
 */
export const OCR_PAGE_MS = 30_000;

export interface ReadOptions {
  /**
   * Milliseconds a reader may spend (PDF, OCR) before giving up with a finding. Unset, a PDF has
   * 30 s and 30 s more for each page it reads by OCR (PDF_LIMITS); an image file 30 s a page.
   */
  timeoutMs?: number;
  /** Allow OCR of image-only pages and image files (default true). */
  ocr?: boolean;
  /**
   * Which recogniser reads scans: `paddle` (PP-OCRv4 models through ONNX Runtime, per table cell),
   * `tesseract` (page-level, the Debian package), or `auto` (paddle when its models load, else
   * tesseract). Default: the NIANBAO_OCR environment variable, else auto.
   */
  ocrEngine?: 'auto' | 'paddle' | 'tesseract';
  /**
   * Processes reading a scanned PDF's pages (the scan reader): up to this many pages at once, each
   * in a child process of its own; 1 reads them in this process. Default: the cores
   * (`availableParallelism`). Give 1 where files are already read in parallel (the ingest pool's
   * processes, `nianbao worker`).
   */
  scanJobs?: number;
}

export type Reader = (bytes: Uint8Array, opts: ReadOptions) => ReadResult | Promise<ReadResult>;

/** A fatal reader result: one clear finding, nothing to parse. */
export const unreadable = (format: SourceFormat, message: string, note?: string): ReadResult => ({
  format,
  text: '',
  findings: [{ rule: 'R.unreadable', severity: 'error', fatal: true, message, ...(note ? { note } : {}) }],
});

/**
 * The most text a document may give the parser: 2 million characters. A report has a few tens of
 * thousands; a file with far more (a table row repeated a million times, a text bomb inside a
 * DOCX) would only cost the parser time and memory.
 */
export const MAX_TEXT_CHARS = 2_000_000;

/** The fatal result for a document with more text than MAX_TEXT_CHARS. */
export const tooMuchText = (format: SourceFormat): ReadResult =>
  unreadable(
    format,
    `文件中的文字超过 ${MAX_TEXT_CHARS / 10_000} 万字，远超一份年度报告的篇幅，未解析`,
    '一份年度报告通常不到 5 万字；文件可能不是单份报告，或内容异常重复',
  );
