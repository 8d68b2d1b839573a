/**
 * End to end, in headless Chromium: upload the five seeds through the page, see five in the
 * list, open seed 003 and see the table-three error and its place in the source, search 卧龙区,
 * download the XLSX and check its cells against the gold.
 */
import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, startApp, WEB_ROOT, type Running } from './browser.js';
import { loadDemo } from '../../src/cli/serve.js';

const shared = join(__dirname, '..', '..', '..', 'shared');
const seedFiles = readdirSync(join(shared, 'seeds'))
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => join(shared, 'seeds', f));
const gold = (stem: string): { t3: Record<string, Record<string, number>> | null } => JSON.parse(readFileSync(join(shared, 'gold', `${stem}.json`), 'utf8'));

/** Screenshots go to docs/ only when asked (UPDATE_SCREENSHOTS=1), so a test run changes no committed file. */
const shotDir = process.env['UPDATE_SCREENSHOTS'] ? join(__dirname, '..', '..', 'docs') : mkdtempSync(join(tmpdir(), 'nianbao-shots-'));
const shot = (name: string): string => join(shotDir, `screenshot-${name}`);

/** Wait until no spinner is showing (screenshots of a loading table are faded). */
const settle = async (p: Page): Promise<void> => {
  await p.waitForFunction(() => !document.querySelector('.ant-spin-spinning'), undefined, { timeout: 20_000 });
  await p.waitForTimeout(300);
};

let app: Running;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  expect(existsSync(join(WEB_ROOT, 'index.html')), 'web app not built: npm run build:web').toBe(true);
  app = await startApp();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('web app, end to end', () => {
  it('uploads the five seeds through the page and lists five', async () => {
    await page.goto(app.url);
    await page.locator('[data-testid=upload-dragger] input[type=file]').setInputFiles(seedFiles);
    await expect.poll(async () => page.locator('[data-testid=upload-item][data-state=done]').count(), { timeout: 60_000 }).toBe(5);
    await expect.poll(async () => page.locator('[data-testid=report-row]').count(), { timeout: 20_000 }).toBe(5);
  });

  it('search finds 卧龙区', async () => {
    await page.locator('[data-testid=search-input] input').fill('卧龙区');
    await page.locator('[data-testid=search-input] input').press('Enter');
    await expect.poll(async () => page.locator('[data-testid=report-row]').count(), { timeout: 20_000 }).toBe(1);
    await expect(page.locator('[data-testid=report-row]').first().innerText()).resolves.toContain('卧龙区人民政府');
    await page.locator('[data-testid=search-input] input').fill('');
    await page.locator('[data-testid=search-input] input').press('Enter');
    await expect.poll(async () => page.locator('[data-testid=report-row]').count(), { timeout: 20_000 }).toBe(5);
  });

  it('opens seed 003 and shows the table-three error with its place in the source', async () => {
    await page.locator('[data-testid=search-input] input').fill('延津县');
    await page.locator('[data-testid=search-input] input').press('Enter');
    await expect.poll(async () => page.locator('[data-testid=report-row]').count(), { timeout: 20_000 }).toBe(1);
    await page.locator('[data-testid=report-row]').first().click();
    await page.locator('[data-testid=findings]').waitFor({ timeout: 20_000 });
    const finding = page.locator('[data-testid=finding][data-severity=error]', { hasText: '表三' }).first();
    await expect(finding.innerText()).resolves.toMatch(/表三/);
    // A cell finding: click one that names a row, and its cell and its place in the source light up.
    const cellFinding = page.locator('[data-testid=finding][data-rule="P.cellCount"]').first();
    await cellFinding.click();
    await page.locator('[data-testid=source-highlight]').first().waitFor({ timeout: 20_000 });
    await expect(page.locator('[data-testid=source-highlight]').first().isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-testid^="cell-t3-"][data-selected=true]').count()).resolves.toBeGreaterThan(0);
    await settle(page);
    await page.screenshot({ path: shot('report.png') });
  });

  it('downloads the XLSX from the list and its cells match the gold', async () => {
    await page.goto(app.url);
    await page.locator('[data-testid=report-row]').first().waitFor({ timeout: 20_000 });
    await settle(page);
    await page.screenshot({ path: shot('list.png') });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.locator('[data-testid=export-all-xlsx]').click()]);
    const path = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path!) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const col = (label: string): number => header.indexOf(label);
    let checked = 0;
    for (let i = 2; i <= ws.rowCount; i++) {
      const v = (ws.getRow(i).values as unknown[]).slice(1);
      const file = String(v[col('文件')] ?? '');
      const stem = file.replace(/\.txt$/, '');
      if (v[col('表')] !== '表三' && v[col('表')] !== 't3') continue;
      const g = gold(stem).t3;
      if (!g) continue;
      const row = String(v[col('行键')]);
      for (const [label, key] of [
        ['自然人', 'naturalPerson'],
        ['总计', 'total'],
      ] as const) {
        const want = g[row]?.[key];
        if (want === undefined) continue;
        expect(Number(v[col(label)]), `${stem} ${row} ${key}`).toBe(want);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4 * 25 * 2);
    // Chinese headers; the findings and the state of every cell not plainly read on sheets of their own.
    expect(header.filter((h) => !/\p{Script=Han}/u.test(h))).toEqual([]);
    const findings = wb.getWorksheet('问题')!;
    const fh = (findings.getRow(1).values as unknown[]).slice(1).map(String);
    expect(fh).toEqual(expect.arrayContaining(['规则', '位置', '说明']));
    const rules = new Set<string>();
    for (let i = 2; i <= findings.rowCount; i++) rules.add(String((findings.getRow(i).values as unknown[]).slice(1)[fh.indexOf('规则')]));
    expect(rules.has('P.columns')).toBe(true);
    const states = wb.getWorksheet('单元格状态')!;
    expect(states.rowCount).toBeGreaterThan(1);
  });

  it('shows the coverage of the demo set: units × years with the missing ones', async () => {
    const demo = await startApp();
    try {
      await loadDemo(demo.store);
      await page.goto(`${demo.url}/#/coverage?years=2023,2024`);
      await page.locator('[data-testid=coverage-table]').waitFor({ timeout: 20_000 });
      await expect.poll(async () => page.locator('[data-testid=coverage-cell]').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(16);
      await expect.poll(async () => page.locator('[data-testid=coverage-cell][data-state=missing]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await settle(page);
      await page.screenshot({ path: shot('coverage.png') });
    } finally {
      await demo.stop();
    }
  });
});
