/**
 * A pool of child processes that parse reports (CPU-bound), so a batch uses every core while the
 * main process reads files and writes the database. A child that crashes, runs out of memory or
 * takes longer than the timeout on a file is killed and replaced; that file gets an error, the
 * batch goes on. Processes, not worker threads: a file stopped at its time limit may be inside the
 * OCR model's native code (onnxruntime), and terminating a thread there aborts the whole process —
 * the server or the queue worker with it. Killing a child process is always safe.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Report } from '../model/report.js';
import { parseReport } from '../index.js';
import type { ParseReply, ParseTask } from './worker.js';
import { defaultJobs } from './jobs.js';

export type ParseOutcome = { record: Report } | { error: string; kind: 'crash' | 'timeout' };

export { defaultJobs };

/** Longest a new process may take to load the parser (on a loaded machine, with tsx in tests, seconds). */
const STARTUP_MS = 60_000;

function spawnWorker(): ChildProcess {
  const here = import.meta.url;
  const fromSource = here.endsWith('.ts');
  // Running from TypeScript source (tests): the child loads the worker through tsx.
  const file = fileURLToPath(new URL(fromSource ? './worker.ts' : './worker.js', here));
  return fork(file, [], {
    serialization: 'advanced',
    execArgv: [...(fromSource ? ['--import', 'tsx'] : []), '--max-old-space-size=4096'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

interface Job {
  task: ParseTask;
  /** This file's time limit (ms), when shorter than the pool's. */
  timeoutMs: number;
  resolve: (o: ParseOutcome) => void;
}

interface Slot {
  worker: ChildProcess;
  /** The process has loaded the parser: a file's time limit counts from then, not from the thread's start. */
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
      slot.worker.send(job.task);
    }
  }

  /** The time limit of the slot's file; a process still loading gets a minute more (then the limit starts again once it is ready). */
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
    slot.worker.on('message', (msg) => {
      const m = msg as ParseReply;
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
    slot.worker.kill('SIGKILL');
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
    await Promise.all(
      slots.map(
        (s) =>
          new Promise<void>((done) => {
            if (s.worker.exitCode !== null || s.worker.signalCode !== null) return done();
            s.worker.once('exit', () => done());
            s.worker.kill('SIGKILL');
          }),
      ),
    );
  }
}
