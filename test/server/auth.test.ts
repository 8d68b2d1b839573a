/**
 * Accounts on the real app: anonymous requests refused once a user exists, the local
 * administrator only on loopback with no users, login throttled, session cookie HttpOnly and
 * SameSite=Strict, CSRF refused, a reviewer and a unit kept to their own reports and units on
 * every route with an id (IDOR), API tokens, passwords never stored in clear, the audit log.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import * as contract from '../../src/server/contract.js';
import { ROUTES, type RouteName } from '../../src/server/routes.js';
import { openStore, type Store } from '../../src/store/index.js';
import { bytesOf, genReport, genReportWithError } from '../ingest/gen.js';

const PASSWORDS = { admin: 'admin-pass-1', xinxiang: 'reviewer-pass-2', wolong: 'unit-pass-3' };

let dir: string;
let store: Store;
let app: ReturnType<typeof createApp>['app'];
let close: () => Promise<void>;
let yanjin: number; // a report in 新乡市 (the reviewer's region)
let wolong: number; // a report of 卧龙区人民政府 (the unit user's unit), outside 新乡市
let yanjinUnit: number;
let wolongUnit: number;
const cookies: Record<string, string> = {};

const json = (body: unknown, extra: Record<string, string> = {}): RequestInit => ({
  headers: { 'content-type': 'application/json', ...extra },
  body: JSON.stringify(body),
});
const as = (who: keyof typeof PASSWORDS | null, url: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  if (who) headers.set('cookie', cookies[who]!);
  return app.request(url, { ...init, headers });
};
const login = async (name: string, password: string) => app.request(ROUTES.login.path(), { method: 'POST', ...json({ name, password }) });
const form = (name: string, bytes: Uint8Array): FormData => {
  const fd = new FormData();
  fd.append('file', new Blob([bytes]), name);
  return fd;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-auth-'));
  store = await openStore({ file: join(dir, 'db.sqlite') });
  ({ app, close } = createApp({ store, workers: 0 }));
  await store.importUnits([
    { line: 2, name: '延津县人民政府', region: '河南省/新乡市/延津县', level: '县级', parent: null, aliases: [] },
    { line: 3, name: '卧龙区人民政府', region: '河南省/南阳市/卧龙区', level: '县级', parent: null, aliases: [] },
  ]);
  const units = (await store.listUnits()).items;
  yanjinUnit = units.find((u) => u.name === '延津县人民政府')!.id;
  wolongUnit = units.find((u) => u.name === '卧龙区人民政府')!.id;
  yanjin = (await store.ingestFile({ bytes: bytesOf(genReportWithError(1, { agency: '延津县人民政府', year: 2024 }).text), fileName: 'yanjin.txt' })).id!;
  wolong = (await store.ingestFile({ bytes: bytesOf(genReportWithError(2, { agency: '卧龙区人民政府', year: 2024 }).text), fileName: 'wolong.txt' })).id!;
  expect((await store.summary(yanjin))!.unitId).toBe(yanjinUnit);
  expect((await store.summary(wolong))!.unitId).toBe(wolongUnit);
});
afterAll(async () => {
  await close();
  await store.close();
});

describe('before any user exists', () => {
  it('on loopback everyone is the local administrator, and the app says so', async () => {
    const me = contract.me.parse(await (await app.request(ROUTES.me.path())).json());
    expect(me.user).toMatchObject({ role: 'admin', local: true });
    expect((await app.request(ROUTES.reports.path())).status).toBe(200);
  });

  it('a server not on loopback answers 401 to everything, naming the command that creates an administrator', async () => {
    const other = await openStore({ file: join(dir, 'empty.sqlite') });
    const open = createApp({ store: other, workers: 0, allowLocalAdmin: false });
    try {
      const res = await open.app.request(ROUTES.reports.path());
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toContain('nianbao users add');
      expect((await open.app.request(ROUTES.health.path())).status).toBe(200);
    } finally {
      await open.close();
      await other.close();
    }
  });
});

describe('with users', () => {
  beforeAll(async () => {
    expect(await store.accounts.addUser({ name: 'admin', role: 'admin', password: PASSWORDS.admin })).toMatchObject({ created: true });
    expect(await store.accounts.addUser({ name: 'xinxiang', role: 'reviewer', scope: '河南省/新乡市', password: PASSWORDS.xinxiang })).toMatchObject({
      user: { scopeRegion: '河南省/新乡市' },
    });
    expect(await store.accounts.addUser({ name: 'wolong', role: 'unit', scope: '卧龙区人民政府', password: PASSWORDS.wolong })).toMatchObject({
      user: { scopeUnitId: wolongUnit },
    });
    // Refused: a short password, an unknown role, a reviewer without a real region, a unit not in the list.
    expect(await store.accounts.addUser({ name: 'x', role: 'admin', password: 'short' })).toMatchObject({ error: expect.stringMatching(/至少/) });
    expect(await store.accounts.addUser({ name: 'x', role: 'boss', password: 'long-enough' })).toMatchObject({ error: expect.stringMatching(/角色/) });
    expect(await store.accounts.addUser({ name: 'x', role: 'reviewer', scope: 'bar', password: 'long-enough' })).toMatchObject({
      error: expect.stringMatching(/行政区划/),
    });
    expect(await store.accounts.addUser({ name: 'x', role: 'unit', scope: '不存在的局', password: 'long-enough' })).toMatchObject({
      error: expect.stringMatching(/名录中没有/),
    });
    for (const who of Object.keys(PASSWORDS) as (keyof typeof PASSWORDS)[]) {
      const res = await login(who, PASSWORDS[who]);
      expect(res.status, who).toBe(200);
      cookies[who] = /nianbao_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    }
  });

  /** One request per route with real ids (of the report outside the reviewer's region). */
  const everyRoute = (): Record<RouteName, { url: string; init?: RequestInit }> => ({
    health: { url: ROUTES.health.path() },
    login: { url: ROUTES.login.path(), init: json({}) },
    logout: { url: ROUTES.logout.path() },
    me: { url: ROUTES.me.path() },
    audit: { url: ROUTES.audit.path() },
    upload: { url: ROUTES.upload.path(), init: { body: form('a.txt', bytesOf(genReport(9).text)) } },
    reports: { url: ROUTES.reports.path() },
    report: { url: ROUTES.report.path(wolong) },
    source: { url: ROUTES.source.path(wolong) },
    page: { url: ROUTES.page.path(wolong, 1) },
    problems: { url: ROUTES.problems.path(wolong) },
    problemsZip: { url: ROUTES.problemsZip.path({ ids: [wolong] }) },
    decision: { url: ROUTES.decision.path(wolong, 'k'), init: json({ decision: 'confirmed', comment: '' }) },
    reportUnit: { url: ROUTES.reportUnit.path(wolong), init: json({ unitId: null }) },
    cellReview: { url: ROUTES.cellReview.path(wolong, 't3', 'granted', 'total'), init: json({ value: 1, reviewer: 'x' }) },
    cellReviewDelete: { url: ROUTES.cellReviewDelete.path(wolong, 't3', 'granted', 'total') },
    review: { url: ROUTES.review.path(wolong), init: json({ reviewed: true, note: null }) },
    bulk: { url: ROUTES.bulk.path(), init: json({ action: 'review', ids: [wolong], reviewed: true }) },
    regions: { url: ROUTES.regions.path() },
    units: { url: ROUTES.units.path() },
    unit: { url: ROUTES.unit.path(wolongUnit), init: json({ aliases: ['x'] }) },
    unitDelete: { url: ROUTES.unitDelete.path(wolongUnit) },
    unitImport: { url: ROUTES.unitImport.path(), init: { body: form('u.csv', bytesOf('名称,地区\n卧龙区财政局,河南省/南阳市/卧龙区\n')) } },
    reviewQueue: { url: ROUTES.reviewQueue.path() },
    coverage: { url: ROUTES.coverage.path() },
    exportCsv: { url: ROUTES.exportCsv.path() },
    exportXlsx: { url: ROUTES.exportXlsx.path() },
    unitYears: { url: ROUTES.unitYears.path(wolongUnit) },
    compare: { url: ROUTES.compare.path({ a: wolong, b: wolong }) },
    analysis: { url: ROUTES.analysis.path({ region: '河南省/南阳市', year: 2024 }) },
    rollup: { url: ROUTES.rollup.path({ region: '河南省/南阳市', year: 2024 }) },
    comparisonXlsx: { url: ROUTES.comparisonXlsx.path({ ids: [wolong] }) },
    summaryDocx: { url: ROUTES.summaryDocx.path({ ids: [wolong] }) },
    register: { url: ROUTES.register.path(wolongUnit) },
    registerImport: { url: ROUTES.registerImport.path(wolongUnit), init: { body: form('r.xlsx', new Uint8Array([0x50, 0x4b])) } },
    registerXlsx: { url: ROUTES.registerXlsx.path(wolongUnit) },
    registerTables: { url: ROUTES.registerTables.path(wolongUnit, 2024) },
    registerTemplate: { url: ROUTES.registerTemplate.path() },
    unitYears: { url: ROUTES.unitYears.path(wolongUnit) },
    compare: { url: ROUTES.compare.path({ a: yanjin, b: wolong }) },
    analysis: { url: ROUTES.analysis.path({ region: '河南省/南阳市', year: 2024 }) },
    rollup: { url: ROUTES.rollup.path({ region: '河南省/南阳市', year: 2024 }) },
    analysisFigure: { url: ROUTES.analysisFigure.path({ report: wolong, id: 'openRate' }) },
    rollupCell: { url: ROUTES.rollupCell.path({ region: '河南省/南阳市', year: 2024, scope: 'office', table: 't3', row: 'granted', col: 'total' }) },
    rollupCheck: { url: ROUTES.rollupCheck.path({ region: '河南省/南阳市', year: 2024, parent: wolong }) },
    comparisonXlsx: { url: ROUTES.comparisonXlsx.path({ ids: [wolong] }) },
    summaryDocx: { url: ROUTES.summaryDocx.path({ ids: [wolong] }) },
    rules: { url: ROUTES.rules.path() },
    docs: { url: ROUTES.docs.path() },
    queue: { url: ROUTES.queue.path() },
    queueRetry: {
      url: ROUTES.queueRetry.path(),
      init: { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids: ['00000000-0000-0000-0000-000000000000'] }) },
    },
  });

  it('the list of routes here is every route of the table', () => {
    expect(Object.keys(everyRoute()).sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('an anonymous request gets 401 on every route but /healthz and the login', async () => {
    for (const [name, c] of Object.entries(everyRoute()) as [RouteName, { url: string; init?: RequestInit }][]) {
      const res = await app.request(c.url, { method: ROUTES[name].method, ...c.init });
      const want = name === 'health' ? 200 : name === 'login' ? 400 : 401;
      expect(res.status, `${ROUTES[name].method} ${c.url}`).toBe(want);
    }
    expect((await store.summary(wolong))!.reviewedAt).toBeNull();
  });

  it('a reviewer of 新乡市 cannot see or act on a 卧龙区 report or unit through any route with an id', async () => {
    const idRoutes: RouteName[] = [
      'report',
      'source',
      'page',
      'problems',
      'problemsZip',
      'decision',
      'reportUnit',
      'cellReview',
      'cellReviewDelete',
      'review',
      'bulk',
      'unit',
      'unitDelete',
      'register',
      'registerImport',
      'registerXlsx',
      'registerTables',
      'unitYears',
      'compare',
      'comparisonXlsx',
      'summaryDocx',
      'unitYears',
      'compare',
      'comparisonXlsx',
      'summaryDocx',
      'analysisFigure',
      'rollupCell',
      'rollupCheck',
    ];
    const all = everyRoute();
    for (const name of idRoutes) {
      const res = await as('xinxiang', all[name].url, { method: ROUTES[name].method, ...all[name].init });
      expect(res.status, `${ROUTES[name].method} ${all[name].url}`).toBe(404);
    }
    expect((await store.summary(wolong))!.reviewedAt).toBeNull();
    expect(await store.getUnit(wolongUnit)).not.toBeNull();
    // Its own region: seen and acted on.
    expect((await as('xinxiang', ROUTES.report.path(yanjin))).status).toBe(200);
    expect((await as('xinxiang', ROUTES.review.path(yanjin), { method: 'PUT', ...json({ reviewed: true, note: null }) })).status).toBe(200);
    // Lists, exports, coverage, units, regions: its region only.
    const list = contract.reportList.parse(await (await as('xinxiang', ROUTES.reports.path())).json());
    expect(list.items.map((r) => r.id)).toEqual([yanjin]);
    const csv = await (await as('xinxiang', ROUTES.exportCsv.path())).text();
    expect(csv).toContain('延津县人民政府');
    expect(csv).not.toContain('卧龙区');
    const cov = contract.coverage.parse(await (await as('xinxiang', ROUTES.coverage.path({ years: '2024' }))).json());
    expect(cov.rows.map((r) => r.unit.name)).toEqual(['延津县人民政府']);
    const units = contract.unitList.parse(await (await as('xinxiang', ROUTES.units.path())).json());
    expect(units.items.map((u) => u.name)).toEqual(['延津县人民政府']);
    const regions = contract.regionList.parse(await (await as('xinxiang', ROUTES.regions.path())).json());
    expect(regions.items.some((r) => r.region.includes('南阳'))).toBe(false);
    // Importing units: only those of its region.
    const imp = contract.unitImportResult.parse(
      await (
        await as('xinxiang', ROUTES.unitImport.path(), {
          method: 'POST',
          body: form('u.csv', bytesOf('名称,地区\n卧龙区财政局,河南省/南阳市/卧龙区\n延津县财政局,河南省/新乡市/延津县\n')),
        })
      ).json(),
    );
    expect(imp).toMatchObject({ added: 1 });
    expect(imp.rejected[0]!.message).toMatch(/不在您负责的地区/);
    // Assigning its report to a unit outside: refused.
    expect((await as('xinxiang', ROUTES.reportUnit.path(yanjin), { method: 'PUT', ...json({ unitId: wolongUnit, confirm: true }) })).status).toBe(404);
    // The audit log is the administrator's.
    expect((await as('xinxiang', ROUTES.audit.path())).status).toBe(403);
  });

  it('a unit user sees its own reports only, cannot review, and its upload is its own report', async () => {
    expect((await as('wolong', ROUTES.report.path(wolong))).status).toBe(200);
    expect((await as('wolong', ROUTES.report.path(yanjin))).status).toBe(404);
    expect((await as('wolong', ROUTES.source.path(yanjin))).status).toBe(404);
    const list = contract.reportList.parse(await (await as('wolong', ROUTES.reports.path())).json());
    expect(list.items.map((r) => r.id)).toEqual([wolong]);
    const key = (await store.getReport(wolong))!.findings[0]!.key;
    expect((await as('wolong', ROUTES.decision.path(wolong, key), { method: 'PUT', ...json({ decision: 'dismissed', comment: '' }) })).status).toBe(403);
    expect((await as('wolong', ROUTES.review.path(wolong), { method: 'PUT', ...json({ reviewed: true, note: null }) })).status).toBe(403);
    expect((await as('wolong', ROUTES.bulk.path(), { method: 'POST', ...json({ action: 'review', ids: [wolong], reviewed: true }) })).status).toBe(403);
    expect((await as('wolong', ROUTES.unit.path(wolongUnit), { method: 'PUT', ...json({ aliases: ['x'] }) })).status).toBe(403);
    const up = contract.uploadResult.parse(
      await (
        await as('wolong', ROUTES.upload.path(), {
          method: 'POST',
          body: form('2023.txt', bytesOf(genReport(5, { agency: '卧龙区人民政府', year: 2023 }).text)),
        })
      ).json(),
    );
    expect((await store.summary(up.results[0]!.id!))!.unitId).toBe(wolongUnit);
  });

  it('the session cookie is HttpOnly and SameSite=Strict; a cross-site upload is refused (CSRF); logout ends the session', async () => {
    const res = await login('admin', PASSWORDS.admin);
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    expect(set).toMatch(/Path=\//);
    const c = /nianbao_session=[^;]+/.exec(set)![0];
    const upload = (origin: string) =>
      app.request(ROUTES.upload.path(), { method: 'POST', headers: { cookie: c, origin }, body: form('b.txt', bytesOf(genReport(11).text)) });
    const evil = await upload('https://evil.example');
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: string }).error).toMatch(/CSRF/);
    expect((await upload('http://localhost')).status).toBe(200);
    const cross = await app.request(ROUTES.review.path(yanjin), {
      method: 'PUT',
      headers: { cookie: c, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      body: '{"reviewed":false}',
    });
    expect(cross.status).toBe(403);
    expect((await app.request(ROUTES.logout.path(), { method: 'POST', headers: { cookie: c } })).status).toBe(200);
    expect((await app.request(ROUTES.reports.path(), { headers: { cookie: c } })).status).toBe(401);
  });

  it('login is throttled: after 5 failures the name waits, even with the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('xinxiang', `wrong-${i}`)).status).toBe(401);
    const held = await login('xinxiang', PASSWORDS.xinxiang);
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('an API token works for scripts and dies with its user', async () => {
    const t = await store.accounts.createToken('xinxiang', 'script');
    expect(t).toHaveProperty('token');
    const token = (t as { token: string }).token;
    const res = await app.request(ROUTES.reports.path(), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(contract.reportList.parse(await res.json()).items.map((r) => r.id)).toEqual([yanjin]);
    expect((await app.request(ROUTES.reports.path(), { headers: { authorization: 'Bearer nb_forged' } })).status).toBe(401);
    await store.accounts.addUser({ name: 'temp', role: 'admin', password: 'temp-pass-9' });
    const t2 = (await store.accounts.createToken('temp')) as { token: string };
    expect((await app.request(ROUTES.reports.path(), { headers: { authorization: `Bearer ${t2.token}` } })).status).toBe(200);
    expect(await store.accounts.removeUser('temp')).toBe(true);
    expect((await app.request(ROUTES.reports.path(), { headers: { authorization: `Bearer ${t2.token}` } })).status).toBe(401);
  });

  it('passwords are never stored or logged in clear; the audit log names who did what', async () => {
    // Actions to be logged.
    const key = (await store.getReport(yanjin))!.findings[0]!.key;
    await as('admin', ROUTES.decision.path(yanjin, key), { method: 'PUT', ...json({ decision: 'confirmed', comment: '核实' }) });
    await as('admin', ROUTES.exportXlsx.path());
    await as('admin', ROUTES.exportCsv.path());
    await as('admin', ROUTES.problems.path(yanjin));
    await as('admin', ROUTES.reportUnit.path(yanjin), { method: 'PUT', ...json({ unitId: yanjinUnit, confirm: true }) });
    const log = contract.auditList.parse(await (await as('admin', ROUTES.audit.path({ pageSize: 500 }))).json());
    const actions = new Set(log.items.map((e) => e.action));
    for (const a of [
      'login',
      'login.failed',
      'logout',
      'upload',
      'decision',
      'review',
      'assign',
      'unit.import',
      'export.csv',
      'export.xlsx',
      'export.problems',
    ])
      expect(actions.has(a), a).toBe(true);
    expect(log.items.find((e) => e.action === 'decision')).toMatchObject({ user: 'admin', role: 'admin', target: expect.stringContaining(`#${yanjin}`) });
    expect(log.items.find((e) => e.action === 'review')).toMatchObject({ user: 'xinxiang' });
    // Nowhere in the database file (users, sessions, audit) is a password written.
    await store.close();
    const bytes = readFileSync(join(dir, 'db.sqlite')).toString('latin1');
    for (const pw of Object.values(PASSWORDS)) expect(bytes.includes(Buffer.from(pw, 'utf8').toString('latin1')), pw).toBe(false);
    store = await openStore({ file: join(dir, 'db.sqlite') });
    const hashes = (await store.db.selectFrom('users').select('password_hash').execute()).map((r) => r.password_hash);
    expect(hashes.every((h) => h.startsWith('$argon2id$'))).toBe(true);
  });
});
