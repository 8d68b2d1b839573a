/**
 * The contract between the web app and the server cannot drift: every route of the table both
 * use (src/server/routes.ts) is requested against the real server, with real ingested files (a
 * text seed, a PDF with page images), and what it answers is checked against the contract's
 * schema. And the web app writes no API path of its own.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import * as contract from '../../src/server/contract.js';
import { ROUTES, type RouteName } from '../../src/server/routes.js';
import { registerTemplateXlsx } from '../../src/register/index.js';
import { openApiPath } from '../../src/server/openapi.js';
import { openStore, type Store } from '../../src/store/index.js';

const shared = join(__dirname, '..', '..', '..', 'shared');
const seed = readdirSync(join(shared, 'seeds')).find((f) => f.startsWith('003_'))!;
const pdfFile = join(__dirname, '..', 'fixtures', 'pdf', 'pdf-2021-basic.pdf');

let store: Store;
let app: ReturnType<typeof createApp>['app'];
let close: () => Promise<void>;
let textId: number;
let pdfId: number;
let findingKey: string;
let unitId: number;
let registerTemplate: Uint8Array;
let spareUnitId: number;
/** Session cookies of the administrator: one for every call, another for the logout call. */
let cookie = '';
let cookie2 = '';
const PASSWORD = 'contract-test-pw';

