/**
 * A file out of time. The pool stops a child that runs past a file's limit; the reader inside
 * stops a little sooner at its own limit and may then have read nothing at all (a scan whose OCR
 * had not begun on a loaded machine). That file is out of time just the same, not unreadable: its
 * job fails with the time limit's reason and is tried again, rather than stored as unreadable for
 * good. The child throws `OUT_OF_TIME` for it (worker.ts); the pool answers `outOfTime` (pool.ts).
 */
import type { Report } from '../model/report.js';

export const OUT_OF_TIME = 'nianbao: read nothing within the time limit';

export const outOfTime = (ms: number): string => `解析超过 ${Math.round(ms / 1000)} 秒，已停止`;

/** The reader ran to its time limit (`readMs`, `elapsed` since it began) and read nothing: out of time. */
export const readNothingInTime = (record: Report, elapsed: number, readMs: number | undefined): boolean =>
  !!readMs && elapsed >= readMs && record.findings.some((f) => f.rule === 'R.unreadable' && f.fatal === true);
