/**
 * Offset-keeping normalization of extracted report text.
 *
 * Blanket NFKC corrupts numbers (`①12.3` → `112.3`), so characters are mapped explicitly:
 * full-width ASCII, Kangxi radicals and CJK compatibility ideographs (through NFKC, one
 * character at a time), CJK Radicals Supplement forms NFKC leaves alone, list-number forms
 * (⒈ ⑴ ㈠), exotic spaces, zero-width characters, line ends, and stray conversion markup
 * such as `[bookmark: _GoBack]`. Every normalized UTF-16 unit keeps the source span it came from.
 */

/** CJK Radicals Supplement forms (not folded by NFKC) and NFKC's traditional 戶. */
export const RADICAL_MAP: Readonly<Record<string, string>> = {
  '⺠': '民',
  '⺟': '母',
  '⻄': '西',
  '⻅': '见',
  '⻆': '角',
  '⻉': '贝',
  '⻋': '车',
  '⻓': '长',
  '⻔': '门',
  '⻙': '韦',
  '⻚': '页',
  '⻛': '风',
  '⻜': '飞',
  '⻝': '食',
  '⻢': '马',
  '⻥': '鱼',
  '⻦': '鸟',
  '⻧': '卤',
  '⻨': '麦',
  '⻩': '黄',
  '⻬': '齐',
  '⻮': '齿',
  '⻰': '龙',
  '⻳': '龟',
  戶: '户',
};

/** Markup left in text by converters; deleted (its span maps to nothing). */

/**
 * The normalized text and its map back to the source. The map is a list of runs, sorted by
 * normalized offset: in an identity run unit k of the run comes from source unit `src + k`; in a
 * fixed run every unit comes from the source span [src, srcEnd) (a character that became several,
 * or two UTF-16 units that became one). Characters replaced one for one (，→ , ⼀→一) keep the
 * identity, so most texts have a handful of runs.
 */
export interface Normalized {
  /** The normalized text. */
  text: string;
  /** Run starts in the normalized text (ascending). */
  runN: number[];
  /** Source offset of each run's first unit. */
  runS: number[];
  /** For a fixed run, the end of its source span; -1 for an identity run. */
  runE: number[];
  /** Length of the source string. */
  sourceLength: number;
}

const cache = new Map<number, string | null>();

/** Code points that may change: everything else is kept without a lookup (fast path). */
function mayMap(cp: number): boolean {
  if (cp < 0x80) return cp === 0x0d || cp === 0x0c || cp === 0x0b;
  if (cp >= 0x4e00 && cp <= 0x9fff) return cp === 0x6236; // 戶
  return (
    cp <= 0xff ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x2060) ||
    cp === 0x2212 ||
    (cp >= 0x2474 && cp <= 0x249b) ||
    (cp >= 0x2e80 && cp <= 0x2fdf) ||
    cp === 0x3000 ||
    (cp >= 0x3220 && cp <= 0x3243) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe50 && cp <= 0xfe6b) ||
    cp === 0xfeff ||
    (cp >= 0xff01 && cp <= 0xff64) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** The replacement for one code point, or null to keep it as it is. */
export function mapCodePoint(cp: number): string | null {
  if (!mayMap(cp)) return null;
  if (cp < 0x80) return '\n'; // lone CR, form feed, vertical tab; CRLF is handled by the caller
  const cached = cache.get(cp);
  if (cached !== undefined) return cached;
  const r = mapUncached(cp);
  cache.set(cp, r);
  return r;
}

function nfkc(cp: number): string {
  const s = String.fromCodePoint(cp).normalize('NFKC');
  return RADICAL_MAP[s] ?? s;
}

function mapUncached(cp: number): string | null {
  const ch = String.fromCodePoint(cp);
  const rad = RADICAL_MAP[ch];
  if (rad) return rad;
  // spaces
  if (cp === 0xa0 || cp === 0x3000 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x202f || cp === 0x205f || cp === 0x1680) return ' ';
  // zero-width and soft hyphen: delete
  if ((cp >= 0x200b && cp <= 0x200d) || cp === 0xfeff || cp === 0x00ad || cp === 0x2060) return '';
  if (cp === 0x2028 || cp === 0x2029 || cp === 0x85) return '\n';
  if (cp === 0x2212 || cp === 0xfe63) return '-';
  // full-width ASCII, half-width CJK punctuation
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0);
  if (cp >= 0xff61 && cp <= 0xff64) return nfkc(cp);
  // Kangxi radicals, CJK compatibility ideographs, small forms
  if ((cp >= 0x2f00 && cp <= 0x2fd5) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f)) return nfkc(cp);
  if (cp >= 0xfe50 && cp <= 0xfe6b) return nfkc(cp);
  // list-number forms: ⑴ → (1), ⒈ → 1., ㈠ → (一)
  if ((cp >= 0x2474 && cp <= 0x249b) || (cp >= 0x3220 && cp <= 0x3243)) return nfkc(cp);
  return null;
}

