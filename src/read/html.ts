/**
 * Reader for HTML reports: web pages of government sites and Word's "save as web page".
 *
 * Charset: BOM, then the declared charset (<meta charset>, http-equiv Content-Type, XML
 * declaration), then sniffing (valid UTF-8 → UTF-8, else GB18030, which also reads GBK and
 * GB2312). A declaration the bytes contradict (a page saying gb2312 that is valid UTF-8 with
 * Chinese in it, or the reverse) is overruled, with an info finding.
 *
 * Text: scripts, styles, forms controls, hidden elements and page chrome (head, nav, page-level
 * header/footer, obvious menu/breadcrumb/footer blocks) are dropped; block elements become lines;
 * tables become a cell grid honouring rowspan/colspan, emitted one row per line (see ReadResult).
 * A table whose cells hold tables is a layout table: its cells are read as ordinary blocks.
 *
 * Provenance: every emitted unit keeps the span of the decoded HTML string it came from (the
 * text node's own characters, entities included), so `locate` points at the number in the source.
 */
import { parse, type DefaultTreeAdapterTypes as T } from 'parse5';
import type { Finding } from '../model/report.js';
import { gridFromRows, lineFinder, lineStartsOf, originRows, TextOut, type SpanCell } from './grid.js';
import { unreadable, type Picture, type ReadOptions, type ReadResult } from './types.js';

/** Larger pages are refused: parse5 keeps the whole tree in memory. */
export const MAX_HTML_BYTES = 50 * 1024 * 1024;
/**
 * Pages with more elements are refused before parsing: parse5 keeps every element with its source
 * location (about 2 KB each; 1.7 million nested tables in 24 MB ran out of a 4 GB heap). A Word
 * page of a long report has a few thousand; 200,000 cost parse5 about 5 s and 400 MB.
 */
export const MAX_HTML_ELEMENTS = 200_000;

/** Start tags in a page (`<` then a letter), counted up to `limit` + 1. */
function countTags(src: string, limit: number): number {
  let n = 0;
  for (let i = src.indexOf('<'); i >= 0 && n <= limit; i = src.indexOf('<', i + 1)) {
    const c = src.charCodeAt(i + 1) | 0x20;
    if (c >= 0x61 && c <= 0x7a) n++;
  }
  return n;
}

// ——— charset ———

export interface DecodedHtml {
  text: string;
  /** WHATWG name of the encoding used: utf-8, gb18030, big5, utf-16le … */
  encoding: string;
  /** Where the encoding came from. */
  source: 'bom' | 'declared' | 'sniffed';
  findings: Finding[];
}

const GB_FAMILY = /^(?:gb2312|gbk|gb18030|x-gbk|cp936|ms936|windows-936|csgb2312|chinese|iso-ir-58|euc-cn)$/i;

/** The charset a page declares in its first bytes, or null. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 8192)));
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  if (meta) return meta[1]!.toLowerCase();
  const xml = /^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']/i.exec(head);
  return xml ? xml[1]!.toLowerCase() : null;
}

function validUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const hasNonAscii = (bytes: Uint8Array): boolean => {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
};

/** Decode the bytes of an HTML page. Never throws. */
export function decodeHtml(bytes: Uint8Array): DecodedHtml {
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(b), encoding: 'utf-8', source: 'bom', findings: [] };
  if (b[0] === 0xff && b[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(b), encoding: 'utf-16le', source: 'bom', findings: [] };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(b), encoding: 'utf-16be', source: 'bom', findings: [] };
  const findings: Finding[] = [];
  const utf8 = validUtf8(b);
  const gb = (): string => new TextDecoder('gb18030').decode(b);
  const declared = declaredCharset(b);
  if (declared) {
    if (GB_FAMILY.test(declared)) {
      // A page saved as UTF-8 that still says gb2312 is common; valid UTF-8 with Chinese in it
      // is practically never GBK text.
      if (utf8 !== null && hasNonAscii(b)) {
        findings.push(info(`网页声明的编码为 ${declared}，但内容是 UTF-8 编码，已按 UTF-8 读取`));
        return { text: utf8, encoding: 'utf-8', source: 'sniffed', findings };
      }
      return { text: gb(), encoding: 'gb18030', source: 'declared', findings };
    }
    if (/^(?:utf-?8|unicode-1-1-utf-8|utf-16(?:le|be)?|unicode)$/i.test(declared)) {
      // A meta tag cannot declare UTF-16 for bytes it is itself readable in: read as UTF-8 (WHATWG).
      if (utf8 !== null) return { text: utf8, encoding: 'utf-8', source: 'declared', findings };
      findings.push(info(`网页声明的编码为 ${declared}，但内容不是有效的 UTF-8，已按 GB18030 读取`));
      return { text: gb(), encoding: 'gb18030', source: 'sniffed', findings };
    }
    try {
      const d = new TextDecoder(declared);
      return { text: d.decode(b), encoding: d.encoding, source: 'declared', findings };
    } catch {
      findings.push(info(`网页声明的编码 ${declared} 无法识别，已自动判断编码`));
    }
  }
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8', source: 'sniffed', findings };
  return { text: gb(), encoding: 'gb18030', source: 'sniffed', findings };
}

