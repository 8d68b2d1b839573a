/**
 * Lists and searches in reader threads (src/store/read-pool.ts): on an SQLite file the store
 * answers listReports and listUnits from threads with their own read-only connections. The
 * answers are those of the store's own thread, a write is seen by the next read, many reads at
 * once all come back, and a dead thread fails only its own reads and is replaced.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { bytesOf, genReport } from '../ingest/gen.js';

describe('reader threads of an SQLite store', () => {
  let dir = '';
  let pooled: Store;
  let plain: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nianbao-readers-'));
    const file = join(dir, 'nianbao.db');
    pooled = await openStore({ url: null, file, readers: 2 });
    plain = await openStore({ url: null, file });
  }, 60_000);
  afterAll(async () => {
    await pooled?.close();
    await plain?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ingest = async (seed: number, agency: string, year: number) =>
    (await pooled.ingestFile({ bytes: bytesOf(genReport(seed, { agency, year }).text), fileName: `${agency}-${seed}.txt` })).id!;

  it('answers as the store itself does, and sees each write at the next read', async () => {
    expect(pooled.readPool?.size).toBe(2);
    expect(plain.readPool).toBeNull();
    const a = await ingest(61, '延津县市场监督管理局', 2023);
    expect((await pooled.listReports({ q: '延津' })).items.map((r) => r.id)).toEqual([a]);
    const b = await ingest(62, '封丘县财政局', 2023);
    const c = await ingest(63, '封丘县教育局', 2022);
    for (const query of [
      {},
      { q: '封丘县' },
      { q: '局', year: 2023 },
      { q: '市场监管局' },
      { sort: 'agency' as const, order: 'asc' as const },
      { pageSize: 1, page: 2 },
    ])
      expect(await pooled.listReports(query)).toEqual(await plain.listReports(query));
    expect((await pooled.listReports({ q: '封丘' })).items.map((r) => r.id)).toEqual([c, b]);
    await pooled.importUnits([{ line: 2, name: '封丘县财政局', region: '河南省/新乡市/封丘县', level: null, parent: null, aliases: ['封财'] }]);
    for (const query of [{ q: '封财' }, { q: '财政局' }, { region: '河南省/新乡市' }])
      expect(await pooled.listUnits(query)).toEqual(await plain.listUnits(query));
    expect((await pooled.listUnits({ q: '封财' })).items.map((u) => u.name)).toEqual(['封丘县财政局']);
  });

  it('takes many reads at once across its threads', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => pooled.listReports({ q: i % 2 ? '封丘' : '延津' })));
    expect(answers.map((r) => r.total)).toEqual(Array.from({ length: 40 }, (_, i) => (i % 2 ? 2 : 1)));
  });

  it('a read in hand keeps a process alive (an idle thread does not)', async () => {
    // A script that awaits a read and prints its answer: with the thread unreferenced while busy the
    // process would end before the answer came back, printing nothing.
    const file = join(dir, 'nianbao.db');
    const script = `import { openStore } from ${JSON.stringify(join(process.cwd(), 'src/store/index.ts'))};
      const s = await openStore({ url: null, file: ${JSON.stringify(file)}, readers: 1 });
      const r = await s.listReports({ q: '封丘' });
      console.log('total=' + r.total);`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(out.stdout.trim(), out.stderr).toBe('total=2');
    expect(out.status).toBe(0);
  });

  it('a thread that dies fails its own reads only and is replaced', async () => {
    const pool = pooled.readPool!;
    const internal = pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] };
    const first = internal.slots[0]!.worker;
    await first.terminate();
    // The exit is seen, the thread replaced; reads go on.
    await expect.poll(() => internal.slots[0]!.worker !== first, { timeout: 10_000 }).toBe(true);
    const again = await Promise.all(Array.from({ length: 6 }, () => pooled.listReports({ q: '封丘' })));
    expect(again.every((r) => r.total === 2)).toBe(true);
  });
});
