/**
 * records.analysis (migration 010): each record's tables, year and layout kept beside it for a
 * region's analysis. Written at ingest; the migration fills it for records stored before; without
 * it (a row the column missed) recordTables still answers from the whole record.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { migrations } from '../../src/store/migrations.js';
import { BACKENDS, storePerTest } from './backends.js';
import { bytesOf, genReport } from '../ingest/gen.js';

describe.each(BACKENDS)('records.analysis on $name', (backend) => {
  let store: Store;
  storePerTest(backend, (s) => (store = s));

  it('written at ingest, filled by the migration for older rows, and read back as the record has it', async () => {
    const ids: number[] = [];
    for (let seed = 1; seed <= 3; seed++)
      ids.push((await store.ingestFile({ bytes: bytesOf(genReport(seed, { agency: `第${seed}县财政局`, year: 2023 }).text), fileName: `${seed}.txt` })).id!);
    const expected = new Map(
      await Promise.all(
        ids.map(async (id) => {
          const r = (await store.getReport(id))!.record;
          return [id, { tables: r.tables, year: r.year, layout: r.layout }] as const;
        }),
      ),
    );
    expect(expected.get(ids[0]!)!.tables.t3).toBeTruthy();
    expect(await store.recordTables(ids)).toEqual(expected);
    const stored = await store.db.selectFrom('records').select(['report_id', 'analysis']).execute();
    expect(stored.every((r) => typeof r.analysis === 'string')).toBe(true);

    // A row written without it: recordTables falls back to the whole record.
    await store.db.updateTable('records').set({ analysis: null }).where('report_id', '=', ids[1]!).execute();
    expect(await store.recordTables(ids)).toEqual(expected);

    // The migration again (down, up) fills every row from the record.
    const m = migrations(backend.name)['010_record_analysis']!;
    await m.down!(store.db);
    await m.up(store.db);
    const filled = await store.db.selectFrom('records').select(['report_id', 'analysis']).execute();
    expect(filled).toHaveLength(3);
    for (const r of filled) expect(JSON.parse(r.analysis!)).toEqual(expected.get(r.report_id));
    expect(await store.recordTables([...ids, 999])).toEqual(expected);
  });
});
