/**
 * What the register's import reads from a cell, folded character by character (never blanket
 * NFKC): full-width digits, letters and punctuation to ASCII, exotic spaces to a space.
 */

const MAP: Record<string, string> = {
  '\u3000': ' ',
  '\u00a0': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2009': ' ',
  '\u200b': '',
  '\ufeff': '',
  '－': '-',
  '／': '/',
  '．': '.',
  '：': ':',
  '，': ',',
  '～': '~',
  '〜': '~',
  '（': '(',
  '）': ')',
};

/** One cell's text with full-width ASCII (U+FF01–FF5E) folded and spaces mapped; trimmed. */
export function foldText(s: string): string {
  let out = '';
  for (const ch of s) {
    const mapped = MAP[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    const c = ch.codePointAt(0)!;
    out += c >= 0xff01 && c <= 0xff5e ? String.fromCodePoint(c - 0xfee0) : ch;
  }
  return out.trim();
}

/** Folded, with every space removed: for matching labels (「互 联 网」 = 「互联网」). */
export const labelKey = (s: string): string => foldText(s).replace(/\s+/g, '');
