/**
 * Which read-and-parsed files the store keeps. A report that could not be read well is kept (as
 * unreadable or with its errors): nothing a unit sent is lost. What is turned away, with the
 * reason in the upload result, is what is certainly not a report to keep:
 *  - an empty file (or only blanks): nothing to keep, and two empty files are not "duplicates";
 *  - an encrypted PDF or DOCX: it cannot be opened here; the unit must send it unlocked;
 *  - a file with no sign of an annual report at all: no section, no table (P.notReport), no
 *    title and no report year found — an article, a program's file, a photo with no report text.
 *    A file with a title or a year is kept: it may be a report that was read badly.
 */
import type { Report } from '../model/report.js';

export type Acceptance = { keep: true } | { keep: false; message: string };

const BLANK = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]);

/** Nothing but blanks (a UTF-8 byte-order mark allowed). */
export function isBlank(bytes: Uint8Array): boolean {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length; i++) if (!BLANK.has(bytes[i]!)) return false;
  return true;
}

/** Why a file is not worth reading at all (empty or blank), or null. */
export const blankMessage = (bytes: Uint8Array): string | null =>
  isBlank(bytes) ? (bytes.length ? '文件只有空白，未保存' : '空文件（0 字节），未保存') : null;

export function acceptance(bytes: Uint8Array, record: Report): Acceptance {
  const blank = blankMessage(bytes);
  if (blank) return { keep: false, message: blank };
  const fatal = record.findings.find((f) => f.fatal);
  if (!fatal) return { keep: true };
  if (fatal.rule === 'R.unreadable' && /已加密/.test(fatal.message))
    return { keep: false, message: `${fatal.message}，未保存${fatal.note ? `：${fatal.note}` : ''}` };
  if (fatal.rule === 'P.notReport' && record.title === null && record.year === null)
    return {
      keep: false,
      message: '不是政府信息公开工作年度报告：没有找到年报的标题、年度、六个部分的标题或统计表，未保存（如确是年报，请提供可读取的文件）',
    };
  return { keep: true };
}
