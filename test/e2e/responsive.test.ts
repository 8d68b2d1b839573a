/**
 * The app on small screens, measured in headless Chromium on the real server with the demo set:
 * at 800 px and 390 px the report page has no sideways overflow; its tables pane is reached with
 * the 原文/问题/表格 bar; the table scrolls in its own box to 总计 (header and cells) without
 * wrapping a figure a digit a line; the 确认/忽略 buttons of a finding are on screen; the review
 * queue, the report list and the coverage table do not squeeze names to a character a line.
 * Screenshots of the report page go to docs/ only with UPDATE_SCREENSHOTS=1.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/cli/serve.js';
import { launch, startApp, WEB_ROOT, type Running } from './browser.js';

/** Screenshots go to docs/ only when asked (UPDATE_SCREENSHOTS=1), so a test run changes no committed file. */
const shotDir = process.env['UPDATE_SCREENSHOTS'] ? join(__dirname, '..', '..', 'docs') : mkdtempSync(join(tmpdir(), 'nianbao-shots-'));

let app: Running;
let browser: Browser;
let reportId: number;

beforeAll(async () => {
  expect(existsSync(join(WEB_ROOT, 'index.html')), 'web app not built: npm run build:web').toBe(true);
  app = await startApp();
  await loadDemo(app.store);
  // A report with findings of every kind: errors and warnings.
  reportId = (await app.store.listReports({ pageSize: 100 })).items.find((r) => r.errors > 0 && r.warnings > 0)!.id;
  browser = await launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/**
 * Inside the viewport's width once scrolled into view — and reached honestly: no box on the way
 * up was scrolled sideways to get there (a clipped pane can be scrolled by script though the user
 * cannot), except the one meant to scroll (a table's own box).
 */
async function onScreen(page: Page, el: Locator, scrollsIn: string | null = null): Promise<boolean> {
  await el.scrollIntoViewIfNeeded();
  const b = await el.boundingBox();
  const w = page.viewportSize()!.width;
  const honest = await el.evaluate((node, allowed) => {
    for (let n = node.parentElement; n; n = n.parentElement) {
      if (allowed && n.matches(allowed)) continue;
      if (n.scrollLeft > 0) return false;
    }
    return true;
  }, scrollsIn);
  return honest && b !== null && b.width > 0 && b.x >= 0 && b.x + b.width <= w + 0.5;
}

/** On screen top to bottom as it stands (no scrolling by the test), and starting on screen sideways. */
async function inView(page: Page, el: Locator): Promise<boolean> {
  const b = await el.boundingBox();
  const { width, height } = page.viewportSize()!;
  return b !== null && b.height > 0 && b.y >= 0 && b.y + b.height <= height && b.x >= 0 && b.x < width;
}

const noSidewaysOverflow = (page: Page): Promise<boolean> => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

/** Lines of text a box holds: a figure wrapped a digit a line holds several. */
const lines = (el: Locator): Promise<number> =>
  el.evaluate((node) => Math.round(node.getBoundingClientRect().height / parseFloat(getComputedStyle(node).lineHeight)));

describe.each([
  { width: 800, height: 900 },
  { width: 390, height: 844 },
])('at $width px', (viewport) => {
  it('the report page: no sideways overflow, a finding’s 确认/忽略 on screen, the tables pane reachable and 总计 in reach', async () => {
    const page = await browser.newPage({ viewport });
    try {
      await page.goto(`${app.url}/#/reports/${reportId}`);
      const finding = page.locator('[data-testid=finding]').first();
      await finding.waitFor({ timeout: 20_000 });
      await page.waitForTimeout(300);
      expect(await noSidewaysOverflow(page)).toBe(true);
      expect(await onScreen(page, finding.locator('[data-testid=finding-confirm]'))).toBe(true);
      expect(await onScreen(page, finding.locator('[data-testid=finding-dismiss]'))).toBe(true);

      // The tables pane, reached as a reviewer would: the bar above the stacked panes jumps to it.
      await page.locator('[data-testid=report-header]').scrollIntoViewIfNeeded();
      await page.locator('[data-testid=jump-tables]').click();
      await page.waitForTimeout(200);
      expect(await inView(page, page.locator('[data-testid=tab-t3]'))).toBe(true);
      const table = page.locator('[data-testid=table-t3]');
      expect(await inView(page, table.locator('thead'))).toBe(true);

      // The visible table (表三, open by default) scrolls in its own box to its 总计 column.
      const totalHead = table.locator('thead th', { hasText: '总计' }).first();
      expect(await onScreen(page, totalHead, '[data-testid=table-scroll]')).toBe(true);
      const totalCell = page.locator('[data-testid=cell-t3-granted-total]');
      expect(await onScreen(page, totalCell, '[data-testid=table-scroll]')).toBe(true);
      // Figures stay whole (not a digit a line): 总计 of 本年新收 holds three digits on one line.
      const newTotal = page.locator('[data-testid=cell-t3-newReceived-total] .vcell-text');
      expect((await newTotal.innerText()).length).toBeGreaterThanOrEqual(2);
      expect(await lines(newTotal)).toBe(1);
      expect(await noSidewaysOverflow(page)).toBe(true);

      // The other tables too: 表四 opens and its last column is reachable.
      await page.locator('[data-testid=tab-t4]').click();
      const t4Last = page.locator('[data-testid=table-t4] tbody tr').first().locator('td').last();
      expect(await onScreen(page, t4Last, '[data-testid=table-scroll]')).toBe(true);
      expect(await noSidewaysOverflow(page)).toBe(true);

      await page.locator('[data-testid=tab-t3]').click();
      await page.locator('[data-testid=table-scroll]').evaluate((el) => el.scrollTo(0, 0));
      await page.locator('[data-testid=report-header]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shotDir, `screenshot-report-${viewport.width}.png`) });
    } finally {
      await page.close();
    }
  });

  it('the review queue, the report list and coverage keep names readable (no one-character columns)', async () => {
    const page = await browser.newPage({ viewport });
    try {
      await page.goto(`${app.url}/#/units?tab=review`);
      const cell = page.locator('[data-testid=review-table] tbody tr td', { hasText: '人民防空办公室' }).first();
      await cell.waitFor({ timeout: 20_000 });
      const fontSize = await cell.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect((await cell.boundingBox())!.width).toBeGreaterThan(6 * fontSize);
      expect(await noSidewaysOverflow(page)).toBe(true);

      await page.goto(`${app.url}/#/units`);
      const unit = page.locator('[data-testid=units-table] tbody tr td', { hasText: '人民政府办公室' }).first();
      await unit.waitFor({ timeout: 20_000 });
      expect((await unit.boundingBox())!.width).toBeGreaterThan(6 * fontSize);
      expect(await noSidewaysOverflow(page)).toBe(true);

      await page.goto(app.url);
      const name = page.locator('[data-testid=report-row] .list-agency').first();
      await name.waitFor({ timeout: 20_000 });
      expect((await name.boundingBox())!.width).toBeGreaterThan(6 * fontSize);
      expect(await noSidewaysOverflow(page)).toBe(true);

      await page.goto(`${app.url}/#/coverage`);
      const covUnit = page.locator('[data-testid=coverage-table] tbody tr td', { hasText: '人民政府办公室' }).first();
      await covUnit.waitFor({ timeout: 20_000 });
      expect((await covUnit.boundingBox())!.width).toBeGreaterThan(6 * fontSize);
      expect(await noSidewaysOverflow(page)).toBe(true);
    } finally {
      await page.close();
    }
  });
});
