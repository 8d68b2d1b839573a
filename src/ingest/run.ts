/**
 * Batch ingest: files, folders and zip archives → the store.
 *
 * The main thread reads each file and hashes it; bytes already stored are not parsed again; the
 * rest are parsed in child processes (src/ingest/pool.ts); the main process, the only writer, stores each file in its
 * own transaction, in the order of the walk. So a batch stopped at any point (Ctrl-C, kill -9,
 * a crash) leaves only whole reports, and running it again completes the rest with no
 * duplicates. A bad file (unreadable, too large, crashing the parser) is counted and never stops
 * the batch.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Report } from '../model/report.js';
import { reportFromRead } from '../index.js';
import { unreadable } from '../read/types.js';
import { readEntry } from '../read/zip.js';
import type { Store } from '../store/store.js';
import { screen } from './accept.js';
import { ParsePool, defaultJobs } from './pool.js';
import { collectTasks, type Task } from './walk.js';

export type FileOutcome = 'ok' | 'errors' | 'unreadable' | 'duplicate' | 'failed' | 'skipped';

export interface IngestEvent {
  /** 1-based position in the batch. */
  index: number;
  total: number;
  name: string;
  outcome: FileOutcome;
  /** This file replaced an older version for the same unit (or agency) and year. */
  superseded: boolean;
  id: number | null;
  agency: string | null;
  year: number | null;
  /** Why a file failed, was skipped or is unreadable (Chinese). */
  message: string | null;
}

export interface IngestSummary {
  total: number;
  ok: number;
  errors: number;
  unreadable: number;
  duplicates: number;
  superseded: number;
  /** Not stored: could not be opened, too large, a broken archive entry, a write error. */
  failed: number;
  /** Not stored on purpose: archives inside archives. */
  skipped: number;
  /** Stopped before the end (signal, or the database failing repeatedly). */
  interrupted: boolean;
  seconds: number;
}

export interface IngestOptions {
  /** Parse processes (default: one per core, at most 8); 0 parses on the main thread. */
  jobs?: number;
  /** Per-file parse time limit in ms (default 5 minutes). */
  timeoutMs?: number;
  /** Abort to stop after the file being written (Ctrl-C). */
  signal?: AbortSignal;
  /** Called once the files are listed. */
  onStart?: (total: number) => void;
  onFile?: (e: IngestEvent) => void;
}