/** What may change: characters outside the fast path, CR, and converter markup. */
const NEEDS =
  /\[bookmark:[^\]\n]{0,80}\]|[\r\f\v\u0080-\u00ff\u1680\u2000-\u2060\u2212\u2474-\u249b\u2e80-\u2fdf\u3000\u3220-\u3243\u6236\uf900-\ufaff\ufe50-\ufe6b\ufeff\uff01-\uff64]|\ud87e[\udc00-\ude1f]/g;

/** True for a UTF-16 unit the NEEDS class matches on its own (the fast loop's test). */
function needsUnit(c: number): boolean {
  if (c < 0x80) return c === 0x0d || c === 0x0c || c === 0x0b;
  if (c >= 0x4e00 && c <= 0x9fff) return c === 0x6236;
  return (
    c <= 0xff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x2060) ||
    c === 0x2212 ||
    (c >= 0x2474 && c <= 0x249b) ||
    (c >= 0x2e80 && c <= 0x2fdf) ||
    c === 0x3000 ||
    (c >= 0x3220 && c <= 0x3243) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe50 && c <= 0xfe6b) ||
    c === 0xfeff ||
    (c >= 0xff01 && c <= 0xff64)
  );
}

/**
 * Output unit of a BMP unit replaced one for one (itself for units that never change); 0 for
 * units the loop must look at (CR, '[', surrogates, deletions, expansions, not yet seen).
 */
const ONE_FOR_ONE = (() => {
  const t = new Uint16Array(0x10000);
  for (let c = 1; c < 0x10000; c++) if (!needsUnit(c) && c !== 0x5b && !(c >= 0xd800 && c <= 0xdfff)) t[c] = c;
  return t;
})();

let scratch = new Uint16Array(16384);

const BOOKMARK = /\[bookmark:[^\]\n]{0,80}\]/y;
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });

/**
 * Normalize `src`, keeping for every output unit the source span it came from.
 *
 * One pass over the code units into a buffer (the same matches, in the same order, as the
 * NEEDS regex would find): no callback per changed character, which is most of the cost on
 * texts full of full-width digits and punctuation. A text with a lone surrogate (which the
 * UTF-16 decoder would not keep as it is) takes the regex path.
 */
export function normalize(src: string): Normalized {
  const len = src.length;
  // (one buffer kept between calls, grown when needed: no fresh off-heap array per text)
  if (scratch.length < len + 16) scratch = new Uint16Array(len + 4096);
  let buf = scratch;
  let n = 0;
  const runN = [0];
  const runS = [0];
  const runE = [-1];
  for (let i = 0; i < len;) {
    const c = src.charCodeAt(i);
    const o = ONE_FOR_ONE[c]!;
    if (o !== 0) {
      buf[n++] = o;
      i++;
      continue;
    }
    let mlen = 1;
    let r: string | null;
    if (c === 0x5b) {
      BOOKMARK.lastIndex = i;
      if (!BOOKMARK.test(src)) {
        buf[n++] = c;
        i++;
        continue;
      }
      mlen = BOOKMARK.lastIndex - i;
      r = '';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = src.charCodeAt(i + 1);
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return normalizeRegex(src);
      if (c === 0xd87e && d <= 0xde1f) {
        mlen = 2;
        r = mapCodePoint(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) ?? src.slice(i, i + 2);
      } else {
        buf[n++] = c;
        buf[n++] = d;
        i += 2;
        continue;
      }
    } else if (!needsUnit(c)) {
      buf[n++] = c;
      i++;
      continue;
    } else if (c === 0x0d) r = src.charCodeAt(i + 1) === 0x0a ? '' : '\n';
    else {
      r = mapCodePoint(c);
      if (r === null || r.length === 1) {
        // (remembered: the next time this unit takes the table's path)
        const u = r === null ? c : r.charCodeAt(0);
        if (u !== 0 && c !== 0x0c && c !== 0x0b) ONE_FOR_ONE[c] = u;
        buf[n++] = u;
        i++;
        continue;
      }
    }
    const rl = r.length;
    // room for this output and one unit per source unit still to come
    const need = n + rl + (len - i - mlen);
    if (need > buf.length) {
      const grown = new Uint16Array(Math.max(need, buf.length * 2));
      grown.set(buf.subarray(0, n));
      buf = scratch = grown;
    }
    for (let q = 0; q < rl; q++) buf[n + q] = r.charCodeAt(q);
    if (rl !== mlen) {
      // not one for one: a fixed run for the output (if any), then a new identity run
      if (rl > 0) {
        runN.push(n);
        runS.push(i);
        runE.push(i + mlen);
      }
      runN.push(n + rl);
      runS.push(i + mlen);
      runE.push(-1);
    }
    n += rl;
    i += mlen;
  }
  return { text: UTF16.decode(buf.subarray(0, n)), runN, runS, runE, sourceLength: len };
}

