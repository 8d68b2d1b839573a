/**
 * What a reviewer meets moving around the app, in headless Chromium against the real server with
 * the demo set: an address without '#', list rows that are links, only due years offered, the
 * coverage filters kept in the address, 正常 / 有警告 apart, short names found, units in pinyin
 * order, findings named as a reviewer names them with long messages folded, and units edited,
 * refused and deleted on the page.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/cli/serve.js';
import { dialogsSettled, launch, startApp, WEB_ROOT, type Running } from './browser.js';

let app: Running;
let browser: Browser;
let page: Page;

const rowIds = (p: Page): Promise<string[]> => p.locator('[data-testid=report-row]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-id')!));

beforeAll(async () => {
  expect(existsSync(join(WEB_ROOT, 'index.html')), 'web app not built: npm run build:web').toBe(true);
  app = await startApp();
  await loadDemo(app.store);
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('moving around the app', () => {
  it('an address without # opens its page (a report, or 页面不存在), never the list in silence', async () => {
    const r = (await app.store.listReports({ q: '青禾县教育局', year: 2024 })).items[0]!;
    await page.goto(`${app.url}/reports/${r.id}`);
    await page.locator('[data-testid=report-agency]').waitFor({ timeout: 20_000 });
    await expect(page.locator('[data-testid=report-agency]').innerText()).resolves.toContain('青禾县教育局');
    expect(await page.evaluate(() => location.hash)).toBe(`#/reports/${r.id}`);
    await page.goto(`${app.url}/nothing-here`);
    await page.getByText('页面不存在').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid=report-row]').count()).toBe(0);
  });

  it('list rows are links (new tab, keyboard); the year filter offers only due years', async () => {
    await page.goto(app.url);
    await page.locator('[data-testid=report-row]').first().waitFor({ timeout: 20_000 });
    const first = page.locator('[data-testid=report-row]').first();
    const id = await first.getAttribute('data-id');
    await expect(first.locator('[data-testid=report-link]').getAttribute('href')).resolves.toBe(`#/reports/${id}`);
    await first.locator('[data-testid=report-link]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 20_000 }).toBe(`#/reports/${id}`);

    await page.goto(app.url);
    await page.locator('[data-testid=report-row]').first().waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=filter-year]').click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await options.first().waitFor({ timeout: 20_000 });
    const now = new Date().getFullYear();
    // the list may be drawn again while it opens: ask until it has its options
    await expect.poll(async () => (await options.allInnerTexts())[0], { timeout: 20_000 }).toBe(`${now - 1}年度`);
    const labels = await options.allInnerTexts();
    expect(labels).not.toContain(`${now}年度`);
    await page.keyboard.press('Escape');
  });

  it('coverage filters live in the address: reload and Back keep them', async () => {
    await page.goto(`${app.url}/#/coverage?years=2023,2024`);
    await page.locator('[data-testid=coverage-cell]').first().waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=coverage-show] .ant-segmented-item', { hasText: '未报送' }).click();
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 20_000 }).toContain('show=missing');
    const shown = async () => (await page.locator('[data-testid=coverage-table] tbody tr.ant-table-row').count()) as number;
    await expect.poll(shown, { timeout: 20_000 }).toBeGreaterThan(0);
    const missing = await shown();
    await page.locator('[data-testid=coverage-search] input').fill('市场监管局');
    await page.locator('[data-testid=coverage-search] input').press('Enter');
    await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash)), { timeout: 20_000 }).toContain('q=市场监管局');
    await page.reload();
    await page.locator('[data-testid=coverage-table]').waitFor({ timeout: 20_000 });
    await expect(page.locator('[data-testid=coverage-search] input').inputValue()).resolves.toBe('市场监管局');
    // 市场监管局 stands for 青禾县市场监督管理局; filtered by 未报送 it may be gone, so go Back to all missing.
    await page.goBack();
    await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash)), { timeout: 20_000 }).not.toContain('q=');
    await expect.poll(shown, { timeout: 20_000 }).toBe(missing);
    expect(await page.evaluate(() => location.hash)).toContain('show=missing');
  });

  it('正常 and 有警告 are separate statuses in the filter and on the report page', async () => {
    const all = (await app.store.listReports({ pageSize: 200 })).items;
    const warned = all.filter((r) => r.status === 'ok' && r.warnings > 0).map((r) => String(r.id));
    const clean = all.filter((r) => r.status === 'ok' && r.warnings === 0).map((r) => String(r.id));
    expect(warned.length).toBeGreaterThan(0);
    await page.goto(`${app.url}/#/?status=warnings&pageSize=100`);
    await expect.poll(async () => (await rowIds(page)).sort(), { timeout: 20_000 }).toEqual([...warned].sort());
    await page.goto(`${app.url}/#/?status=ok&pageSize=100`);
    await expect.poll(async () => (await rowIds(page)).sort(), { timeout: 20_000 }).toEqual([...clean].sort());
    await page.goto(`${app.url}/#/reports/${warned[0]}`);
    await expect(page.locator('[data-testid=report-status]').innerText()).resolves.toBe('有警告');
  });

  it('a short name finds the full one; sorting by unit is in pinyin order', async () => {
    await page.goto(`${app.url}/#/?q=${encodeURIComponent('市场监管局')}`);
    await page.locator('[data-testid=report-row]').first().waitFor({ timeout: 20_000 });
    const names = await page.locator('[data-testid=report-link]').allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.includes('青禾县市场监督管理局'))).toBe(true);

    await page.goto(`${app.url}/#/?sort=agency&order=asc&pageSize=100`);
    // The list of the search above may still be on the page: wait for the whole list.
    const all = (await app.store.listReports({ status: ['ok', 'warnings', 'errors'], pageSize: 100 })).total;
    await expect.poll(() => page.locator('[data-testid=report-link]').count(), { timeout: 20_000 }).toBe(all);
    const shown = await page.locator('[data-testid=report-link]').allInnerTexts();
    const pinyin = new Intl.Collator('zh-u-co-pinyin');
    expect(shown.length).toBeGreaterThan(5);
    expect(shown).toEqual([...shown].sort(pinyin.compare));
    // Not code-point order: 青禾县财政局 (cai) before 青禾县交通运输局 (jiao), although 财 (8D22) is after 交 (4EA4).
    expect(shown).not.toEqual([...shown].sort());
  });

  it('findings are named as a reviewer names them (表三, not T3.balance); a long message is folded until opened', async () => {
    const r = (await app.store.listReports({ q: '青禾县财政局', year: 2024 })).items[0]!;
    const detail = (await app.store.getReport(r.id))!;
    const long = detail.findings.find((f) => f.message.length + (f.note?.length ?? 0) > 160);
    expect(long, 'the lost-column demo report has a long message').toBeTruthy();
    await page.goto(`${app.url}/#/reports/${r.id}`);
    const item = page.locator(`[data-testid=finding][data-key="${long!.key}"]`);
    await item.waitFor({ timeout: 20_000 });
    const groups = await page.locator('[data-testid=finding-group]').allInnerTexts();
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.some((g) => /[A-Z]\d?\.[a-zA-Z]/.test(g))).toBe(false);
    const msg = item.locator('[data-testid=finding-msg]');
    await expect(msg.getAttribute('data-folded')).resolves.toBe('true');
    const folded = (await item.boundingBox())!.height;
    await item.locator('[data-testid=finding-more]').click();
    await expect(msg.getAttribute('data-folded')).resolves.toBeNull();
    expect((await item.boundingBox())!.height).toBeGreaterThan(folded);
    if (long!.note) await expect(item.locator('.finding-note').textContent()).resolves.toBe(long!.note);
  });

  it('units: edited on the page (a bad region refused with the reason), deleted after asking; a picture is not a list', async () => {
    await page.goto(`${app.url}/#/units`);
    const row = page.locator('[data-testid=units-table] tr', { hasText: '青禾县司法局' }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.locator('[data-testid=unit-edit]').click();
    const form = page.locator('[data-testid=unit-edit-form]');
    await form.waitFor({ timeout: 20_000 });
    await dialogsSettled(page);
    await page.locator('[data-testid=unit-edit-region]').fill('bar');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('[data-testid=unit-edit-error]').waitFor({ timeout: 20_000 });
    await expect(page.locator('[data-testid=unit-edit-error]').innerText()).resolves.toContain('不是行政区划名称');
    const unit = (await app.store.listUnits({ q: '青禾县司法局' })).items[0]!;
    expect(unit.region).not.toBe('bar');
    await page.locator('[data-testid=unit-edit-region]').fill(unit.region ?? '');
    await page.locator('[data-testid=unit-edit-aliases] input').fill('县司法局');
    await page.keyboard.press('Enter');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(async () => (await app.store.getUnit(unit.id))!.aliases, { timeout: 20_000 }).toContain('县司法局');
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toContain('县司法局');

    const total = (await app.store.listUnits()).total;
    await row.locator('[data-testid=unit-delete]').click();
    await page.locator('[data-testid=unit-delete-confirm]').waitFor({ timeout: 20_000 });
    await dialogsSettled(page);
    await page.locator('[data-testid=unit-delete-confirm]').click();
    await expect.poll(async () => (await app.store.listUnits()).total, { timeout: 20_000 }).toBe(total - 1);
    expect(await app.store.getUnit(unit.id)).toBeNull();
    // Its reports are kept.
    expect((await app.store.listReports({ q: '青禾县司法局' })).total).toBeGreaterThan(0);

    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await page.locator('[data-testid=units-import] input[type=file]').setInputFiles({ name: '名单.png', mimeType: 'image/png', buffer: png });
    const res = page.locator('[data-testid=units-import-result]');
    await res.waitFor({ timeout: 20_000 });
    const text = await res.innerText();
    expect(text).toContain('名录未导入');
    expect(text).not.toMatch(/第\s*0\s*行/);
  });

  // Last: once a user exists the whole app asks for a login.
  it('with no user the header says 本机管理员; once users exist the app asks to log in, and 退出 ends the session', async () => {
    await page.goto(app.url);
    await page.locator('[data-testid=user-local]').waitFor({ timeout: 20_000 });
    expect(await app.store.accounts.addUser({ name: 'nanyang', role: 'reviewer', scope: '河南省/南阳市', password: 'reviewer-pass' })).toHaveProperty('user');
    await page.reload();
    await page.locator('[data-testid=login]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=login-name]').fill('nanyang');
    await page.locator('[data-testid=login-password] input, input[data-testid=login-password]').first().fill('wrong-password');
    await page.locator('[data-testid=login-submit]').click();
    await expect(page.locator('[data-testid=login-error]').innerText()).resolves.toContain('用户名或密码不对');
    await page.locator('[data-testid=login-password] input, input[data-testid=login-password]').first().fill('reviewer-pass');
    await page.locator('[data-testid=login-submit]').click();
    await page.locator('[data-testid=user-badge]').waitFor({ timeout: 20_000 });
    await expect(page.locator('[data-testid=user-badge]').innerText()).resolves.toContain('审核人员 · 河南省/南阳市');
    // The demo units are not in 南阳市: this reviewer sees none of their reports.
    await expect.poll(() => page.locator('.ant-table-placeholder').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=report-row]').count()).toBe(0);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'nianbao_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await page.locator('[data-testid=logout]').click();
    await page.locator('[data-testid=login]').waitFor({ timeout: 20_000 });
  });
});
