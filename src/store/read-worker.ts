/**
 * One reader thread of the pool (read-pool.ts): its own read-only connection to the SQLite file,
 * answering list and search queries with the store's own functions.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StoreContext } from './context.js';
import { readOnlyConnection } from './db.js';
import { listReports } from './reads.js';
import { listUnits } from './units.js';
import type { ReadMethod } from './read-pool.js';

const { file } = workerData as { file: string };
const db = readOnlyConnection(file);
const ctx: StoreContext = {
  db,
  dialect: 'sqlite',
  units: { matcher: null, rev: '' },
  parse: () => Promise.reject(new Error('a reader thread does not parse')),
};

const methods: Record<ReadMethod, (arg: never) => Promise<unknown>> = {
  listReports: (q) => listReports(ctx, q),
  listUnits: (q) => listUnits(ctx, q),
};

parentPort!.on('message', (m: { id: number; method: ReadMethod; arg: unknown }) => {
  methods[m.method](m.arg as never).then(
    (value) => parentPort!.postMessage({ id: m.id, ok: true, value }),
    (e: unknown) => parentPort!.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