/** A request as the logged-in web app makes it (its session cookie unless the call brings one). */
const req = (url: string, init: RequestInit = {}): Promise<Response> | Response => {
  const headers = new Headers(init.headers);
  if (!headers.has('cookie')) headers.set('cookie', cookie);
  return app.request(url, { ...init, headers });
};
const login = async (): Promise<string> => {
  const res = await app.request(ROUTES.login.path(), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'admin', password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return /nianbao_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
};

const form = (name: string, bytes: Uint8Array): FormData => {
  const fd = new FormData();
  fd.append('file', new Blob([bytes]), name);
  return fd;
};

beforeAll(async () => {
  store = await openStore({ file: join(mkdtempSync(join(tmpdir(), 'nianbao-contract-')), 'db.sqlite') });
  ({ app, close } = createApp({ store, workers: 0 }));
  const text = await store.ingestFile({ bytes: readFileSync(join(shared, 'seeds', seed)), fileName: seed, record: null });
  textId = text.id!;
  await store.importUnits([
    { line: 2, name: '延津县人民政府', region: '河南省/新乡市/延津县', level: '县级', parent: null, aliases: [] },
    { line: 3, name: '延津县备用局', region: '河南省/新乡市/延津县', level: '部门', parent: null, aliases: [] },
  ]);
  const units = (await store.listUnits()).items;
  unitId = units.find((u) => u.name === '延津县人民政府')!.id;
  spareUnitId = units.find((u) => u.name === '延津县备用局')!.id;
  expect(await store.accounts.addUser({ name: 'admin', role: 'admin', password: PASSWORD })).toMatchObject({ created: true });
  cookie = await login();
  registerTemplate = await registerTemplateXlsx();
  cookie2 = await login();
  const up = contract.uploadResult.parse(await (await req(ROUTES.upload.path(), { method: 'POST', body: form('basic.pdf', readFileSync(pdfFile)) })).json());
  pdfId = up.results[0]!.id!;
  findingKey = contract.reportDetail.parse(await (await req(ROUTES.report.path(textId))).json()).findings[0]!.key;
  // The text report as a whole-area one (层级 全县 on the unit list): a check for GET /api/analysis/rollup/check.
  await store.importUnits([{ line: 4, name: '延津县人民政府办公室', region: '河南省/新乡市/延津县', level: '全县', parent: null, aliases: [] }]);
  const roll = contract.rollupResult.parse(await (await req(ROUTES.rollup.path({ region: '河南省', year: 2024 }))).json());
  expect(roll.wholeArea.map((w) => w.parent.id)).toEqual([textId]);
});
afterAll(async () => {
  await close();
  await store.close();
});

/** One request per route, as the web app makes it, and the schema its answer must meet (null: not JSON). */
const calls = (): Record<RouteName, { init?: RequestInit; url: string; schema: z.ZodType | null; type?: RegExp }> => ({
  health: { url: ROUTES.health.path(), schema: contract.health },
  login: {
    url: ROUTES.login.path(),
    init: { method: 'POST', headers: { 'content-type': 'application/json', cookie: '' }, body: JSON.stringify({ name: 'admin', password: PASSWORD }) },
    schema: contract.me,
  },
  logout: { url: ROUTES.logout.path(), init: { method: 'POST', headers: { cookie: cookie2 } }, schema: null, type: /application\/json/ },
  me: { url: ROUTES.me.path(), schema: contract.me },
  audit: { url: ROUTES.audit.path({ pageSize: 5 }), schema: contract.auditList },
  upload: {
    url: ROUTES.upload.path(),
    init: { method: 'POST', body: form('again.txt', readFileSync(join(shared, 'seeds', seed))) },
    schema: contract.uploadResult,
  },
  reports: { url: ROUTES.reports.path({ q: '延津', pageSize: 5 }), schema: contract.reportList },
  report: { url: ROUTES.report.path(pdfId), schema: contract.reportDetail },
  source: { url: ROUTES.source.path(pdfId), schema: null, type: /application\/pdf/ },
  page: { url: ROUTES.page.path(pdfId, 1), schema: null, type: /image\/png/ },
  problems: { url: ROUTES.problems.path(textId), schema: null, type: /wordprocessingml/ },
  problemsZip: { url: ROUTES.problemsZip.path({ ids: [textId, pdfId] }), schema: null, type: /application\/zip/ },
  decision: {
    url: ROUTES.decision.path(textId, findingKey),
    init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'confirmed', comment: '' }) },
    schema: contract.decision,
  },
  reportUnit: {
    url: ROUTES.reportUnit.path(pdfId),
    init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ unitId: null }) },
    schema: contract.reportSummary,
  },
  cellReview: {
    url: ROUTES.cellReview.path(textId, 't3', 'granted', 'total'),
    init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: 3, reviewer: '张三' }) },
    schema: contract.cellReview,
  },
  cellReviewDelete: { url: ROUTES.cellReviewDelete.path(textId, 't3', 'granted', 'total'), schema: null, type: /application\/json/ },
  review: {
    url: ROUTES.review.path(textId),
    init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reviewed: true, note: '已核' }) },
    schema: contract.reportSummary,
  },
  bulk: {
    url: ROUTES.bulk.path(),
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'decide', ids: [textId], rule: 'T3.rowSum', decision: 'confirmed' }),
    },
    schema: contract.bulkResult,
  },
  regions: { url: ROUTES.regions.path(), schema: contract.regionList },
  units: { url: ROUTES.units.path({ q: '' }), schema: contract.unitList },
  unit: {
    url: ROUTES.unit.path(unitId),
    init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ aliases: ['县政府'] }) },
    schema: contract.unitSaved,
  },
  unitDelete: { url: ROUTES.unitDelete.path(spareUnitId), schema: contract.unitDeleted },
  register: { url: ROUTES.register.path(unitId), schema: contract.registerView },
  registerImport: {
    url: ROUTES.registerImport.path(unitId),
    init: { method: 'POST', body: form('台账.xlsx', registerTemplate) },
    schema: contract.registerImportResult,
  },
  registerXlsx: { url: ROUTES.registerXlsx.path(unitId), schema: null, type: /spreadsheetml/ },
  registerTables: { url: ROUTES.registerTables.path(unitId, 2024), schema: contract.registerTables },
  registerTemplate: { url: ROUTES.registerTemplate.path(), schema: null, type: /spreadsheetml/ },
  unitImport: {
    url: ROUTES.unitImport.path(),
    init: { method: 'POST', body: form('units.csv', new TextEncoder().encode('名称,地区\n延津县人民政府,河南省/新乡市/延津县\n')) },
    schema: contract.unitImportResult,
  },
  reviewQueue: { url: ROUTES.reviewQueue.path(), schema: contract.reviewQueue },
  coverage: { url: ROUTES.coverage.path({ years: '2023,2024' }), schema: contract.coverage },
  exportCsv: { url: ROUTES.exportCsv.path({ ids: String(textId) }), schema: null, type: /text\/csv/ },
  exportXlsx: { url: ROUTES.exportXlsx.path({ year: 2024 }), schema: null, type: /spreadsheetml/ },
  unitYears: { url: ROUTES.unitYears.path(unitId), schema: contract.unitYears },
  compare: { url: ROUTES.compare.path({ a: textId, b: pdfId }), schema: contract.comparisonResult },
  analysis: { url: ROUTES.analysis.path({ region: '河南省', year: 2024 }), schema: contract.analysis },
  rollup: { url: ROUTES.rollup.path({ region: '河南省', year: 2024 }), schema: contract.rollupResult },
  analysisFigure: { url: ROUTES.analysisFigure.path({ report: textId, id: 'openRate' }), schema: contract.indicatorCells },
  rollupCell: {
    url: ROUTES.rollupCell.path({ region: '河南省', year: 2024, scope: 'whole-area', table: 't3', row: 'granted', col: 'total' }),
    schema: contract.rollupCell,
  },
  rollupCheck: { url: ROUTES.rollupCheck.path({ region: '河南省', year: 2024, parent: textId }), schema: contract.wholeAreaCheck },
  comparisonXlsx: { url: ROUTES.comparisonXlsx.path({ ids: [textId, pdfId] }), schema: null, type: /spreadsheetml/ },
  summaryDocx: { url: ROUTES.summaryDocx.path({ ids: [textId, pdfId] }), schema: null, type: /wordprocessingml/ },
  rules: { url: ROUTES.rules.path(), schema: contract.ruleList },
  docs: { url: ROUTES.docs.path(), schema: null, type: /application\/json/ },
  queue: { url: ROUTES.queue.path(), schema: contract.queueProgress },
  queueRetry: {
    url: ROUTES.queueRetry.path(),
    init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids: ['00000000-0000-0000-0000-000000000000'] }) },
    schema: contract.queueRetryResult,
  },
});

