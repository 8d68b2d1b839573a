/** Decoding text files: UTF-8, UTF-16 (with BOM, or detected), GB18030. */
import { isUtf8 } from 'node:buffer';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface Decoded {
  text: string;
  encoding: TextEncoding;
  /** True when the bytes do not look like text at all (control bytes, NULs). */
  binary: boolean;
}

function looksUtf16(bytes: Uint8Array, odd: boolean): boolean {
  // Mostly-ASCII UTF-16 has a zero in every other byte; CJK UTF-16 has none, so only use this
  // when there is no BOM and the file is not valid UTF-8.
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return false;
  let zeros = 0;
  for (let i = odd ? 1 : 0; i < n; i += 2) if (bytes[i] === 0) zeros++;
  return zeros > n / 2 / 3;
}

function controlRatio(text: string): number {
  const n = Math.min(text.length, 8192);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) bad++;
  }
  return bad / n;
}

/** Decode bytes of a text file. Never throws. */
export function decodeText(bytes: Uint8Array): Decoded {
  let encoding: TextEncoding;
  let text: string;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    text = new TextDecoder('utf-8').decode(bytes);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    text = new TextDecoder('utf-16le').decode(bytes);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    text = new TextDecoder('utf-16be').decode(bytes);
  } else if (isUtf8(bytes)) {
    // Valid UTF-8 (most files): checked and decoded by the buffer's fast paths — the same text as
    // a fatal TextDecoder gives (no BOM here), without its converter.
    encoding = 'utf-8';
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  } else if (looksUtf16(bytes, true)) {
    encoding = 'utf-16le';
    text = new TextDecoder('utf-16le').decode(bytes);
  } else if (looksUtf16(bytes, false)) {
    encoding = 'utf-16be';
    text = new TextDecoder('utf-16be').decode(bytes);
  } else {
    encoding = 'gb18030';
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return { text, encoding, binary: controlRatio(text) > 0.02 };
}
