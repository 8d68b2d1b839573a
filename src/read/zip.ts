/**
 * Zip files, read defensively: the one zip reader of nianbao, for DOCX packages (read/docx.ts)
 * and for archives of reports (batch ingest and the server's upload).
 *
 * The central directory is checked against limits (entries, total declared size) before anything
 * is inflated, and the inflate itself is metered (fflate's streaming Inflate fed in small chunks,
 * stopped as soon as the real output passes the limit), so a zip bomb gives one clear error
 * quickly and with bounded memory. (fflate's unzipSync cannot be used for the inflate: given a
 * declared size it keeps decoding past it, so a lying header would cost time without bound.)
 *
 * Archives: a zip whose entries include `[Content_Types].xml` is an Office document (DOCX), not
 * an archive. Archives are read under archive limits: at most 5,000 entries and 1 GB declared in
 * all, each entry at most the size of one report file. Nested archives are skipped, as are hidden
 * entries and folders.
 */
import { Inflate } from 'fflate';

/** What listZip refuses before inflating anything. */
export interface ZipLimits {
  maxEntries: number;
  /** The sizes declared by all entries together. */
  maxTotalBytes: number;
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export class ZipError extends Error {
  constructor(
    readonly kind: 'corrupt' | 'limit' | 'encrypted' | 'unsupported',
    message: string,
  ) {
    super(message);
  }
}

const u16 = (b: Uint8Array, o: number): number => {
  if (o + 2 > b.length) throw new ZipError('corrupt', 'truncated');
  return b[o]! | (b[o + 1]! << 8);
};
const u32 = (b: Uint8Array, o: number): number => {
  if (o + 4 > b.length) throw new ZipError('corrupt', 'truncated');
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
};
const u64 = (b: Uint8Array, o: number): number => u32(b, o) + u32(b, o + 4) * 2 ** 32;

/** The central directory of a zip, checked against the limits before anything is inflated. */
export function listZip(b: Uint8Array, limits: ZipLimits): ZipEntry[] {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('corrupt', 'no end of central directory');
  let count = u16(b, eocd + 10);
  let cdOffset = u32(b, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc >= 0 && u32(b, loc) === 0x07064b50) {
      const z = u64(b, loc + 8);
      if (u32(b, z) !== 0x06064b50) throw new ZipError('corrupt', 'bad zip64 record');
      count = u64(b, z + 32);
      cdOffset = u64(b, z + 48);
    }
  }
  if (count > limits.maxEntries) throw new ZipError('limit', `压缩包内有 ${count} 个文件，超过上限 ${limits.maxEntries}`);
  const entries: ZipEntry[] = [];
  let o = cdOffset;
  const utf8 = new TextDecoder('utf-8');
  for (let i = 0; i < count; i++) {
    if (u32(b, o) !== 0x02014b50) throw new ZipError('corrupt', 'bad central directory entry');
    const flags = u16(b, o + 8);
    const method = u16(b, o + 10);
    let compressedSize = u32(b, o + 20);
    let size = u32(b, o + 24);
    const nameLen = u16(b, o + 28);
    const extraLen = u16(b, o + 30);
    const commentLen = u16(b, o + 32);
    let localOffset = u32(b, o + 42);
    if (o + 46 + nameLen > b.length) throw new ZipError('corrupt', 'truncated name');
    const name = utf8.decode(b.subarray(o + 46, o + 46 + nameLen));
    // zip64 extra field: the 0xFFFFFFFF values, in order size, compressed size, offset.
    let x = o + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = u16(b, x);
      const len = u16(b, x + 2);
      if (id === 0x0001) {
        let p = x + 4;
        if (size === 0xffffffff) {
          size = u64(b, p);
          p += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(b, p);
          p += 8;
        }
        if (localOffset === 0xffffffff) localOffset = u64(b, p);
      }
      x += 4 + len;
    }
    entries.push({ name, method, flags, compressedSize, size, localOffset });
    o = xEnd + commentLen;
  }
  const total = entries.reduce((s, e) => s + e.size, 0);
  if (total > limits.maxTotalBytes) {
    throw new ZipError('limit', `压缩包解压后共 ${mb(total)}，超过上限 ${mb(limits.maxTotalBytes)}`);
  }
  return entries;
}

export const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;

/**
 * Inflate one entry, stopping as soon as the real output passes `limit` (a header may lie about
 * the size). Input is fed in 16 KB chunks, so one step produces at most ~17 MB.
 */
export function inflateEntry(b: Uint8Array, e: ZipEntry, limit: number): Uint8Array {
  if (e.flags & 1) throw new ZipError('encrypted', 'encrypted entry');
  if (u32(b, e.localOffset) !== 0x04034b50) throw new ZipError('corrupt', 'bad local header');
  const start = e.localOffset + 30 + u16(b, e.localOffset + 26) + u16(b, e.localOffset + 28);
  const end = start + e.compressedSize;
  if (end > b.length) throw new ZipError('corrupt', 'entry data past the end');
  const data = b.subarray(start, end);
  const tooBig = (): ZipError => new ZipError('limit', `${e.name} 解压后超过 ${mb(limit)}`);
  if (e.method === 0) {
    if (data.length > limit) throw tooBig();
    return data.slice();
  }
  if (e.method !== 8) throw new ZipError('unsupported', `compression method ${e.method}`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  let ended = false;
  const inf = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > limit) over = true;
    else chunks.push(chunk);
    if (final) ended = true;
  });
  const STEP = 16 * 1024;
  for (let p = 0; p < data.length && !over; p += STEP) {
    const q = Math.min(p + STEP, data.length);
    inf.push(data.subarray(p, q), q === data.length);
  }
  if (data.length === 0) inf.push(new Uint8Array(0), true);
  if (over) throw tooBig();
  if (!ended) throw new ZipError('corrupt', 'deflate stream did not end');
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// ——— archives of reports ———

