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
const MARKUP = /\[bookmark:[^\]\n]{0,80}\]/g;

export interface Normalized {
  /** The normalized text. */
  text: string;
  /** For each UTF-16 unit of `text`, the start of the source span it came from. */
  start: Int32Array;
  /** For each UTF-16 unit of `text`, the end of the source span it came from. */
  end: Int32Array;
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

/** Normalize `src`, keeping for every output unit the source span it came from. */
export function normalize(src: string): Normalized {
  const n = src.length;
  const out: string[] = [];
  let startArr = new Int32Array(n + 16);
  let endArr = new Int32Array(n + 16);
  let len = 0;
  const ensure = (extra: number): void => {
    if (len + extra <= startArr.length) return;
    const size = Math.max(startArr.length * 2, len + extra + 16);
    const ns = new Int32Array(size);
    ns.set(startArr);
    const ne = new Int32Array(size);
    ne.set(endArr);
    startArr = ns;
    endArr = ne;
  };
  const push = (s: string, a: number, b: number): void => {
    ensure(s.length);
    for (let k = 0; k < s.length; k++) {
      startArr[len] = a;
      endArr[len] = b;
      len++;
    }
    out.push(s);
  };
  // Markup ranges to drop.
  const drops: [number, number][] = [];
  if (src.includes('[bookmark:')) {
    for (const m of src.matchAll(MARKUP)) drops.push([m.index, m.index + m[0].length]);
  }
  let d = 0;
  let runStart = 0; // start of the current run of characters kept as they are
  const flush = (i: number): void => {
    if (i <= runStart) return;
    ensure(i - runStart);
    for (let k = runStart; k < i; k++) {
      startArr[len] = k;
      endArr[len] = k + 1;
      len++;
    }
    out.push(src.slice(runStart, i));
  };
  let i = 0;
  while (i < n) {
    if (d < drops.length && i === drops[d]![0]) {
      flush(i);
      i = drops[d]![1];
      d++;
      runStart = i;
      continue;
    }
    const c = src.charCodeAt(i);
    if ((c < 0x80 && c !== 0x0d && c !== 0x0c && c !== 0x0b) || (c >= 0x4e00 && c <= 0x9fff && c !== 0x6236)) {
      i++;
      continue;
    }
    if (c === 0x0d && src.charCodeAt(i + 1) === 0x0a) {
      flush(i);
      i += 1; // drop the CR; the LF starts the next run
      runStart = i;
      continue;
    }
    const cp = src.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const r = mapCodePoint(cp);
    if (r === null) {
      i += w;
      continue;
    }
    flush(i);
    push(r, i, i + w);
    i += w;
    runStart = i;
  }
  flush(n);
  return { text: out.join(''), start: startArr.subarray(0, len), end: endArr.subarray(0, len), sourceLength: n };
}

/** Map a normalized span [a, b) back to the source span. */
export function sourceSpan(norm: Normalized, a: number, b: number): [number, number] {
  if (norm.text.length === 0) return [0, 0];
  const s = a < norm.start.length ? norm.start[a]! : norm.sourceLength;
  const e = b > 0 ? norm.end[Math.min(b, norm.end.length) - 1]! : s;
  return [s, Math.max(s, e)];
}
