/**
 * Zip archives of reports. A zip whose entries include `[Content_Types].xml` is an Office
 * document (DOCX), not an archive. Archives are read with the DOCX reader's defensive zip code
 * (central directory checked before anything is inflated, metered inflate) under archive limits:
 * at most 5,000 entries and 1 GB declared in all, each entry at most the size of one report file.
 * Nested archives are skipped, as are hidden entries and folders.
 */
import { inflateEntry, listZip, ZipError, type ZipEntry } from '../read/docx.js';

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
