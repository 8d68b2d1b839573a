/**
 * Reader for DOCX reports (Word and WPS): word/document.xml → lines and table rows.
 *
 * The zip is read defensively (zip.ts: the central directory checked before anything is
 * inflated, the inflate metered) under the limits below: at most 2,000 entries, document.xml at
 * most 50 MB, all entries together at most 200 MB as declared; so a zip bomb gives one clear
 * finding quickly and with bounded memory.
 *
 * Text: paragraphs become lines (w:t text, w:tab → tab, w:br/w:cr → line break), with their
 * automatic numbering (numbering.xml lvlText such as "%1、" or "（%1）", also through paragraph
 * styles) so headings keep their numbers. Deleted text (w:del, w:moveFrom) and hidden runs
 * (w:vanish) are skipped; inserted text is kept. Tables become a grid (w:gridSpan, w:gridBefore,
 * w:vMerge restart/continue) emitted one row per line with tab-separated cells (see ReadResult);
 * text boxes are read after the paragraph holding them.
 *
 * Provenance: `locate` gives spans in the *document text order*: the concatenation of every
 * paragraph's text (w:t characters, one unit per tab or break) each followed by one '\n', in the
 * order the paragraphs are read (text-box paragraphs right after their anchor paragraph).
 * Automatic numbers, cell separators and BLANK_CELL are not in that text and point at the start
 * of their paragraph or cell. `line` is the 1-based number of the paragraph in that order.
 */
import { XMLParser } from 'fast-xml-parser';
import type { Finding } from '../model/report.js';
import { gridFromPlaced, lineFinder, originRows, TextOut, type PlacedCell } from './grid.js';
import { MAX_TEXT_CHARS, tooMuchText, unreadable, type Picture, type ReadOptions, type ReadResult } from './types.js';
import type { DocPicture } from './pictures.js';
import { tablesMissing } from './table-marks.js';
import { inflateEntry, listZip, mb, ZipError, type ZipEntry } from './zip.js';

export const ZIP_LIMITS = {
  maxEntries: 2000,
  maxDocumentBytes: 50 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
  /** Other parts we read (numbering, styles, rels) are small; refuse absurd ones. */
  maxPartBytes: 20 * 1024 * 1024,
};

// ——— XML (fast-xml-parser, preserveOrder) ———

type XNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  removeNSPrefix: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities are decoded here (the five XML ones and numeric references): no DTD expansion.
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const decodeEntities = (s: string): string =>
  s.includes('&')
    ? s.replace(/&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/g, (m, hex: string, dec: string, named: string) => {
        if (named) return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[named]!;
        const cp = hex ? parseInt(hex, 16) : parseInt(dec, 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      })
    : s;

const tagOf = (n: XNode): string => {
  for (const k in n) if (k !== ':@') return k;
  return '';
};
const kids = (n: XNode): XNode[] => {
  const v = n[tagOf(n)];
  return Array.isArray(v) ? (v as XNode[]) : [];
};
const attrOf = (n: XNode, name: string): string | undefined => {
  const a = n[':@'] as Record<string, string> | undefined;
  const v = a?.['@_' + name];
  return v === undefined ? undefined : decodeEntities(String(v));
};
const child = (n: XNode, tag: string): XNode | undefined => kids(n).find((c) => tagOf(c) === tag);
const textOf = (n: XNode): string => {
  let s = '';
  for (const c of kids(n)) if ('#text' in c) s += String(c['#text']);
  return decodeEntities(s);
};
/** w:val="0"/"false"/"off" turns a toggle property off. */
const toggleOn = (n: XNode | undefined): boolean => {
  if (!n) return false;
  const v = attrOf(n, 'val');
  return v === undefined || !/^(?:0|false|off)$/i.test(v);
};

function parseXml(bytes: Uint8Array): XNode[] {
  const text = new TextDecoder('utf-8').decode(bytes);
  return parser.parse(text) as XNode[];
}

const find = (nodes: XNode[], tag: string): XNode | undefined => nodes.find((n) => tagOf(n) === tag);

// ——— numbering ———

interface Level {
  start: number;
  fmt: string;
  text: string;
  suff: string;
  isLgl: boolean;
}

interface Numbering {
  /** numId → abstractNumId */
  nums: Map<string, { abs: string; starts: Map<number, number> }>;
  abstracts: Map<string, Map<number, Level>>;
  /** Paragraph style id → numbering of that style (through basedOn). */
  styleNum: Map<string, { numId: string; ilvl: number }>;
}

function readNumbering(numXml: XNode[] | null, stylesXml: XNode[] | null): Numbering {
  const nums: Numbering['nums'] = new Map();
  const abstracts: Numbering['abstracts'] = new Map();
  const root = numXml ? find(numXml, 'numbering') : undefined;
  for (const n of root ? kids(root) : []) {
    const tag = tagOf(n);
    if (tag === 'abstractNum') {
      const levels = new Map<number, Level>();
      for (const l of kids(n)) {
        if (tagOf(l) !== 'lvl') continue;
        const ilvl = Number(attrOf(l, 'ilvl') ?? 0);
        const v = (t: string): string | undefined => {
          const c = child(l, t);
          return c ? attrOf(c, 'val') : undefined;
        };
        levels.set(ilvl, {
          start: Number(v('start') ?? 1),
          fmt: v('numFmt') ?? 'decimal',
          text: v('lvlText') ?? '',
          suff: v('suff') ?? 'tab',
          isLgl: child(l, 'isLgl') !== undefined,
        });
      }
      abstracts.set(attrOf(n, 'abstractNumId') ?? '', levels);
    } else if (tag === 'num') {
      const abs = child(n, 'abstractNumId');
      const starts = new Map<number, number>();
      for (const o of kids(n)) {
        if (tagOf(o) !== 'lvlOverride') continue;
        const so = child(o, 'startOverride');
        if (so) starts.set(Number(attrOf(o, 'ilvl') ?? 0), Number(attrOf(so, 'val') ?? 1));
      }
      nums.set(attrOf(n, 'numId') ?? '', { abs: abs ? (attrOf(abs, 'val') ?? '') : '', starts });
    }
  }
  // Styles: a heading style may carry the numbering.
  const styleNum: Numbering['styleNum'] = new Map();
  const sroot = stylesXml ? find(stylesXml, 'styles') : undefined;
  const raw = new Map<string, { basedOn?: string; numId?: string; ilvl?: number }>();
  for (const s of sroot ? kids(sroot) : []) {
    if (tagOf(s) !== 'style') continue;
    const id = attrOf(s, 'styleId');
    if (!id) continue;
    const ppr = child(s, 'pPr');
    const numPr = ppr ? child(ppr, 'numPr') : undefined;
    const numIdN = numPr ? child(numPr, 'numId') : undefined;
    const ilvlN = numPr ? child(numPr, 'ilvl') : undefined;
    const based = child(s, 'basedOn');
    raw.set(id, {
      ...(based ? { basedOn: attrOf(based, 'val') ?? '' } : {}),
      ...(numIdN ? { numId: attrOf(numIdN, 'val') ?? '' } : {}),
      ...(ilvlN ? { ilvl: Number(attrOf(ilvlN, 'val') ?? 0) } : {}),
    });
  }
  for (const id of raw.keys()) {
    let cur: string | undefined = id;
    let numId: string | undefined;
    let ilvl: number | undefined;
    for (let depth = 0; cur && depth < 20; depth++) {
      const r = raw.get(cur);
      if (!r) break;
      numId ??= r.numId;
      ilvl ??= r.ilvl;
      cur = r.basedOn;
    }
    if (numId) styleNum.set(id, { numId, ilvl: ilvl ?? 0 });
  }
  return { nums, abstracts, styleNum };
}

const CN_DIGITS = '零一二三四五六七八九';
const CN_LEGAL = '零壹贰叁肆伍陆柒捌玖';

/** 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五 (counting style). */
export function chineseCounting(n: number, digits = CN_DIGITS, units = ['', '十', '百', '千']): string {
  if (n <= 0 || n >= 10000) return String(n);
  const ds = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  ds.forEach((d, i) => {
    const u = units[ds.length - 1 - i]!;
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += digits[0];
    zero = false;
    out += digits[d]! + u;
  });
  // 一十X → 十X at the start (10–19)
  if (digits === CN_DIGITS && out.startsWith('一十')) out = out.slice(1);
  return out;
}

const roman = (n: number): string => {
  if (n <= 0 || n >= 4000) return String(n);
  const t: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let s = '';
  for (const [v, r] of t) {
    while (n >= v) {
      s += r;
      n -= v;
    }
  }
  return s;
};
const letters = (n: number): string => {
  if (n <= 0) return String(n);
  const ch = String.fromCharCode(65 + ((n - 1) % 26));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
};

/** A counter value in a numbering format (the common ones; unknown formats fall back to digits). */
export function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'decimal':
      return String(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseCounting(n);
    case 'chineseLegalSimplified':
      return chineseCounting(n, CN_LEGAL, ['', '拾', '佰', '仟']);
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return String(n)
        .split('')
        .map((d) => '〇一二三四五六七八九'[Number(d)])
        .join('');
    case 'ideographTraditional':
      return n >= 1 && n <= 10 ? '甲乙丙丁戊己庚辛壬癸'[n - 1]! : String(n);
    case 'ideographZodiac':
      return n >= 1 && n <= 12 ? '子丑寅卯辰巳午未申酉戌亥'[n - 1]! : String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case 'decimalEnclosedParen':
      return `(${n})`;
    case 'upperLetter':
      return letters(n);
    case 'lowerLetter':
      return letters(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'bullet':
    case 'none':
      return '';
    default:
      return String(n);
  }
}

/** Running counters of automatic numbering; `next` gives the number text of a paragraph. */
class Counters {
  private counts = new Map<string, number[]>();
  private startedNums = new Set<string>();
  constructor(private readonly num: Numbering) {}

  next(numId: string, ilvl: number): string {
    const inst = this.num.nums.get(numId);
    if (!inst || numId === '0') return '';
    const levels = this.num.abstracts.get(inst.abs);
    const lvl = levels?.get(ilvl);
    if (!levels || !lvl) return '';
    // Instances of one abstract list share its counters (Word continues them), except where an
    // instance restarts a level with startOverride.
    const key = inst.abs;
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, (c = []));
    if (!this.startedNums.has(numId)) {
      this.startedNums.add(numId);
      for (const [l, s] of inst.starts) c[l] = s - 1;
    }
    const startOf = (l: number): number => levels.get(l)?.start ?? 1;
    c[ilvl] = (c[ilvl] ?? startOf(ilvl) - 1) + 1;
    for (let l = ilvl + 1; l < 9; l++) c[l] = undefined as unknown as number;
    if (lvl.fmt === 'bullet') return '';
    const text = lvl.text.replace(/%([1-9])/g, (_m, d: string) => {
      const l = Number(d) - 1;
      const v = c![l] ?? startOf(l);
      const f = lvl.isLgl && l !== ilvl ? 'decimal' : (levels.get(l)?.fmt ?? 'decimal');
      return formatNumber(v, l === ilvl ? lvl.fmt : f);
    });
    if (!text) return '';
    return text + (lvl.suff === 'nothing' ? '' : ' ');
  }
}

