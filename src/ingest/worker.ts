/** Worker thread of the ingest pool: bytes → record (parseReport), one task at a time. */
import { parentPort } from 'node:worker_threads';
import { parseReport } from '../index.js';

export interface ParseTask {
  id: number;
  bytes: Uint8Array;
  name: string;
}
export type ParseReply = { id: number; record: import('../model/report.js').Report } | { id: number; error: string } | { ready: true };

const port = parentPort;
if (port) {
  port.on('message', (t: ParseTask) => {
    parseReport(t.bytes, { path: t.name }).then(
      (record) => port.postMessage({ id: t.id, record } satisfies ParseReply),
      (e: unknown) => port.postMessage({ id: t.id, error: String((e as Error)?.stack ?? e) } satisfies ParseReply),
    );
  });
  // Loaded (the parser is imported above): the pool starts a file's time limit from here.
  port.postMessage({ ready: true } satisfies ParseReply);
}
