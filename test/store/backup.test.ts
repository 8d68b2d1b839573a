/**
 * `nianbao backup` / `restore` on SQLite and PostgreSQL: a store with reports (text, DOCX, PDF),
 * a superseded version, decisions, cell reviews, a reviewed mark and units, backed up while it is
 * open, restored into an empty database, reads back the same through the Store API — every
 * report, record, finding with its decision, history, cell review and the original bytes. A
 * target with data is refused (and left alone) unless forced; a file that is not a backup, a
 * backup of the other database kind, and a backup from a newer schema are refused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/cli/serve.js';
import { backupStore, restoreStore, type Location } from '../../src/store/backup.js';
import { openStore, type Store } from '../../src/store/index.js';
import { testPostgres } from './pg.js';

const ROOT = join(__dirname, '..', '..');
const fixture = (p: string): Uint8Array => readFileSync(join(ROOT, 'test', 'fixtures', p));

interface Place {
  name: 'sqlite' | 'postgres';
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** A new, empty database (not created or migrated yet on SQLite; an empty database on PostgreSQL). */
  fresh(): Promise<Location>;
}

const tmp = mkdtempSync(join(tmpdir(), 'nianbao-backup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function sqlitePlace(): Place {
  let n = 0;
  return {
    name: 'sqlite',
    async setup() {},
    async teardown() {},
    fresh: async () => ({ dialect: 'sqlite', file: join(tmp, `sqlite-${n++}`, 'nianbao.db') }),
  };
}

function postgresPlace(): Place {
  const pgs = testPostgres();
  return {
    name: 'postgres',
    setup: () => pgs.setup(),
    teardown: () => pgs.teardown(),
    fresh: async () => ({ dialect: 'postgres', url: await pgs.newDatabase() }),
  };
}

const open = (l: Location): Promise<Store> => openStore(l.dialect === 'sqlite' ? { url: null, file: l.file } : { url: l.url });

async function withStore<T>(l: Location, f: (s: Store) => Promise<T>): Promise<T> {
  const s = await open(l);
  try {
    return await f(s);
  } finally {
    await s.close();
  }
}

/** Everything a user sees of the store, through its API (ids included: a restore keeps them). */
async function contents(store: Store): Promise<unknown> {
  const list = await store.listReports({ includeSuperseded: true, pageSize: 1000 });
  const reports = [];
  for (const s of list.items) {
    const src = (await store.getSource(s.id))!;
    reports.push({ report: await store.getReport(s.id), source: { ...src, bytes: Buffer.from(src.bytes).toString('base64') } });
  }
  const units = await store.listUnits({ pageSize: 10_000 });
  const { db: _db, ...stats } = await store.stats();
  return { list, reports, units, stats, queue: await store.reviewQueue(), regions: await store.regions() };
}

/** A store with something of everything in it. */
async function fill(store: Store): Promise<void> {
  await loadDemo(store);
  for (const [p, name] of [
    ['docx/docx-2021-template.docx', '模板.docx'],
    ['pdf/pdf-2021-basic.pdf', '报告.pdf'],
  ] as const)
    expect((await store.ingestFile({ bytes: fixture(p), fileName: name })).outcome).toBe('new');
  const items = (await store.listReports({ pageSize: 1000 })).items;
  const withFindings = [];
  for (const s of items) {
    const r = (await store.getReport(s.id))!;
    if (r.findings.length) withFindings.push(r);
  }
  expect(withFindings.length).toBeGreaterThanOrEqual(2);
  const [a, b] = withFindings;
  await store.setDecision(a!.summary.id, a!.findings[0]!.key, { decision: 'dismissed', comment: '已与单位核实' });
  await store.setDecision(b!.summary.id, b!.findings[0]!.key, { decision: 'confirmed' });
  const cell = a!.record.cells.find((c) => c.table === 't3' && c.value !== null)!;
  expect(
    await store.setCellReview(a!.summary.id, { table: 't3', row: cell.row, col: cell.col }, { value: (cell.value ?? 0) + 1, reviewer: '张三' }),
  ).not.toBeNull();
  await store.setReviewed(b!.summary.id, true, '已核对');
  // A corrected file of the same unit and year: the first becomes history.
  const first = await store.getSource(items[0]!.id);
  const again = new TextDecoder().decode(first!.bytes) + '\n（更正版）\n';
  await store.ingestFile({ bytes: new TextEncoder().encode(again), fileName: `更正-${first!.fileName}` });
}

const places = [sqlitePlace(), postgresPlace()];

describe.each(places)('backup and restore on $name', (place) => {
  let source: Location;
  let expected: unknown;
  let backupFile: string;

  beforeAll(async () => {
    await place.setup();
    source = await place.fresh();
    backupFile = join(tmp, `${place.name}.backup`);
    // The backup is taken while the store is open (on SQLite its last writes are still in the WAL).
    const store = await open(source);
    try {
      await fill(store);
      expected = await contents(store);
      const b = await backupStore(backupFile, source);
      expect(b, JSON.stringify(b)).toMatchObject({ ok: true, dialect: place.name });
      if (b.ok) expect(b.counts.reports).toBe((await store.stats()).reports);
    } finally {
      await store.close();
    }
  }, 240_000);
  afterAll(() => place.teardown());

  it('restore into a new database gives back the same reports, findings, decisions, cell reviews, units and file bytes', async () => {
    const target = await place.fresh();
    const r = await restoreStore(backupFile, target);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, dialect: place.name });
    const got = await withStore(target, contents);
    expect(got).toEqual(expected);
    const summary = expected as { reports: { report: { findings: { decision: unknown }[]; cellReviews: unknown[] } }[] };
    // The comparison covers what it should: decisions, cell reviews and reviewed marks are there.
    expect(summary.reports.some((x) => x.report.findings.some((f) => f.decision !== null))).toBe(true);
    expect(summary.reports.some((x) => x.report.cellReviews.length > 0)).toBe(true);
  });

  it('an empty database already created by the store is restored into without --force', async () => {
    const target = await place.fresh();
    await withStore(target, async () => {});
    const r = await restoreStore(backupFile, target);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    expect(await withStore(target, contents)).toEqual(expected);
  });

  it('a target with data is refused and left as it was; --force replaces it', async () => {
    const target = await place.fresh();
    const before = await withStore(target, async (s) => {
      await s.importUnitFile(new TextEncoder().encode('名称,地区\n青禾县财政局,河南省/洛阳市/嵩县\n'));
      return contents(s);
    });
    const refused = await restoreStore(backupFile, target);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toMatch(/不是空的.*units 1 行.*--force/);
    expect(await withStore(target, contents)).toEqual(before);

    const forced = await restoreStore(backupFile, target, { force: true });
    expect(forced, JSON.stringify(forced)).toMatchObject({ ok: true });
    expect(await withStore(target, contents)).toEqual(expected);
  });

  it('a backup never overwrites an existing file unless forced', async () => {
    const file = join(tmp, `${place.name}-exists.backup`);
    writeFileSync(file, 'keep me');
    const r = await backupStore(file, source);
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/已存在.*--force/) });
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    expect(await backupStore(file, source, { force: true })).toMatchObject({ ok: true });
  });

  it('refuses what is not a backup, and a backup of the other database kind', async () => {
    const junk = join(tmp, 'junk.backup');
    writeFileSync(junk, '这不是备份文件\n');
    const target = await place.fresh();
    expect(await restoreStore(junk, target)).toMatchObject({ ok: false, message: expect.stringMatching(/不是 nianbao 备份文件/) });
    expect(await restoreStore(join(tmp, 'nothing-here.backup'), target)).toMatchObject({ ok: false, message: expect.stringMatching(/不存在/) });
    const other =
      place.name === 'sqlite'
        ? { dialect: 'postgres' as const, url: 'postgresql://nobody@localhost/none' }
        : { dialect: 'sqlite' as const, file: join(tmp, 'x.db') };
    expect(await restoreStore(backupFile, other)).toMatchObject({ ok: false, message: expect.stringMatching(/不能跨数据库恢复/) });
    expect(place.name === 'sqlite' || !existsSync(join(tmp, 'x.db'))).toBe(true);
  });

  it('refuses a backup from a newer schema (a migration this version does not know); the target is untouched', async () => {
    const newer = await place.fresh();
    await withStore(newer, async (s) => {
      await s.importUnitFile(new TextEncoder().encode('名称,地区\n青禾县财政局,河南省/洛阳市/嵩县\n'));
      await s.db
        .insertInto('nianbao_migration' as never)
        .values({ name: '999_from_the_future', timestamp: new Date().toISOString() } as never)
        .execute();
    });
    const file = join(tmp, `${place.name}-newer.backup`);
    expect(await backupStore(file, newer)).toMatchObject({ ok: true });
    const target = await place.fresh();
    const r = await restoreStore(file, target);
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/更新版本.*999_from_the_future/) });
  });
});

describe('the commands', () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'store', 'backup-cli-entry.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', ...env },
    });

  it('nianbao backup FILE --db and restore FILE --db: Chinese messages, exit 0; a non-empty target exits 1 without --force', async () => {
    const db = join(tmp, 'cli', 'src.db');
    await withStore({ dialect: 'sqlite', file: db }, async (s) => {
      expect((await s.ingestFile({ bytes: fixture('docx/docx-2021-template.docx'), fileName: 'a.docx' })).outcome).toBe('new');
    });
    const file = join(tmp, 'cli', 'nianbao.backup');
    const b = cli(['backup', file, '--db', db]);
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    expect(b.stdout).toMatch(/^已备份到 .*nianbao\.backup（SQLite，[\d.]+ MB）：报告 1 份，原始文件 1 个/);

    const into = join(tmp, 'cli', 'restored.db');
    const r = cli(['restore', file, '--db', into]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^已恢复到 .*restored\.db（SQLite）：报告 1 份，原始文件 1 个/);

    const again = cli(['restore', file, '--db', into]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/不是空的.*--force/);
    expect(cli(['restore', file, '--db', into, '--force']).status).toBe(0);
    expect(cli(['backup', file, '--db', db]).status).toBe(1);
  });
});
