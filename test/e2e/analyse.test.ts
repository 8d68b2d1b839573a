/**
 * Compare and analyse in headless Chromium against the real server with the demo set: a unit's
 * years opened from the unit list (every value and change as stored), a point of its chart
 * clicked through to the report with the cells behind it selected, two reports compared from the
 * report page (cells, changes, indicators, the narrative), the region's analysis (ranks, a bar
 * clicked through) and its comparison workbook downloaded and checked against the stored tables.
 * Screenshots of the three pages go to docs/ only with UPDATE_SCREENSHOTS=1.
 */
import ExcelJS from 'exceljs';
import { docTexts, rowOf } from '../render/docx-text.js';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/cli/serve.js';
import type { Report, Table } from '../../src/model/report.js';
import type { ReportSummary } from '../../src/store/index.js';
import { launch, startApp, WEB_ROOT, type Running } from './browser.js';

const DEMO = '演示省/演示市/青禾县';
const shotDir = process.env['UPDATE_SCREENSHOTS'] ? join(__dirname, '..', '..', 'docs') : mkdtempSync(join(tmpdir(), 'nianbao-shots-'));
const shot = (name: string): string => join(shotDir, `screenshot-${name}`);

let app: Running;
let browser: Browser;
let page: Page;
const demo = new Map<string, ReportSummary>();

const settle = async (p: Page): Promise<void> => {
  await p.waitForFunction(() => !document.querySelector('.ant-spin-spinning'), undefined, { timeout: 20_000 });
  await p.waitForTimeout(300);
};
const record = async (id: number): Promise<Report> => (await app.store.getReport(id))!.record;
const cell = (t: Table | null | undefined, row: string, col: string): number | null => {
  const x = t?.[row]?.[col];
  return typeof x === 'number' ? x : null;
};
const openRate = (t3: Table | null): number | null => {
  const [g, p, t] = [cell(t3, 'granted', 'total'), cell(t3, 'partial', 'total'), cell(t3, 'total', 'total')];
  return g === null || p === null || t === null || t === 0 ? null : ((g + p) / t) * 100;
};
const hash = (p: Page): Promise<string> => p.evaluate(() => decodeURIComponent(location.hash));

/** Click the point of a chart at `index`, where ECharts drew it (the wrapper's data-points). */
async function clickPoint(p: Page, testId: string, index: number): Promise<void> {
  const chart = p.locator(`[data-testid=${testId}][data-points]`);
  await chart.waitFor({ timeout: 20_000 });
  await p.waitForTimeout(300);
  const points = JSON.parse((await chart.getAttribute('data-points'))!) as [number, number, number][];
  const pt = points.find((x) => x[0] === index);
  expect(pt, `point ${index} of ${JSON.stringify(points)}`).toBeTruthy();
  const box = (await chart.boundingBox())!;
  await p.mouse.click(box.x + pt![1], box.y + pt![2]);
}