// ——— document walk ———

interface Ctx {
  counters: Counters;
  numbering: Numbering;
  /** Offset in document text order. */
  pos: number;
  /** Start offset (in document text order) of each paragraph, in order. */
  paraStarts: number[];
  /** The document text itself, in the same order (what the spans index into). */
  doc: string[];
  /** The document's own output (a cell is written apart, then as one row of it). */
  main?: TextOut;
  pictures: Picture[];
  /** Each picture's relationship id (r:embed), in the same order. */
  embeds: (string | null)[];
}

/** A drawing smaller than this (EMU: half an inch) is an icon or a bullet, not a table. */
const SMALL_DRAWING = 457_200;

/** A drawing or VML shape that shows a picture (not a text box or a line): its name, else null. */
function pictureOf(n: XNode): { name: string; embed: string | null } | null {
  let image = false;
  let name: string | undefined;
  let embed: string | null = null;
  let small = false;
  const walk = (x: XNode, depth: number): void => {
    if (depth > 40) return;
    for (const c of kids(x)) {
      const tag = tagOf(c);
      if (tag === 'blip' || tag === 'imagedata') {
        image = true;
        embed ??= attrOf(c, 'embed') ?? attrOf(c, 'id') ?? null;
      } else if (tag === 'docPr') name = attrOf(c, 'descr') || attrOf(c, 'title') || attrOf(c, 'name');
      else if (tag === 'extent') small = Number(attrOf(c, 'cx')) < SMALL_DRAWING || Number(attrOf(c, 'cy')) < SMALL_DRAWING;
      if (tag !== '#text') walk(c, depth + 1);
    }
  };
  walk(n, 0);
  return image && !small ? { name: name?.trim().slice(0, 120) || '图片', embed } : null;
}

