/**
 * Migrations run forward from every released schema, on SQLite and PostgreSQL: for each step of
 * the list in src/store/migrations.ts, a database is built at that step (kysely's
 * Migrator.migrateTo), rows are written as that version of the store wrote them (only the tables
 * and columns the schema has at that step), then the current store opens it — running the
 * remaining migrations — and reads everything back through its API: the report, its record,
 * findings with a decision, the cell review, the unit, the original bytes; columns a later step
 * added are filled (the pinyin sort keys of 004).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport, type Report } from '../../src/index.js';
import { findingKeys, openStore, type Store } from '../../src/store/index.js';
import { migrations, type DialectName } from '../../src/store/migrations.js';
import { registerFunctions } from '../../src/store/db.js';
import { nameKey } from '../../src/units/names.js';
import { pinyinKey } from '../../src/units/pinyin.js';
import { testPostgres } from './pg.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the schema at an old step is not the store's current type */
type AnyDb = Kysely<any>;

const ROOT = join(__dirname, '..', '..');
const STEPS = Object.keys(migrations('sqlite')).sort();

interface Place {
  dialect: DialectName;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** A raw kysely connection to a new empty database, and how the store opens it. */
  fresh(): Promise<{ db: AnyDb; open: () => Promise<Store> }>;
}

function sqlitePlace(): Place {
  let dir = '';
  let n = 0;
  return {
    dialect: 'sqlite',
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'nianbao-migrate-'));
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
    async fresh() {
      const file = join(dir, `db${n++}.db`);
      // A connection as the store makes one: with the SQL functions its triggers call.
      const sqlite = new SQLite(file);
      registerFunctions(sqlite);
      return { db: new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) }), open: () => openStore({ url: null, file }) };
    },
  };
}

function postgresPlace(): Place {
  const pgs = testPostgres();
  return {
    dialect: 'postgres',
    setup: () => pgs.setup(),
    teardown: () => pgs.teardown(),
    async fresh() {
      const url = await pgs.newDatabase();
      return {
        db: new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) }),
        open: () => openStore({ url }),
      };
    },
  };
}

/** Insert only the columns the table has at this step (a later step adds the others, with their defaults or fills). */
async function insert(db: AnyDb, table: string, row: Record<string, unknown>): Promise<number | null> {
  const tables = await db.introspection.getTables();
  const t = tables.find((x) => x.name === table);
  if (!t) return null;
  const have = new Set(t.columns.map((c) => c.name));
  const values = Object.fromEntries(Object.entries(row).filter(([k]) => have.has(k)));
  if (!have.has('id')) {
    await db.insertInto(table).values(values).execute();
    return null;
  }
  const r = (await db.insertInto(table).values(values).returning('id').executeTakeFirstOrThrow()) as { id: number };
  return r.id;
}

const AGENCY = '延津县人民政府办公室';
const REGION = '河南省/新乡市/延津县';
const CODE = '410726';
const FILE = '2024-延津县人民政府办公室.txt';
const tableNames = async (db: AnyDb): Promise<Set<string>> => new Set((await db.introspection.getTables()).map((t) => t.name));

interface Written {
  bytes: Uint8Array;
  record: Report;
  reportId: number;
  unitId: number;
  decidedKey: string;
  cellReviewed: boolean;
}

/** What the store of that step would have written for one report of a matched unit, with a decision and (from 003) a cell review. */
async function writeRows(db: AnyDb, bytes: Uint8Array, record: Report): Promise<Written> {
  const at = '2024-03-01T08:00:00.000Z';
  const fileId = (await insert(db, 'files', { sha256: record.source.sha256, size: bytes.length, data: Buffer.from(bytes), created_at: at }))!;
  const key = nameKey(AGENCY);
  const unitId = (await insert(db, 'units', {
    name: AGENCY,
    name_key: key,
    name_sort: pinyinKey(AGENCY),
    ident: `${key}|${CODE}`,
    aliases: JSON.stringify(['延津县政府办']),
    region: REGION,
    region_code: CODE,
    level: null,
    parent_id: null,
    created_at: at,
    updated_at: at,
  }))!;
  const errors = record.findings.filter((f) => f.severity === 'error').length;
  const warnings = record.findings.filter((f) => f.severity === 'warning').length;
  const reportId = (await insert(db, 'reports', {
    file_id: fileId,
    sha256: record.source.sha256,
    file_name: FILE,
    format: record.source.format,
    bytes: bytes.length,
    title: record.title,
    agency: record.agency,
    agency_alias: record.agencyAlias,
    agency_key: key,
    unit_id: unitId,
    match_status: 'matched',
    region: REGION,
    region_code: CODE,
    year: record.year,
    template: record.template,
    status: errors ? 'errors' : 'ok',
    errors,
    warnings,
    infos: record.findings.length - errors - warnings,
    group_key: `u:${unitId}`,
    superseded_by: null,
    reviewed_at: '2024-03-02T08:00:00.000Z',
    review_note: '已核对',
    agency_sort: pinyinKey(record.agency),
    search_text: `${record.agency}\n${REGION}`.toLowerCase(),
    created_at: at,
    updated_at: at,
  }))!;
  await insert(db, 'records', { report_id: reportId, record: JSON.stringify(record) });
  const keys = findingKeys(record.findings);
  for (const [i, f] of record.findings.entries())
    await insert(db, 'findings', {
      report_id: reportId,
      key: keys[i]!,
      rule: f.rule,
      severity: f.severity,
      tbl: f.table ?? null,
      row_key: f.row ?? null,
      col_key: f.col ?? null,
      message: f.message,
      line: f.line ?? null,
      page: f.page ?? null,
      fatal: f.fatal ? 1 : 0,
      data: JSON.stringify(f),
    });
  await insert(db, 'decisions', { subject: `u:${unitId}`, year: record.year, key: keys[0]!, decision: 'dismissed', comment: '已与单位核实', updated_at: at });
  const cell = record.cells.find((c) => c.table === 't3' && c.value !== null)!;
  const cellReviewed = (await tableNames(db)).has('cell_reviews');
  await insert(db, 'cell_reviews', {
    subject: `u:${unitId}`,
    year: record.year,
    tbl: 't3',
    row_key: cell.row,
    col_key: cell.col,
    value: JSON.stringify((cell.value ?? 0) + 1),
    read_value: JSON.stringify(cell.value),
    reviewer: '张三',
    updated_at: at,
  });
  return { bytes, record, reportId, unitId, decidedKey: keys[0]!, cellReviewed };
}

