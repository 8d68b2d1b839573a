/**
 * Which read-and-parsed files the store keeps: the one rule behind the server's upload, batch
 * ingest and the demo (docs/storage.md, "What is stored"). A report that could not be read well
 * is kept (as unreadable or with its errors): nothing a unit sent is lost. What is turned away,
 * with the reason in the upload result, is what is certainly not a report to keep:
 *  - an empty file (or only blanks, in any encoding): nothing to keep, and two empty files are
 *    not "duplicates";
 *  - a file that cannot be opened without its password (a PDF with an opening password, a DOCX
 *    with encrypted parts or in Office's encrypted wrapper), or a PDF or DOCX so damaged that
 *    nothing in it opens: the unit must send it again;
 *  - a file that was read and shows no sign of an annual report: the parser found no section,
 *    no table and no title (P.notReport), and its text has no title line either and fewer than
 *    MIN_LABELS of the statutory section and table labels (an article, a program's file, a
 *    README); an image or a scanned PDF in which OCR found no text at all (a photo).
 * Everything else is kept, notably a file we could not read for a reason of our own or in a
 * format we do not read (a tool missing, a time limit, an image sharp cannot decode, RTF, OFD):
 * we cannot tell that it is not a report.
 */
import type { Report } from '../model/report.js';
import { SECTIONS, T3_COLUMNS, T3_OTHER_SINGLE, T4_COLUMNS, TEMPLATES, t3Rows } from '../model/templates.js';
import { parseTitle } from '../parse/meta.js';
import { decodeText } from '../read/decode.js';
import { readDocument } from '../read/index.js';
import { normalize } from '../read/normalize.js';

export type RejectReason = 'empty' | 'encrypted' | 'damaged' | 'notReport';

export type Acceptance = { keep: true } | { keep: false; reason: RejectReason; message: string };

export const NOT_REPORT = '不是政府信息公开工作年度报告';
export const ENCRYPTED_PDF = 'PDF 已加密，无法读取：请上传未加密的文件（用密码打开后另存为不加密的 PDF）';
export const ENCRYPTED_DOCX = 'DOCX 已加密，无法读取：请上传未加密的文件（在 Word 或 WPS 中取消打开密码后另存）';

/** Statutory labels in a text the parser found nothing in: this many or more keep the file. */
export const MIN_LABELS = 3;

// ——— from the bytes alone (before parsing, before looking for a duplicate) ———

/** Bytes that are blank in every encoding read here: ASCII blanks and NUL. */
const BLANK = new Set([0x00, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]);

/** Nothing but blanks: spaces, line breaks, U+3000, no-break spaces, byte-order marks, NULs, in UTF-8, UTF-16 or GB18030. */
export function isBlank(bytes: Uint8Array): boolean {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  // Otherwise a printable ASCII byte settles it at once (every PDF, DOCX, HTML or image has one near the start).
  if (!utf16) for (const b of bytes) if (b < 0x80 && !BLANK.has(b)) return false;
  return decodeText(bytes).text.replace(/[\s\p{Cc}\ufeff]/gu, '') === '';
}

/** Why a file is not worth reading at all (empty or blank), or null. */
export const blankMessage = (bytes: Uint8Array): string | null =>
  isBlank(bytes) ? (bytes.length ? '空文件（只有空白，没有文字），未保存' : '空文件（0 字节），未保存') : null;

/**
 * An OLE compound file with the streams `EncryptionInfo` and `EncryptedPackage`: how Word and WPS
 * save a DOCX with an opening password. Read from the directory entries (128 bytes each, in
 * sectors after the header): the name in UTF-16LE, its length, type 2 (stream).
 */
export function isEncryptedOffice(bytes: Uint8Array): boolean {
  const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  if (bytes.length < 1024 || OLE.some((b, i) => bytes[i] !== b)) return false;
  const first = bytes[30] === 12 ? 4096 : 512;
  const has = (name: string): boolean => {
    for (let at = first; at + 128 <= bytes.length; at += 128) {
      if (bytes[at + 64] !== (name.length + 1) * 2 || bytes[at + 65] !== 0 || bytes[at + 66] !== 2) continue;
      let same = true;
      for (let i = 0; i < name.length && same; i++) same = bytes[at + 2 * i] === name.charCodeAt(i) && bytes[at + 2 * i + 1] === 0;
      if (same) return true;
    }
    return false;
  };
  return has('EncryptedPackage') && has('EncryptionInfo');
}