/** Read a paragraph into `out` (one line, or part of a cell). Returns deferred text boxes. */
function paragraph(p: XNode, out: TextOut, ctx: Ctx): XNode[] {
  const start = ctx.pos;
  ctx.paraStarts.push(start);
  const boxes: XNode[] = [];
  const ppr = child(p, 'pPr');
  let numId: string | undefined;
  let ilvl = 0;
  if (ppr) {
    const numPr = child(ppr, 'numPr');
    const style = child(ppr, 'pStyle');
    const fromStyle = style ? ctx.numbering.styleNum.get(attrOf(style, 'val') ?? '') : undefined;
    if (fromStyle) ({ numId, ilvl } = fromStyle);
    if (numPr) {
      const n = child(numPr, 'numId');
      const l = child(numPr, 'ilvl');
      if (n) numId = attrOf(n, 'val');
      if (l) ilvl = Number(attrOf(l, 'val') ?? 0);
    }
    // A deleted paragraph mark with no content is no line; leave it to the run walk.
  }
  if (numId) {
    const label = ctx.counters.next(numId, ilvl);
    if (label) out.add(label, start, start);
  }
  inline(kids(p), out, ctx, boxes);
  ctx.pos += 1; // the paragraph's '\n' in document text order
  ctx.doc.push('\n');
  return boxes;
}

const SKIP_INLINE = new Set([
  'pPr',
  'rPr',
  'del',
  'moveFrom',
  'instrText',
  'delText',
  'delInstrText',
  'footnoteReference',
  'endnoteReference',
  'commentReference',
  'annotationRef',
  'proofErr',
  'bookmarkStart',
  'bookmarkEnd',
  'commentRangeStart',
  'commentRangeEnd',
  'lastRenderedPageBreak',
  'fldChar',
  'sectPr',
]);

function inline(nodes: XNode[], out: TextOut, ctx: Ctx, boxes: XNode[]): void {
  for (const n of nodes) {
    const tag = tagOf(n);
    if (SKIP_INLINE.has(tag)) continue;
    switch (tag) {
      case 'r': {
        const rpr = child(n, 'rPr');
        if (rpr && toggleOn(child(rpr, 'vanish'))) continue;
        run(kids(n), out, ctx, boxes);
        break;
      }
      case 'AlternateContent': {
        // Text boxes come twice (DrawingML choice, VML fallback): read the first choice only.
        const choice = kids(n).find((c) => tagOf(c) === 'Choice') ?? kids(n).find((c) => tagOf(c) === 'Fallback');
        if (choice) collectBoxes(choice, boxes);
        break;
      }
      default:
        // hyperlink, ins, moveTo, smartTag, customXml, sdt/sdtContent, fldSimple, bdo, dir …
        inline(kids(n), out, ctx, boxes);
    }
  }
}

function run(nodes: XNode[], out: TextOut, ctx: Ctx, boxes: XNode[]): void {
  for (const n of nodes) {
    const tag = tagOf(n);
    switch (tag) {
      case 't': {
        const s = textOf(n);
        for (let k = 0; k < s.length; k++) out.add(s[k]!, ctx.pos + k, ctx.pos + k + 1);
        ctx.pos += s.length;
        ctx.doc.push(s);
        break;
      }
      case 'tab':
      case 'ptab':
        out.add('\t', ctx.pos, ctx.pos + 1);
        ctx.pos += 1;
        ctx.doc.push('\t');
        break;
      case 'br':
      case 'cr':
        out.add('\n', ctx.pos, ctx.pos + 1);
        ctx.pos += 1;
        ctx.doc.push('\n');
        break;
      case 'noBreakHyphen':
        out.add('-', ctx.pos, ctx.pos + 1);
        ctx.pos += 1;
        ctx.doc.push('-');
        break;
      case 'drawing':
      case 'pict':
      case 'object': {
        const pic = pictureOf(n);
        if (pic) {
          ctx.pictures.push({ at: (ctx.main ?? out).length, name: pic.name });
          ctx.embeds.push(pic.embed);
        }
        collectBoxes(n, boxes);
        break;
      }
      case 'AlternateContent':
        inline([n], out, ctx, boxes);
        break;
      default:
        break;
    }
  }
}

/** Text-box contents (w:txbxContent) under a drawing, to read after the anchor paragraph. */
function collectBoxes(n: XNode, boxes: XNode[], depth = 0): void {
  if (depth > 40) return;
  for (const c of kids(n)) {
    const tag = tagOf(c);
    if (tag === 'txbxContent') boxes.push(c);
    else if (tag === 'Fallback') continue;
    else if (tag !== '#text') collectBoxes(c, boxes, depth + 1);
  }
}

