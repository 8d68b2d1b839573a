/**
 * The report editor in headless Chromium, on the real server with real files (issue 12): a unit
 * imports its register XLSX (one bad row refused with its row number, then the good file), opens
 * its 2024 report prefilled from its stored 2023 report (a DOCX) and the register, breaks a
 * relation and sees the finding at the cell, fixes it, writes the sections and submits; the
 * reviewer returns it with a comment (the problem list attached); the unit resubmits; the
 * reviewer approves; the unit downloads the DOCX, which parses back to the same tables, and
 * records the publication date.
 * Screenshots of the editor (docs/screenshot-editor.png, screenshot-editor-returned.png with UPDATE_SCREENSHOTS=1).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { aggregateYear, exportRegisterXlsx } from '../../src/register/index.js';
import { EDITOR_ROUTES } from '../../src/server/editor-paths.js';
import { RegisterBook } from '../../src/store/register.js';
import { lastYearDocx, registerRows, REGION, SECTION_TEXT, UNIT } from '../editor/fixture.js';
import { readBack } from '../render/report-compare.js';
import { dialogsSettled, launch, startApp, WEB_ROOT, type Running } from './browser.js';
import { registerImportInput, registerWithBadChannel } from './register-import.js';

const shotDir = process.env['UPDATE_SCREENSHOTS'] ? join(__dirname, '..', '..', 'docs') : mkdtempSync(join(tmpdir(), 'nianbao-shots-'));
let app: Running;
let browser: Browser;
let unitCtx: BrowserContext;
let reviewerCtx: BrowserContext;
let unitPage: Page;
let reviewerPage: Page;
let unitId: number;
const rows = registerRows();
const PASSWORD = 'e2e-password-123';

/** Uncaught errors on any page: none expected. */
const pageErrors: string[] = [];

async function loggedIn(name: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const res = await ctx.request.post(`${app.url}/api/login`, { data: { name, password: PASSWORD } });
  expect(res.status()).toBe(200);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
  return { ctx, page };
}

const cell = (page: Page, table: string, row: string, col: string) => page.locator(`[data-testid="cell-${table}-${row}-${col}"]`);
const status = (page: Page) => page.locator('[data-testid=editor-status]');

beforeAll(async () => {
  expect(existsSync(join(WEB_ROOT, 'index.html')), 'web app not built: npm run build:web').toBe(true);
  app = await startApp();
  await app.store.importUnits([{ line: 2, name: UNIT, region: REGION, level: '部门', parent: null, aliases: [] }]);
  unitId = (await app.store.listUnits()).items[0]!.id;
  // Last year's report, as the unit published it (a DOCX on the official template), in the store.
  const last = await lastYearDocx(rows);
  expect((await app.store.ingestFile({ bytes: last.bytes, fileName: `${UNIT}2023年政府信息公开工作年度报告.docx` })).id).toBeTruthy();
  expect(await app.store.accounts.addUser({ name: 'yanjin', role: 'unit', scope: UNIT, password: PASSWORD })).toHaveProperty('user');
  expect(await app.store.accounts.addUser({ name: 'xinxiang', role: 'reviewer', scope: '河南省/新乡市', password: PASSWORD })).toHaveProperty('user');
  browser = await launch();
  ({ ctx: unitCtx, page: unitPage } = await loggedIn('yanjin'));
  ({ ctx: reviewerCtx, page: reviewerPage } = await loggedIn('xinxiang'));
}, 120_000);
afterAll(async () => {
  await unitCtx?.close();
  await reviewerCtx?.close();
  await browser?.close();
  await app?.stop();
});