/** The rejections decided from the bytes alone, so a caller can skip parsing (and LibreOffice). */
export function screen(bytes: Uint8Array): Acceptance {
  const blank = blankMessage(bytes);
  if (blank) return { keep: false, reason: 'empty', message: blank };
  if (isEncryptedOffice(bytes)) return { keep: false, reason: 'encrypted', message: ENCRYPTED_DOCX };
  return { keep: true };
}

// ——— from the record ———

/** What a reader's fatal finding (src/read/*.ts) makes of the file; a message not listed here keeps it. */
const READER_VERDICTS: { when: RegExp; reason: RejectReason; message: string }[] = [
  { when: /^PDF 已加密/, reason: 'encrypted', message: ENCRYPTED_PDF },
  { when: /^DOCX 文件已加密/, reason: 'encrypted', message: ENCRYPTED_DOCX },
  {
    when: /^PDF 文件已损坏(?:或不完整，无法读取|，没有一页能够读取)/,
    reason: 'damaged',
    message: 'PDF 文件已损坏，无法打开，未保存：请重新下载或重新导出 PDF 后再上传',
  },
  {
    when: /^DOCX (?:文件已损坏|正文（word\/document\.xml）不完整|正文结构异常)/,
    reason: 'damaged',
    message: 'DOCX 文件已损坏，无法打开，未保存：请用 Word 或 WPS 打开后重新另存为 .docx 再上传',
  },
  { when: /^图片中没有识别出文字/, reason: 'notReport', message: `${NOT_REPORT}：文字识别（OCR）在图片中没有识别出任何文字，未保存` },
  {
    when: /^PDF 中没有可读取的文字（页面没有文字层，文字识别也未识别出文字）/,
    reason: 'notReport',
    message: `${NOT_REPORT}：PDF 各页没有文字，文字识别（OCR）也没有识别出任何文字，未保存`,
  },
];

const compact = (s: string): string => normalize(s).text.replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Labels that only an annual report has: the section headings and the statutory table labels,
 * without the everyday words an article uses too (予以公开, 行政许可, 总计…).
 */
export const REPORT_LABELS: readonly string[] = (() => {
  const labels = new Set<string>();
  const add = (s: string, min: number): void => {
    const c = compact(s.replace(/（[^（）]*）$/, ''));
    if (c.length >= min) labels.add(c);
  };
  for (const s of SECTIONS) for (const p of [s.label, ...s.phrases]) add(p, 8);
  for (const t of Object.values(TEMPLATES)) {
    for (const b of t.t2) {
      add(b.title, 6);
      for (const c of b.columns) add(c.label, 6);
    }
    for (const f of t.fingerprints) add(f, 6);
  }
  for (const r of [...t3Rows('split-other'), ...T3_OTHER_SINGLE]) add(r.label, 6);
  for (const c of [...T3_COLUMNS, ...T4_COLUMNS]) add(c.label, 4);
  for (const l of ['未经复议直接起诉', '复议后起诉', '申请人情况']) add(l, 4);
  return [...labels];
})();

export interface Evidence {
  /** A line, or the start of a line, that reads as a report's title (…2023年政府信息公开工作年度报告). */
  title: string | null;
  /** Statutory section and table labels found anywhere in the text. */
  labels: string[];
  /** The sentence every report opens with: 本报告中所列数据的统计期限自2023年1月1日起…. */
  period: boolean;
  /** How often the words of disclosure work occur (信息公开, 公开申请, 行政复议…): the sign that survives bad OCR. */
  words: number;
}