describe.each([sqlitePlace(), postgresPlace()])('migrations forward on $dialect', (place) => {
  let bytes: Uint8Array;
  let record: Report;
  beforeAll(async () => {
    await place.setup();
    bytes = new Uint8Array(readFileSync(join(ROOT, '..', 'shared', 'seeds', '003_6e2b379abcfd2652.txt')));
    record = await parseReport(bytes, { path: FILE });
    expect(record).toMatchObject({ agency: AGENCY, year: 2024 });
    expect(record.findings.length).toBeGreaterThan(1);
  });
  afterAll(() => place.teardown());

  it('the list has every released step, in order', () => {
    expect(STEPS.slice(0, 4)).toEqual(['0001_init', '002_review', '003_cell_reviews', '004_pinyin_sort']);
    expect(Object.keys(migrations('postgres')).sort()).toEqual(STEPS);
  });

  it.each(STEPS)('a database at %s opens with the current store and reads back', async (step) => {
    const { db, open } = await place.fresh();
    let w: Written;
    try {
      const provider: MigrationProvider = { getMigrations: async () => migrations(place.dialect) };
      // The store's migration table names (src/store/migrations.ts migrate()).
      const migrator = new Migrator({ db, provider, migrationTableName: 'nianbao_migration', migrationLockTableName: 'nianbao_migration_lock' });
      const { error, results } = await migrator.migrateTo(step);
      expect(error).toBeUndefined();
      expect(results!.at(-1)!.migrationName).toBe(step);
      w = await writeRows(db, bytes, record);
    } finally {
      await db.destroy();
    }

    const store = await open();
    try {
      const ran = (await store.db
        .selectFrom('nianbao_migration' as never)
        .select('name' as never)
        .execute()) as { name: string }[];
      expect(ran.map((r) => r.name).sort()).toEqual(STEPS);

      const got = (await store.getReport(w.reportId))!;
      expect(got).not.toBeNull();
      expect(got.record).toEqual(w.record);
      expect(got.summary).toMatchObject({ id: w.reportId, unitId: w.unitId, unitName: AGENCY, region: REGION, year: w.record.year });
      expect(got.findings.map((f) => f.rule)).toEqual(w.record.findings.map((f) => f.rule));
      expect(got.findings.find((f) => f.key === w.decidedKey)!.decision).toMatchObject({ decision: 'dismissed', comment: '已与单位核实' });
      // 002 added the reviewed mark: rows from before it are not reviewed.
      expect(got.summary.reviewedAt).toBe(step === '0001_init' ? null : '2024-03-02T08:00:00.000Z');
      expect(got.cellReviews).toHaveLength(w.cellReviewed ? 1 : 0);
      if (w.cellReviewed) expect(got.cellReviews[0]).toMatchObject({ table: 't3', reviewer: '张三' });

      const src = (await store.getSource(w.reportId))!;
      expect(Buffer.from(src.bytes).equals(Buffer.from(w.bytes))).toBe(true);

      const units = await store.listUnits({ pageSize: 100 });
      expect(units.items.map((u) => u.name)).toEqual([AGENCY]);
      expect((await store.listReports({ q: '延津', pageSize: 10 })).items.map((r) => r.id)).toEqual([w.reportId]);
      // A word of 3 characters or more: on PostgreSQL through the trigram postings 012 filled from the rows before it.
      expect((await store.listReports({ q: AGENCY, pageSize: 10 })).items.map((r) => r.id)).toEqual([w.reportId]);
      // 004 filled the pinyin sort keys of rows written before it.
      const sortKeys = await store.db.selectFrom('reports').select('agency_sort').executeTakeFirstOrThrow();
      expect(sortKeys.agency_sort).toBe(pinyinKey(w.record.agency));
      expect((await store.db.selectFrom('units').select('name_sort').executeTakeFirstOrThrow()).name_sort).toBe(pinyinKey(AGENCY));

      // And the store keeps working on it: a new file of the same unit and year supersedes the old one.
      const again = new TextEncoder().encode(new TextDecoder().decode(w.bytes) + '\n（更正版）\n');
      const r = await store.ingestFile({ bytes: again, fileName: '2024-延津县人民政府办公室-更正.txt' });
      expect(r.outcome).toBe('superseded');
      expect((await store.summary(w.reportId))!.supersededBy).toBe(r.id);
    } finally {
      await store.close();
    }
  });
});
