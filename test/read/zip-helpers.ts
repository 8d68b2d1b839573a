/** Test helpers: hand-made zips (with lying headers) and deflate streams that expand hugely. */
import { deflateSync, zipSync, strToU8 } from 'fflate';

export interface RawEntry {
  name: string;
  /** Stored bytes (already compressed when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** Uncompressed size written in the headers (may lie). */
  declaredSize: number;
}

/** A zip written byte by byte, so the declared sizes can be anything. CRCs are left 0. */
export function rawZip(entries: RawEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const enc = new TextEncoder();
  for (const e of entries) {
    const name = enc.encode(e.name);
    const lh = new DataView(new ArrayBuffer(30));
    lh.setUint32(0, 0x04034b50, true);
    lh.setUint16(4, 20, true);
    lh.setUint16(8, e.method, true);
    lh.setUint32(18, e.data.length, true);
    lh.setUint32(22, e.declaredSize, true);
    lh.setUint16(26, name.length, true);
    parts.push(new Uint8Array(lh.buffer), name, e.data);
    const ch = new DataView(new ArrayBuffer(46));
    ch.setUint32(0, 0x02014b50, true);
    ch.setUint16(4, 20, true);
    ch.setUint16(6, 20, true);
    ch.setUint16(10, e.method, true);
    ch.setUint32(20, e.data.length, true);
    ch.setUint32(24, e.declaredSize, true);
    ch.setUint16(28, name.length, true);
    ch.setUint32(42, offset, true);
    central.push(new Uint8Array(ch.buffer), name);
    offset += 30 + name.length + e.data.length;
  }
  const cdSize = central.reduce((s, p) => s + p.length, 0);
  const eocd = new DataView(new ArrayBuffer(22));
  eocd.setUint32(0, 0x06054b50, true);
  eocd.setUint16(8, entries.length, true);
  eocd.setUint16(10, entries.length, true);
  eocd.setUint32(12, cdSize, true);
  eocd.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(eocd.buffer)];
  const out = new Uint8Array(all.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const deflated = (text: string): Uint8Array => deflateSync(strToU8(text));

/**
 * A raw deflate stream that inflates to about `bytes` bytes of 'a' (one fixed-Huffman block:
 * a literal, then copies of 258 bytes at distance 1, 13 bits each): ~2 MB for 300 MB.
 */
export function deflateBomb(bytes: number): Uint8Array {
  const reps = Math.ceil(bytes / 258);
  const out = new Uint8Array(Math.ceil((3 + 8 + reps * 13 + 7) / 8) + 2);
  let bit = 0;
  const put = (v: number, n: number): void => {
    // n bits of v, least significant first
    for (let k = 0; k < n; k++, bit++) if ((v >> k) & 1) out[bit >> 3]! |= 1 << (bit & 7);
  };
  const code = (c: number, n: number): void => {
    // Huffman codes go most significant bit first
    for (let k = n - 1; k >= 0; k--, bit++) if ((c >> k) & 1) out[bit >> 3]! |= 1 << (bit & 7);
  };
  put(1, 1); // BFINAL
  put(1, 2); // fixed Huffman
  code(0x30 + 0x61, 8); // literal 'a'
  for (let i = 0; i < reps; i++) {
    code(0xc0 + (285 - 280), 8); // length 258
    code(0, 5); // distance 1
  }
  code(0, 7); // end of block
  return out.subarray(0, (bit + 7) >> 3);
}

/** A well-formed DOCX package around a document.xml body. */
export function docxOf(bodyXml: string, extra: Record<string, string> = {}): Uint8Array {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    ),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${bodyXml}</w:body></w:document>`),
  };
  for (const [k, v] of Object.entries(extra)) files[k] = strToU8(v);
  return zipSync(files);
}
