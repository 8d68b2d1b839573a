/** Child process of the ingest pool (pool.ts): bytes → record (parseReport), one task at a time. */
import { parseReport } from '../index.js';

export interface ParseTask {
  id: number;
  bytes: Uint8Array;
  name: string;
}
export type ParseReply = { id: number; record: import('../model/report.js').Report } | { id: number; error: string } | { ready: true };

const send = process.send?.bind(process);
if (send) {
  process.on('message', (t: ParseTask) => {
    parseReport(t.bytes, { path: t.name }).then(
      (record) => send({ id: t.id, record } satisfies ParseReply),
      (e: unknown) => send({ id: t.id, error: String((e as Error)?.stack ?? e) } satisfies ParseReply),
    );
  });
  // The pool is gone (its process ended or closed the channel): nothing more will come.
  process.on('disconnect', () => process.exit(0));
  // Loaded (the parser is imported above): the pool starts a file's time limit from here.
  send({ ready: true } satisfies ParseReply);
}
