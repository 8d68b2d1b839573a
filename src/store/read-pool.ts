/**
 * Reads of an SQLite store in worker threads: better-sqlite3 answers one query at a time, in the
 * thread that asks, so a server with one connection answers 20 searches one after the other (at
 * 100,000 reports the 20th waited for the 19 before it). With WAL, readers on their own
 * connections do not wait for each other or for the writer; each thread of the pool opens the file
 * read-only and answers the list and search queries (listReports, listUnits) while the server's
 * thread goes on with HTTP and writes. A read sees every write committed before it started, as on
 * the one connection.
 *
 * The pool is optional (`openStore({ readers })`, `serve` uses one thread per core); a store
 * without it, or on PostgreSQL (a pool of connections already), runs the same functions in place.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What the threads answer: the names of read functions of reads.ts and units.ts. */
export type ReadMethod = 'listReports' | 'listUnits';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: number;
}

/** The default number of reader threads: one per core, at least 2 and at most 8. */
export const defaultReaders = (): number => Math.min(8, Math.max(2, availableParallelism()));

export class ReadPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending & { slot: Slot }>();
  private next = 1;
  private closed = false;

  constructor(
    private readonly file: string,
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  private spawn(): Slot {
    const here = import.meta.url;
    const workerData = { file: this.file };
    // From TypeScript source (tests) the thread registers tsx before loading its module (a
    // worker takes no --import).
    const worker = here.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(new URL('./read-worker.ts', here).href)}); })`, {
          eval: true,
          workerData,
        })
      : new Worker(fileURLToPath(new URL('./read-worker.js', here)), { workerData });
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      // An idle thread does not keep the process alive; one with reads in hand does.
      if (--p.slot.busy === 0) p.slot.worker.unref();
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.error ?? 'read failed'));
    });
    // A thread that dies fails its reads (the caller answers 500) and is replaced.
    const fail = (err: Error) => {
      for (const [id, p] of this.pending)
        if (p.slot === slot) {
          this.pending.delete(id);
          p.reject(err);
        }
      const i = this.slots.indexOf(slot);
      if (i >= 0 && !this.closed) this.slots[i] = this.spawn();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`reader thread exited (${code})`));
    });
    worker.unref();
    return slot;
  }

  /** Run a read in the least busy thread. */
  run<T>(method: ReadMethod, arg: unknown): Promise<T> {
    if (this.closed) return Promise.reject(new Error('read pool closed'));
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.next++;
    if (slot.busy++ === 0) slot.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, slot });
      slot.worker.postMessage({ id, method, arg });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new Error('read pool closed'));
    this.pending.clear();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
