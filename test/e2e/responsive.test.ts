/**
 * The app on small screens, measured in headless Chromium on the real server with the demo set:
 * at 800 px and 390 px the report page has no sideways overflow, its tables can be reached and
 * scrolled to 总计, the 确认/忽略 buttons of a finding are on screen; the review queue does not
 * squeeze names to a character a line. Screenshots in docs/ with UPDATE_SCREENSHOTS=1.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/cli/serve.js';
import { launch, startApp, WEB_ROOT, type Running } from './browser.js';

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
async function onScreen(page: Page, selector: string, scrollsIn: string | null = null): Promise<boolean> {
  const el = page.locator(selector).first();
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
  return honest && b !== null && b.x >= -1 && b.x + b.width <= w + 1 && b.width > 0;
}

const noSidewaysOverflow = (page: Page): Promise<boolean> => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe.each([
  { width: 800, height: 900 },
  { width: 390, height: 844 },
])('at $width px', (viewport) => {
  it('the report page: no sideways overflow, a finding’s 确认/忽略 on screen, the table reachable and 总计 in reach', async () => {
    const page = await browser.newPage({ viewport });
    try {
      await page.goto(`${app.url}/#/reports/${reportId}`);
      await page.locator('[data-testid=finding]').first().waitFor({ timeout: 20_000 });
      await page.waitForTimeout(300);
      expect(await noSidewaysOverflow(page)).toBe(true);
      expect(await onScreen(page, '[data-testid=finding] [data-testid=finding-confirm]')).toBe(true);
      expect(await onScreen(page, '[data-testid=finding] [data-testid=finding-dismiss]')).toBe(true);
      // The tables pane: its tabs and table can be reached, and the table's box scrolls to 总计.
      await page.locator('[data-testid=tab-t3]').scrollIntoViewIfNeeded();
      await page.locator('[data-testid=tab-t3]').click();
      const total = page.locator('[data-testid=table-t3] th', { hasText: '总计' }).first();
      await total.waitFor({ timeout: 10_000 });
      await page.locator('[data-testid=cell-t3-granted-total]').scrollIntoViewIfNeeded();
      expect(await onScreen(page, '[data-testid=cell-t3-granted-total]', '[data-testid=table-scroll]')).toBe(true);
      expect(await noSidewaysOverflow(page)).toBe(true);
      await page.locator('[data-testid=report-header]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shotDir, `screenshot-report-${viewport.width}.png`) });
    } finally {
      await page.close();
    }
  });

  it('the review queue and the report list keep names readable (no one-character columns)', async () => {
    const page = await browser.newPage({ viewport });
    try {
      await page.goto(`${app.url}/#/units?tab=review`);
      const cell = page.locator('[data-testid=review-table] tbody tr td', { hasText: '人民防空办公室' }).first();
      await cell.waitFor({ timeout: 20_000 });
      const fontSize = await cell.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect((await cell.boundingBox())!.width).toBeGreaterThan(6 * fontSize);
      expect(await noSidewaysOverflow(page)).toBe(true);
      await page.goto(app.url);
      const name = page.locator('[data-testid=report-row] .list-agency').first();
      await name.waitFor({ timeout: 20_000 });
      expect((await name.boundingBox())!.width).toBeGreaterThan(6 * fontSize);
      expect(await noSidewaysOverflow(page)).toBe(true);
    } finally {
      await page.close();
    }
  });
});
