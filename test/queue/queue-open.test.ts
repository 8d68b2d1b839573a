/**
 * Processes that open the queue at the same moment on a fresh database — workers started
 * together, an ingest beside them — each open it, and the queue is made once. pg-boss makes a
 * queue in a transaction that inserts its row and then adds a foreign key to the queue table; two
 * such transactions at once deadlock (PostgreSQL aborts one: "deadlock detected"), which a worker
 * started beside another once died of. A failed open leaves nothing running (the process exits).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestQueue, QUEUE } from '../../src/queue/queue.js';
import { openStore, type Store } from '../../src/store/index.js';
import { testPostgres } from '../store/pg.js';

const pgs = testPostgres();
beforeAll(() => pgs.setup());
afterAll(() => pgs.teardown());

const ROOT = resolve(__dirname, '..', '..');

async function sql(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function queueRows(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ n: number }>(`select count(*)::int n from pgboss.queue where name = $1`, [QUEUE])).rows[0]!.n;
  } finally {
    await c.end();
  }
}

describe('opening the queue from several processes at once', () => {
  it('six opens at once on a fresh database, five times over: every one opens, one queue made', async () => {
    for (let round = 0; round < 5; round++) {
      const url = await pgs.newDatabase();
      const stores: Store[] = [];
      stores.push(...(await Promise.all([0, 1, 2, 3, 4, 5].map(() => openStore({ url })))));
      const opened = await Promise.allSettled(stores.map((s) => IngestQueue.open(s, url, { connections: 2 })));
      const errors = opened.flatMap((o) => (o.status === 'rejected' ? [String((o.reason as Error).message)] : []));
      for (const o of opened) if (o.status === 'fulfilled') await o.value.close({ graceful: false });
      for (const s of stores) await s.close();
      expect(errors, `round ${round}`).toEqual([]);
      expect(await queueRows(url)).toBe(1);
    }
  }, 120_000);

  it('a worker whose queue cannot be opened says why and exits (it does not hang on)', async () => {
    const url = await pgs.newDatabase();
    // A queue schema pg-boss takes for its own (a version newer than it knows) with no queue table:
    // pg-boss starts, then making the queue fails.
    await sql(
      url,
      `create schema pgboss; create table pgboss.version (version int, maintained_on timestamptz, cron_on timestamptz); insert into pgboss.version values (999, null, null)`,
    );
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'worker', '--db', url], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '' },
      timeout: 60_000,
    });
    expect(r.signal, `still running after ${Math.round((Date.now() - t0) / 1000)} s; stderr: ${r.stderr}`).toBeNull();
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('已启动');
    expect(r.stderr).toMatch(/无法打开任务队列.*pgboss\.queue/);
  }, 90_000);
});
