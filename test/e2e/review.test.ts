/**
 * The reviewer's work, end to end in headless Chromium against the real server with the demo set
 * (text, HTML, DOCX, a PDF and a scan of it, made and read for real): PDF page images and a
 * finding's box, the scan's 识别核对 list with crops and a value kept as the reviewer's, the
 * review queue asking before an assignment supersedes and undoing it, the rule filter by a parser
 * id, dismissing the last warnings updating the list, cross-year findings, bulk 已审核.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/cli/serve.js';
import { scannedPdf } from '../read/scan-helpers.js';
import { dialogsSettled, launch, startApp, WEB_ROOT, type Running } from './browser.js';

const shotDir = process.env['UPDATE_SCREENSHOTS'] ? join(__dirname, '..', '..', 'docs') : mkdtempSync(join(tmpdir(), 'nianbao-shots-'));
const shot = (name: string): string => join(shotDir, `screenshot-${name}`);
const settle = async (p: Page): Promise<void> => {
  await p.waitForFunction(() => !document.querySelector('.ant-spin-spinning'), undefined, { timeout: 20_000 });
  await p.waitForTimeout(300);
};

let app: Running;
let browser: Browser;
let page: Page;
const byName = async (name: string) => (await app.store.listReports({ q: name, pageSize: 10 })).items.find((r) => r.fileName.includes(name))!;

beforeAll(async () => {
  expect(existsSync(join(WEB_ROOT, 'index.html')), 'web app not built: npm run build:web').toBe(true);
  app = await startApp();
  await loadDemo(app.store, { pdf: true });
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('reviewing in the web app, on the real server', () => {
  it('a PDF report shows its page images, and clicking a finding lights up its box on the page', async () => {
    const r = await byName('交通运输局');
    expect(r.format).toBe('pdf');
    await page.goto(`${app.url}/#/reports/${r.id}`);
    const img = page.locator('[data-testid=pdf-page-1] img');
    await img.waitFor({ timeout: 20_000 });
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(1000);
    await expect(page.getByText('图像无法加载').count()).resolves.toBe(0);
    await page.locator('[data-testid=finding][data-rule="T3.balance"]').first().click();
    const box = page.locator('[data-testid=source-pdf] [data-testid=source-highlight]');
    await box.waitFor({ timeout: 20_000 });
    await expect(box.isVisible()).resolves.toBe(true);
    const b = (await box.boundingBox())!;
    expect(b.width).toBeGreaterThan(5);
    await settle(page);
    await page.screenshot({ path: shot('report-pdf.png') });
  });

  it('a scan: 识别核对 lists the numbers to check beside their crops; a confirmed value is kept as the reviewer’s, the reading unchanged', async () => {
    const r = await byName('水利局');
    await page.goto(`${app.url}/#/reports/${r.id}`);
    await page.locator('[data-testid=cell-checks-title]').waitFor({ timeout: 20_000 });
    await expect(page.locator('[data-testid=cell-checks-none]').count()).resolves.toBe(0);
    const items = page.locator('[data-testid=cell-check]');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const crop = items.first().locator('[data-testid=cell-crop] img');
    await expect.poll(() => crop.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    const key = (await items.first().getAttribute('data-cell'))!;
    const [table, row, col] = key.split('|') as ['t3', string, string];
    const read = (await app.store.getReport(r.id))!.record.cells.find((c) => c.table === table && c.row === row && c.col === col)!;
    await page.locator('[data-testid=reviewer-name]').fill('李审核');
    const input = items.first().locator('input.ant-input-number-input');
    await input.fill(String((read.value ?? 0) + 1));
    await input.press('Enter');
    await expect.poll(() => page.locator(`[data-testid=cell-check][data-cell="${key}"]`).getAttribute('data-state'), { timeout: 20_000 }).toBe('corrected');
    await settle(page);
    await page.screenshot({ path: shot('report-scan.png') });
    // Kept: after a reload it is still there, with who; the record still holds what was read.
    await page.reload();
    const again = page.locator(`[data-testid=cell-check][data-cell="${key}"]`);
    await again.waitFor({ timeout: 20_000 });
    await expect(again.getAttribute('data-state')).resolves.toBe('corrected');
    await expect(again.locator('[data-testid=cell-check-done]').innerText()).resolves.toContain('李审核');
    const d = (await app.store.getReport(r.id))!;
    expect(d.record.cells.find((c) => c.table === table && c.row === row && c.col === col)!.value).toBe(read.value);
    expect(d.cellReviews).toEqual([expect.objectContaining({ table, row, col, value: (read.value ?? 0) + 1, readValue: read.value, reviewer: '李审核' })]);
  });

  it('the review queue asks before an assignment would supersede another report, and the assignment can be undone', async () => {
    const office = await byName('2024-青禾县人民政府办公室');
    const civil = await byName('人民防空办公室');
    await page.goto(`${app.url}/#/units?tab=review`);
    const row = page.locator('tr', { hasText: '人民防空办公室' }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.locator('[data-testid=review-unit-select]').click();
    await page.keyboard.type('人民政府办公室');
    const option = page.locator('.ant-select-item-option', { hasText: '青禾县人民政府办公室' }).first();
    await option.waitFor({ timeout: 20_000 });
    await option.click();
    await row.locator('[data-testid=review-assign]').click();
    await page.locator('[data-testid=assign-conflict]').waitFor({ timeout: 20_000 });
    await expect(page.locator('[data-testid=assign-conflict]').innerText()).resolves.toContain(office.fileName);
    // Nothing happened yet.
    expect((await app.store.summary(office.id))!.supersededBy).toBeNull();
    await dialogsSettled(page);
    await page.locator('[data-testid=assign-confirm]').click();
    await page.locator('[data-testid=assign-undo]').waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await app.store.summary(office.id))!.supersededBy, { timeout: 20_000 }).toBe(civil.id);
    await page.locator('[data-testid=assign-undo]').click();
    await expect.poll(async () => (await app.store.summary(office.id))!.supersededBy, { timeout: 20_000 }).toBeNull();
    expect((await app.store.summary(civil.id))!.unitId).toBe(civil.unitId);
  });

  it('the rule filter offers a parser id (P.cellCount) and lists the reports carrying it', async () => {
    const want = (await app.store.listReports({ rule: 'P.cellCount', status: ['ok', 'warnings', 'errors'] })).items.map((r) => String(r.id)).sort();
    expect(want.length).toBeGreaterThan(0);
    await page.goto(app.url);
    await page.locator('[data-testid=report-row]').first().waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=filter-rule]').click();
    await page.keyboard.type('P.cellCount');
    await page.locator('.ant-select-item-option', { hasText: 'P.cellCount' }).first().click();
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 20_000 }).toContain('rule=P.cellCount');
    await expect
      .poll(async () => (await page.locator('[data-testid=report-row]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-id')!))).sort(), {
        timeout: 20_000,
      })
      .toEqual(want);
  });

  it('a scan read with no doubt says so: how many numbers were read, none to check', { timeout: 120_000 }, async () => {
    const pdf = await scannedPdf('pdf-2021-basic', { kind: 'clean', dpi: 200, seed: 1 });
    const { id } = await app.store.ingestFile({ bytes: pdf, fileName: '核对示例扫描件.pdf' });
    const read = (await app.store.getReport(id))!.record.cells.filter((c) => c.confidence !== undefined).length;
    expect(read).toBeGreaterThan(100);
    await page.goto(`${app.url}/#/reports/${id}`);
    const none = page.locator('[data-testid=cell-checks-none]');
    await none.waitFor({ timeout: 20_000 });
    await expect(none.textContent()).resolves.toContain(`${read} 个扫描识别的数值`);
    await expect(page.locator('[data-testid=cell-checks-title]').count()).resolves.toBe(0);
  });

  it('cross-year findings are shown on a demo 2023→2024 pair', async () => {
    const r = await byName('2024-青禾县人民政府办公室');
    await page.goto(`${app.url}/#/reports/${r.id}`);
    await page.locator('[data-testid=finding][data-rule="X.carryOver"]').first().waitFor({ timeout: 20_000 });
  });

  it('dismissing a report’s last warnings updates its counts in the list', async () => {
    const r = (await app.store.listReports({ pageSize: 100 })).items.find((x) => x.errors === 0 && x.warnings > 0 && x.format !== 'pdf')!;
    await page.goto(`${app.url}/#/reports/${r.id}`);
    await page.locator('[data-testid=dismiss-all-warning]').click();
    await page.locator('.ant-modal-footer .ant-btn-primary').waitFor({ timeout: 20_000 });
    await dialogsSettled(page);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(async () => (await app.store.summary(r.id))!.warnings, { timeout: 20_000 }).toBe(0);
    await page.goto(`${app.url}/#/?q=${encodeURIComponent(r.agency!)}`);
    const status = page.locator(`[data-testid=report-row][data-id="${r.id}"] [data-testid=row-status]`);
    await status.waitFor({ timeout: 20_000 });
    await expect(status.innerText()).resolves.not.toMatch(/警告/);
  });

  it('the units page pages through the server: units past the first 100 are reachable', async () => {
    const csv = ['名称,地区', ...Array.from({ length: 130 }, (_, i) => `青禾县测试单位${String(i + 1).padStart(3, '0')},演示省/演示市/青禾县`)].join('\n');
    await app.store.importUnitFile(new TextEncoder().encode(csv));
    const total = (await app.store.listUnits()).total;
    expect(total).toBeGreaterThan(130);
    await page.goto(`${app.url}/#/units`);
    await page.locator('[data-testid=units-table] tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 });
    const last = Math.ceil(total / 50);
    await page.locator(`.ant-table-pagination .ant-pagination-item-${last}`).first().click();
    await expect.poll(() => page.locator('[data-testid=units-table] tbody tr.ant-table-row').count(), { timeout: 20_000 }).toBe(total - 50 * (last - 1));
  });

  it('bulk: chosen reports marked 已审核 and found by the 已审核 filter', async () => {
    await page.goto(app.url);
    const rows = page.locator('[data-testid=report-row]');
    await rows.first().waitFor({ timeout: 20_000 });
    const ids = [await rows.nth(0).getAttribute('data-id'), await rows.nth(1).getAttribute('data-id')];
    await rows.nth(0).locator('.ant-checkbox-input').check();
    await rows.nth(1).locator('.ant-checkbox-input').check();
    await page.locator('[data-testid=bulk-reviewed]').click();
    await expect
      .poll(async () => (await app.store.listReports({ review: 'reviewed' })).items.map((r) => String(r.id)).sort(), { timeout: 20_000 })
      .toEqual(ids.sort());
    await page.goto(`${app.url}/#/?review=reviewed`);
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    await expect(rows.first().locator('[data-testid=row-reviewed]').count()).resolves.toBe(1);
  });
});
