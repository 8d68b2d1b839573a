/**
 * A pool of child processes of nianbao's own modules that take tasks one at a time: the ingest
 * parse pool's (pool.ts, a file a task) and the scan reader's page processes
 * (src/read/scan/page-pool.ts, a page a task). A child that crashes, runs out of memory or takes
 * longer than its task's time limit is killed (SIGKILL) and replaced; that task gets an error, the
 * others go on. Processes, not worker threads: a task stopped at its time limit may be inside the
 * OCR model's native code (onnxruntime), and terminating a thread there aborts the whole process —
 * the server or the queue worker with it. Killing a child process is always safe.
 *
 * Messages: the pool sends `{ id, task }`; the child (`serveTasks`) answers `{ ready: true }` once
 * it has loaded, then `{ id, ok }` or `{ id, error }` per task. Advanced serialization (the
 * structured clone): typed arrays, maps and nested records cross as they are.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type ChildReply<R> = { ready: true } | { id: number; ok: R } | { id: number; error: string };
export type Outcome<R> = { ok: R } | { error: string; kind: 'crash' | 'timeout' };

export interface ProcessPoolOptions {
  /** `import.meta.url` of the module the child sits beside, and the child's file name without its extension. */
  from: string;
  child: string;
  size: number;
  /** A task's time limit (ms), unless `run` gives a shorter one. */
  timeoutMs: number;
  /** More time for a task whose process is still loading (then its limit starts again once loaded). */
  startupMs: number;
  execArgv?: string[];
  /** What a task that did not end is told (it becomes the task's `error`). */
  says: { timeout: (ms: number) => string; error: (e: Error) => string; exit: string; closed: string };
}

/**
 * Fork the child module `name` beside `from`. From TypeScript source (tests, tsx) the child is
 * the .ts file loaded through tsx; from dist, the compiled .js beside the caller.
 */
export function forkChild(from: string, name: string, execArgv: string[] = []): ChildProcess {
  const fromSource = from.endsWith('.ts');
  const file = fileURLToPath(new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, from));
  return fork(file, [], {
    serialization: 'advanced',
    execArgv: [...(fromSource ? ['--import', 'tsx'] : []), ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

interface Job<T, R> {
  id: number;
  task: T;
  timeoutMs: number;
  resolve: (o: Outcome<R>) => void;
}

interface Slot<T, R> {
  worker: ChildProcess;
  /** The process has loaded: a task's time limit counts from then, not from the process's start. */
  ready: boolean;
  job: Job<T, R> | null;
  timer: NodeJS.Timeout | null;
}

export class ProcessPool<T, R> {
  private readonly slots: Slot<T, R>[] = [];
  private readonly queue: Job<T, R>[] = [];
  private nextId = 1;
  private closed = false;
  /** Processes killed for a crash or a timeout, until they have exited: `close` waits for them too. */
  private readonly dying = new Set<ChildProcess>();
  private closing: Promise<void> | null = null;

  constructor(private readonly o: ProcessPoolOptions) {}

  get size(): number {
    return this.o.size;
  }

  /** `timeoutMs`: a shorter time limit for this task. */
  run(task: T, timeoutMs = this.o.timeoutMs): Promise<Outcome<R>> {
    if (this.closed) return Promise.resolve({ error: this.o.says.closed, kind: 'crash' });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, task, timeoutMs: Math.max(0, Math.min(timeoutMs, this.o.timeoutMs)), resolve });
      this.pump();
    });
  }

  private pump(): void {
    if (this.closed) return;
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.o.size) slot = this.addSlot();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      this.startTimer(slot);
      slot.worker.send({ id: job.id, task: job.task });
    }
  }

  /** The time limit of the slot's task; a process still loading gets `startupMs` more. */
  private startTimer(slot: Slot<T, R>): void {
    const job = slot.job;
    if (!job) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.fail(slot, 'timeout', this.o.says.timeout(job.timeoutMs)), job.timeoutMs + (slot.ready ? 0 : this.o.startupMs));
  }

  private addSlot(): Slot<T, R> {
    const slot: Slot<T, R> = { worker: forkChild(this.o.from, this.o.child, this.o.execArgv), ready: false, job: null, timer: null };
    slot.worker.on('message', (msg) => {
      const m = msg as ChildReply<R>;
      if ('ready' in m) {
        slot.ready = true;
        this.startTimer(slot);
        return;
      }
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      this.finish(slot);
      job.resolve('ok' in m ? { ok: m.ok } : { error: m.error, kind: 'crash' });
      this.pump();
    });
    slot.worker.on('error', (e) => this.fail(slot, 'crash', this.o.says.error(e)));
    slot.worker.on('exit', () => this.fail(slot, 'crash', this.o.says.exit));
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot<T, R>): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** The process of `slot` is gone or stuck: fail its task, replace it. */
  private fail(slot: Slot<T, R>, kind: 'crash' | 'timeout', message: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    const job = slot.job;
    this.finish(slot);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    if (slot.worker.exitCode === null && slot.worker.signalCode === null) {
      const w = slot.worker;
      this.dying.add(w);
      w.once('exit', () => this.dying.delete(w));
      w.kill('SIGKILL');
    }
    if (job) job.resolve({ error: message, kind });
    this.pump();
  }

  /**
   * Stop: tasks waiting or in hand end with `says.closed`; the processes are killed, and gone when
   * it resolves — also for a second call while the first still waits (a scan's deadline closes the
   * pool, and the scan closes it again when its pages return).
   */
  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.resolve({ error: this.o.says.closed, kind: 'crash' });
    const slots = this.slots.splice(0);
    for (const s of slots) {
      const job = s.job;
      this.finish(s);
      job?.resolve({ error: this.o.says.closed, kind: 'crash' });
      s.worker.removeAllListeners();
      s.worker.on('error', () => {});
    }
    await Promise.all(
      [...slots.map((s) => s.worker), ...this.dying].map(
        (w) =>
          new Promise<void>((done) => {
            if (w.exitCode !== null || w.signalCode !== null) return done();
            w.once('exit', () => done());
            w.kill('SIGKILL');
          }),
      ),
    );
  }
}

/**
 * The child's side: each task answered by `handle` (its error sent as the task's error), and
 * `{ ready }` once `loaded` has settled (what the child loads before its first task). The child
 * ends when the pool is gone (its process ended or closed the channel).
 */
export function serveTasks<T, R>(handle: (task: T) => Promise<R>, loaded: Promise<unknown> = Promise.resolve()): void {
  const send = process.send?.bind(process);
  if (!send) return;
  process.on('message', (m: { id: number; task: T }) => {
    handle(m.task).then(
      (ok) => send({ id: m.id, ok } satisfies ChildReply<R>),
      (e: unknown) => send({ id: m.id, error: String((e as Error)?.stack ?? e) } satisfies ChildReply<R>),
    );
  });
  process.on('disconnect', () => process.exit(0));
  const ready = (): void => void send({ ready: true } satisfies ChildReply<R>);
  loaded.then(ready, ready);
}
