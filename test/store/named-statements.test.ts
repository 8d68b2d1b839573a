/**
 * PostgreSQL: kysely's repeated SELECT queries run as named prepared statements (db.ts,
 * withNamedStatements), parsed once a connection; a text run once is not named, nor any but
 * SELECT; a cached plan PostgreSQL refuses after a schema change is run again unnamed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { withNamedStatements } from '../../src/store/db.js';
import { testPostgres } from './pg.js';

describe('named statements on PostgreSQL', () => {
  const pgs = testPostgres();
  let db: Kysely<Record<string, { a: number; b?: number }>>;
  beforeAll(async () => {
    await pgs.setup();
    // One connection: every query below is on the same session.
    db = new Kysely({ dialect: new PostgresDialect({ pool: withNamedStatements(new pg.Pool({ connectionString: await pgs.newDatabase(), max: 1 }), 3) }) });
  });
  afterAll(async () => {
    await db?.destroy();
    await pgs.teardown();
  });
  const prepared = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'nb\\_%'`.execute(db)).rows
      .map((r) => r.statement)
      .filter((s) => !s.includes('pg_prepared_statements'))
      .sort();

  it('a SELECT run twice is prepared once and answers the same; other statements and texts run once are not', async () => {
    await sql`create table t (a integer)`.execute(db);
    await db.insertInto('t').values({ a: 1 }).execute();
    await db.insertInto('t').values({ a: 2 }).execute();
    const q = () => db.selectFrom('t').select('a').where('a', '>', 0).orderBy('a').execute();
    expect(await q()).toEqual([{ a: 1 }, { a: 2 }]);
    expect(await prepared()).toEqual([]);
    expect(await q()).toEqual([{ a: 1 }, { a: 2 }]);
    expect(await q()).toEqual([{ a: 1 }, { a: 2 }]);
    const text = db.selectFrom('t').select('a').where('a', '>', 0).orderBy('a').compile().sql;
    expect(await prepared()).toEqual([text]);
    // An insert run twice is not named.
    expect((await prepared()).some((s) => /^insert/i.test(s))).toBe(false);
  });

  it('at most the given number a connection; a plan refused after a schema change runs unnamed', async () => {
    for (let i = 0; i < 6; i++) for (let k = 0; k < 2; k++) await sql`select ${sql.lit(i)} as n`.execute(db);
    // Three on this connection in all (the first test's query and the look-up of them among them).
    const all3 = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where name like 'nb\\_%'`.execute(db);
    expect(all3.rows[0]!.n).toBe(3);
    await sql`create table u (a integer)`.execute(db);
    await sql`insert into u values (1)`.execute(db);
    await db.destroy();
    db = new Kysely({ dialect: new PostgresDialect({ pool: withNamedStatements(new pg.Pool({ connectionString: await pgs.newDatabase(), max: 1 })) }) });
    await sql`create table u (a integer)`.execute(db);
    await sql`insert into u values (1)`.execute(db);
    const all = () => sql<{ a: number; b?: number }>`select * from u`.execute(db);
    await all();
    await all();
    expect(await prepared()).toEqual(['select * from u']);
    await sql`alter table u add column b integer default 7`.execute(db);
    // Named, PostgreSQL says "cached plan must not change result type"; unnamed it answers.
    expect((await all()).rows).toEqual([{ a: 1, b: 7 }]);
    expect((await all()).rows).toEqual([{ a: 1, b: 7 }]);
  });
});