/** Not in a title run into the text: sentence punctuation, an enumeration comma, a quoted title. */
const SENTENCE = /[，。；！？,;!?、《“"]/;
const WORDS = /信息公开|政务公开|公开申请|依申请|主动公开|行政复议|行政诉讼/g;

/** A line that reads as a title, or its start when the title runs into what follows (a web page copied as one line). */
function titleIn(l: string): string | null {
  if (l.length <= 90 && /报告|年报/.test(l) && parseTitle(l)) return l;
  for (const m of l.slice(0, 90).matchAll(/报告|年报/g)) {
    const head = l.slice(0, m.index + 2);
    if (SENTENCE.test(head)) return null;
    if (parseTitle(head)) return head;
  }
  return null;
}

/** Signs of an annual report in a text: the parser's own title test on every line and line start, the statutory labels, the words. */
export function evidence(text: string): Evidence {
  const t = normalize(text.length > 2_000_000 ? text.slice(0, 2_000_000) : text).text;
  let title: string | null = null;
  for (const line of t.split('\n')) if ((title = titleIn(line.replace(/\s+/g, '')))) break;
  const flat = t.replace(/[^\p{L}\p{N}]/gu, '');
  const period = /(?:统计|数据)(?:期限|时限|期间|时段|时间)[^。]{0,12}?(?:19|20)\d{2}年1月1日/.test(t.replace(/\s+/g, ''));
  const found = REPORT_LABELS.filter((l) => flat.includes(l));
  return {
    title,
    period,
    // A label inside a longer one found (行政复议行政诉讼情况 in 政府信息公开行政复议行政诉讼情况) is the same sign.
    labels: found.filter((l) => !found.some((o) => o !== l && o.includes(l))),
    words: (flat.match(WORDS) ?? []).length,
  };
}

/**
 * A title, the statistics-period sentence, or MIN_LABELS statutory labels. Text read by OCR (`ocr`) may have lost most of its
 * labels to misread characters: there one label, or three words of disclosure work, are enough.
 */
export const looksLikeReport = (e: Evidence, ocr = false): boolean =>
  e.title !== null || e.period || e.labels.length >= MIN_LABELS || (ocr && (e.labels.length > 0 || e.words >= 3));

const notReport = (e: Evidence, what: string): Acceptance => ({
  keep: false,
  reason: 'notReport',
  message: `${NOT_REPORT}：${what}中找不到年度报告的标题（××年政府信息公开工作年度报告）、六个部分的标题或统计表，年度报告统计表的栏目名称${
    e.labels.length ? `只出现 ${e.labels.length} 个（${e.labels.join('、')}）` : '一个也没有'
  }，未保存（如确是年度报告，请提供能读出文字的文件）`,
});

export interface AcceptOptions {
  /** The text the reader gave, when the caller still has it; otherwise the file is read again (only for a record in which nothing was found). */
  text?: string;
}

/** Whether to store a file, from its bytes and its record. Never throws; when in doubt the file is kept. */
export async function acceptance(bytes: Uint8Array, record: Report, opts: AcceptOptions = {}): Promise<Acceptance> {
  const early = screen(bytes);
  if (!early.keep) return early;
  const fatal = record.findings.find((f) => f.fatal);
  // A section, a table or a title found: a report, however badly it was read.
  if (!fatal || record.title !== null) return { keep: true };
  if (fatal.rule !== 'P.notReport') {
    const v = READER_VERDICTS.find((x) => x.when.test(fatal.message));
    if (v) return { keep: false, reason: v.reason, message: v.message };
    // A web page with no text: its markup (page title, meta) is all there is to look at.
    if (/^网页中没有可读取的文字/.test(fatal.message)) {
      const markup = decodeText(bytes).text;
      const e = evidence(markup);
      return looksLikeReport(e) || /信息公开.{0,8}(?:报告|年报)/.test(compact(markup)) ? { keep: true } : notReport(e, '网页');
    }
    return { keep: true };
  }
  // Read, and nothing of a report found by the parser: look at the text itself.
  let text = opts.text;
  if (text === undefined) {
    try {
      const read = await readDocument(bytes);
      if (read.findings.some((f) => f.fatal)) return { keep: true };
      text = read.text;
    } catch {
      return { keep: true };
    }
  }
  const e = evidence(text);
  const ocr = record.source.format === 'image' || record.findings.some((f) => f.rule.startsWith('R.ocr'));
  if (looksLikeReport(e, ocr)) return { keep: true };
  return notReport(e, record.source.format === 'image' ? '图片识别出的文字' : record.source.format === 'html' ? '网页' : '文件');
}