/** Block content: paragraphs, tables, content controls. */
function blocks(nodes: XNode[], out: TextOut, ctx: Ctx, depth = 0): void {
  for (const n of nodes) {
    // Past the most text a report may have, reading on only costs time (readDocx refuses it).
    if (out.length > MAX_TEXT_CHARS) return;
    const tag = tagOf(n);
    if (tag === 'p') {
      const boxes = paragraph(n, out, ctx);
      out.breakLine(ctx.pos - 1);
      for (const b of boxes) if (depth < 8) blocks(kids(b), out, ctx, depth + 1);
    } else if (tag === 'tbl') {
      table(n, out, ctx, depth);
    } else if (tag === 'sdt') {
      const content = child(n, 'sdtContent');
      if (content) blocks(kids(content), out, ctx, depth);
    } else if (tag === 'customXml' || tag === 'ins' || tag === 'moveTo' || tag === 'smartTag') {
      blocks(kids(n), out, ctx, depth);
    } else if (tag === 'AlternateContent') {
      const choice = kids(n).find((c) => tagOf(c) === 'Choice');
      if (choice) blocks(kids(choice), out, ctx, depth);
    }
    // del / moveFrom / sectPr / bookmarks: nothing to read
  }
}

/** Children of a node, looking through content controls and custom XML wrappers. */
function unwrap(nodes: XNode[], tag: string): XNode[] {
  const out: XNode[] = [];
  for (const n of nodes) {
    const t = tagOf(n);
    if (t === tag) out.push(n);
    else if (t === 'sdt') {
      const c = child(n, 'sdtContent');
      if (c) out.push(...unwrap(kids(c), tag));
    } else if (t === 'customXml' || t === 'ins' || t === 'moveTo') out.push(...unwrap(kids(n), tag));
  }
  return out;
}

interface DocxCell {
  tc: XNode;
  vMerge: 'restart' | 'continue' | null;
}

const num = (n: XNode | undefined, fallback: number): number => {
  if (!n) return fallback;
  const v = Number(attrOf(n, 'val'));
  return Number.isFinite(v) && v >= 0 ? Math.floor(v) : fallback;
};

/** Longest cell text of a real data table: the longest statutory label is about 60 characters. */
const LAYOUT_CELL_CHARS = 300;

/** A cell holding a page rather than a value (many paragraphs or long text): a layout table. */
function isPageCell(tc: XNode): boolean {
  let paras = 0;
  let chars = 0;
  const walk = (nodes: XNode[], depth: number): boolean => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (tag === 'p' && ++paras > 6) return true;
      if (tag === 't') {
        chars += textOf(n).replace(/\s+/g, '').length;
        if (chars > LAYOUT_CELL_CHARS) return true;
      } else if (tag !== '#text' && tag !== 'del' && tag !== 'tbl' && depth < 12 && walk(kids(n), depth + 1)) return true;
    }
    return false;
  };
  return walk(kids(tc), 0);
}

function hasNestedTable(tc: XNode): boolean {
  return unwrap(kids(tc), 'tbl').length > 0;
}