beforeAll(async () => {
  expect(existsSync(join(WEB_ROOT, 'index.html')), 'web app not built: npm run build:web').toBe(true);
  app = await startApp();
  await loadDemo(app.store);
  for (const s of (await app.store.listReports({ pageSize: 200 })).items) if (s.unitName && s.year) demo.set(`${s.unitName}|${s.year}`, s);
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("a unit's years", () => {
  it('opens from the unit list: every year side by side, each value and change as stored', async () => {
    const [r23, r24] = [demo.get('青禾县教育局|2023')!, demo.get('青禾县教育局|2024')!];
    await page.goto(`${app.url}/#/units`);
    await page.locator('[data-testid=unit-link]', { hasText: '青禾县教育局' }).click();
    await page.locator('[data-testid=unit-page]').waitFor({ timeout: 20_000 });
    expect(await hash(page)).toBe(`#/units/${r24.unitId}`);
    await expect(page.locator('[data-testid=unit-name]').innerText()).resolves.toBe('青禾县教育局');
    expect([...new Set(await page.locator('[data-testid=unit-year]').allInnerTexts())]).toEqual(['2023年度', '2024年度']);
    const [a, b] = [await record(r23.id), await record(r24.id)];
    // 表三, every value shown, as stored; absent ones as 「—」.
    const values = page.locator('[data-testid=unit-cells] [data-testid=unit-value]');
    await values.first().waitFor({ timeout: 20_000 });
    const shown = await values.evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-year'), e.getAttribute('data-cell'), e.textContent, e.getAttribute('data-null')]),
    );
    expect(shown.length).toBeGreaterThan(150);
    for (const [year, key, text, isNull] of shown) {
      const [table, row, col] = key!.split('|') as ['t3', string, string];
      const want = cell((year === '2023' ? a : b).tables[table], row, col);
      if (want === null) expect(isNull, `${year} ${key}`).toBe('true');
      else expect(Number(text), `${year} ${key}`).toBe(want);
    }
    // The change of 本年新收 from 2023 to 2024.
    const nr = page.locator('[data-testid=unit-cell-row][data-cell="t3|newReceived|total"] [data-testid=unit-delta]');
    const d = cell(b.tables.t3, 'newReceived', 'total')! - cell(a.tables.t3, 'newReceived', 'total')!;
    if (d !== 0) await expect(nr.getAttribute('data-delta')).resolves.toBe(String(d));
    // 公开率 of each year, with its formula id.
    const open = page.locator('[data-testid=unit-indicator-row][data-id=openRate] [data-testid=indicator-value]');
    expect(await open.allInnerTexts()).toEqual([`${openRate(a.tables.t3)!.toFixed(1)}%`, `${openRate(b.tables.t3)!.toFixed(1)}%`]);
    await expect(page.locator('[data-testid=unit-chart-formula]').innerText()).resolves.toContain('openRate');
    await settle(page);
    await page.screenshot({ path: shot('unit.png') });
  });

  it('a point of the chart opens that year’s report with the cells behind the figure selected', async () => {
    const [r23, r24] = [demo.get('青禾县教育局|2023')!, demo.get('青禾县教育局|2024')!];
    // 公开率 2024 → the report of 2024 at 予以公开, 部分公开 and 总计.
    await page.goto(`${app.url}/#/units/${r24.unitId}`);
    await clickPoint(page, 'unit-chart', 1);
    await expect.poll(() => hash(page), { timeout: 20_000 }).toMatch(new RegExp(`^#/reports/${r24.id}\\?`));
    expect(await hash(page)).toContain('cell=t3|granted|total');
    await page.locator('[data-testid=report-agency]').waitFor({ timeout: 20_000 });
    for (const row of ['granted', 'partial', 'total'])
      await expect.poll(() => page.locator(`[data-testid=cell-t3-${row}-total]`).getAttribute('data-selected'), { timeout: 20_000 }).toBe('true');
    // A cell chosen for the chart: 本年新收 2023 → the report of 2023 at that one cell.
    await page.goto(`${app.url}/#/units/${r24.unitId}?show=${encodeURIComponent('t3|newReceived|total')}`);
    await expect.poll(() => page.locator('[data-testid=unit-chart-formula]').innerText(), { timeout: 20_000 }).toContain('t3:newReceived|total');
    await clickPoint(page, 'unit-chart', 0);
    await expect.poll(() => hash(page), { timeout: 20_000 }).toBe(`#/reports/${r23.id}?cell=t3|newReceived|total`);
    await expect.poll(() => page.locator('[data-testid=cell-t3-newReceived-total]').getAttribute('data-selected'), { timeout: 20_000 }).toBe('true');
    expect(await page.locator('[data-selected=true]').count()).toBe(1);
  });
});

describe('two reports compared', () => {
  it('from the report page (比较上一年度): every cell with B − A, indicators of each, the narrative with its similarity', async () => {
    const [r23, r24] = [demo.get('青禾县教育局|2023')!, demo.get('青禾县教育局|2024')!];
    await page.goto(`${app.url}/#/reports/${r24.id}`);
    await page.locator('[data-testid=report-compare-previous]').click();
    await page.locator('[data-testid=compare-a]').waitFor({ timeout: 20_000 });
    await expect.poll(() => hash(page), { timeout: 20_000 }).toBe(`#/compare?a=${r23.id}&b=${r24.id}`);
    const [a, b] = [await record(r23.id), await record(r24.id)];
    // The cells that differ, as counted here from the stored tables.
    let differ = 0;
    const keys = new Set<string>();
    for (const t of [a, b])
      for (const table of ['t2', 't3', 't4'] as const)
        for (const [row, cols] of Object.entries(t.tables[table] ?? {})) for (const col of Object.keys(cols)) keys.add(`${table}|${row}|${col}`);
    for (const k of keys) {
      const [table, row, col] = k.split('|') as ['t2', string, string];
      const [x, y] = [cell(a.tables[table], row, col), cell(b.tables[table], row, col)];
      if ((x === null) !== (y === null) || (x !== null && y !== null && x !== y)) differ++;
    }
    await expect.poll(() => page.locator('[data-testid=compare-diff-row]').count(), { timeout: 20_000 }).toBe(differ);
    // 表三 in its statutory layout: A, B and B − A per cell.
    await page.locator('[data-testid=compare-tab-t3]').click();
    await page.locator('[data-testid=compare-table-t3]').waitFor({ timeout: 20_000 });
    const dcells = await page
      .locator('[data-testid=compare-table-t3] [data-testid^=dcell-t3-]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-testid'), e.getAttribute('data-a'), e.getAttribute('data-b'), e.getAttribute('data-delta')]));
    expect(dcells.length).toBeGreaterThan(150);
    for (const [tid, x, y, dl] of dcells) {
      const [, , row, col] = /^dcell-(t3)-(.+)-([^-]+)$/.exec(tid!)!;
      const [va, vb] = [cell(a.tables.t3, row!, col!), cell(b.tables.t3, row!, col!)];
      expect([x, y], tid!).toEqual([va === null ? '' : String(va), vb === null ? '' : String(vb)]);
      expect(dl).toBe(va !== null && vb !== null ? String(vb - va) : '');
    }
    // Indicators of each side; the narrative section by section.
    const open = page.locator('[data-testid=compare-indicator-row][data-id=openRate] [data-testid=indicator-value]');
    expect(await open.allInnerTexts()).toEqual([`${openRate(a.tables.t3)!.toFixed(1)}%`, `${openRate(b.tables.t3)!.toFixed(1)}%`]);
    const s1 = page.locator('[data-testid=compare-section][data-key=s1]');
    await expect(s1.getAttribute('data-similarity')).resolves.toBe('1');
    await expect(s1.locator('[data-testid=section-similarity]').innerText()).resolves.toContain('几乎相同');
    expect(await s1.locator('[data-testid=sentence][data-shared=true]').count()).toBeGreaterThan(3);
    await page.locator('[data-testid=compare-table-t3]').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, 0));
    await settle(page);
    await page.screenshot({ path: shot('compare.png') });
  });
});

