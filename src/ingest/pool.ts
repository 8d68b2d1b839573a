/**
 * A pool of child processes that parse reports (CPU-bound), so a batch uses every core while the
 * main process reads files and writes the database. A child that crashes, runs out of memory or
 * takes longer than the timeout on a file is killed and replaced; that file gets an error, the
 * batch goes on (processes.ts: why processes, not worker threads).
 */
import type { Report } from '../model/report.js';
import { parseReport } from '../index.js';
import type { ParseTask } from './worker.js';
import { OUT_OF_TIME, outOfTime } from './out-of-time.js';
import { defaultJobs } from './jobs.js';
import { ProcessPool } from './processes.js';

export type ParseOutcome = { record: Report } | { error: string; kind: 'crash' | 'timeout' };

export { defaultJobs };

/** Longest a new process may take to load the parser (on a loaded machine, with tsx in tests, seconds). */
const STARTUP_MS = 60_000;

export class ParsePool {
  private readonly procs: ProcessPool<ParseTask, Report> | null;
  private closed = false;

  /**
   * size 0: parse on the calling thread (no workers). `scanJobs`: page processes for each
   * scanned PDF (ReadOptions.scanJobs); 1, reading pages in the file's own process, unless the
   * pool parses one file at a time.
   */
  constructor(
    readonly size: number = defaultJobs(),
    private readonly timeoutMs = 300_000,
    private readonly scanJobs = 1,
  ) {
    this.procs = size
      ? new ProcessPool({
          from: import.meta.url,
          child: 'worker',
          size,
          timeoutMs,
          startupMs: STARTUP_MS,
          execArgv: ['--max-old-space-size=4096'],
          says: {
            timeout: outOfTime,
            error: (e) => `解析时出错：${e.message}`,
            exit: '解析进程意外退出',
            closed: '已中止',
          },
        })
      : null;
  }

  /** `timeoutMs`: a shorter time limit for this file (a queue job must end before its lease). */
  async parse(bytes: Uint8Array, name: string, timeoutMs = this.timeoutMs): Promise<ParseOutcome> {
    if (this.closed) return { error: '已中止', kind: 'crash' };
    if (!this.procs) {
      return parseReport(bytes, { path: name, scanJobs: this.scanJobs }).then(
        (record) => ({ record }),
        (e: unknown) => ({ error: String((e as Error)?.message ?? e), kind: 'crash' as const }),
      );
    }
    const readMs = Math.max(1_000, timeoutMs - Math.min(10_000, timeoutMs / 10));
    const o = await this.procs.run({ bytes, name, scanJobs: this.scanJobs, readMs }, timeoutMs);
    if ('ok' in o) return { record: o.ok };
    // The reader stopped at its own limit with nothing read: out of time, as if stopped here.
    return o.error.includes(OUT_OF_TIME) ? { error: outOfTime(timeoutMs), kind: 'timeout' } : o;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.procs?.close();
  }
}