const info = (message: string): Finding => ({ rule: 'R.encoding', severity: 'info', message });

// ——— text node → source alignment ———

const ENTITY = /&(?:#[xX][0-9a-fA-F]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;?)/y;

/**
 * For each UTF-16 unit of a text node's decoded value, the source span [start, end) it came
 * from (entities and CR LF are several source units for one). Null when the two do not line up
 * (parse5 merged text across markup, or an entity decoded in an unusual way).
 */
export function alignText(src: string, from: number, to: number, value: string): Int32Array | null {
  const map = new Int32Array(value.length * 2);
  let i = from;
  let j = 0;
  while (j < value.length) {
    if (i >= to) return null;
    const r = src[i]!;
    const v = value[j]!;
    if (r === '\r') {
      if (v !== '\n') return null;
      const w = src[i + 1] === '\n' ? 2 : 1;
      map[2 * j] = i;
      map[2 * j + 1] = i + w;
      i += w;
      j++;
      continue;
    }
    if (r === '&') {
      ENTITY.lastIndex = i;
      const m = ENTITY.exec(src);
      const isAmp = m !== null && /^&(?:amp;?|AMP;?|#0*38;?|#[xX]0*26;?)$/.test(m[0]);
      if (m && (v !== '&' || isAmp)) {
        // One entity: one unit, or a surrogate pair.
        const units = v >= '\ud800' && v <= '\udbff' ? 2 : 1;
        for (let k = 0; k < units; k++) {
          map[2 * (j + k)] = i;
          map[2 * (j + k) + 1] = i + m[0].length;
        }
        i += m[0].length;
        j += units;
        continue;
      }
    }
    if (r !== v) return null;
    map[2 * j] = i;
    map[2 * j + 1] = i + 1;
    i++;
    j++;
  }
  return map;
}

// ——— tree walk ———

type Node = T.ChildNode | T.Element;
type Element = T.Element;

const SKIP = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'title',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'canvas',
  'select',
  'option',
  'datalist',
  'button',
  'input',
  'textarea',
  'nav',
  'map',
  'audio',
  'video',
  'xml',
  'meta',
  'link',
  'base',
]);

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'ul',
  'caption',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'listing',
  'plaintext',
  'xmp',
  'noframes',
]);

/** class / id words that mark site chrome (menus, breadcrumbs, share bars, page footers). */
const CHROME =
  /^(?:nav|navbar|navigation|menu|menubar|topmenu|mainmenu|breadcrumbs?|crumbs?|weizhi|position|location|sidebar|share|bdshare|toolbar|copyright|foot|footer|site-?footer|page-?footer|site-?header|top-?bar|skip-?link)$/i;

const attr = (el: Element, name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value;

function isHidden(el: Element): boolean {
  if (el.attrs.some((a) => a.name === 'hidden')) return true;
  const style = attr(el, 'style');
  if (style && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all)/i.test(style)) return true;
  return attr(el, 'aria-hidden') === 'true' && !hasText(el);
}

function hasText(el: Element): boolean {
  return el.childNodes.some((c) => (c.nodeName === '#text' ? /\S/.test((c as T.TextNode).value) : 'childNodes' in c && hasText(c as Element)));
}

function containsTable(el: Element): boolean {
  for (const c of el.childNodes) {
    if (!('tagName' in c)) continue;
    if (c.tagName === 'table' || containsTable(c)) return true;
  }
  return false;
}

/** Longest cell text of a real data table: the longest statutory label is about 60 characters. */
export const LAYOUT_CELL_CHARS = 300;

/**
 * A cell that holds a page rather than a value: headings, lists, many paragraphs or long text.
 * Its table is a layout table (e.g. a menu column beside the article), read as blocks.
 */
function isPageCell(td: Element): boolean {
  let blocks = 0;
  let chars = 0;
  const walk = (el: Element): boolean => {
    for (const c of el.childNodes) {
      if (c.nodeName === '#text') {
        chars += (c as T.TextNode).value.replace(/\s+/g, '').length;
        if (chars > LAYOUT_CELL_CHARS) return true;
        continue;
      }
      if (!('tagName' in c) || SKIP.has(c.tagName)) continue;
      if (/^(?:h[1-6]|ul|ol|dl|article|section)$/.test(c.tagName)) return true;
      if ((c.tagName === 'p' || c.tagName === 'div') && ++blocks >= 6) return true;
      if (walk(c)) return true;
    }
    return false;
  };
  return walk(td);
}