function table(tbl: XNode, out: TextOut, ctx: Ctx, depth: number): void {
  out.breakLine(ctx.pos);
  const trs = unwrap(kids(tbl), 'tr');
  const rows = trs.map((tr) => {
    const trPr = child(tr, 'trPr');
    const before = trPr ? num(child(trPr, 'gridBefore'), 0) : 0;
    const cells = unwrap(kids(tr), 'tc').map((tc): DocxCell & { span: number; hmerge: boolean } => {
      const tcPr = child(tc, 'tcPr');
      const vm = tcPr ? child(tcPr, 'vMerge') : undefined;
      const hm = tcPr ? child(tcPr, 'hMerge') : undefined;
      return {
        tc,
        span: Math.max(1, Math.min(num(tcPr ? child(tcPr, 'gridSpan') : undefined, 1), 1000)),
        vMerge: vm ? (attrOf(vm, 'val') === 'restart' ? 'restart' : 'continue') : null,
        hmerge: hm !== undefined && attrOf(hm, 'val') !== 'restart',
      };
    });
    return { before, cells };
  });
  const nested = depth >= 8 || rows.some((r) => r.cells.some((c) => hasNestedTable(c.tc) || isPageCell(c.tc)));
  const maxCols = Math.max(0, ...rows.map((r) => r.before + r.cells.reduce((s, c) => s + c.span, 0)));
  if (nested || maxCols <= 1) {
    // A layout table (or one column): read its cells as ordinary blocks.
    for (const r of rows) for (const c of r.cells) blocks(kids(c.tc), out, ctx, depth + 1);
    out.breakLine(ctx.pos);
    return;
  }
  // Place cells on grid columns; vMerge continuations extend the cell above.
  const placed: PlacedCell<XNode>[] = [];
  let above = new Map<number, PlacedCell<XNode>>(); // column → cell covering it in the previous row
  rows.forEach((r, ri) => {
    const here = new Map<number, PlacedCell<XNode>>();
    let col = r.before;
    let prev: PlacedCell<XNode> | null = null;
    for (const c of r.cells) {
      const up = above.get(col);
      if (c.vMerge === 'continue' && up && up.col === col && up.row + up.rowSpan === ri) {
        up.rowSpan++;
        for (let k = up.col; k < up.col + up.colSpan; k++) here.set(k, up);
      } else if (c.hmerge && prev) {
        // Legacy horizontal merge: widen the cell to the left.
        prev.colSpan += c.span;
        for (let k = col; k < col + c.span; k++) here.set(k, prev);
      } else {
        const cell: PlacedCell<XNode> = { row: ri, col, rowSpan: 1, colSpan: c.span, data: c.tc };
        placed.push(cell);
        for (let k = col; k < col + c.span; k++) here.set(k, cell);
        prev = cell;
      }
      col += c.span;
    }
    above = here;
  });
  const grid = gridFromPlaced(placed, rows.length);
  const origins = new Set(placed.map((c) => c.data));
  const byRow = originRows(grid);
  // Cells are read in document order (continuations too, into a scratch builder) so offsets
  // and paragraph numbers follow document.xml; each row then emits its origin cells.
  rows.forEach((r, ri) => {
    const rendered = new Map<XNode, { out: TextOut; span: [number, number] }>();
    for (const c of r.cells) {
      const cellOut = new TextOut(true);
      const at = ctx.pos;
      cellBlocks(kids(c.tc), cellOut, ctx, depth);
      if (origins.has(c.tc)) rendered.set(c.tc, { out: cellOut, span: [at, at] });
    }
    out.row(
      byRow[ri]!.map((c) => rendered.get(c.data)!).filter((x) => x !== undefined),
      ctx.pos,
    );
  });
  out.breakLine(ctx.pos);
}

/** A cell's content on one line: paragraphs separated by spaces. */
function cellBlocks(nodes: XNode[], out: TextOut, ctx: Ctx, depth: number): void {
  for (const n of nodes) {
    const tag = tagOf(n);
    if (tag === 'p') {
      const boxes = paragraph(n, out, ctx);
      out.breakLine(ctx.pos - 1);
      for (const b of boxes) cellBlocks(kids(b), out, ctx, depth + 1);
    } else if (tag === 'sdt') {
      const content = child(n, 'sdtContent');
      if (content) cellBlocks(kids(content), out, ctx, depth);
    } else if (tag === 'customXml' || tag === 'ins' || tag === 'moveTo') cellBlocks(kids(n), out, ctx, depth);
    else if (tag === 'tbl' && depth < 8) table(n, out, ctx, depth + 1);
  }
}

// ——— entry point ———

function mainPart(b: Uint8Array, entries: Map<string, ZipEntry>): string | null {
  const rels = entries.get('_rels/.rels');
  if (rels && rels.size <= ZIP_LIMITS.maxPartBytes) {
    try {
      const x = new TextDecoder('utf-8').decode(inflateEntry(b, rels, ZIP_LIMITS.maxPartBytes));
      const m = /<Relationship\b[^>]*?Type="[^"]*\/officeDocument"[^>]*>/.exec(x);
      const target = m ? /Target="([^"]+)"/.exec(m[0])?.[1] : undefined;
      if (target) {
        const name = target.replace(/^\//, '');
        if (entries.has(name)) return name;
      }
    } catch {
      // fall back to the usual name
    }
  }
  return entries.has('word/document.xml') ? 'word/document.xml' : null;
}