/** The regex form of normalize (texts with lone surrogates). */
function normalizeRegex(src: string): Normalized {
  const runN = [0];
  const runS = [0];
  const runE = [-1];
  let delta = 0; // source offset − normalized offset in the current identity run
  const text = src.replace(NEEDS, (m: string, off: number): string => {
    let r: string;
    if (m.length > 2)
      r = ''; // converter markup
    else if (m === '\r') r = src.charCodeAt(off + 1) === 0x0a ? '' : '\n';
    else r = mapCodePoint(m.codePointAt(0)!) ?? m;
    if (r.length === m.length) return r; // one for one: the identity holds
    const n = off - delta; // where this character's output starts in the normalized text
    if (r.length > 0) {
      runN.push(n);
      runS.push(off);
      runE.push(off + m.length);
    }
    runN.push(n + r.length);
    runS.push(off + m.length);
    runE.push(-1);
    delta = off + m.length - (n + r.length);
    return r;
  });
  return { text, runN, runS, runE, sourceLength: src.length };
}

/** The run holding normalized offset p. */
function runAt(norm: Normalized, p: number): number {
  const a = norm.runN;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a[mid]! <= p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Source start of the normalized unit at p (no [start, end) pair allocated per lookup). */
function unitStart(norm: Normalized, p: number): number {
  const k = runAt(norm, p);
  return norm.runE[k]! >= 0 ? norm.runS[k]! : norm.runS[k]! + (p - norm.runN[k]!);
}

/** Source end of the normalized unit at p. */
function unitEnd(norm: Normalized, p: number): number {
  const k = runAt(norm, p);
  const e = norm.runE[k]!;
  return e >= 0 ? e : norm.runS[k]! + (p - norm.runN[k]!) + 1;
}

/** Source offset of normalized offset p (its unit's start; the source end past the text). */
export function sourceOffset(norm: Normalized, p: number): number {
  return p < norm.text.length ? unitStart(norm, p) : norm.sourceLength;
}

/** Map a normalized span [a, b) back to the source span. */
export function sourceSpan(norm: Normalized, a: number, b: number): [number, number] {
  if (norm.text.length === 0) return [0, 0];
  const s = a < norm.text.length ? unitStart(norm, a) : norm.sourceLength;
  const e = b > 0 ? unitEnd(norm, Math.min(b, norm.text.length) - 1) : s;
  return [s, Math.max(s, e)];
}

/**
 * The same text with a line break inserted before each offset of `at` (ascending, offsets of
 * `norm.text`). Each break maps to an empty span of the source (nothing of the source became
 * it); every other unit keeps its source span. Used to give flattened text its lines back.
 */
export function insertBreaks(norm: Normalized, at: number[]): Normalized {
  const old = norm.text;
  const parts: string[] = [];
  let prev = 0;
  for (const p of at) {
    parts.push(old.slice(prev, p), '\n');
    prev = p;
  }
  parts.push(old.slice(prev));
  const runN: number[] = [];
  const runS: number[] = [];
  const runE: number[] = [];
  let pos = 0;
  let ins = 0;
  const emitBreak = (p: number): void => {
    const src = p < old.length ? unitStart(norm, p) : norm.sourceLength;
    runN.push(pos);
    runS.push(src);
    runE.push(src);
    pos += 1;
  };
  const k0 = norm.runN.length;
  for (let k = 0; k < k0; k++) {
    const a = norm.runN[k]!;
    const b = k + 1 < k0 ? norm.runN[k + 1]! : old.length;
    if (b <= a && k + 1 < k0) continue;
    const emit = (x: number, y: number): void => {
      runN.push(pos);
      if (norm.runE[k]! >= 0) {
        runS.push(norm.runS[k]!);
        runE.push(norm.runE[k]!);
      } else {
        runS.push(norm.runS[k]! + (x - a));
        runE.push(-1);
      }
      pos += y - x;
    };
    let cur = a;
    while (ins < at.length && at[ins]! < b) {
      const p = at[ins]!;
      if (p > cur) emit(cur, p);
      emitBreak(p);
      if (p > cur) cur = p;
      ins++;
    }
    if (cur < b || (b === a && k + 1 === k0)) emit(cur, b);
  }
  while (ins < at.length) emitBreak(at[ins++]!);
  if (!runN.length || runN[0] !== 0) {
    runN.unshift(0);
    runS.unshift(0);
    runE.unshift(-1);
  }
  return { text: parts.join(''), runN, runS, runE, sourceLength: norm.sourceLength };
}
