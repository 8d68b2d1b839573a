/**
 * What every part of the store works with: the database, its dialect, the unit matcher (cached
 * by the revision of the list of units, matching.ts) and the parser (loaded when first needed).
 * The Store class (store.ts) holds one context; the concern modules take it as their first
 * argument.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Report } from '../model/report.js';
import type { Matcher } from '../units/match.js';
import type { DialectName } from './migrations.js';
import type { Database } from './tables.js';

/** The database, or a transaction on it. */
export type Db = Kysely<Database> | Transaction<Database>;

/** Parse a file's bytes into a record (parseReport). */
export type ParseFn = (bytes: Uint8Array, opts: { path: string }) => Promise<Report>;

export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** The matcher over the list of units and the revision of the list it was built from. */
  readonly units: { matcher: Matcher | null; rev: string };
  /** For files stored without a record and for reparse. */
  readonly parse: ParseFn;
}

/** parseReport, with the pipeline imported on the first call (the store does not load it otherwise). */
export const parseLazily: ParseFn = async (bytes, opts) => (await import('../index.js')).parseReport(bytes, opts);
