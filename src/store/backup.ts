/**
 * Backup and restore of the whole store — reports, records, findings, decisions, cell reviews,
 * units and the original files (kept as bytes in the `files` table, so the database is all there
 * is to save).
 *
 * - SQLite: the online backup API (better-sqlite3's `db.backup()`), page by page while the server
 *   keeps reading and writing; the copy is written beside the target and renamed when complete,
 *   then switched to a single file (journal_mode DELETE) and checked (integrity_check).
 * - PostgreSQL: `pg_dump --format=custom` (one consistent snapshot, also while the server runs);
 *   restore runs `pg_restore`'s script through `psql` in one transaction, after dropping the
 *   target's tables in that same transaction, so a failed restore leaves the target as it was.
 *
 * Restore refuses a target that holds any data unless `force`, refuses a backup made by a newer
 * nianbao (a schema step this version does not know), and opens the result with the current
 * migrations before it says it is done. Every outcome is a result, never an exception.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { DEFAULT_SQLITE_FILE, redactUrl } from './db.js';
import { migrations, type DialectName } from './migrations.js';

/** Where a store is: a SQLite file or a PostgreSQL URL. */
export type Location = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

/** Row counts of what matters to a user, for messages (and tests). */
export interface Counts {
  reports: number;
  files: number;
  units: number;
  decisions: number;
  cellReviews: number;
}

export type BackupResult = { ok: true; dialect: DialectName; file: string; bytes: number; counts: Counts } | { ok: false; message: string };
export type RestoreResult = { ok: true; dialect: DialectName; where: string; counts: Counts; migrated: string[] } | { ok: false; message: string };

const MIGRATION_TABLES = new Set(['nianbao_migration', 'nianbao_migration_lock']);
/** Tables whose rows do not make a database "non-empty": bookkeeping only. */
const BOOKKEEPING = new Set([...MIGRATION_TABLES, 'meta']);

const isPostgresUrl = (u: string): boolean => /^postgres(?:ql)?:\/\//i.test(u);

/** --db value (a SQLite file or a postgres:// URL), else DATABASE_URL, else ./data/nianbao.db. */
export function locate(db?: string | null, env: NodeJS.ProcessEnv = process.env): Location {
  const v = db || env['DATABASE_URL'] || '';
  if (v && isPostgresUrl(v)) return { dialect: 'postgres', url: v };
  return { dialect: 'sqlite', file: db || DEFAULT_SQLITE_FILE };
}

const whereOf = (l: Location): string => (l.dialect === 'sqlite' ? l.file : redactUrl(l.url));
const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });
const errText = (e: unknown): string => String((e as Error)?.message ?? e);

/** What kind of backup file this is, from its first bytes. */
export function backupKind(file: string): DialectName | 'missing' | 'unknown' {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return 'missing';
  }
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    if (n >= 16 && head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
    if (n >= 5 && head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
    return 'unknown';
  } finally {
    closeSync(fd);
  }
}

/** The migrations a backup has that this version does not know (a backup from a newer nianbao). */
function unknownSteps(names: string[], dialect: DialectName): string[] {
  const known = new Set(Object.keys(migrations(dialect)));
  return names.filter((n) => !known.has(n));
}

const newerMessage = (steps: string[]): string => `备份来自更新版本的 nianbao（数据库结构 ${steps.join('、')} 本版本不认识），未恢复：请先升级 nianbao 再恢复`;

function describeCounts(c: Counts): string {
  return `报告 ${c.reports} 份，原始文件 ${c.files} 个，单位 ${c.units} 个，审核决定 ${c.decisions} 条，单元格核对 ${c.cellReviews} 条`;
}

/** One line for the user about a result. */
export function describeResult(r: BackupResult | RestoreResult, verb: 'backup' | 'restore'): string {
  if (!r.ok) return r.message;
  const kind = r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  if (verb === 'backup' && 'file' in r) return `已备份到 ${r.file}（${kind}，${(r.bytes / 1024 / 1024).toFixed(1)} MB）：${describeCounts(r.counts)}`;
  if ('where' in r) return `已恢复到 ${r.where}（${kind}）：${describeCounts(r.counts)}`;
  return '';
}

