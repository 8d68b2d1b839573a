/**
 * What to ingest: files and folders (walked recursively, in name order, hidden names skipped)
 * and the documents inside zip archives. The order is deterministic, so a batch writes in the
 * same order every time (the later of two versions of a report supersedes the earlier).
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { isZip, listArchive, MAX_FILE_BYTES, type ArchiveEntry } from '../read/zip.js';

export type Task =
  /** A file on disk. */
  | { kind: 'file'; name: string; path: string }
  /** A document inside an archive on disk. */
  | { kind: 'entry'; name: string; path: string; entry: ArchiveEntry }
  /** Something that cannot be ingested, with the reason (counted, never stored). */
  | { kind: 'bad'; name: string; message: string; skipped?: boolean };

const hiddenName = (n: string): boolean => n.startsWith('.') || n.startsWith('~$') || n === '__MACOSX';

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Display name: the path below the folder given (with the folder's own name), or the file's name. */
const display = (root: string, path: string): string => [basename(resolve(root)), ...relative(root, path).split(sep)].filter(Boolean).join('/');

async function head(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const b = new Uint8Array(4);
    const { bytesRead } = await fh.read(b, 0, 4, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const errText = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? '文件不存在' : code === 'EACCES' || code === 'EPERM' ? '没有读取权限' : (code ?? (e as Error).message);
};

/** A file: a document, or an archive expanded into its documents. */
async function fileTasks(path: string, name: string): Promise<Task[]> {
  try {
    const st = await stat(path);
    if (st.size > MAX_FILE_BYTES && !(await head(path).then(isZip)))
      return [{ kind: 'bad', name, message: `文件超过 ${MAX_FILE_BYTES / 1024 / 1024} MB，未读取` }];
    if (!isZip(await head(path))) return [{ kind: 'file', name, path }];
    if (st.size > 1024 * 1024 * 1024) return [{ kind: 'bad', name, message: '压缩包超过 1 GB，未读取' }];
    const listing = listArchive(await readFile(path));
    if (listing.kind === 'document') return [{ kind: 'file', name, path }];
    if (listing.kind === 'bad') return [{ kind: 'bad', name, message: listing.message }];
    return [
      ...listing.entries.map((entry): Task => ({ kind: 'entry', name: `${name}/${entry.name}`, path, entry })),
      ...listing.skipped.map((s): Task => ({ kind: 'bad', name: `${name}/${s.name}`, message: s.reason, skipped: true })),
    ];
  } catch (e) {
    return [{ kind: 'bad', name, message: `无法打开文件：${errText(e)}` }];
  }
}

async function walkDir(root: string, dir: string, out: Task[], exclude: Set<string>): Promise<void> {
  let names: import('node:fs').Dirent[];
  try {
    names = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    out.push({ kind: 'bad', name: display(root, dir), message: `无法打开文件夹：${errText(e)}` });
    return;
  }
  names.sort((a, b) => byName(a.name, b.name));
  for (const d of names) {
    if (hiddenName(d.name)) continue;
    const p = join(dir, d.name);
    // Symbolic links to files are followed; links to folders are not (no cycles).
    const isFile =
      d.isFile() ||
      (d.isSymbolicLink() &&
        (await stat(p).then(
          (s) => s.isFile(),
          () => false,
        )));
    if (exclude.has(resolve(p))) continue;
    if (d.isDirectory()) await walkDir(root, p, out, exclude);
    else if (isFile) out.push(...(await fileTasks(p, display(root, p))));
  }
}

/**
 * Everything to ingest from the paths given (files, folders, archives), in a stable order.
 * `exclude`: absolute paths never to read (the store's own SQLite files, when inside a folder given).
 */
export async function collectTasks(paths: string[], exclude: Set<string> = new Set()): Promise<Task[]> {
  const out: Task[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      out.push({ kind: 'bad', name: p, message: `无法打开：${errText(e)}` });
      continue;
    }
    if (st.isDirectory()) await walkDir(p, p, out, exclude);
    else out.push(...(await fileTasks(p, basename(p))));
  }
  return out;
}
