/**
 * The database connection: embedded SQLite (better-sqlite3, a file under ./data by default) or
 * PostgreSQL (pg Pool) when given a postgres:// URL — DATABASE_URL in the environment. Both go
 * through kysely, so every query below is written once and parameterized.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, SqliteDialect, type PostgresPool, type PostgresPoolClient, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { gramTokens } from './grams.js';
import { migrate, type DialectName } from './migrations.js';
import type { Database } from './tables.js';

export const DEFAULT_SQLITE_FILE = 'data/nianbao.db';

export interface OpenOptions {
  /** postgres://… (or postgresql://…) for PostgreSQL; else ignored. Default: process.env.DATABASE_URL. */
  url?: string | null;
  /** SQLite file (default ./data/nianbao.db; ':memory:' for a throwaway database). */
  file?: string;
}

export interface Connection {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where: the SQLite file, or the PostgreSQL URL without its password. */
  where: string;
}

const isPostgresUrl = (u: string): boolean => /^postgres(?:ql)?:\/\//i.test(u);

/** Hide the password of a URL for messages. */
export const redactUrl = (u: string): string => u.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');

export async function connect(opts: OpenOptions = {}): Promise<Connection> {
  const url = opts.url === undefined ? process.env['DATABASE_URL'] : opts.url;
  if (url && isPostgresUrl(url)) {
    // int8 (count(*), sums) as JS numbers: our counts stay far below 2^53.
    pg.types.setTypeParser(20, (v: string) => Number(v));
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
    await migrate(db, 'postgres');
    return { db, dialect: 'postgres', where: redactUrl(url) };
  }
  const file = opts.file ?? DEFAULT_SQLITE_FILE;
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL: readers (the server) do not block the writer (an ingest), and a crash loses at most the
  // transaction in progress. NORMAL sync is durable across process crashes in WAL mode.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  registerFunctions(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrate(db, 'sqlite');
  return { db, dialect: 'sqlite', where: file };
}

/** How many prepared statements a connection keeps (distinct SQL texts, least recently used dropped). */
const STATEMENT_CACHE = 256;

/**
 * The SQLite connection as kysely sees it, with its prepared statements kept by SQL text: kysely
 * prepares every query it runs, and preparing a list's query (joins, the search index) costs about
 * as much as running it (0.1 ms of a 0.3–0.5 ms search at 100,000 reports). Statements are run to
 * the end each time (kysely's all/run; nothing here streams), so one is never busy when reused.
 */
export function withStatementCache(sqlite: SQLite.Database, size = STATEMENT_CACHE): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      let st = cache.get(text);
      if (st) {
        // Most recently used last: Map keeps insertion order.
        cache.delete(text);
      } else {
        st = sqlite.prepare(text);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, st);
      return st;
    },
  };
}

/** How many named statements one PostgreSQL connection prepares at most (the rest run unnamed). */
const NAMED_PER_CONNECTION = 200;

/** Runs of the same text before it is named: a text run once (an id list of a certain length) is not kept. */
const NAMED_AFTER = 2;

/**
 * The PostgreSQL pool as kysely sees it, its repeated queries run as named prepared statements:
 * kysely sends every query unnamed, which PostgreSQL parses, analyses and plans each time — for a
 * list search at 100,000 reports 0.1–0.3 ms of the backend's 0.4–1 ms a statement. Named, a
 * connection parses a text once and PostgreSQL may keep its plan (plan_cache_mode auto: five custom
 * plans, then the generic one when it is estimated no worse). Only SELECT texts seen NAMED_AFTER
 * times, at most NAMED_PER_CONNECTION a connection; a text whose cached plan PostgreSQL refuses
 * after a schema change (its result type changed) is retried unnamed and never named again.
 */
export function withNamedStatements(pool: pg.Pool, perConnection = NAMED_PER_CONNECTION): PostgresPool {
  // Each text's runs and name (hashed once); a connection's named texts.
  const seen = new Map<string, { runs: number; name: string }>();
  const refused = new Set<string>();
  const named = new WeakMap<pg.PoolClient, Set<string>>();
  const nameOf = (client: pg.PoolClient, text: string): string | null => {
    let t = seen.get(text);
    if (!t) {
      if (!/^\s*(?:select|with)\b/i.test(text)) return null;
      if (seen.size >= 2_000) seen.clear();
      t = { runs: 0, name: `nb_${createHash('sha1').update(text).digest('hex')}` };
      seen.set(text, t);
    }
    if (refused.has(text)) return null;
    let mine = named.get(client);
    if (!mine) named.set(client, (mine = new Set<string>()));
    if (mine.has(t.name)) return t.name;
    if (++t.runs < NAMED_AFTER || mine.size >= perConnection) return null;
    mine.add(t.name);
    return t.name;
  };
  return {
    connect: async () => {
      const client = await pool.connect();
      const query = async (text: string, values: readonly unknown[]) => {
        const name = nameOf(client, text);
        if (name === null) return client.query(text, [...values]);
        try {
          return await client.query({ name, text, values: [...values] });
        } catch (e) {
          if ((e as { code?: string }).code !== '0A000' || !/cached plan/.test(String((e as Error).message))) throw e;
          refused.add(text);
          return client.query(text, [...values]);
        }
      };
      return {
        query: ((textOrCursor: string | object, values?: readonly unknown[]) =>
          typeof textOrCursor === 'string' ? query(textOrCursor, values ?? []) : client.query(textOrCursor as never)) as unknown as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}

/** The SQL functions the schema's triggers call: nb_grams for the gram index (grams.ts, migration 011). */
export function registerFunctions(sqlite: SQLite.Database): void {
  sqlite.function('nb_grams', { deterministic: true }, (t: unknown) => gramTokens(typeof t === 'string' ? t : null));
}

/** A read-only connection to an SQLite file the store has opened (a reader thread's, read-pool.ts). */
export function readOnlyConnection(file: string): Kysely<Database> {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 10000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}