describe("a region's year", () => {
  it('ranks the units, a bar opens the report at its cells, and the comparison workbook and the summary DOCX match the stored tables', async () => {
    const listed = (await app.store.listReports({ region: DEMO, year: 2024, pageSize: 200 })).items.filter((s) => s.status !== 'unreadable');
    await page.goto(`${app.url}/#/analysis?region=${encodeURIComponent(DEMO)}&year=2024`);
    await expect.poll(() => page.locator('[data-testid=analysis-row]').count(), { timeout: 20_000 }).toBe(listed.length);
    // Ranks by 公开率 as computed here (every demo unit has ≥ 30 requests).
    const rates = await Promise.all(listed.map(async (s) => ({ id: s.id, rate: openRate((await record(s.id)).tables.t3)! })));
    rates.sort((x, y) => y.rate - x.rate);
    for (const [i, x] of rates.entries())
      await expect(page.locator(`[data-testid=analysis-row][data-id="${x.id}"]`).getAttribute('data-rank')).resolves.toBe(String(i + 1));
    await settle(page);
    await page.screenshot({ path: shot('analysis.png') });
    // The highest bar: the first-ranked unit's report, at 予以公开, 部分公开 and 总计.
    await clickPoint(page, 'analysis-chart', 0);
    await expect.poll(() => hash(page), { timeout: 20_000 }).toMatch(new RegExp(`^#/reports/${rates[0]!.id}\\?cell=`));
    await expect.poll(() => page.locator('[data-testid=cell-t3-granted-total]').getAttribute('data-selected'), { timeout: 20_000 }).toBe('true');

    // A value in the table: the region's answer has no cells; they are asked for on the click.
    await page.goBack();
    await page.locator(`[data-testid=analysis-row][data-id="${rates[1]!.id}"] [data-testid=indicator-value][data-id=openRate]`).click();
    await expect.poll(() => hash(page), { timeout: 20_000 }).toMatch(new RegExp(`^#/reports/${rates[1]!.id}\\?cell=`));
    expect((await hash(page)).split('?')[1]!.split('&').sort()).toEqual(['cell=t3|granted|total', 'cell=t3|partial|total', 'cell=t3|total|total']);

    // The roll-up: a summed cell lists its largest parts, every one on demand; a part opens its report at the cell.
    await page.goBack();
    await page.locator('[data-testid=rollup-group][data-scope=office]').click();
    await page.locator('[data-testid=rollup-parts-more]').first().waitFor({ timeout: 20_000 });
    const at = await page
      .locator('[data-testid=rollup-parts]')
      .evaluateAll((els) => els.findIndex((e) => e.querySelector('[data-testid=rollup-parts-more]') !== null));
    const parts = page.locator('[data-testid=rollup-parts]').nth(at);
    const more = parts.locator('[data-testid=rollup-parts-more]');
    const n = Number(/等(\d+)份/.exec(await more.innerText())![1]);
    expect(await parts.locator('a').count()).toBe(6);
    await more.click();
    await expect.poll(() => parts.locator('a').count(), { timeout: 20_000 }).toBe(n);
    const link = parts.locator('a').last();
    const to = (await link.getAttribute('href'))!;
    expect(decodeURIComponent(to)).toMatch(/^#\/reports\/\d+\?cell=t[234]\|[^|]+\|[^|]+$/);
    await link.click();
    await expect.poll(() => hash(page), { timeout: 20_000 }).toBe(decodeURIComponent(to));
    await page.goBack();
    await page.locator('[data-testid=analysis-download]').waitFor({ timeout: 20_000 });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.locator('[data-testid=analysis-download]').click()]);
    expect(download.suggestedFilename()).toMatch(/^比较工作簿-青禾县-2024年度-\d{8}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    let checked = 0;
    for (const [sheet, table] of [
      ['表二', 't2'],
      ['表三', 't3'],
      ['表四', 't4'],
    ] as const) {
      const ws = wb.getWorksheet(sheet)!;
      const keys = (ws.getRow(2).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
      const ids: number[] = [];
      for (let i = 3; i <= ws.rowCount; i++) {
        const row = ws.getRow(i);
        const id = Number(row.getCell(4).value);
        ids.push(id);
        const rec = await record(id);
        keys.forEach((k, j) => {
          const m = /^t[234]:([^|]+)\|(.+)$/.exec(k);
          if (!m) return;
          expect(row.getCell(j).value ?? null, `${sheet} #${id} ${k}`).toBe(cell(rec.tables[table], m[1]!, m[2]!));
          checked++;
        });
      }
      expect(ids.sort()).toEqual(listed.map((s) => s.id).sort());
    }
    expect(checked).toBeGreaterThan(listed.length * 150);
    // 指标: 公开率 under its formula id, as computed here.
    const ind = wb.getWorksheet('指标')!;
    const col = (ind.getRow(2).values as unknown[]).indexOf('openRate');
    for (let i = 3; i <= ind.rowCount; i++) {
      const r = ind.getRow(i);
      expect(r.getCell(col).value as number).toBeCloseTo(rates.find((x) => x.id === Number(r.getCell(4).value))!.rate, 9);
    }

    // The summary DOCX, one click: each unit's row is its stored cells; charts are images.
    const [doc] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.locator('[data-testid=analysis-summary-docx]').click()]);
    expect(doc.suggestedFilename()).toMatch(/^汇总报告-青禾县-2024年度-\d{8}\.docx$/);
    const { xml, media } = docTexts(readFileSync((await doc.path())!));
    let rows = 0;
    for (const s of listed) {
      const row = rowOf(xml, s.unitName ?? s.agency ?? '');
      if (!row) continue;
      const t3 = (await record(s.id)).tables.t3;
      const shown = (v: number | null): string => (v === null ? '—' : String(v));
      expect(row.slice(2, 5), `${s.unitName}`).toEqual([
        shown(cell(t3, 'newReceived', 'total')),
        shown(cell(t3, 'carriedOver', 'total')),
        shown(cell(t3, 'granted', 'total')),
      ]);
      rows++;
    }
    expect(rows).toBe(listed.length);
    expect(Object.keys(media).length).toBeGreaterThanOrEqual(2);
  });
});