/** The part next to the main document that its relationships name (numbering, styles). */
/** A part named by the main document's relationships: its bytes, null when there is none, 'damaged' when it cannot be inflated. */
function relatedPart(b: Uint8Array, entries: Map<string, ZipEntry>, main: string, type: string, fallback: string): Uint8Array | null | 'damaged' {
  const dir = main.includes('/') ? main.slice(0, main.lastIndexOf('/') + 1) : '';
  const relsName = `${dir}_rels/${main.slice(dir.length)}.rels`;
  let name = fallback;
  const rels = entries.get(relsName);
  if (rels) {
    try {
      const x = new TextDecoder('utf-8').decode(inflateEntry(b, rels, ZIP_LIMITS.maxPartBytes));
      const m = new RegExp(`<Relationship\\b[^>]*?Type="[^"]*/${type}"[^>]*>`).exec(x);
      const target = m ? /Target="([^"]+)"/.exec(m[0])?.[1] : undefined;
      if (target) name = target.startsWith('/') ? target.slice(1) : dir + target;
    } catch {
      // keep the fallback
    }
  }
  const e = entries.get(name);
  if (!e) return null;
  try {
    return inflateEntry(b, e, ZIP_LIMITS.maxPartBytes);
  } catch {
    return 'damaged';
  }
}

const zipMessage = (e: ZipError): ReadResult => {
  switch (e.kind) {
    case 'limit':
      return unreadable('docx', `DOCX 文件异常：${e.message}，疑似压缩炸弹，未读取`);
    case 'encrypted':
      return unreadable('docx', 'DOCX 文件已加密，无法读取', '请先在 Word 或 WPS 中取消密码后另存');
    case 'unsupported':
      return unreadable('docx', 'DOCX 文件使用了不支持的压缩方式，无法读取', '请用 Word 或 WPS 重新另存为 .docx');
    default:
      return unreadable('docx', 'DOCX 文件已损坏（压缩包结构错误），无法读取', '请用 Word 或 WPS 打开后重新另存为 .docx');
  }
};

/** What a DOCX without text is told (its pictures are read where they can be: readDocxDocument). */
const NO_TEXT = 'DOCX 文件中没有文字（可能是扫描图片）';

/** Read a DOCX file's text (its pictures not read). Never throws on bad input. */
export function readDocx(bytes: Uint8Array): ReadResult {
  return docxParts(bytes).result;
}

/**
 * The DOCX read, and where its text lacks a statutory table, its pictures read as scanned pages
 * (scans pasted into Word: pictures.ts).
 */
export async function readDocxDocument(bytes: Uint8Array, opts: ReadOptions = {}): Promise<ReadResult> {
  const { result, pictures } = docxParts(bytes);
  if (!pictures) return result;
  // Only a document without text at all, or whose text lacks a table, has its pictures read (and
  // only then are the scan reader, sharp and the model loaded).
  const fatal = result.findings.find((f) => f.fatal);
  if (fatal ? fatal.message !== NO_TEXT : !tablesMissing(result.text)) return result;
  const { withPictures } = await import('./pictures.js');
  return (await withPictures(fatal ? null : result, pictures(), opts, 'docx')) ?? result;
}

interface DocxPictures {
  entries: Map<string, ZipEntry>;
  main: string;
  embeds: (string | null)[];
  names: string[];
}

/** The document's text, and (where it has pictures) a way to their bytes, in the document's order. */
function docxParts(bytes: Uint8Array): { result: ReadResult; pictures: (() => DocPicture[]) | null } {
  let found: DocxPictures | null = null;
  const result = docxText(bytes, (p) => (found = p));
  const p = found as DocxPictures | null;
  return { result, pictures: p ? () => mediaOf(bytes, p.entries, p.main, p.embeds, p.names) : null };
}

/** The pictures' bytes by their relationship ids (word/_rels/document.xml.rels); a missing or damaged one is left out. */
function mediaOf(b: Uint8Array, entries: Map<string, ZipEntry>, main: string, embeds: (string | null)[], names: string[]): DocPicture[] {
  const dir = main.includes('/') ? main.slice(0, main.lastIndexOf('/') + 1) : '';
  const rels = entries.get(`${dir}_rels/${main.slice(dir.length)}.rels`);
  if (!rels) return [];
  let x: string;
  try {
    x = new TextDecoder('utf-8').decode(inflateEntry(b, rels, ZIP_LIMITS.maxPartBytes));
  } catch {
    return [];
  }
  const targets = new Map<string, string>();
  for (const m of x.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target && !/TargetMode="External"/.test(m[0])) targets.set(id, target.startsWith('/') ? target.slice(1) : dir + target);
  }
  const out: DocPicture[] = [];
  embeds.forEach((id, i) => {
    const e = id ? entries.get(targets.get(id) ?? '') : undefined;
    if (!e) return;
    try {
      out.push({ bytes: inflateEntry(b, e, ZIP_LIMITS.maxPartBytes), name: names[i] ?? e.name.split('/').pop()!, source: null });
    } catch {
      // a damaged picture: not read
    }
  });
  return out;
}

