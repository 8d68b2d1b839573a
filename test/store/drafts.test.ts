/**
 * Reports written in the editor, in the store (src/store/drafts.ts), on SQLite and PostgreSQL:
 * the statuses move only as the workflow allows (草稿 → 已提交 → 退回 → 已提交 → 已通过 → 已发布),
 * content is saved only while 草稿 or 退回, every move is kept with who, when, the comment and the
 * attachment (bytes whole), the publication date recorded; the list narrows by status, unit and
 * region.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefill } from '../../src/editor/record.js';
import { ConflictError, DraftBook, MoveError } from '../../src/store/drafts.js';
import { openStore, type Store } from '../../src/store/index.js';
import { testPostgres } from './pg.js';

const pgs = testPostgres();
beforeAll(() => pgs.setup(), 60_000);
afterAll(() => pgs.teardown());

const places: { name: string; open: () => Promise<Store> }[] = [
  { name: 'sqlite', open: () => openStore({ file: join(mkdtempSync(join(tmpdir(), 'nianbao-drafts-')), 'db.sqlite') }) },
  { name: 'postgres', open: async () => openStore({ url: await pgs.newDatabase() }) },
];

describe.each(places)('drafts on $name', ({ open }) => {
  let store: Store;
  let book: DraftBook;
  let a: number;
  let b: number;
  beforeAll(async () => {
    store = await open();
    book = new DraftBook(store.db);
    await store.importUnits([
      { line: 2, name: '延津县财政局', region: '河南省/新乡市/延津县', level: '部门', parent: null, aliases: [] },
      { line: 3, name: '卧龙区财政局', region: '河南省/南阳市/卧龙区', level: '部门', parent: null, aliases: [] },
    ]);
    const units = (await store.listUnits()).items;
    a = units.find((u) => u.name === '延津县财政局')!.id;
    b = units.find((u) => u.name === '卧龙区财政局')!.id;
  }, 60_000);
  afterAll(() => store?.close());

  const content = (name: string, year: number) => {
    const p = prefill({ unitName: name, year, previous: null, register: null });
    return { record: p.record, sections: { s1: '总体情况' }, explanations: { 'T3.rowSum|t3|newReceived|total': '已核实' }, errors: 1, warnings: 2 };
  };
  const unitUser = { name: 'yanjin', role: 'unit' };
  const reviewer = { name: 'xinxiang', role: 'reviewer' };

  it('refuses a save over a version saved since the writer opened it; keeps each save with who and when', async () => {
    const first = await book.save(b, 2023, content('卧龙区财政局', 2023), unitUser, { base: null });
    // Opened before it existed, saved by someone else meanwhile: refused.
    await expect(book.save(b, 2023, content('卧龙区财政局', 2023), unitUser, { base: null })).rejects.toThrow(ConflictError);
    // Two tabs open the same version; the first save wins, the second is refused and writes nothing.
    const mine = await book.save(b, 2023, { ...content('卧龙区财政局', 2023), errors: 5 }, unitUser, { base: first.updatedAt });
    expect(mine.updatedAt > first.updatedAt).toBe(true);
    await expect(
      book.save(b, 2023, { ...content('卧龙区财政局', 2023), errors: 9 }, { name: 'other', role: 'unit' }, { base: first.updatedAt }),
    ).rejects.toThrow('已被他人保存');
    expect((await book.byId(first.id))!.errors).toBe(5);
    // Saved over the current version: fine; without a base (the API's older clients): no check.
    await book.save(b, 2023, content('卧龙区财政局', 2023), unitUser, { base: mine.updatedAt });
    await book.save(b, 2023, content('卧龙区财政局', 2023), unitUser);
    expect((await book.history(first.id)).map((e) => [e.action, e.user])).toEqual([
      ['create', 'yanjin'],
      ['save', 'yanjin'],
      ['save', 'yanjin'],
      ['save', 'yanjin'],
    ]);
    // A save that is part of submitting leaves only the submit in the history.
    await book.save(b, 2023, content('卧龙区财政局', 2023), unitUser, { event: false });
    expect(await book.history(first.id)).toHaveLength(4);
  });

  it('moves only as the workflow allows, keeps every event, records the publication date', async () => {
    const d = await book.save(a, 2024, content('延津县财政局', 2024), unitUser);
    expect(d).toMatchObject({ unitId: a, year: 2024, status: 'draft', errors: 1, warnings: 2, sections: { s1: '总体情况' } });
    // A blank cell is stored blank: the record round-trips with its nulls.
    expect(d.record.tables.t2!['regulations']).toEqual({ issued: null, repealed: null, inForce: null });
    await expect(book.move(d.id, 'approve', reviewer)).rejects.toThrow(MoveError);
    await expect(book.move(d.id, 'return', reviewer, { comment: 'x' })).rejects.toThrow('不能退回');
    await book.move(d.id, 'submit', unitUser);
    await expect(book.save(a, 2024, content('延津县财政局', 2024), unitUser)).rejects.toThrow('不能再修改');
    const docx = new Uint8Array([0x50, 0x4b, 3, 4, 0, 255, 128, 7]);
    await book.move(d.id, 'return', reviewer, { comment: '请补充第五部分', attachment: { name: '问题清单-延津县财政局-2024.docx', bytes: docx } });
    expect((await book.save(a, 2024, { ...content('延津县财政局', 2024), errors: 0 }, unitUser)).status).toBe('returned');
    await book.move(d.id, 'submit', unitUser);
    await expect(book.move(d.id, 'publish', unitUser, { publishedAt: '2025-01-20' })).rejects.toThrow(MoveError);
    await book.move(d.id, 'approve', reviewer, { comment: '同意' });
    const done = await book.move(d.id, 'publish', unitUser, { publishedAt: '2025-01-20' });
    expect(done).toMatchObject({ status: 'published', publishedAt: '2025-01-20', errors: 0 });
    expect(done.submittedAt).not.toBeNull();
    const h = await book.history(d.id);
    expect(h.map((e) => [e.action, e.user, e.from, e.to])).toEqual([
      ['create', 'yanjin', null, 'draft'],
      ['submit', 'yanjin', 'draft', 'submitted'],
      ['return', 'xinxiang', 'submitted', 'returned'],
      ['save', 'yanjin', 'returned', 'returned'],
      ['submit', 'yanjin', 'returned', 'submitted'],
      ['approve', 'xinxiang', 'submitted', 'approved'],
      ['publish', 'yanjin', 'approved', 'published'],
    ]);
    const ret = h[2]!;
    expect(ret).toMatchObject({ comment: '请补充第五部分', attachment: '问题清单-延津县财政局-2024.docx' });
    expect(await book.attachment(d.id, ret.id)).toEqual({ name: '问题清单-延津县财政局-2024.docx', bytes: docx });
    expect(await book.attachment(d.id, h[1]!.id)).toBeNull();
  });

  it('lists by status, unit and region', async () => {
    await book.save(b, 2024, content('卧龙区财政局', 2024), { name: 'wolong', role: 'unit' });
    const b2 = await book.save(b, 2023, content('卧龙区财政局', 2023), { name: 'wolong', role: 'unit' });
    await book.move(b2.id, 'submit', { name: 'wolong', role: 'unit' });
    expect((await book.list()).map((d) => `${d.unitName}${d.year}${d.status}`).sort()).toEqual(
      ['延津县财政局2024published', '卧龙区财政局2024draft', '卧龙区财政局2023submitted'].sort(),
    );
    expect((await book.list({ status: ['submitted'] })).map((d) => [d.unitId, d.year])).toEqual([[b, 2023]]);
    expect((await book.list({ unitId: a })).map((d) => d.year)).toEqual([2024]);
    expect((await book.list({ region: '河南省/新乡市' })).map((d) => d.unitName)).toEqual(['延津县财政局']);
    expect((await book.list({ region: '河南省/新乡' })).map((d) => d.unitName)).toEqual([]);
    expect(await book.list({ region: '河南省' })).toHaveLength(3);
  });
});
