/**
 * `nianbao ingest` on PostgreSQL: files, folders and zip archives are walked as in a batch ingest
 * (src/ingest/walk.ts), each document kept in the blob store and queued; the workers parse them.
 * Empty and encrypted files are turned away here (as the upload does); bytes already stored are
 * duplicates and not queued.
 */
import { readFile } from 'node:fs/promises';
import { screen } from '../ingest/accept.js';
import { collectTasks } from '../ingest/walk.js';
import { readEntry } from '../read/zip.js';
import { sha256Of } from '../store/blobs.js';
import type { IngestQueue } from './queue.js';

export interface EnqueueSummary {
  total: number;
  queued: number;
  duplicates: number;
  /** Not queued: could not be opened, empty, encrypted, a broken archive entry. */
  failed: number;
  skipped: number;
  seconds: number;
}

export async function enqueuePaths(
  queue: IngestQueue,
  paths: string[],
  opts: { signal?: AbortSignal; onFile?: (name: string, outcome: 'queued' | 'duplicate' | 'failed' | 'skipped', message: string | null) => void } = {},
): Promise<EnqueueSummary> {
  const t0 = performance.now();
  const tasks = await collectTasks(paths);
  const s: EnqueueSummary = { total: tasks.length, queued: 0, duplicates: 0, failed: 0, skipped: 0, seconds: 0 };
  const seen = new Set<string>();
  let archive = null as { path: string; bytes: Uint8Array } | null;
  for (const task of tasks) {
    if (opts.signal?.aborted) break;
    let bytes: Uint8Array | string;
    if (task.kind === 'bad') bytes = task.message;
    else if (task.kind === 'file') bytes = await readFile(task.path).catch((e: NodeJS.ErrnoException) => `无法打开文件：${e.code ?? e.message}`);
    else {
      if (archive?.path !== task.path) {
        const zip: Uint8Array | string = await readFile(task.path).catch((e: NodeJS.ErrnoException) => `无法打开压缩包：${e.code ?? e.message}`);
        archive = typeof zip === 'string' ? null : { path: task.path, bytes: zip };
        if (typeof zip === 'string') {
          bytes = zip;
          s.failed++;
          opts.onFile?.(task.name, 'failed', bytes);
          continue;
        }
      }
      const r = readEntry(archive!.bytes, task.entry);
      bytes = 'error' in r ? r.error : r.bytes;
    }
    if (typeof bytes === 'string') {
      const skipped = task.kind === 'bad' && task.skipped;
      if (skipped) s.skipped++;
      else s.failed++;
      opts.onFile?.(task.name, skipped ? 'skipped' : 'failed', bytes);
      continue;
    }
    const early = screen(bytes);
    if (!early.keep) {
      s.failed++;
      opts.onFile?.(task.name, 'failed', early.message);
      continue;
    }
    const hash = sha256Of(bytes);
    if (seen.has(hash) || (await queue.store.hasFile(hash))) {
      s.duplicates++;
      opts.onFile?.(task.name, 'duplicate', null);
      continue;
    }
    seen.add(hash);
    await queue.enqueue(bytes, task.name);
    s.queued++;
    opts.onFile?.(task.name, 'queued', null);
  }
  s.seconds = (performance.now() - t0) / 1000;
  return s;
}