function insideContent(el: Element): boolean {
  for (let p = el.parentNode; p && 'tagName' in p; p = (p as Element).parentNode) {
    if ((p as Element).tagName === 'article' || (p as Element).tagName === 'main') return true;
  }
  return false;
}

/** Page chrome: a page-level header/footer, or a block named like a menu — never one holding a table. */
function isChrome(el: Element): boolean {
  const tag = el.tagName;
  if ((tag === 'header' || tag === 'footer' || tag === 'aside') && !insideContent(el)) return !containsTable(el);
  if (attr(el, 'role') === 'navigation') return true;
  if (tag !== 'div' && tag !== 'ul' && tag !== 'section' && tag !== 'span') return false;
  const words = `${attr(el, 'class') ?? ''} ${attr(el, 'id') ?? ''}`.split(/\s+/).filter(Boolean);
  return words.some((w) => CHROME.test(w)) && !containsTable(el);
}

interface Ctx {
  src: string;
  pre: boolean;
  pictures: Picture[];
  /** Inside a table cell (written apart, then as one row): where the row starts in the page's text. */
  rowAt?: number;
}

/** Icons, bullets and spacers, by their declared size (px): not pictures of a table. */
const SMALL_PICTURE = 48;

/** A picture's name for a reviewer: its file name, else its title or alt text. */
export function pictureName(src: string | undefined, alt: string | undefined): string {
  const s = (src ?? '').trim();
  if (s && !/^data:/i.test(s)) {
    const file = s.split(/[?#]/)[0]!.split(/[/\\]/).pop() ?? '';
    let name = file;
    try {
      name = decodeURIComponent(file);
    } catch {
      // a stray % in the address: the name as written
    }
    if (name) return name.slice(0, 120);
  }
  const a = (alt ?? '').trim();
  return a ? a.slice(0, 120) : s ? '内嵌图片' : '图片';
}

function picture(el: Element, out: TextOut, ctx: Ctx): void {
  const size = (name: string): number | null => {
    const v = parseInt(attr(el, name) ?? '', 10);
    return Number.isFinite(v) ? v : null;
  };
  const w = size('width');
  const h = size('height');
  if ((w !== null && w < SMALL_PICTURE) || (h !== null && h < SMALL_PICTURE)) return;
  // A lazily loaded picture names its file in data-src (its src a placeholder: loading.gif).
  ctx.pictures.push({
    at: ctx.rowAt ?? out.length,
    name: pictureName(attr(el, 'data-src') ?? attr(el, 'data-original') ?? attr(el, 'src'), attr(el, 'title') ?? attr(el, 'alt')),
    source: [startOf(el), endOf(el)],
  });
}

const startOf = (n: Node): number => n.sourceCodeLocation?.startOffset ?? 0;
const endOf = (n: Node): number => n.sourceCodeLocation?.endOffset ?? startOf(n);

function emitText(node: T.TextNode, out: TextOut, ctx: Ctx): void {
  const v = node.value;
  const loc = node.sourceCodeLocation;
  const s = loc?.startOffset ?? 0;
  const e = loc?.endOffset ?? s;
  const map = loc ? alignText(ctx.src, s, e, v) : null;
  for (let j = 0; j < v.length; j++) {
    const ch = v[j]!;
    const a = map ? map[2 * j]! : s;
    const b = map ? map[2 * j + 1]! : e;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f') {
      if (ctx.pre) {
        if (ch === '\n') out.breakLine(a);
        else if (ch !== '\r') out.add(ch === '\t' ? '\t' : ' ', a, b);
      } else out.space(a, b);
    } else out.add(ch, a, b);
  }
}

function flowChildren(el: Element, out: TextOut, ctx: Ctx): void {
  for (const c of el.childNodes) flow(c, out, ctx);
}

function flow(node: Node, out: TextOut, ctx: Ctx): void {
  if (node.nodeName === '#text') {
    emitText(node as T.TextNode, out, ctx);
    return;
  }
  if (!('tagName' in node)) return; // comments, doctype
  const el = node;
  const tag = el.tagName;
  if (SKIP.has(tag) || isHidden(el) || isChrome(el)) return;
  if (tag === 'br') {
    out.breakLine(startOf(el));
    return;
  }
  if (tag === 'img') {
    picture(el, out, ctx);
    return;
  }
  if (tag === 'table') {
    table(el, out, ctx);
    return;
  }
  if (BLOCK.has(tag)) {
    out.breakLine(startOf(el));
    const inner: Ctx = tag === 'pre' || tag === 'listing' || tag === 'xmp' ? { ...ctx, pre: true } : ctx;
    flowChildren(el, out, inner);
    out.breakLine(endOf(el));
    return;
  }
  flowChildren(el, out, ctx);
}

const childElements = (el: Element, tags: string[]): Element[] => el.childNodes.filter((c): c is Element => 'tagName' in c && tags.includes(c.tagName));

/** The rows of a table: its own tr elements (in thead/tbody/tfoot or directly), not nested ones. */
function tableRows(tableEl: Element): Element[] {
  const rows: Element[] = [];
  for (const c of childElements(tableEl, ['thead', 'tbody', 'tfoot', 'tr'])) {
    if (c.tagName === 'tr') rows.push(c);
    else rows.push(...childElements(c, ['tr']));
  }
  return rows;
}

const span = (el: Element, name: string): number => {
  const v = attr(el, name);
  if (v === undefined) return 1;
  const n = parseInt(v.trim(), 10);
  // rowspan="0" means "to the end of the table"; colspan="0" is invalid (1).
  if (name === 'rowspan' && n === 0) return 0;
  return Number.isFinite(n) && n >= 1 ? n : 1;
};

function table(el: Element, out: TextOut, ctx: Ctx): void {
  out.breakLine(startOf(el));
  for (const cap of childElements(el, ['caption'])) flow(cap, out, ctx);
  const trs = tableRows(el);
  const rows: SpanCell<Element>[][] = trs.map((tr) =>
    childElements(tr, ['td', 'th'])
      .filter((td) => !isHidden(td))
      .map((td) => ({ rowSpan: span(td, 'rowspan'), colSpan: span(td, 'colspan'), data: td })),
  );
  const grid = gridFromRows(rows);
  const layout = grid.cols <= 1 || rows.some((r) => r.some((c) => containsTable(c.data) || isPageCell(c.data)));
  if (layout) {
    // A layout table (page frame, or one column): its cells are ordinary blocks.
    for (const r of rows) {
      for (const c of r) {
        out.breakLine(startOf(c.data));
        flowChildren(c.data, out, ctx);
        out.breakLine(endOf(c.data));
      }
    }
    out.breakLine(endOf(el));
    return;
  }
  const byRow = originRows(grid);
  byRow.forEach((cells, r) => {
    const rendered = cells.map((c) => {
      const cellOut = new TextOut(true);
      flowChildren(c.data, cellOut, { ...ctx, pre: false, rowAt: ctx.rowAt ?? out.length });
      return { out: cellOut, span: [startOf(c.data), endOf(c.data)] as [number, number] };
    });
    out.row(rendered, trs[r] ? startOf(trs[r]!) : startOf(el));
  });
  out.breakLine(endOf(el));
}

/** Read an HTML page's bytes. Never throws on bad input. */
export function readHtml(bytes: Uint8Array, _opts: ReadOptions = {}): ReadResult {
  if (bytes.length > MAX_HTML_BYTES) return unreadable('html', `网页文件超过 ${MAX_HTML_BYTES / 1024 / 1024} MB，未读取`);
  const dec = decodeHtml(bytes);
  const src = dec.text;
  if (countTags(src, MAX_HTML_ELEMENTS) > MAX_HTML_ELEMENTS)
    return {
      ...unreadable('html', `网页中的标签超过 ${MAX_HTML_ELEMENTS / 10_000} 万个，远多于一份年度报告，未读取`, '文件可能不是单份报告，或结构异常'),
      encoding: dec.encoding,
    };
  const doc = parse(src, { sourceCodeLocationInfo: true });
  const out = new TextOut();
  const ctx: Ctx = { src, pre: false, pictures: [] };
  for (const c of doc.childNodes) flow(c, out, ctx);
  const text = out.finish(src.length);
  if (!text.trim()) {
    const n = ctx.pictures.length;
    const none = n
      ? unreadable(
          'html',
          `网页中没有文字，只有 ${n} 张图片（${ctx.pictures
            .slice(0, 3)
            .map((p) => p.name)
            .join('、')}${n > 3 ? '等' : ''}）：报告以图片形式发布，未读取`,
          '请把图片作为扫描件导入，或提供报告原件（DOCX、PDF）',
        )
      : unreadable('html', '网页中没有可读取的文字');
    return { ...none, encoding: dec.encoding };
  }
  return {
    format: 'html',
    encoding: dec.encoding,
    text,
    findings: dec.findings,
    locate: out.locator(lineFinder(lineStartsOf(src))),
    sourceText: src,
    ...(ctx.pictures.length ? { pictures: ctx.pictures } : {}),
  };
}
