/**
 * A pool of worker threads that parse reports (CPU-bound), so a batch uses every core while the
 * main thread reads files and writes the database. A worker that crashes, runs out of memory or
 * takes longer than the timeout on a file is replaced; that file gets an error, the batch goes on.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Report } from '../model/report.js';
import { parseReport } from '../index.js';
import type { ParseReply, ParseTask } from './worker.js';
import { defaultJobs } from './jobs.js';

export type ParseOutcome = { record: Report } | { error: string; kind: 'crash' | 'timeout' };

export { defaultJobs };

/** Longest a new thread may take to load the parser (on a loaded machine, with tsx in tests, seconds). */
const STARTUP_MS = 60_000;

function spawnWorker(): Worker {
  const here = import.meta.url;
  const limits = { resourceLimits: { maxOldGenerationSizeMb: 4096 } };
  if (here.endsWith('.ts')) {
    // Running from TypeScript source (tests): load the worker through tsx.
    const worker = new URL('./worker.ts', here).href;
    // The ESM entry of tsx/esm/api (require.resolve would give the CommonJS one).
    const api = pathToFileURL(join(dirname(createRequire(here).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); })`;
    return new Worker(code, { eval: true, ...limits });
  }
  return new Worker(new URL('./worker.js', here), limits);
}

interface Job {
  task: ParseTask;
  /** This file's time limit (ms), when shorter than the pool's. */
  timeoutMs: number;
  resolve: (o: ParseOutcome) => void;
}

interface Slot {
  worker: Worker;
  /** The thread has loaded the parser: a file's time limit counts from then, not from the thread's start. */
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  /** size 0: parse on the calling thread (no workers). */
  constructor(
    readonly size: number = defaultJobs(),
    private readonly timeoutMs = 300_000,
  ) {}

  /** `timeoutMs`: a shorter time limit for this file (a queue job must end before its lease). */
  parse(bytes: Uint8Array, name: string, timeoutMs = this.timeoutMs): Promise<ParseOutcome> {
    if (this.closed) return Promise.resolve({ error: '已中止', kind: 'crash' });
    if (this.size === 0) {
      return parseReport(bytes, { path: name }).then(
        (record) => ({ record }),
        (e: unknown) => ({ error: String((e as Error)?.message ?? e), kind: 'crash' as const }),
      );
    }
    return new Promise((resolve) => {
      this.queue.push({ task: { id: this.nextId++, bytes, name }, timeoutMs: Math.min(timeoutMs, this.timeoutMs), resolve });
      this.pump();
    });
  }

  private pump(): void {
    if (this.closed) return;
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.addSlot();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      this.startTimer(slot);
      slot.worker.postMessage(job.task);
    }
  }

  /** The time limit of the slot's file; a thread still loading gets a minute more (then the limit starts again once it is ready). */
  private startTimer(slot: Slot): void {
    const job = slot.job;
    if (!job) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(
      () => this.fail(slot, 'timeout', `解析超过 ${Math.round(job.timeoutMs / 1000)} 秒，已停止`),
      job.timeoutMs + (slot.ready ? 0 : STARTUP_MS),
    );
  }

  private addSlot(): Slot {
    const slot: Slot = { worker: spawnWorker(), ready: false, job: null, timer: null };
    slot.worker.on('message', (m: ParseReply) => {
      if ('ready' in m) {
        slot.ready = true;
        this.startTimer(slot);
        return;
      }
      const job = slot.job;
      if (!job || job.task.id !== m.id) return;
      this.finish(slot);
      job.resolve('record' in m ? { record: m.record } : { error: m.error, kind: 'crash' });
      this.pump();
    });
    slot.worker.on('error', (e) => this.fail(slot, 'crash', `解析时出错：${e.message}`));
    slot.worker.on('exit', () => this.fail(slot, 'crash', '解析进程意外退出'));
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** The worker of `slot` is gone or stuck: fail its file, replace it. */
  private fail(slot: Slot, kind: 'crash' | 'timeout', message: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    const job = slot.job;
    this.finish(slot);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
    if (job) job.resolve({ error: message, kind });
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.resolve({ error: '已中止', kind: 'crash' });
    const slots = this.slots.splice(0);
    for (const s of slots) {
      const job = s.job;
      this.finish(s);
      job?.resolve({ error: '已中止', kind: 'crash' });
      s.worker.removeAllListeners();
      s.worker.on('error', () => {});
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