describe('every route the web app uses answers on the real server', () => {
  for (const name of Object.keys(ROUTES) as RouteName[]) {
    it(`${ROUTES[name].method} ${ROUTES[name].pattern}`, async () => {
      const c = calls()[name];
      const res = await req(c.url, { method: ROUTES[name].method, ...c.init });
      expect(res.status, `${c.url}: ${res.status}`).toBe(200);
      if (c.schema) {
        const parsed = c.schema.safeParse(await res.json());
        expect(parsed.success, JSON.stringify(parsed.error?.issues?.slice(0, 3))).toBe(true);
      } else expect(res.headers.get('content-type') ?? '').toMatch(c.type!);
    });
  }

  it('the page image of a PDF report is a PNG of the page at 2 pixels per point', async () => {
    const png = new Uint8Array(await (await req(ROUTES.page.path(pdfId, 1))).arrayBuffer());
    expect([...png.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const width = new DataView(png.buffer, png.byteOffset).getUint32(16);
    expect(Math.abs(width - 595.28 * 2)).toBeLessThan(1); // an A4 page is 595.28 points wide
  });

  it('an unknown path answers 404 with a Chinese message (so a drifted client fails loudly)', async () => {
    const res = await req(`${ROUTES.page.path(pdfId, 1)}.png`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('没有这个接口');
  });
});

describe('the rule filter', () => {
  it('offers every rule id a stored finding carries, and filtering by a parser id (P.cellCount) finds the report', async () => {
    const offered = new Set(contract.ruleList.parse(await (await req(ROUTES.rules.path())).json()).items.map((r) => r.id));
    const carried = new Set<string>();
    for (const id of [textId, pdfId])
      for (const f of contract.reportDetail.parse(await (await req(ROUTES.report.path(id))).json()).findings) carried.add(f.rule);
    expect(carried.has('P.cellCount')).toBe(true);
    expect([...carried].filter((r) => !offered.has(r))).toEqual([]);
    const list = contract.reportList.parse(await (await req(ROUTES.reports.path({ rule: 'P.cellCount' }))).json());
    expect(list.items.map((i) => i.id)).toContain(textId);
  });
});

describe('the OpenAPI document', () => {
  it('documents every route of the route table under its method', async () => {
    const doc = (await (await req(ROUTES.docs.path())).json()) as { paths: Record<string, Record<string, { summary: string }>> };
    for (const r of Object.values(ROUTES)) expect(doc.paths[openApiPath(r.pattern)]?.[r.method.toLowerCase()]?.summary, r.pattern).toBeTruthy();
  });
});

describe('the web app builds every API URL from the route table', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : /\.tsx?$/.test(f) ? [join(dir, f)] : []));
  it('no /api/ or /healthz string in web/src outside comments', () => {
    const offenders: string[] = [];
    for (const file of files(join(__dirname, '..', '..', 'web', 'src'))) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      for (const m of code.matchAll(/['"`]\/(api\/|healthz)[^'"`]*/g)) offenders.push(`${file}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
