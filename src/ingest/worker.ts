/** Child process of the ingest pool (pool.ts): bytes → record (parseReport), one task at a time. */
import { parseReport } from '../index.js';
import type { Report } from '../model/report.js';
import { OUT_OF_TIME, readNothingInTime } from './out-of-time.js';
import { serveTasks } from './processes.js';

export interface ParseTask {
  bytes: Uint8Array;
  name: string;
  /** Page processes for a scanned PDF's pages (ReadOptions.scanJobs). */
  scanJobs: number;
  /**
   * The reader's own time limit (ReadOptions.timeoutMs), a little short of the pool's: a long scan
   * then ends with the pages read and a finding for the rest, not killed with nothing.
   */
  readMs?: number;
}

// Loaded (the parser is imported above): the pool starts a file's time limit from here.
serveTasks<ParseTask, Report>(async (t) => {
  const started = Date.now();
  const record = await parseReport(t.bytes, { path: t.name, scanJobs: t.scanJobs, ...(t.readMs ? { timeoutMs: t.readMs } : {}) });
  if (readNothingInTime(record, Date.now() - started, t.readMs)) throw new Error(OUT_OF_TIME);
  return record;
});
