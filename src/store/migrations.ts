/**
 * The store's schema as kysely migrations, defined in code; the one list runs on SQLite and
 * PostgreSQL. Only three column types differ by dialect (auto-increment id, bytes, JSON), and
 * they are chosen here, in one place. Append new migrations; never edit one that has shipped.
 */
import { pinyinKey } from '../units/pinyin.js';
import { PG_GRAMS_FUNCTION, PG_TRIGRAMS_FUNCTION, PG_TRIGRAMS_TRIGGER, unitGramsText } from './grams.js';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type ColumnDefinitionBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations work on the schema before it exists */
type AnyDb = Kysely<any>;

function types(dialect: DialectName): {
  id: (db: AnyDb, table: string) => ReturnType<AnyDb['schema']['createTable']>;
  bytes: 'blob' | 'bytea';
  json: 'text' | 'jsonb';
} {
  const pg = dialect === 'postgres';
  return {
    id: (db, table) =>
      db.schema
        .createTable(table)
        .addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement())),
    bytes: pg ? 'bytea' : 'blob',
    json: pg ? 'jsonb' : 'text',
  };
}

export function migrations(dialect: DialectName): Record<string, Migration> {
  const t = types(dialect);
  return {
    '0001_init': {
      async up(db: AnyDb) {
        await t
          .id(db, 'files')
          .addColumn('sha256', 'text', (c) => c.notNull().unique())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('data', t.bytes, (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await t
          .id(db, 'units')
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_key', 'text', (c) => c.notNull())
          .addColumn('ident', 'text', (c) => c.notNull().unique())
          .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('region', 'text')
          .addColumn('region_code', 'text')
          .addColumn('level', 'text')
          .addColumn('parent_id', 'integer', (c) => c.references('units.id').onDelete('set null'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('units_name_key').on('units').column('name_key').execute();
        await db.schema.createIndex('units_region').on('units').column('region').execute();

        await t
          .id(db, 'reports')
          .addColumn('file_id', 'integer', (c) => c.notNull().unique().references('files.id').onDelete('cascade'))
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('bytes', 'integer', (c) => c.notNull())
          .addColumn('title', 'text')
          .addColumn('agency', 'text')
          .addColumn('agency_alias', 'text')
          .addColumn('agency_key', 'text')
          .addColumn('unit_id', 'integer', (c) => c.references('units.id').onDelete('set null'))
          .addColumn('match_status', 'text', (c) => c.notNull())
          .addColumn('region', 'text')
          .addColumn('region_code', 'text')
          .addColumn('year', 'integer')
          .addColumn('template', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('errors', 'integer', (c) => c.notNull())
          .addColumn('warnings', 'integer', (c) => c.notNull())
          .addColumn('infos', 'integer', (c) => c.notNull())
          .addColumn('group_key', 'text')
          .addColumn('superseded_by', 'integer')
          .addColumn('search_text', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        // The record (tens of KB) lives in its own table: a list or a search scans the narrow
        // reports table only (with the record inline, 10,000 reports took 14 ms per count).
        await db.schema
          .createTable('records')
          .addColumn('report_id', 'integer', (c) => c.primaryKey().references('reports.id').onDelete('cascade'))
          .addColumn('record', t.json, (c) => c.notNull())
          .execute();
        for (const cols of [['group_key', 'year'], ['year'], ['unit_id'], ['status'], ['superseded_by'], ['region'], ['sha256']]) {
          await db.schema
            .createIndex(`reports_${cols.join('_')}`)
            .on('reports')
            .columns(cols)
            .execute();
        }

        await t
          .id(db, 'findings')
          .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('rule', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('tbl', 'text')
          .addColumn('row_key', 'text')
          .addColumn('col_key', 'text')
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('line', 'integer')
          .addColumn('page', 'integer')
          .addColumn('fatal', 'integer', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('findings_report').on('findings').columns(['report_id', 'key']).unique().execute();
        await db.schema.createIndex('findings_rule').on('findings').columns(['rule', 'report_id']).execute();

        await db.schema
          .createTable('decisions')
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('decision', 'text', (c) => c.notNull())
          .addColumn('comment', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('decisions_pk', ['subject', 'year', 'key'])
          .execute();

        await db.schema
          .createTable('meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
      },
      async down(db: AnyDb) {
        for (const table of ['meta', 'decisions', 'findings', 'records', 'reports', 'units', 'files']) await db.schema.dropTable(table).execute();
      },
    },
    // A reviewer marks a report 已审核 (reviewed); a new version of it starts unreviewed.
    '002_review': {
      async up(db: AnyDb) {
        await db.schema.alterTable('reports').addColumn('reviewed_at', 'text').execute();
        await db.schema.alterTable('reports').addColumn('review_note', 'text').execute();
      },
      async down(db: AnyDb) {
        await db.schema.alterTable('reports').dropColumn('review_note').execute();
        await db.schema.alterTable('reports').dropColumn('reviewed_at').execute();
      },
    },
    // A reviewer's confirmation of a cell (a scanned number checked against the page): kept
    // beside what was read, never over it; keyed like decisions so it survives a re-parse.
    '003_cell_reviews': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('cell_reviews')
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('tbl', 'text', (c) => c.notNull())
          .addColumn('row_key', 'text', (c) => c.notNull())
          .addColumn('col_key', 'text', (c) => c.notNull())
          .addColumn('value', 'text')
          .addColumn('read_value', 'text')
          .addColumn('reviewer', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('cell_reviews_pk', ['subject', 'year', 'tbl', 'row_key', 'col_key'])
          .execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('cell_reviews').execute();
      },
    },
    // Lists of units and reports sorted in pinyin order: a sort key per name, filled here for
    // what is stored and kept by the store from now on.
    '004_pinyin_sort': {
      async up(db: AnyDb) {
        await db.schema
          .alterTable('reports')
          .addColumn('agency_sort', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('units')
          .addColumn('name_sort', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        for (const r of (await db.selectFrom('reports').select(['id', 'agency', 'agency_alias']).execute()) as {
          id: number;
          agency: string | null;
          agency_alias: string | null;
        }[])
          await db
            .updateTable('reports')
            .set({ agency_sort: pinyinKey(r.agency ?? r.agency_alias) })
            .where('id', '=', r.id)
            .execute();
        for (const u of (await db.selectFrom('units').select(['id', 'name']).execute()) as { id: number; name: string }[])
          await db
            .updateTable('units')
            .set({ name_sort: pinyinKey(u.name) })
            .where('id', '=', u.id)
            .execute();
        await db.schema.createIndex('reports_agency_sort').on('reports').column('agency_sort').execute();
        await db.schema.createIndex('units_name_sort').on('units').column('name_sort').execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropIndex('units_name_sort').execute();
        await db.schema.dropIndex('reports_agency_sort').execute();
        await db.schema.alterTable('units').dropColumn('name_sort').execute();
        await db.schema.alterTable('reports').dropColumn('agency_sort').execute();
      },
    },
    // Accounts: users with a role and a scope, sessions and API tokens (hashes only), and the
    // audit log of every upload, decision, submission and export.
    '005_accounts': {
      async up(db: AnyDb) {
        await t
          .id(db, 'users')
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('scope_region', 'text')
          .addColumn('scope_unit_id', 'integer', (c) => c.references('units.id').onDelete('set null'))
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await t
          .id(db, 'api_tokens')
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_used_at', 'text')
          .execute();
        await t
          .id(db, 'audit_log')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('user_name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target', 'text')
          .addColumn('detail', 'text')
          .addColumn('ip', 'text')
          .execute();
        await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
      },
      async down(db: AnyDb) {
        for (const table of ['audit_log', 'api_tokens', 'sessions', 'users']) await db.schema.dropTable(table).execute();
      },
    },
    // A unit's request register (依申请公开台账): one row per request, kept as the register module's JSON.
    '006_register': {
      async up(db: AnyDb) {
        await t
          .id(db, 'register_rows')
          .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
          .addColumn('row_key', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('register_rows_unit_key', ['unit_id', 'row_key'])
          .execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('register_rows').execute();
      },
    },
    // Search through the database's own index, so lists and searches stay fast at 100,000 reports:
    // SQLite FTS5 tables with the trigram tokenizer over reports.search_text and the units' name,
    // aliases and region (kept by triggers), PostgreSQL pg_trgm GIN indexes under the LIKE the
    // store already runs. A trigram index needs 3 characters: shorter words scan (search.ts).
    '007_search': {
      async up(db: AnyDb) {
        if (dialect === 'postgres') {
          await sql`create extension if not exists pg_trgm`.execute(db);
          await sql`create index reports_search_trgm on reports using gin (search_text gin_trgm_ops)`.execute(db);
          for (const [name, expr] of [
            ['units_name_trgm', sql`lower(name)`],
            ['units_aliases_trgm', sql`lower(aliases)`],
            ['units_region_trgm', sql`lower(coalesce(region, ''))`],
          ] as const)
            await sql`create index ${sql.id(name)} on units using gin ((${expr}) gin_trgm_ops)`.execute(db);
          return;
        }
        for (const [table, cols] of [
          ['reports', ['search_text']],
          ['units', ['name', 'aliases', 'region']],
        ] as const) {
          const fts = `${table}_fts`;
          const list = cols.join(', ');
          const values = (row: string) => cols.map((c) => `${row}.${c}`).join(', ');
          await sql.raw(`create virtual table ${fts} using fts5(${list}, content='${table}', content_rowid='id', tokenize='trigram')`).execute(db);
          await sql.raw(`insert into ${fts}(${fts}) values ('rebuild')`).execute(db);
          await sql
            .raw(`create trigger ${fts}_ai after insert on ${table} begin insert into ${fts}(rowid, ${list}) values (new.id, ${values('new')}); end`)
            .execute(db);
          await sql
            .raw(
              `create trigger ${fts}_ad after delete on ${table} begin insert into ${fts}(${fts}, rowid, ${list}) values ('delete', old.id, ${values('old')}); end`,
            )
            .execute(db);
          await sql
            .raw(
              `create trigger ${fts}_au after update of ${list} on ${table} begin ` +
                `insert into ${fts}(${fts}, rowid, ${list}) values ('delete', old.id, ${values('old')}); ` +
                `insert into ${fts}(rowid, ${list}) values (new.id, ${values('new')}); end`,
            )
            .execute(db);
        }
      },
      async down(db: AnyDb) {
        if (dialect === 'postgres') {
          for (const name of ['reports_search_trgm', 'units_name_trgm', 'units_aliases_trgm', 'units_region_trgm']) await db.schema.dropIndex(name).execute();
          return;
        }
        for (const fts of ['reports_fts', 'units_fts']) {
          for (const t of ['ai', 'ad', 'au']) await sql.raw(`drop trigger ${fts}_${t}`).execute(db);
          await sql.raw(`drop table ${fts}`).execute(db);
        }
      },
    },
    // Reports written in the editor (issue 12): one draft per unit and year with its status, and
    // the history of every save, submission, return (with the problem list DOCX), approval, publication.
    '008_report_drafts': {
      async up(db: AnyDb) {
        await t
          .id(db, 'report_drafts')
          .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('record', 'text', (c) => c.notNull())
          .addColumn('sections', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('explanations', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('warnings', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('submitted_at', 'text')
          .addColumn('published_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('report_drafts_unit_year', ['unit_id', 'year'])
          .execute();
        await db.schema.createIndex('report_drafts_status').on('report_drafts').column('status').execute();
        await t
          .id(db, 'report_draft_events')
          .addColumn('draft_id', 'integer', (c) => c.notNull().references('report_drafts.id').onDelete('cascade'))
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('user_name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('from_status', 'text')
          .addColumn('to_status', 'text', (c) => c.notNull())
          .addColumn('comment', 'text')
          .addColumn('attachment', t.bytes)
          .addColumn('attachment_name', 'text')
          .execute();
        await db.schema.createIndex('report_draft_events_draft').on('report_draft_events').column('draft_id').execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('report_draft_events').execute();
        await db.schema.dropTable('report_drafts').execute();
      },
    },
    // Originals waiting for a worker (src/store/blobs.ts): content-addressed, removed once stored.
    '009_blobs': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('blobs')
          .addColumn('sha256', 'text', (c) => c.primaryKey())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('data', t.bytes, (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
      },
      async down(db: AnyDb) {
        await db.schema.dropTable('blobs').execute();
      },
    },
    // What the analysis of a region reads of each record (its tables, year and layout), kept as
    // its own small JSON beside the record: taking it out of the whole record (about 30 KB with
    // every cell's place) was most of the time of a province's roll-up at 100,000 reports.
    '010_record_analysis': {
      async up(db: AnyDb) {
        await db.schema.alterTable('records').addColumn('analysis', 'text').execute();
        if (dialect === 'postgres')
          await sql`update records set analysis = jsonb_build_object('tables', record->'tables', 'year', record->'year', 'layout', record->'layout')::text`.execute(
            db,
          );
        else
          await sql`update records set analysis = json_object('tables', json(record->'$.tables'), 'year', record->'$.year', 'layout', json(record->'$.layout'))`.execute(
            db,
          );
      },
      async down(db: AnyDb) {
        await db.schema.alterTable('records').dropColumn('analysis').execute();
      },
    },
    // Words of one or two characters through an index too (grams.ts): every character and pair of
    // characters of the search texts — 延津 or 局 was a LIKE over every row. SQLite: contentless
    // FTS5 tables filled by triggers through the function nb_grams (registered in db.ts);
    // PostgreSQL: the function nb_grams and GIN indexes on it.
    '011_search_grams': {
      async up(db: AnyDb) {
        if (dialect === 'postgres') {
          await sql.raw(PG_GRAMS_FUNCTION).execute(db);
          await sql`create index reports_search_grams on reports using gin (nb_grams(search_text))`.execute(db);
          await sql.raw(`create index units_search_grams on units using gin (nb_grams(${unitGramsText('postgres', '')}))`).execute(db);
          return;
        }
        for (const [table, text] of [
          ['reports', (row: string) => `${row}search_text`],
          ['units', (row: string) => unitGramsText('sqlite', row)],
        ] as const) {
          const g = `${table}_grams`;
          const cols = table === 'reports' ? 'search_text' : 'name, aliases, region';
          await sql.raw(`create virtual table ${g} using fts5(g, content='', contentless_delete=1, tokenize='ascii', detail='none')`).execute(db);
          await sql.raw(`insert into ${g}(rowid, g) select id, nb_grams(${text(`${table}.`)}) from ${table}`).execute(db);
          await sql
            .raw(`create trigger ${g}_ai after insert on ${table} begin insert into ${g}(rowid, g) values (new.id, nb_grams(${text('new.')})); end`)
            .execute(db);
          await sql.raw(`create trigger ${g}_ad after delete on ${table} begin delete from ${g} where rowid = old.id; end`).execute(db);
          await sql
            .raw(
              `create trigger ${g}_au after update of ${cols} on ${table} begin ` +
                `delete from ${g} where rowid = old.id; insert into ${g}(rowid, g) values (new.id, nb_grams(${text('new.')})); end`,
            )
            .execute(db);
        }
      },
      async down(db: AnyDb) {
        if (dialect === 'postgres') {
          for (const name of ['reports_search_grams', 'units_search_grams']) await db.schema.dropIndex(name).execute();
          await sql`drop function nb_grams(text)`.execute(db);
          return;
        }
        for (const g of ['reports_grams', 'units_grams']) {
          for (const t of ['ai', 'ad', 'au']) await sql.raw(`drop trigger ${g}_${t}`).execute(db);
          await sql.raw(`drop table ${g}`).execute(db);
        }
      },
    },
    // PostgreSQL: each report's trigrams as postings in a btree (grams.ts, PG_TRIGRAMS_FUNCTION),
    // so a list reads a common word's reports in order and stops at its page or its count cap
    // instead of a GIN bitmap of every match. SQLite's FTS5 tables already give rowid order: nothing.
    '012_search_trigram_postings': {
      async up(db: AnyDb) {
        if (dialect !== 'postgres') return;
        await sql.raw(PG_TRIGRAMS_FUNCTION).execute(db);
        await sql`create table report_trigrams (trigram text not null, report_id integer not null)`.execute(db);
        await sql`insert into report_trigrams (trigram, report_id) select g, r.id from reports as r cross join lateral nb_trigrams(r.search_text) as g`.execute(
          db,
        );
        await sql`alter table report_trigrams add primary key (trigram, report_id)`.execute(db);
        await sql`create index report_trigrams_report on report_trigrams (report_id)`.execute(db);
        await sql.raw(PG_TRIGRAMS_TRIGGER).execute(db);
        await sql`analyze report_trigrams`.execute(db);
      },
      async down(db: AnyDb) {
        if (dialect !== 'postgres') return;
        await sql`drop trigger report_trigrams_sync on reports`.execute(db);
        await sql`drop function nb_report_trigrams_sync()`.execute(db);
        await sql`drop table report_trigrams`.execute(db);
        await sql`drop function nb_trigrams(text)`.execute(db);
      },
    },
  };
}

/** Bring the database to the latest schema. Throws (a programmer or deployment error) when a migration fails. */
export async function migrate(db: AnyDb, dialect: DialectName): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const migrator = new Migrator({ db, provider, migrationTableName: 'nianbao_migration', migrationLockTableName: 'nianbao_migration_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
