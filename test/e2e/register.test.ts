/**
 * The request register in the web app, on the real server: a register XLSX with one bad row is
 * refused on the page with its row number and nothing stored; the good one is imported, every
 * request listed with its due day and state, and tables 三/四 of a year computed from it match
 * the store's count.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRegisterXlsx } from '../../src/register/index.js';
import { RegisterBook } from '../../src/store/register.js';
import { generateRegister } from '../register/generate.js';
import { launch, startApp, WEB_ROOT, type Running } from './browser.js';
import { registerImportInput, registerWithBadChannel } from './register-import.js';

const shotDir = process.env['UPDATE_SCREENSHOTS'] ? join(__dirname, '..', '..', 'docs') : mkdtempSync(join(tmpdir(), 'nianbao-shots-'));
let app: Running;
let browser: Browser;
let page: Page;
let unitId: number;
const rows = generateRegister(33, 60, 2023, 2024).map((g) => g.row);

beforeAll(async () => {
  expect(existsSync(join(WEB_ROOT, 'index.html')), 'web app not built: npm run build:web').toBe(true);
  app = await startApp();
  await app.store.importUnits([{ line: 2, name: '延津县财政局', region: '河南省/新乡市/延津县', level: '部门', parent: null, aliases: [] }]);
  unitId = (await app.store.listUnits()).items[0]!.id;
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the request register page', () => {
  it('refuses a file with a bad row (named), imports the good one, lists due days and states, and computes table 三 of a year', async () => {
    const bad = await registerWithBadChannel(rows, 4);
    await page.goto(`${app.url}/#/register?unit=${unitId}`);
    await page.locator('[data-testid=register-table]').waitFor({ timeout: 20_000 });
    const input = registerImportInput(page);
    await input.setInputFiles({ name: '台账.xlsx', mimeType: 'application/octet-stream', buffer: bad });
    const res = page.locator('[data-testid=register-import-result]');
    await res.waitFor({ timeout: 20_000 });
    await expect(res.innerText()).resolves.toContain('台账未导入');
    await expect(res.innerText()).resolves.toContain('第4行「申请渠道」列');
    expect(await new RegisterBook(app.store.db).count(unitId)).toBe(0);

    await input.setInputFiles({ name: '台账.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(await exportRegisterXlsx(rows)) });
    await expect.poll(() => res.innerText(), { timeout: 20_000 }).toContain('已导入 60 条申请');
    expect(await new RegisterBook(app.store.db).count(unitId)).toBe(60);
    await expect.poll(() => page.locator('[data-testid=register-counts]').innerText(), { timeout: 20_000 }).toContain('共 60 条');
    await expect.poll(() => page.locator('[data-testid=register-state]').count(), { timeout: 20_000 }).toBe(20);
    const states = await page.locator('[data-testid=register-state]').allInnerTexts();
    expect(states.every((s) => /已办结|办理中|待补正|日期不全/.test(s))).toBe(true);

    await page.locator('[data-testid=register-year]').click();
    await page.locator('.ant-select-item-option', { hasText: '2024年度' }).click();
    const tables = page.locator('[data-testid=register-tables]');
    await tables.waitFor({ timeout: 20_000 });
    const newIn2024 = rows.filter((r) => {
      const d = r.submittedAt ?? r.signedAt ?? r.confirmedAt ?? r.receivedDate;
      return d !== null && d.startsWith('2024');
    }).length;
    const first = await tables.locator('tbody tr').first().innerText();
    expect(first).toContain('本年新收政府信息公开申请数量');
    expect(first).toContain(String(newIn2024));
    await page.keyboard.press('Escape');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(shotDir, 'screenshot-register.png') });
  });
});
