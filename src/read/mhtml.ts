/**
 * Reader for a web page saved as one file (MHTML, .mht/.mhtml: what a browser's "网页，单个文件"
 * writes — a MIME multipart/related message holding the page and its pictures). The page's HTML
 * part is decoded (quoted-printable or base64) and read by the HTML reader; places then refer to
 * that part. Where the page's text lacks a statutory table, its pictures are read as scanned pages
 * (pictures.ts: a report published as images of its pages). Never throws.
 */
import { pictureName, readHtml } from './html.js';
import { tablesMissing } from './table-marks.js';
import { unreadable, type ReadOptions, type ReadResult } from './types.js';

interface Part {
  headers: Map<string, string>;
  body: Uint8Array;
}

const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');

/** Header lines (folded continuation lines joined) → lower-case name → value. */
function headersOf(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (m && !out.has(m[1]!.toLowerCase())) out.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  return out;
}

const param = (value: string, name: string): string | null => {
  const m = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2] ?? null) : null;
};

/** Quoted-printable → bytes (soft line breaks dropped, =XX decoded; anything malformed kept as it is). */
export function decodeQuotedPrintable(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3d) {
      if (s[i + 1] === '\r' && s[i + 2] === '\n') {
        i += 2;
        continue;
      }
      if (s[i + 1] === '\n') {
        i += 1;
        continue;
      }
      const hex = s.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out[n++] = parseInt(hex, 16);
        i += 2;
        continue;
      }
    }
    out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

/** The parts of a multipart message (`text`: the message as latin1, a character per byte). */
function partsOf(text: string, boundary: string): Part[] {
  const mark = `--${boundary}`;
  const parts: Part[] = [];
  let at = text.indexOf(mark);
  while (at >= 0) {
    const start = text.indexOf('\n', at);
    if (start < 0 || text.startsWith(`${mark}--`, at)) break;
    const next = text.indexOf(mark, start);
    const chunk = text.slice(start + 1, next < 0 ? text.length : next).replace(/\r?\n$/, '');
    const split = /\r?\n\r?\n/.exec(chunk);
    const headers = headersOf(split ? chunk.slice(0, split.index) : chunk);
    const raw = split ? chunk.slice(split.index + split[0].length) : '';
    const enc = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
    const body =
      enc === 'base64'
        ? new Uint8Array(Buffer.from(raw.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'))
        : enc === 'quoted-printable'
          ? decodeQuotedPrintable(raw)
          : new Uint8Array(Buffer.from(raw, 'latin1'));
    parts.push({ headers, body });
    at = next;
  }
  return parts;
}

export async function readMhtml(bytes: Uint8Array, opts: ReadOptions = {}): Promise<ReadResult> {
  const text = latin1(bytes);
  const split = /\r?\n\r?\n/.exec(text);
  const top = headersOf(split ? text.slice(0, split.index) : text.slice(0, 4096));
  const boundary = param(top.get('content-type') ?? '', 'boundary');
  if (!boundary) return unreadable('html', '单文件网页（MHTML）缺少分段标记，无法读取', '请在浏览器中另存为“网页，仅 HTML”或打印为 PDF 后再导入');
  const parts = partsOf(split ? text.slice(split.index) : text, boundary);
  const page = parts.find((p) => /^text\/html/i.test(p.headers.get('content-type') ?? ''));
  if (!page) return unreadable('html', '单文件网页（MHTML）中没有网页正文（text/html 部分），无法读取');
  const charset = param(page.headers.get('content-type') ?? '', 'charset');
  // The part's own charset, when the page does not declare one itself.
  let body = page.body;
  if (charset && !/<meta\b[^>]*charset/i.test(latin1(body.subarray(0, 8192)))) {
    try {
      body = new Uint8Array(Buffer.from(`\uFEFF${new TextDecoder(charset).decode(body)}`, 'utf8'));
    } catch {
      // an unknown charset name: the HTML reader works the encoding out
    }
  }
  const html = readHtml(body, opts);
  const images = parts.filter((p) => /^image\//i.test(p.headers.get('content-type') ?? ''));
  // The page's pictures, in the order they stand in it (a picture the page does not show: after them).
  const fileOf = (loc: string): string => pictureName(loc, undefined);
  const shown = (html.pictures ?? []).map((p) => ({
    source: p.source ?? null,
    part: images.find((im) => fileOf(im.headers.get('content-location') ?? '') === p.name),
  }));
  const ordered = [
    ...shown.filter((x) => x.part).map((x) => ({ part: x.part!, source: x.source })),
    ...images.filter((im) => !shown.some((x) => x.part === im)).map((part) => ({ part, source: null })),
  ];
  const doc = html.findings.some((f) => f.fatal) ? null : html;
  // Pictures are read where the page's text lacks a table or is none (and only then are the scan
  // reader, sharp and the model loaded).
  const reader = images.length && (!doc || tablesMissing(doc.text)) ? await import('./pictures.js') : null;
  const pics = ordered.map((x) => ({ bytes: x.part.body, name: fileOf(x.part.headers.get('content-location') ?? '') || '图片', source: x.source }));
  const read = reader ? await reader.withPictures(doc, pics, opts) : null;
  const r = read ?? html;
  const pictures = images.length;
  const readThem = r.findings.some((f) => f.rule === 'R.pictures');
  return {
    ...r,
    findings: [
      {
        rule: 'R.mhtml',
        severity: 'info',
        message: `单文件网页（MHTML）：已读取其中的网页正文${pictures && !readThem ? `；其中 ${pictures} 张图片未读取（网页正文已含各法定表格，或图片太小）` : ''}，位置信息对应网页正文`,
      },
      ...r.findings,
    ],
  };
}
