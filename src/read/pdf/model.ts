/**
 * What the PDF reader works with once the bytes are decoded: per page, text runs and ruling
 * segments in PDF points with the origin at the top-left of the page (y grows downwards), the
 * coordinates the web app draws boxes in.
 */

export type Box = [number, number, number, number];

/** A run of text on one line, as the PDF (or OCR) placed it. */
export interface Run {
  text: string;
  x0: number;
  x1: number;
  /** Top and bottom of the glyph box (ascent and descent around the baseline). */
  top: number;
  bottom: number;
  /** Baseline. */
  base: number;
  /** Font size in points (the run's height). */
  size: number;
  /** OCR confidence 0–100; absent for a text layer. */
  conf?: number;
  /** OCR of a number: other readings the recogniser found likely (one digit changed), most likely first. */
  alts?: string[];
}

/** An axis-parallel ruling line: horizontal when y0 === y1, vertical when x0 === x1. */
export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** An image drawn on the page: its bounding box and pixel size. */
export interface ImageUse {
  box: Box;
  width: number;
  height: number;
}

export interface PageData {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  runs: Run[];
  segments: Segment[];
  images: ImageUse[];
  /** Set when the page's text came from OCR. */
  ocr?: boolean;
  /**
   * Set when the page's text is drawn invisible (render mode 3): the text layer a scanner's or a
   * converter's OCR lays under the page's image. Known only for pages whose drawing was read.
   */
  hiddenText?: true;
  /**
   * Set when the page was laid out turned (its text ran sideways as shown): maps a box of the
   * layout back to the page as shown.
   */
  unturn?: (b: Box) => Box;
}

export const unionBox = (a: Box | null, b: Box): Box =>
  a ? [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])] : [b[0], b[1], b[2], b[3]];

export const runBox = (r: Run): Box => [r.x0, r.top, r.x1, r.bottom];

/** CJK ideographs, kana, hangul, radicals, CJK and full-width punctuation: laid out without spaces. */
export const isWide = (ch: string): boolean => {
  const c = ch.codePointAt(0) ?? 0;
  return (
    (c >= 0x2e80 && c <= 0x9fff) || // radicals, Kangxi, CJK symbols, kana, CJK ideographs
    (c >= 0xac00 && c <= 0xd7af) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x20000 && c <= 0x3ffff) ||
    c === 0x201c ||
    c === 0x201d ||
    c === 0x2018 ||
    c === 0x2019 ||
    c === 0x2014 ||
    c === 0x2026
  );
};

/** Relative advance of a character (an em for wide characters, about half for the rest). */
export const charWeight = (ch: string): number => (isWide(ch) ? 1 : ch === ' ' ? 0.3 : 0.55);

/** Cumulative weights of a string's characters (by code point), for proportional positions inside a run. */
export function weights(text: string): { chars: string[]; cum: number[] } {
  const chars = Array.from(text);
  const cum = [0];
  for (const ch of chars) cum.push(cum[cum.length - 1]! + charWeight(ch));
  return { chars, cum };
}