// ——— SQLite ———

function sqliteTables(db: SQLite.Database): string[] {
  // Ordinary tables only: not the search index's FTS5 tables (virtual, and their shadow tables).
  return (
    db.prepare("select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]
  ).map((r) => r.name);
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function sqliteRows(db: SQLite.Database, table: string): number {
  return Number((db.prepare(`select count(*) as n from ${quoteIdent(table)}`).get() as { n: number | bigint }).n);
}

function sqliteCounts(db: SQLite.Database): Counts {
  const have = new Set(sqliteTables(db));
  const n = (t: string): number => (have.has(t) ? sqliteRows(db, t) : 0);
  return { reports: n('reports'), files: n('files'), units: n('units'), decisions: n('decisions'), cellReviews: n('cell_reviews') };
}

/** Tables holding rows (bookkeeping aside), with their counts. */
function sqliteNonEmpty(db: SQLite.Database): { table: string; rows: number }[] {
  return sqliteTables(db)
    .filter((t) => !BOOKKEEPING.has(t))
    .map((table) => ({ table, rows: sqliteRows(db, table) }))
    .filter((t) => t.rows > 0);
}

function sqliteMigrations(db: SQLite.Database): string[] | null {
  if (!sqliteTables(db).includes('nianbao_migration')) return null;
  return (db.prepare('select name from nianbao_migration order by name').all() as { name: string }[]).map((r) => r.name);
}

function removeSqlite(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}

/** Open an existing SQLite file read-only, or say why not. */
function openExisting(file: string): SQLite.Database | string {
  try {
    const db = new SQLite(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    // Reading the schema is what fails on a file that is not a database.
    sqliteTables(db);
    return db;
  } catch (e) {
    return errText(e);
  }
}

async function backupSqlite(from: string, to: string): Promise<BackupResult> {
  if (!existsSync(from)) return fail(`数据库文件不存在：${from}，未备份`);
  const src = openExisting(from);
  if (typeof src === 'string') return fail(`无法打开数据库 ${from}：${src}`);
  const partial = `${to}.partial-${process.pid}`;
  try {
    if (sqliteMigrations(src) === null) return fail(`${from} 不是 nianbao 数据库（没有 nianbao_migration 表），未备份`);
    const counts = sqliteCounts(src);
    removeSqlite(partial);
    await src.backup(partial);
    // A single self-contained file (no -wal beside it), checked before it takes the final name.
    const copy = new SQLite(partial);
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') return fail(`备份文件校验失败（${String(check)}），未保存`);
    } finally {
      copy.close();
    }
    renameSync(partial, to);
    return { ok: true, dialect: 'sqlite', file: to, bytes: statSync(to).size, counts };
  } catch (e) {
    return fail(`备份失败：${errText(e)}`);
  } finally {
    src.close();
    removeSqlite(partial);
  }
}

async function restoreSqlite(file: string, target: string, force: boolean): Promise<RestoreResult> {
  const bak = openExisting(file);
  if (typeof bak === 'string') return fail(`无法打开备份文件 ${file}：${bak}`);
  const stage = `${target}.restore-${process.pid}`;
  try {
    const check = bak.pragma('quick_check', { simple: true });
    if (check !== 'ok') return fail(`备份文件已损坏（${String(check)}），未恢复`);
    const steps = sqliteMigrations(bak);
    if (steps === null) return fail(`${file} 不是 nianbao 备份（没有 nianbao_migration 表），未恢复`);
    const newer = unknownSteps(steps, 'sqlite');
    if (newer.length) return fail(newerMessage(newer));

    if (existsSync(target)) {
      const cur = openExisting(target);
      if (typeof cur === 'string') return fail(`目标文件 ${target} 不是可打开的 SQLite 数据库（${cur}），未恢复`);
      try {
        const full = sqliteNonEmpty(cur);
        if (full.length && !force) return fail(notEmptyMessage(target, full));
      } finally {
        cur.close();
      }
    }

    // Stage: the backup copied beside the target and brought to the current schema there; the
    // target is touched only once this worked.
    mkdirSync(dirname(resolve(target)), { recursive: true });
    removeSqlite(stage);
    await bak.backup(stage);
    const after = await migrateSqlite(stage);
    if (typeof after === 'string') return fail(`备份无法升级到当前数据库结构（${after}），目标未改动`);
    const migrated = after.filter((n) => !steps.includes(n));

    // Into the target through the backup API as well: one write transaction on the target, so a
    // target in WAL mode (or open elsewhere) gets the whole new content or none of it.
    const staged = new SQLite(stage, { fileMustExist: true });
    try {
      await staged.backup(target);
    } finally {
      staged.close();
    }
    const out = openExisting(target);
    if (typeof out === 'string') return fail(`恢复后的数据库无法打开：${out}`);
    try {
      const c = out.pragma('quick_check', { simple: true });
      if (c !== 'ok') return fail(`恢复后的数据库校验失败（${String(c)}）`);
      return { ok: true, dialect: 'sqlite', where: target, counts: sqliteCounts(out), migrated };
    } finally {
      out.close();
    }
  } catch (e) {
    return fail(`恢复失败：${errText(e)}`);
  } finally {
    bak.close();
    removeSqlite(stage);
  }
}

/** Run the current migrations on a SQLite file. Returns every step the file now has, or why it failed. */
async function migrateSqlite(file: string): Promise<string[] | string> {
  const { connect } = await import('./db.js');
  try {
    // connect() runs the migrations, as the store does when it opens.
    const c = await connect({ url: null, file });
    try {
      return await ranSince(c.db);
    } finally {
      await c.db.destroy();
    }
  } catch (e) {
    return errText(e);
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the migration table is not in the store's types */
async function ranSince(db: import('kysely').Kysely<any>): Promise<string[]> {
  const rows = (await db.selectFrom('nianbao_migration').select('name').orderBy('name').execute()) as { name: string }[];
  return rows.map((r) => r.name);
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function notEmptyMessage(where: string, full: { table: string; rows: number }[]): string {
  const list = full.map((t) => `${t.table} ${t.rows} 行`).join('，');
  return `目标数据库 ${where} 不是空的（${list}），未恢复；确认要用备份覆盖它，请加 --force`;
}

// ——— PostgreSQL ———

/** A URL without its password (given to the tools in PGPASSWORD instead, so it is not on a command line). */
function pgTarget(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  try {
    const u = new URL(url);
    if (u.password) {
      env['PGPASSWORD'] = decodeURIComponent(u.password);
      u.password = '';
    }
    return { url: u.toString(), env };
  } catch {
    return { url, env };
  }
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The program could not be started (not installed). */
  missing: boolean;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => resolvePromise({ code: null, stdout: '', stderr: e.message, missing: e.code === 'ENOENT' }));
    child.on('close', (code) =>
      resolvePromise({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), missing: false }),
    );
  });
}

const toolMissing = (tool: string): string => `找不到 ${tool}（PostgreSQL 客户端工具，Debian/Ubuntu：apt-get install postgresql-client），未完成`;
const toolFailed = (tool: string, r: Ran): string => `${tool} 失败：${redactUrl(r.stderr.trim()).split('\n').slice(-5).join(' ')}`;

async function pgClient(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

async function pgTables(c: pg.Client): Promise<string[]> {
  const r = await c.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
  );
  return r.rows.map((x) => x.table_name);
}

async function pgCounts(c: pg.Client): Promise<Counts> {
  const have = new Set(await pgTables(c));
  const n = async (t: string): Promise<number> => (have.has(t) ? Number((await c.query(`select count(*) as n from ${quoteIdent(t)}`)).rows[0].n) : 0);
  return {
    reports: await n('reports'),
    files: await n('files'),
    units: await n('units'),
    decisions: await n('decisions'),
    cellReviews: await n('cell_reviews'),
  };
}

async function backupPostgres(url: string, to: string): Promise<BackupResult> {
  let counts: Counts;
  try {
    const c = await pgClient(url);
    try {
      if (!(await pgTables(c)).includes('nianbao_migration')) return fail(`${redactUrl(url)} 不是 nianbao 数据库（没有 nianbao_migration 表），未备份`);
      counts = await pgCounts(c);
    } finally {
      await c.end();
    }
  } catch (e) {
    return fail(`无法连接数据库 ${redactUrl(url)}：${redactUrl(errText(e))}`);
  }
  const t = pgTarget(url);
  const partial = `${to}.partial-${process.pid}`;
  try {
    const r = await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${t.url}`], t.env);
    if (r.missing) return fail(toolMissing('pg_dump'));
    if (r.code !== 0) return fail(toolFailed('pg_dump', r));
    const list = await run('pg_restore', ['--list', partial], t.env);
    if (list.missing) return fail(toolMissing('pg_restore'));
    if (list.code !== 0 || !/TABLE\s+\S+\s+nianbao_migration\b/.test(list.stdout)) return fail('备份文件校验失败（pg_restore 读不出 nianbao 的表），未保存');
    renameSync(partial, to);
    return { ok: true, dialect: 'postgres', file: to, bytes: statSync(to).size, counts };
  } catch (e) {
    return fail(`备份失败：${errText(e)}`);
  } finally {
    rmSync(partial, { force: true });
  }
}

/** The migration names recorded in a pg_dump archive (its nianbao_migration table's data). */
async function archiveMigrations(file: string): Promise<string[] | string> {
  const r = await run('pg_restore', ['--data-only', '--table=nianbao_migration', '--file=-', file], process.env);
  if (r.missing) return toolMissing('pg_restore');
  if (r.code !== 0) return toolFailed('pg_restore', r);
  const lines = r.stdout.split('\n');
  const start = lines.findIndex((l) => /^COPY\s+\S*nianbao_migration\s*\(/.test(l));
  if (start < 0) return `${file} 不是 nianbao 备份（没有 nianbao_migration 表）`;
  const cols = /\(([^)]*)\)/
    .exec(lines[start]!)![1]!
    .split(',')
    .map((s) => s.trim().replace(/^"|"$/g, ''));
  const at = cols.indexOf('name');
  const names: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (l === '\\.') break;
    names.push(l.split('\t')[at] ?? '');
  }
  return names;
}

async function restorePostgres(file: string, url: string, force: boolean): Promise<RestoreResult> {
  const steps = await archiveMigrations(file);
  if (typeof steps === 'string') return fail(`${steps}，未恢复`);
  const newer = unknownSteps(steps, 'postgres');
  if (newer.length) return fail(newerMessage(newer));

  let tables: string[];
  try {
    const c = await pgClient(url);
    try {
      tables = await pgTables(c);
      const full: { table: string; rows: number }[] = [];
      for (const t of tables) {
        if (BOOKKEEPING.has(t)) continue;
        const rows = Number((await c.query(`select count(*) as n from ${quoteIdent(t)}`)).rows[0].n);
        if (rows > 0) full.push({ table: t, rows });
      }
      if (full.length && !force) return fail(notEmptyMessage(redactUrl(url), full));
    } finally {
      await c.end();
    }
  } catch (e) {
    return fail(`无法连接数据库 ${redactUrl(url)}：${redactUrl(errText(e))}`);
  }

  // One transaction: drop the target's tables, then the archive's script. psql stops at the first
  // error (ON_ERROR_STOP) and the transaction is rolled back: the target keeps what it had.
  const t = pgTarget(url);
  // The schema's own functions too (the archive creates them again): nb_grams of migration 011,
  // nb_trigrams and the postings' trigger function of 012.
  const drops =
    tables.map((x) => `DROP TABLE IF EXISTS ${quoteIdent(x)} CASCADE;\n`).join('') +
    ['nb_grams(text)', 'nb_trigrams(text)', 'nb_report_trigrams_sync()'].map((f) => `DROP FUNCTION IF EXISTS ${f} CASCADE;\n`).join('');
  const piped = await pipeRestore(file, drops, t.url, t.env);
  if (typeof piped === 'string') return fail(piped);

  try {
    const { connect } = await import('./db.js');
    const c = await connect({ url });
    let migrated: string[];
    try {
      migrated = (await ranSince(c.db)).filter((n) => !steps.includes(n));
    } finally {
      await c.db.destroy();
    }
    const client = await pgClient(url);
    try {
      return { ok: true, dialect: 'postgres', where: redactUrl(url), counts: await pgCounts(client), migrated };
    } finally {
      await client.end();
    }
  } catch (e) {
    return fail(`恢复后的数据库无法升级到当前数据库结构：${redactUrl(errText(e))}`);
  }
}

/** pg_restore's script (from the archive) after `prefix`, into psql in one transaction. Null when it worked, else why not. */
function pipeRestore(file: string, prefix: string, url: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  return new Promise((done) => {
    let settled = false;
    const finish = (v: string | null): void => {
      if (!settled) {
        settled = true;
        done(v);
      }
    };
    const dump = spawn('pg_restore', ['--no-owner', '--no-privileges', '--file=-', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const psql = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-f', '-', '-d', url], { env, stdio: ['pipe', 'ignore', 'pipe'] });
    const errs = { dump: '', psql: '' };
    dump.stderr.on('data', (b: Buffer) => (errs.dump += b.toString('utf8')));
    psql.stderr.on('data', (b: Buffer) => (errs.psql += b.toString('utf8')));
    dump.on('error', (e: NodeJS.ErrnoException) => {
      psql.kill();
      finish(e.code === 'ENOENT' ? toolMissing('pg_restore') : `pg_restore 失败：${e.message}`);
    });
    psql.on('error', (e: NodeJS.ErrnoException) => {
      dump.kill();
      finish(e.code === 'ENOENT' ? toolMissing('psql') : `psql 失败：${e.message}`);
    });
    psql.stdin.on('error', () => {});
    psql.stdin.write(prefix);
    dump.stdout.pipe(psql.stdin);
    let dumpCode: number | null = null;
    dump.on('close', (code) => (dumpCode = code));
    psql.on('close', (code) => {
      if (dumpCode !== null && dumpCode !== 0) finish(`pg_restore 失败：${redactUrl(errs.dump.trim()).split('\n').slice(-5).join(' ')}，目标未改动`);
      else if (code !== 0) finish(`恢复失败（已回滚，目标未改动）：${redactUrl(errs.psql.trim()).split('\n').slice(-5).join(' ')}`);
      else finish(null);
    });
  });
}

// ——— entry points ———

/** Back up the store at `from` into the file `to` (refused when `to` exists, unless `force`). */
export async function backupStore(to: string, from: Location, opts: { force?: boolean } = {}): Promise<BackupResult> {
  if (existsSync(to) && !opts.force) return fail(`备份文件 ${to} 已存在，未覆盖；要覆盖请加 --force`);
  try {
    mkdirSync(dirname(resolve(to)), { recursive: true });
  } catch (e) {
    return fail(`无法创建备份文件所在的文件夹：${errText(e)}`);
  }
  return from.dialect === 'sqlite' ? backupSqlite(from.file, to) : backupPostgres(from.url, to);
}

/**
 * Restore the backup `file` into the store at `into`: refused when the target holds data unless
 * `force`; the result is brought to the current schema and opened before this says it worked.
 */
export async function restoreStore(file: string, into: Location, opts: { force?: boolean } = {}): Promise<RestoreResult> {
  const kind = backupKind(file);
  if (kind === 'missing') return fail(`备份文件不存在或无法读取：${file}`);
  if (kind === 'unknown') return fail(`${file} 不是 nianbao 备份文件（既不是 SQLite 数据库，也不是 pg_dump 归档），未恢复`);
  if (kind !== into.dialect) {
    const name = (d: DialectName): string => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
    return fail(`备份文件是 ${name(kind)} 的，目标 ${whereOf(into)} 是 ${name(into.dialect)}：不能跨数据库恢复，未恢复`);
  }
  return into.dialect === 'sqlite' ? restoreSqlite(file, into.file, !!opts.force) : restorePostgres(file, into.url, !!opts.force);
}