function docxText(bytes: Uint8Array, withPics: (p: DocxPictures) => void): ReadResult {
  let list: ZipEntry[];
  try {
    list = listZip(bytes, ZIP_LIMITS);
  } catch (e) {
    return e instanceof ZipError ? zipMessage(e) : zipMessage(new ZipError('corrupt', String(e)));
  }
  const entries = new Map(list.map((e) => [e.name, e]));
  const main = mainPart(bytes, entries);
  if (!main) return unreadable('docx', '不是 DOCX 文件：压缩包中没有 word/document.xml', '请提供 Word 或 WPS 保存的 .docx 文件');
  const mainEntry = entries.get(main)!;
  if (mainEntry.size > ZIP_LIMITS.maxDocumentBytes) {
    return zipMessage(new ZipError('limit', `正文（${main}）声明解压后 ${mb(mainEntry.size)}，超过上限 ${mb(ZIP_LIMITS.maxDocumentBytes)}`));
  }
  let docBytes: Uint8Array;
  try {
    docBytes = inflateEntry(bytes, mainEntry, ZIP_LIMITS.maxDocumentBytes);
  } catch (e) {
    return e instanceof ZipError ? zipMessage(e) : zipMessage(new ZipError('corrupt', String(e)));
  }
  let doc: XNode[];
  try {
    // fast-xml-parser accepts unclosed elements: a cut-off document.xml must not pass as a short one.
    const tail = new TextDecoder('utf-8').decode(docBytes.subarray(Math.max(0, docBytes.length - 256)));
    if (!/<\/(?:[\w.-]+:)?document>\s*$/.test(tail)) throw new Error('no closing document element');
    doc = parseXml(docBytes);
  } catch {
    return unreadable('docx', 'DOCX 正文（word/document.xml）不完整或不是有效的 XML，文件可能已损坏', '请用 Word 或 WPS 打开后重新另存为 .docx');
  }
  const findings: Finding[] = [];
  // A numbering or styles part that cannot be inflated or parsed: its list numbers (一、（二）3.)
  // are lost, which can hide a section head or a row label — said, never silent.
  const parseOptional = (part: Uint8Array | null | 'damaged', what: string): XNode[] | null => {
    if (!part) return null;
    try {
      if (part === 'damaged') throw new Error('damaged');
      return parseXml(part);
    } catch {
      findings.push({
        rule: 'R.docxPart',
        severity: 'info',
        message: `DOCX 的${what}部分已损坏、无法读取，自动编号（如“一、”“（二）”）可能缺失，请与原件核对`,
      });
      return null;
    }
  };
  const numbering = readNumbering(
    parseOptional(relatedPart(bytes, entries, main, 'numbering', 'word/numbering.xml'), '编号'),
    parseOptional(relatedPart(bytes, entries, main, 'styles', 'word/styles.xml'), '样式'),
  );
  const root = find(doc, 'document');
  const body = root ? child(root, 'body') : undefined;
  if (!body) return unreadable('docx', 'DOCX 正文结构异常（没有 w:body），无法读取');
  const out = new TextOut();
  const ctx: Ctx = { counters: new Counters(numbering), numbering, pos: 0, paraStarts: [], doc: [], main: out, pictures: [], embeds: [] };
  blocks(kids(body), out, ctx);
  if (ctx.embeds.some(Boolean)) withPics({ entries, main, embeds: ctx.embeds, names: ctx.pictures.map((p) => p.name) });
  if (out.length > MAX_TEXT_CHARS) return tooMuchText('docx');
  const text = out.finish(ctx.pos);
  if (!text.trim()) return unreadable('docx', NO_TEXT, '请提供含文字的文件，或先做文字识别');
  const paraLine = lineFinder(ctx.paraStarts.length ? ctx.paraStarts : [0]);
  return {
    format: 'docx',
    encoding: 'utf-8',
    text,
    findings,
    locate: out.locator(paraLine),
    sourceText: ctx.doc.join(''),
    ...(ctx.pictures.length ? { pictures: ctx.pictures } : {}),
  };
}