describe('the report editor, from the register to the approved report', () => {
  it('imports the register: a bad row is refused with its row number, the good file is taken', async () => {
    const page = unitPage;
    const bad = await registerWithBadChannel(rows, 5);
    await page.goto(`${app.url}/#/register?unit=${unitId}`);
    await page.locator('[data-testid=register-table]').waitFor({ timeout: 20_000 });
    const input = registerImportInput(page);
    await input.setInputFiles({ name: '台账.xlsx', mimeType: 'application/octet-stream', buffer: bad });
    const res = page.locator('[data-testid=register-import-result]');
    await res.waitFor({ timeout: 20_000 });
    await expect.poll(() => res.innerText(), { timeout: 20_000 }).toContain('第5行「申请渠道」列');
    expect(await new RegisterBook(app.store.db).count(unitId)).toBe(0);
    await input.setInputFiles({ name: '台账.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(await exportRegisterXlsx(rows)) });
    await expect.poll(() => res.innerText(), { timeout: 20_000 }).toContain(`已导入 ${rows.length} 条申请`);
    expect(await new RegisterBook(app.store.db).count(unitId)).toBe(rows.length);
  });

  it('opens the 2024 report prefilled from the 2023 report and the register; a broken relation is found at its cell; fixed; submitted', async () => {
    const page = unitPage;
    await page.goto(`${app.url}/#/editor?unit=${unitId}&year=2024`);
    await page.locator('[data-testid=editor-title]').waitFor({ timeout: 20_000 });
    await expect(status(page).innerText()).resolves.toBe('草稿');
    await expect(page.locator('[data-testid=editor-notes]').innerText()).resolves.toContain('2023年度报告');
    const y23 = aggregateYear(rows, 2023);
    const y24 = aggregateYear(rows, 2024);
    const value = (table: string, row: string, col: string) => cell(page, table, row, col).locator('input').inputValue();
    // 上年结转 from last year's 结转下年度; 本年新收 from the register; 表二 现行有效 rolled forward, 制发 blank.
    expect(await value('t3', 'carriedOver', 'total')).toBe(String(y23.t3['carriedForward']!['total']));
    expect(await value('t3', 'newReceived', 'total')).toBe(String(y24.t3['newReceived']!['total']));
    expect(await value('t3', 'newReceived', 'naturalPerson')).toBe(String(y24.t3['newReceived']!['naturalPerson']));
    expect(await value('t2', 'regulations', 'inForce')).toBe('3');
    expect(await value('t2', 'regulations', 'issued')).toBe('');
    await expect(cell(page, 't2', 'regulations', 'issued').getAttribute('data-state')).resolves.toBe('missing');
    await expect(page.locator('[data-testid=section-s6]').inputValue()).resolves.toMatch(/收费通知|信息处理费/);

    // Break 表三's row sum: the cell turns red and the finding names it as the reviewer would.
    const total = cell(page, 't3', 'newReceived', 'total');
    // Each input is named as the reviewer names the cell.
    await expect(page.getByRole('textbox', { name: '表三「本年新收政府信息公开申请数量」行「总计」列', exact: true }).inputValue()).resolves.toBe(
      String(y24.t3['newReceived']!['total']),
    );
    const right = String(y24.t3['newReceived']!['total']);
    await total.locator('input').fill(String(Number(right) + 1));
    await expect.poll(() => total.getAttribute('data-state'), { timeout: 20_000 }).toBe('error');
    const finding = page.locator('[data-testid=editor-finding][data-severity=error]', { hasText: '表三「一、本年新收政府信息公开申请数量」行「总计」列' });
    await expect.poll(() => finding.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await total.locator('input').hover();
    await expect
      .poll(() => page.locator('[data-testid="cell-t3-newReceived-total-findings"]').innerText(), { timeout: 20_000 })
      .toContain('表三「一、本年新收政府信息公开申请数量」行「总计」列');
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, document.querySelector('[data-testid=section-card-s3]')!.getBoundingClientRect().top + window.scrollY - 60));
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(shotDir, 'screenshot-editor.png') });

    // Fixed: the finding goes.
    await total.locator('input').fill(right);
    await expect.poll(() => total.getAttribute('data-state'), { timeout: 20_000 }).not.toBe('error');
    await expect.poll(() => finding.count(), { timeout: 20_000 }).toBe(0);

    // Submitting with sections unwritten is refused (errors neither fixed nor explained).
    await page.locator('[data-testid=editor-submit]').click();
    await expect.poll(() => page.locator('.ant-message').innerText(), { timeout: 20_000 }).toContain('不能提交');
    await expect(status(page).innerText()).resolves.toBe('草稿');

    // An error may instead be explained: the explanation is counted (and goes with the report).
    const counts = page.locator('[data-testid=editor-counts]');
    const unexplained = async (): Promise<number> => Number(/未说明 (\d+) 项/.exec(await counts.innerText())![1]);
    const before = await unexplained();
    expect(before).toBeGreaterThan(0);
    await page
      .locator('[data-testid=editor-finding][data-rule="M.section"]', { hasText: '五、存在的主要问题及改进情况' })
      .locator('[data-testid=editor-explain]')
      .fill('本年度无此项内容');
    await expect.poll(unexplained, { timeout: 20_000 }).toBe(before - 1);

    // The unit writes its sections and 0 where nothing happened in 表二.
    for (const [k, text] of Object.entries(SECTION_TEXT)) if (k !== 's6') await page.locator(`[data-testid=section-${k}]`).fill(text);
    for (const input of await page.locator('[data-testid^="cell-t2-"] input').all()) if ((await input.inputValue()) === '') await input.fill('0');
    // 现行有效 rolls from last year's as 制发 and 废止 are written: 3 + 1 − 0 = 4.
    await cell(page, 't2', 'regulations', 'issued').locator('input').fill('1');
    expect(await value('t2', 'regulations', 'inForce')).toBe('4');
    await cell(page, 't2', 'normativeDocuments', 'repealed').locator('input').fill('2');
    expect(await value('t2', 'normativeDocuments', 'inForce')).toBe('10');
    // Written by the unit, it stays as written.
    await cell(page, 't2', 'normativeDocuments', 'inForce').locator('input').fill('11');
    await cell(page, 't2', 'normativeDocuments', 'repealed').locator('input').fill('1');
    expect(await value('t2', 'normativeDocuments', 'inForce')).toBe('11');
    await expect.poll(() => page.locator('[data-testid=editor-counts]').innerText(), { timeout: 20_000 }).toMatch(/^错误 0 项/);
    await page.locator('[data-testid=editor-submit]').click();
    await expect.poll(() => status(page).innerText(), { timeout: 20_000 }).toBe('已提交');
    await expect(page.locator('[data-testid=editor-save]').count()).resolves.toBe(0);
  });

  it('the reviewer sees it in the queue and returns it with a comment; the problem list is attached', async () => {
    const page = reviewerPage;
    await page.goto(`${app.url}/#/editor`);
    const link = page.locator('[data-testid=editor-queue] a', { hasText: UNIT });
    await link.waitFor({ timeout: 20_000 });
    await expect(page.locator('[data-testid=editor-queue]').innerText()).resolves.toContain('已提交');
    await link.click();
    await page.locator('[data-testid=editor-return]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=editor-return]').click();
    await page.locator('[data-testid=return-comment]').waitFor({ timeout: 20_000 });
    await dialogsSettled(page);
    await page.locator('[data-testid=return-comment]').fill('第五部分请写明上年问题的整改情况');
    await page.locator('[data-testid=return-ok]').click();
    await expect.poll(() => status(page).innerText(), { timeout: 20_000 }).toBe('退回');
    const history = page.locator('[data-testid=editor-history]');
    await expect.poll(() => history.innerText(), { timeout: 20_000 }).toContain('第五部分请写明上年问题的整改情况');
    await expect(history.innerText()).resolves.toContain('xinxiang 退回（已提交 → 退回）');
    await expect(page.locator('[data-testid=editor-attachment]').innerText()).resolves.toMatch(/问题清单.*\.docx/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('.ant-message-notice').waitFor({ state: 'detached', timeout: 15_000 });
    await page.screenshot({ path: join(shotDir, 'screenshot-editor-returned.png') });
  });

  it('the unit sees the return, resubmits; the reviewer approves; the DOCX downloaded parses back to the same tables', async () => {
    const page = unitPage;
    await page.reload();
    await page.locator('[data-testid=editor-returned]').waitFor({ timeout: 20_000 });
    await expect(page.locator('[data-testid=editor-returned]').innerText()).resolves.toContain('第五部分请写明上年问题的整改情况');
    await page.locator('[data-testid=section-s5]').fill(`${SECTION_TEXT.s5}上年问题已全部整改。`);
    await page.locator('[data-testid=editor-submit]').click();
    await expect.poll(() => status(page).innerText(), { timeout: 20_000 }).toBe('已提交');

    await reviewerPage.reload();
    await reviewerPage.locator('[data-testid=editor-approve]').waitFor({ timeout: 20_000 });
    await reviewerPage.locator('[data-testid=editor-approve]').click();
    await expect.poll(() => status(reviewerPage).innerText(), { timeout: 20_000 }).toBe('已通过');
    const events = await reviewerPage.locator('[data-testid=editor-event]').allInnerTexts();
    expect(events.map((e) => /(创建草稿|提交|退回|审核通过)/.exec(e)?.[1])).toEqual(['创建草稿', '提交', '退回', '提交', '审核通过']);

    await page.reload();
    await page.locator('[data-testid=editor-download-docx]').waitFor({ timeout: 20_000 });
    await expect(status(page).innerText()).resolves.toBe('已通过');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=editor-download-docx]').click()]);
    expect(download.suggestedFilename()).toBe(`${UNIT}2024年政府信息公开工作年度报告.docx`);
    const bytes = new Uint8Array(readFileSync((await download.path())!));
    const parsed = await parseReport(bytes, { path: download.suggestedFilename() });
    expect(parsed.agency).toBe(UNIT);
    expect(parsed.year).toBe(2024);
    const back = readBack(parsed, '');
    expect(back.problems).toEqual([]);
    // The same tables as the editor holds (read through the API as the unit).
    const view = (await (await unitCtx.request.get(`${app.url}${EDITOR_ROUTES.open.path(unitId, 2024)}`)).json()) as { tables: unknown };
    expect(back.tables).toEqual(view.tables);
    expect((back.tables.t2 as Record<string, Record<string, number | null>>)['regulations']).toEqual({ issued: 1, repealed: 0, inForce: 4 });
    expect((back.tables.t2 as Record<string, Record<string, number | null>>)['normativeDocuments']).toEqual({ issued: 0, repealed: 1, inForce: 11 });
    expect(parsed.sections.every((s) => s.heading !== null)).toBe(true);

    // Published: the date recorded, the history complete.
    await page.locator('[data-testid=editor-publish-date]').fill('2025-01-20');
    await page.locator('[data-testid=editor-publish]').click();
    await expect.poll(() => status(page).innerText(), { timeout: 20_000 }).toBe('已发布');
    await expect(page.locator('.ant-card-head').first().innerText()).resolves.toContain('发布日期 2025-01-20');
    await expect(page.locator('[data-testid=editor-history]').innerText()).resolves.toContain('yanjin 发布（已通过 → 已发布）');
    // The published report is in the report list, assigned to the unit.
    await page.locator('[data-testid=editor-stored]').click();
    await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/#\/reports\/\d+$/);
    const stored = (await app.store.listReports({ unitId, year: 2024 })).items;
    expect(stored.map((r) => [r.year, r.unitId])).toEqual([[2024, unitId]]);
    expect(pageErrors).toEqual([]);
  });
});
