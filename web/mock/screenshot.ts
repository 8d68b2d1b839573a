/**
 * Screenshots of every page against a running server (the mock by default), to look at the
 * layout. Development only.
 *   npx tsx web/mock/screenshot.ts [--base http://127.0.0.1:5174] [--out /tmp/nianbao-shots] [--width 1440 --height 900]
 * Browser: CHROMIUM env or /usr/bin/chromium. Prints console errors and warnings of the pages.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium, type Page } from 'playwright-core';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const base = arg('--base', 'http://127.0.0.1:5174');
const out = arg('--out', join(tmpdir(), 'nianbao-shots'));
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const ctx = await browser.newContext({
  viewport: { width: Number(arg('--width', '1440')), height: Number(arg('--height', '900')) },
  locale: 'zh-CN',
  deviceScaleFactor: 1,
});
const page = await ctx.newPage();
const problems: string[] = [];
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') problems.push(`[${m.type()}] ${m.text().slice(0, 300)}`);
});
page.on('pageerror', (e) => problems.push(`[pageerror] ${e.message}`));

const shot = async (p: Page, name: string, full = false): Promise<void> => {
  await p.waitForTimeout(400);
  const file = join(out, `${name}.png`);
  await p.screenshot({ path: file, fullPage: full });
  console.log(file);
};

// 1. list
await page.goto(`${base}/#/`);
await page.waitForSelector('[data-testid="report-row"]');
await shot(page, '01-list');

// 2. upload three files: two new, one empty (rejected)
const dir = join(out, 'upload');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, '测试单位2025年报告.txt'), '青山区教育局2025年政府信息公开工作年度报告\n一、总体情况\n本年度……\n');
writeFileSync(join(dir, '空文件.txt'), '');
writeFileSync(join(dir, '会议通知副本.txt'), '关于召开会议的通知\n请准时参加。\n');
await page.setInputFiles('[data-testid="upload-dragger"] input[type=file]', [
  join(dir, '测试单位2025年报告.txt'),
  join(dir, '空文件.txt'),
  join(dir, '会议通知副本.txt'),
]);
await page.waitForFunction(
  () => document.querySelectorAll('[data-testid="upload-item"][data-state="done"], [data-testid="upload-item"][data-state="failed"]').length >= 3,
  null,
  { timeout: 20_000 },
);
// the list refreshes once the uploads are in: the unreadable one joins the hidden count
await page.waitForFunction(() => /另有 3 个文件无法读取/.test(document.querySelector('[data-testid="hidden-unreadable"]')?.textContent ?? ''), null, {
  timeout: 10_000,
});
await shot(page, '02-list-uploaded');

// 3. search + select rows for bulk
await page.fill('[data-testid="search-input"] input', '白水');
await page.press('[data-testid="search-input"] input', 'Enter');
await page.waitForTimeout(600);
await page.locator('[data-testid="report-row"] .ant-checkbox-input').nth(0).check();
await page.locator('[data-testid="report-row"] .ant-checkbox-input').nth(1).check();
await shot(page, '03-list-search-selected');

// 4. report with errors (text): pick the first report with an error
await page.goto(`${base}/#/?rule=T3.rowSum`);
await page.waitForSelector('[data-testid="report-row"]');
const id = await page.locator('[data-testid="report-row"]').first().getAttribute('data-id');
await page.goto(`${base}/#/reports/${id}`);
await page.waitForSelector('[data-testid="finding"]');
await shot(page, '04-report-text');
await page.locator('[data-testid="finding"][data-severity="error"]').first().click();
await shot(page, '05-report-finding-selected');
await page.locator('[data-testid="cell-t3-granted-total"]').hover();
await page.waitForTimeout(600);
await shot(page, '06-report-cell-hover');

// 4b. missing and derived cells (表四 short of values), and a decision with a comment
await page.goto(`${base}/#/?rule=P.cellCount&q=${encodeURIComponent('临河区自然资源局')}`);
await page.waitForSelector('[data-testid="report-row"]');
await page.locator('[data-testid="report-row"]').first().click();
await page.waitForSelector('[data-testid="finding"]');
await page.locator('[data-testid="tab-t4"]').click();
await page.locator('[data-testid="finding"]').first().locator('[data-testid="finding-confirm"]').click();
await page.fill('[data-testid="decision-comment"]', '请补全表四「未经复议直接起诉」各列');
await page.locator('.ant-modal-footer .ant-btn-primary').click();
await page.waitForSelector('[data-testid="finding-decision"]');
await page.locator('[data-testid="cell-t4-review-total"]').click();
await shot(page, '06b-report-t4-missing-derived-decided');

// 5. PDF report
await page.goto(`${base}/#/?q=pdf-2021-basic&unreadable=1`);
await page.waitForSelector('[data-testid="report-row"]');
const pdfId = await page.locator('[data-testid="report-row"]').first().getAttribute('data-id');
await page.goto(`${base}/#/reports/${pdfId}`);
await page.waitForSelector('[data-testid="source-pdf"] img');
await page.waitForTimeout(800);
await page.locator('[data-testid="cell-t3-newReceived-total"]').click();
await page.waitForTimeout(800);
await shot(page, '07-report-pdf-cell');
await page.locator('[data-testid="pdf-zoom"]').getByText('200%').click();
await page.waitForTimeout(300);
await page.locator('[data-testid="cell-t3-granted-naturalPerson"]').click();
await shot(page, '07z-report-pdf-zoom');
await page.locator('[data-testid="tab-t4"]').click();
await shot(page, '08-report-pdf-t4');
await page.locator('[data-testid="tab-t2"]').click();
await shot(page, '09-report-pdf-t2');

// 5b. scanned PDF: an OCR finding lights up its box on the page image
await page.goto(`${base}/#/?q=pdf-2021-scan&unreadable=1`);
await page.waitForSelector('[data-testid="report-row"]');
await page.locator('[data-testid="report-row"]').first().click();
await page.waitForSelector('[data-testid="source-pdf"] img');
await page.locator('[data-testid="finding"][data-rule="R.ocrLowConfidence"]').nth(3).click();
await page.waitForSelector('[data-testid="source-highlight"]');
await shot(page, '09b-report-scan-ocr-finding');

// 6. unreadable
await page.goto(`${base}/#/?status=unreadable`);
await page.waitForSelector('[data-testid="report-row"]');
await shot(page, '10-list-unreadable');
const badId = await page.locator('[data-testid="report-row"]').first().getAttribute('data-id');
await page.goto(`${base}/#/reports/${badId}`);
await page.waitForSelector('[data-testid="report-header"]');
await shot(page, '11-report-unreadable');

// 7. coverage
await page.goto(`${base}/#/coverage`);
await page.waitForSelector('[data-testid="coverage-cell"]');
await page.waitForSelector('[data-testid="coverage-chart"] canvas');
await shot(page, '12-coverage', true);

// 8. units
await page.goto(`${base}/#/units`);
await page.waitForSelector('[data-testid="units-table"] .ant-table-row');
await shot(page, '13-units');
await page.goto(`${base}/#/units?tab=review`);
await page.waitForSelector('[data-testid="review-table"] .ant-table-row');
await shot(page, '14-units-review');

await browser.close();
console.log(problems.length ? `console problems:\n${[...new Set(problems)].join('\n')}` : 'no console errors or warnings');
