/**
 * The request register over the API, on the real app: a unit's register imported from XLSX (a
 * bad row rejects the file with its row number, nothing stored), read back with deadlines and
 * flags, exported, and turned into tables 三 and 四 of a year that equal an independent count and
 * pass the report's rules; a unit outside the user's scope is 404.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTER_COLUMNS, REGISTER_SHEET, exportRegisterXlsx } from '../../src/register/index.js';
import { createApp } from '../../src/server/app.js';
import * as contract from '../../src/server/contract.js';
import { ROUTES } from '../../src/server/routes.js';
import { openStore, type Store } from '../../src/store/index.js';
import { generateRegister } from '../register/generate.js';

let store: Store;
let app: ReturnType<typeof createApp>['app'];
let close: () => Promise<void>;
let unitId: number;
let otherUnit: number;

const form = (name: string, bytes: Uint8Array): FormData => {
  const fd = new FormData();
  fd.append('file', new Blob([bytes]), name);
  return fd;
};
const colOf = (header: string): number => REGISTER_COLUMNS.findIndex((c) => c.header === header) + 1;
const generated = generateRegister(21, 80, 2023, 2024);

beforeAll(async () => {
  store = await openStore({ file: join(mkdtempSync(join(tmpdir(), 'nianbao-register-')), 'db.sqlite') });
  ({ app, close } = createApp({ store, workers: 0 }));
  await store.importUnits([
    { line: 2, name: '延津县财政局', region: '河南省/新乡市/延津县', level: '部门', parent: null, aliases: [] },
    { line: 3, name: '卧龙区财政局', region: '河南省/南阳市/卧龙区', level: '部门', parent: null, aliases: [] },
  ]);
  const units = (await store.listUnits()).items;
  unitId = units.find((u) => u.name === '延津县财政局')!.id;
  otherUnit = units.find((u) => u.name === '卧龙区财政局')!.id;
});
afterAll(async () => {
  await close();
  await store.close();
});

describe('a unit’s request register', () => {
  it('a file with one bad row is refused whole, with the row number and reason; nothing stored', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportRegisterXlsx(generated.map((g) => g.row))) as unknown as ArrayBuffer);
    wb.getWorksheet(REGISTER_SHEET)!.getCell(7, colOf('申请渠道')).value = '飞鸽传书';
    const bad = new Uint8Array(await wb.xlsx.writeBuffer());
    const res = contract.registerImportResult.parse(
      await (await app.request(ROUTES.registerImport.path(unitId), { method: 'POST', body: form('台账.xlsx', bad) })).json(),
    );
    expect(res).toMatchObject({ ok: false, imported: 0, total: 80, rejected: [7] });
    expect(res.messages.some((m) => m.message.startsWith('第7行「申请渠道」列'))).toBe(true);
    const view = contract.registerView.parse(await (await app.request(ROUTES.register.path(unitId))).json());
    expect(view.rows).toEqual([]);
  });

  it('imported, read back with deadlines and flags, exported, and turned into tables 三/四 equal to an independent count', async () => {
    const good = await exportRegisterXlsx(generated.map((g) => g.row));
    const res = contract.registerImportResult.parse(
      await (await app.request(ROUTES.registerImport.path(unitId), { method: 'POST', body: form('台账.xlsx', good) })).json(),
    );
    expect(res).toMatchObject({ ok: true, imported: 80 });
    const view = contract.registerView.parse(await (await app.request(ROUTES.register.path(unitId, { asOf: '2024-12-31' }))).json());
    expect(view.rows).toHaveLength(80);
    expect(view.years).toEqual([2023, 2024]);
    // Every concluded request has a reply date; the open ones of the generator are open here too.
    const openIds = new Set(generated.filter((g) => g.concludedDay === null).map((g) => g.row.id));
    for (const r of view.rows) expect(r.status === 'concluded', String(r.row['id'])).toBe(!openIds.has(String(r.row['id'])));
    // Export gives the same rows back.
    const xlsx = await app.request(ROUTES.registerXlsx.path(unitId));
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    const again = contract.registerImportResult.parse(
      await (
        await app.request(ROUTES.registerImport.path(unitId), { method: 'POST', body: form('again.xlsx', new Uint8Array(await xlsx.arrayBuffer())) })
      ).json(),
    );
    expect(again).toMatchObject({ ok: true, imported: 80 });

    // Table 三 of 2024 by an independent count: new requests received in 2024 per applicant column;
    // concluded in 2024 per outcome row.
    const t = contract.registerTables.parse(await (await app.request(ROUTES.registerTables.path(unitId, 2024))).json());
    const DAY = 86_400_000;
    const y0 = Date.UTC(2024, 0, 1) / DAY;
    const y1 = Date.UTC(2025, 0, 1) / DAY;
    const inYear = (d: number | null) => d !== null && d >= y0 && d < y1;
    const newIn = generated.filter((g) => inYear(g.receivedDay));
    expect(t.t3['newReceived']!['total']).toBe(newIn.length);
    expect(t.t3['newReceived']!['naturalPerson']).toBe(newIn.filter((g) => g.row.applicantType === 'naturalPerson').length);
    const concluded = generated.filter((g) => inYear(g.concludedDay) && g.row.outcome === 'granted');
    expect(t.t3['granted']!['total']).toBe(concluded.length);
    expect(t.findings.filter((f) => f.severity === 'error')).toEqual([]);
    // The template is there to start from.
    expect((await app.request(ROUTES.registerTemplate.path())).headers.get('content-type')).toMatch(/spreadsheetml/);
  });

  it('a reviewer of another region, or another unit, gets 404', async () => {
    await store.accounts.addUser({ name: 'nanyang', role: 'reviewer', scope: '河南省/南阳市', password: 'reviewer-pass' });
    await store.accounts.addUser({ name: 'wolong', role: 'unit', scope: '卧龙区财政局', password: 'unit-pass-12' });
    const cookie = async (name: string, password: string) =>
      /nianbao_session=[^;]+/.exec(
        (
          await app.request(ROUTES.login.path(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) })
        ).headers.get('set-cookie') ?? '',
      )![0];
    for (const [name, pw] of [
      ['nanyang', 'reviewer-pass'],
      ['wolong', 'unit-pass-12'],
    ] as const) {
      const c = await cookie(name, pw);
      expect((await app.request(ROUTES.register.path(unitId), { headers: { cookie: c } })).status, name).toBe(404);
      expect((await app.request(ROUTES.registerXlsx.path(unitId), { headers: { cookie: c } })).status, name).toBe(404);
      expect((await app.request(ROUTES.registerTables.path(unitId, 2024), { headers: { cookie: c } })).status, name).toBe(404);
      expect((await app.request(ROUTES.register.path(otherUnit), { headers: { cookie: c } })).status, name).toBe(200);
    }
  });
});