export const ARCHIVE_LIMITS = {
  maxEntries: 5000,
  maxDocumentBytes: 200 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxPartBytes: 200 * 1024 * 1024,
};

/** The largest single report file read (same as the CLI's parse command). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

export const isZip = (b: Uint8Array): boolean =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06);

export interface ArchiveEntry {
  /** Path inside the archive, decoded (UTF-8, or GB18030 as Chinese Windows tools write it). */
  name: string;
  entry: ZipEntry;
}

export type ArchiveListing =
  { kind: 'document' } | { kind: 'archive'; entries: ArchiveEntry[]; skipped: { name: string; reason: string }[] } | { kind: 'bad'; message: string };

/** Names as stored in the central directory, raw, in order (listZip decodes them as UTF-8 only). */
function rawNames(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return out;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const count = dv.getUint16(eocd + 10, true);
  let o = dv.getUint32(eocd + 16, true);
  for (let i = 0; i < count && o + 46 <= b.length; i++) {
    if (dv.getUint32(o, true) !== 0x02014b50) break;
    const n = dv.getUint16(o + 28, true);
    const x = dv.getUint16(o + 30, true);
    const c = dv.getUint16(o + 32, true);
    out.push(b.subarray(o + 46, Math.min(b.length, o + 46 + n)));
    o += 46 + n + x + c;
  }
  return out;
}

const hidden = (path: string): boolean => path.split('/').some((p) => p.startsWith('.') || p === '__MACOSX' || p.startsWith('~$'));

/** Decide whether a zip is a document or an archive, and list an archive's entries. Never throws. */
export function listArchive(b: Uint8Array): ArchiveListing {
  let entries: ZipEntry[];
  try {
    entries = listZip(b, ARCHIVE_LIMITS);
  } catch (e) {
    if (e instanceof ZipError) return { kind: 'bad', message: e.kind === 'limit' ? e.message : `压缩包已损坏，无法读取（${e.message}）` };
    return { kind: 'bad', message: `压缩包无法读取（${(e as Error).message}）` };
  }
  if (entries.some((e) => e.name === '[Content_Types].xml')) return { kind: 'document' };
  const raws = rawNames(b);
  const out: ArchiveEntry[] = [];
  const skipped: { name: string; reason: string }[] = [];
  entries.forEach((entry, i) => {
    let name = entry.name.replace(/\\/g, '/');
    // Without the UTF-8 flag (bit 11), names that are not valid UTF-8 were written in the local code page.
    const raw = raws[i];
    if (!(entry.flags & 0x800) && raw && name.includes('\uFFFD')) name = new TextDecoder('gb18030').decode(raw).replace(/\\/g, '/');
    if (name.endsWith('/')) return;
    if (hidden(name)) return;
    if (/\.zip$/i.test(name)) {
      skipped.push({ name, reason: '压缩包内的压缩包不展开' });
      return;
    }
    out.push({ name, entry });
  });
  out.sort((a, c) => (a.name < c.name ? -1 : a.name > c.name ? 1 : 0));
  return { kind: 'archive', entries: out, skipped };
}

/** One entry's bytes, or why it cannot be read. */
export function readEntry(b: Uint8Array, e: ArchiveEntry): { bytes: Uint8Array } | { error: string } {
  try {
    const bytes = inflateEntry(b, e.entry, MAX_FILE_BYTES);
    return { bytes };
  } catch (err) {
    if (err instanceof ZipError) {
      if (err.kind === 'encrypted') return { error: '压缩包内的文件已加密，无法读取' };
      if (err.kind === 'limit') return { error: `文件解压后超过 ${MAX_FILE_BYTES / 1024 / 1024} MB，未读取` };
      return { error: `压缩包内的文件已损坏，无法读取（${err.message}）` };
    }
    return { error: `压缩包内的文件无法读取（${(err as Error).message}）` };
  }
}

/** Expand an uploaded zip into its documents (for the server's upload): a document comes back as itself. */
export function expandUpload(bytes: Uint8Array, fileName: string): { fileName: string; bytes?: Uint8Array; error?: string }[] {
  if (!isZip(bytes)) return [{ fileName, bytes }];
  const l = listArchive(bytes);
  if (l.kind === 'document') return [{ fileName, bytes }];
  if (l.kind === 'bad') return [{ fileName, error: l.message }];
  const out: { fileName: string; bytes?: Uint8Array; error?: string }[] = l.skipped.map((s) => ({ fileName: `${fileName}/${s.name}`, error: s.reason }));
  for (const e of l.entries) {
    const r = readEntry(bytes, e);
    const name = `${fileName}/${e.name}`;
    if ('error' in r) out.push({ fileName: name, error: r.error });
    else if (isZip(r.bytes) && listArchive(r.bytes).kind !== 'document') out.push({ fileName: name, error: '压缩包内的压缩包不展开' });
    else out.push({ fileName: name, bytes: r.bytes });
  }
  return out;
}

/**
 * Whether a zip (an XLSX) inflates past `limit` bytes, found by inflating each entry against what
 * is left (metered: a bomb is stopped at the limit, never held whole). Damaged entries are left
 * to the reader that follows.
 */
export function inflatesBeyond(bytes: Uint8Array, limit: number): boolean {
  const isLimit = (e: unknown): boolean => e instanceof ZipError && e.kind === 'limit';
  let entries;
  try {
    entries = listZip(bytes, { maxEntries: 2000, maxTotalBytes: limit });
  } catch (e) {
    return isLimit(e);
  }
  let left = limit;
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    try {
      left -= inflateEntry(bytes, e, left).length;
    } catch (err) {
      if (isLimit(err)) return true;
    }
  }
  return false;
}