interface Prepared {
  task: Task;
  bytes?: Uint8Array;
  record?: Report;
  /** Already stored (or earlier in this batch): let the store report the duplicate. */
  duplicate?: boolean;
  error?: string;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Consecutive write failures after which the database is taken to be gone. */
const MAX_WRITE_FAILURES = 20;

export function emptySummary(): IngestSummary {
  return { total: 0, ok: 0, errors: 0, unreadable: 0, duplicates: 0, superseded: 0, failed: 0, skipped: 0, interrupted: false, seconds: 0 };
}

export async function ingestPaths(store: Store, paths: string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const t0 = performance.now();
  // Never ingest the database being written (`nianbao ingest .` with the default ./data/nianbao.db).
  const own = store.dialect === 'sqlite' ? resolve(store.where) : null;
  const tasks = await collectTasks(paths, new Set(own ? ['', '-wal', '-shm', '-journal'].map((x) => own + x) : []));
  const summary = emptySummary();
  summary.total = tasks.length;
  opts.onStart?.(tasks.length);
  const known = await store.knownHashes();
  const seen = new Set<string>();
  const pool = new ParsePool(Math.min(opts.jobs ?? defaultJobs(), Math.max(1, tasks.length)), opts.timeoutMs ?? 300_000);

  // Archive bytes, read once for all their entries and dropped after the last one.
  const left = new Map<string, number>();
  for (const t of tasks) if (t.kind === 'entry') left.set(t.path, (left.get(t.path) ?? 0) + 1);
  const archives = new Map<string, Promise<Uint8Array>>();
  const archiveBytes = (path: string): Promise<Uint8Array> => {
    let p = archives.get(path);
    if (!p) archives.set(path, (p = readFile(path)));
    const n = (left.get(path) ?? 1) - 1;
    left.set(path, n);
    if (n <= 0) archives.delete(path);
    return p;
  };

  const load = async (task: Task): Promise<Uint8Array | string> => {
    if (task.kind === 'file') {
      try {
        return await readFile(task.path);
      } catch (e) {
        return `无法打开文件：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      }
    }
    if (task.kind === 'entry') {
      let zip: Uint8Array;
      try {
        zip = await archiveBytes(task.path);
      } catch (e) {
        return `无法打开压缩包：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      }
      const r = readEntry(zip, task.entry);
      return 'error' in r ? r.error : r.bytes;
    }
    return task.message;
  };

  const prepare = async (task: Task): Promise<Prepared> => {
    if (task.kind === 'bad') return { task, error: task.message };
    const bytes = await load(task);
    if (typeof bytes === 'string') return { task, error: bytes };
    // Empty and encrypted files are turned away before anything else (never a duplicate of another
    // empty file, never handed to LibreOffice); the rest of the rule is the store's (accept.ts).
    const early = screen(bytes);
    if (!early.keep) return { task, error: early.message };
    const hash = sha256(bytes);
    if (known.has(hash) || seen.has(hash)) return { task, bytes, duplicate: true };
    seen.add(hash);
    const parsed = await pool.parse(bytes, task.name);
    // A file that crashed or hung the parser is stored as unreadable: the batch stays deterministic.
    const record =
      'record' in parsed
        ? parsed.record
        : reportFromRead(unreadable('unknown', parsed.kind === 'timeout' ? parsed.error : '解析此文件时出错，文件可能已损坏', parsed.error.slice(0, 2000)), {
            path: task.name,
            sha256: hash,
            bytes: bytes.length,
          });
    return { task, bytes, record };
  };

  const window = Math.max(2, pool.size * 2);
  const pending: Promise<Prepared>[] = [];
  let next = 0;
  let writeFailures = 0;
  try {
    for (let i = 0; i < tasks.length; i++) {
      if (opts.signal?.aborted) {
        summary.interrupted = true;
        break;
      }
      while (pending.length < window && next < tasks.length) pending.push(prepare(tasks[next++]!));
      const p = await pending.shift()!;
      if (opts.signal?.aborted) {
        summary.interrupted = true;
        break;
      }
      const event: IngestEvent = {
        index: i + 1,
        total: tasks.length,
        name: p.task.name,
        outcome: 'failed',
        superseded: false,
        id: null,
        agency: null,
        year: null,
        message: p.error ?? null,
      };
      if (p.bytes) {
        try {
          const r = await store.ingestFile({ bytes: p.bytes, fileName: p.task.name, ...(p.record ? { record: p.record } : {}) });
          writeFailures = 0;
          Object.assign(event, { id: r.id, agency: r.agency, year: r.year, message: r.message });
          event.outcome = r.outcome === 'duplicate' ? 'duplicate' : r.outcome === 'rejected' ? 'failed' : (r.status ?? 'failed');
          event.superseded = r.outcome === 'superseded';
        } catch (e) {
          writeFailures++;
          event.message = `写入数据库失败：${(e as Error).message}`;
        }
      } else if (p.task.kind === 'bad' && p.task.skipped) event.outcome = 'skipped';
      count(summary, event);
      opts.onFile?.(event);
      if (writeFailures >= MAX_WRITE_FAILURES) {
        summary.interrupted = true;
        break;
      }
    }
  } finally {
    await pool.close();
    await Promise.allSettled(pending);
  }
  // After a bulk import the search index is in many segments (one a transaction): merged, every
  // search reads fewer (about a second at 100,000 reports; store.optimizeSearchIndex). A few files
  // are left to the index's own merging.
  if (stored(summary) >= OPTIMIZE_AFTER) await store.optimizeSearchIndex();
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}

/** Files stored by an ingest after which the search index is merged (optimizeSearchIndex). */
export const OPTIMIZE_AFTER = 100;

/** Reports a batch stored (new or replacing another). */
const stored = (s: IngestSummary): number => s.ok + s.errors + s.unreadable;

function count(s: IngestSummary, e: IngestEvent): void {
  if (e.outcome === 'duplicate') s.duplicates++;
  else if (e.outcome === 'skipped') s.skipped++;
  else s[e.outcome]++;
  if (e.superseded) s.superseded++;
}
