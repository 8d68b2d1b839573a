/**
 * The two databases the store runs on, for `describe.each(BACKENDS)`: the same tests run on a
 * SQLite file and on a throwaway PostgreSQL server (see pg.ts). Each `open()` is a fresh, empty
 * database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { testPostgres } from './pg.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  setup(): Promise<void>;
  teardown(): Promise<void>;
  open(): Promise<Store>;
}

function sqlite(): Backend {
  let dir = '';
  let n = 0;
  return {
    name: 'sqlite',
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'nianbao-sqlite-'));
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
    open: () => openStore({ url: null, file: join(dir, `db${n++}`, 'nianbao.db') }),
  };
}

function postgres(): Backend {
  const pgs = testPostgres();
  return {
    name: 'postgres',
    setup: () => pgs.setup(),
    teardown: () => pgs.teardown(),
    open: async () => openStore({ url: await pgs.newDatabase() }),
  };
}

export const BACKENDS: Backend[] = [sqlite(), postgres()];

/**
 * Inside `describe.each(BACKENDS)`: the backend set up for the block and a fresh, empty store for
 * each test, handed to `use` (and closed after the test).
 */
export function storePerTest(backend: Backend, use: (store: Store) => void): void {
  let store: Store | undefined;
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());
  beforeEach(async () => {
    store = await backend.open();
    use(store);
  });
  afterEach(async () => {
    // Unset when open() failed (e.g. no PostgreSQL): the test has failed already.
    await store?.close();
    store = undefined;
  });
}

/** Every row of every table, for "the database did not change" checks. */
export async function snapshot(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of ['files', 'reports', 'findings', 'decisions', 'units', 'meta'] as const) {
    const rows = await store.db.selectFrom(t).selectAll().execute();
    out[t] = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v))).sort();
  }
  return out;
}
