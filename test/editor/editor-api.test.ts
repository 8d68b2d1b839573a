/**
 * The report editor over the API, on the real app with real files: the 2024 report of a unit
 * opened from its stored 2023 report (a DOCX) and its register; a broken relation found at its
 * cell with the reviewer's message; blank kept blank; a submission with an unexplained error
 * refused; submit → return (problem list DOCX attached, comment kept) → resubmit → approve →
 * publish with its date; history; a unit sees only its own; the report written out and parsed
 * back to the same tables.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { aggregateYear } from '../../src/register/index.js';
import { readDocument } from '../../src/read/index.js';
import { createApp } from '../../src/server/app.js';
import { EDITOR_ROUTES } from '../../src/server/editor-paths.js';
import { openApiPath } from '../../src/server/openapi.js';
import { ROUTES } from '../../src/server/routes.js';
import { openStore, type Store } from '../../src/store/index.js';
import { RegisterBook } from '../../src/store/register.js';
import { readBack } from '../render/report-compare.js';
import { lastYearDocx, registerRows, REGION, SECTION_TEXT, UNIT } from './fixture.js';

type Table = Record<string, Record<string, number | null>>;
interface View {
  status: string;
  statusName: string;
  saved: boolean;
  updatedAt: string | null;
  previousYear: number | null;
  inForceBefore: Record<string, number>;
  publishedAt: string | null;
  storedReportId?: number | null;
  notes: string[];
  tables: { t2: Table; t3: Table; t4: Table };
  sections: Record<string, string>;
  explanations: Record<string, string>;
  findings: { rule: string; severity: string; message: string; table?: string; row?: string; col?: string; key: string; place: string }[];
  history: { id: number; user: string; action: string; from: string | null; to: string; comment: string | null; attachment: string | null }[];
}

let store: Store;
let app: ReturnType<typeof createApp>['app'];
let close: () => Promise<void>;
let unitId: number;
let otherId: number;
const rows = registerRows();
const cookies: Record<string, string> = {};

const call = async (who: string, method: string, url: string, body?: unknown): Promise<Response> =>
  app.request(url, {
    method,
    headers: { cookie: cookies[who]!, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const json = async <T = View>(res: Response, status = 200): Promise<T> => {
  const text = await res.text();
  expect(res.status, text.slice(0, 500)).toBe(status);
  return JSON.parse(text) as T;
};

beforeAll(async () => {
  store = await openStore({ file: join(mkdtempSync(join(tmpdir(), 'nianbao-editor-')), 'db.sqlite') });
  ({ app, close } = createApp({ store, workers: 0 }));
  await store.importUnits([
    { line: 2, name: UNIT, region: REGION, level: '部门', parent: null, aliases: [] },
    { line: 3, name: '卧龙区财政局', region: '河南省/南阳市/卧龙区', level: '部门', parent: null, aliases: [] },
  ]);
  const units = (await store.listUnits()).items;
  unitId = units.find((u) => u.name === UNIT)!.id;
  otherId = units.find((u) => u.name !== UNIT)!.id;
  await new RegisterBook(store.db).replace(unitId, rows);
  const last = await lastYearDocx(rows);
  const stored = await store.ingestFile({ bytes: last.bytes, fileName: `${UNIT}2023年报.docx` });
  expect(stored.id).toBeTruthy();
  for (const [name, role, scope] of [
    ['admin', 'admin', null],
    ['xinxiang', 'reviewer', '河南省/新乡市'],
    ['yanjin', 'unit', UNIT],
    ['wolong', 'unit', '卧龙区财政局'],
  ] as const) {
    expect(await store.accounts.addUser({ name, role, scope, password: `pw-${name}-123456` })).toHaveProperty('user');
    const res = await app.request(ROUTES.login.path(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password: `pw-${name}-123456` }),
    });
    expect(res.status).toBe(200);
    cookies[name] = /nianbao_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  }
}, 60_000);
afterAll(async () => {
  await close();
  await store.close();
});

describe('the report editor', () => {
  let view: View;
  it('opens the 2024 report prefilled from the stored 2023 report and the register; blank stays blank', async () => {
    view = await json(await call('yanjin', 'GET', EDITOR_ROUTES.open.path(unitId, 2024)));
    expect(view).toMatchObject({ status: 'draft', saved: false, previousYear: 2023 });
    const y23 = aggregateYear(rows, 2023);
    const y24 = aggregateYear(rows, 2024);
    // 上年结转 = last year's 结转下年度 (as stored from the DOCX); new requests and table 四 from the register.
    expect(view.tables.t3['carriedOver']).toEqual(y23.t3['carriedForward']);
    expect(view.tables.t3['newReceived']).toEqual(y24.t3['newReceived']);
    expect(view.tables.t3['carriedForward']).toEqual(y24.t3['carriedForward']);
    expect(view.tables.t4).toEqual(y24.t4);
    // 表二: 现行有效 rolled forward, the rest blank until the unit writes it.
    expect(view.tables.t2['regulations']).toEqual({ issued: null, repealed: null, inForce: 3 });
    expect(view.tables.t2['normativeDocuments']).toEqual({ issued: null, repealed: null, inForce: 12 });
    expect(view.inForceBefore).toEqual({ regulations: 3, normativeDocuments: 12 });
    expect(Object.values(view.tables.t2['licensing'] ?? {}).every((v) => v === null)).toBe(true);
    expect(view.sections['s6']).toMatch(/收费通知|信息处理费/);
    expect(view.notes.join('')).toContain('2023年度报告');
    // Sections not written yet: M.section names each, with the reviewer's message.
    const missing = view.findings.filter((f) => f.rule === 'M.section').map((f) => f.message);
    expect(missing).toContain('缺少「一、总体情况」部分');
    expect(missing.some((m) => m.includes('六、'))).toBe(false);
  });

  it('a broken relation is found at its cell with the message the reviewer sees; fixing it clears it', async () => {
    const t3 = structuredClone(view.tables.t3);
    t3['newReceived']!['total'] = (t3['newReceived']!['total'] ?? 0) + 1;
    const broken = await json<{ findings: View['findings'] }>(
      await call('yanjin', 'POST', EDITOR_ROUTES.check.path(unitId, 2024), { tables: { ...view.tables, t3 }, sections: view.sections }),
    );
    const at = broken.findings.filter((f) => f.table === 't3' && f.row === 'newReceived' && f.col === 'total' && f.severity === 'error');
    expect(at.length).toBeGreaterThan(0);
    expect(at[0]!.message).toContain('表三「一、本年新收政府信息公开申请数量」行「总计」列');
    expect(at[0]!.place).toContain('表三');
    const fixed = await json<{ findings: View['findings'] }>(
      await call('yanjin', 'POST', EDITOR_ROUTES.check.path(unitId, 2024), { tables: view.tables, sections: view.sections }),
    );
    expect(fixed.findings.filter((f) => f.table === 't3' && f.row === 'newReceived' && f.col === 'total')).toEqual([]);
  });

  it('the wording rules run on the sections as written: a mobile number in 五 is found, masked; gone when removed', async () => {
    const sections = { ...view.sections, s5: '存在的问题：个别申请人来电（联系人手机13812345678）反映答复不及时。改进措施：加强培训。' };
    const found = await json<{ findings: View['findings'] }>(
      await call('yanjin', 'POST', EDITOR_ROUTES.check.path(unitId, 2024), { tables: view.tables, sections }),
    );
    const pi = found.findings.filter((f) => f.rule === 'C.personalInfo');
    expect(pi).toHaveLength(1);
    expect(pi[0]!.message).not.toContain('13812345678');
    const masked = { ...sections, s5: '存在的问题：个别申请人来电（联系人手机138****5678）反映答复不及时。改进措施：加强培训。' };
    const clean = await json<{ findings: View['findings'] }>(
      await call('yanjin', 'POST', EDITOR_ROUTES.check.path(unitId, 2024), { tables: view.tables, sections: masked }),
    );
    expect(clean.findings.filter((f) => f.rule === 'C.personalInfo')).toEqual([]);
  });

  it('every editor route answers 401 without a login, and is in the OpenAPI document', async () => {
    const urls: Record<keyof typeof EDITOR_ROUTES, string> = {
      queue: EDITOR_ROUTES.queue.path(),
      open: EDITOR_ROUTES.open.path(unitId, 2024),
      save: EDITOR_ROUTES.save.path(unitId, 2024),
      check: EDITOR_ROUTES.check.path(unitId, 2024),
      submit: EDITOR_ROUTES.submit.path(unitId, 2024),
      return: EDITOR_ROUTES.return.path(unitId, 2024),
      approve: EDITOR_ROUTES.approve.path(unitId, 2024),
      publish: EDITOR_ROUTES.publish.path(unitId, 2024),
      render: EDITOR_ROUTES.render.path(unitId, 2024, 'docx'),
      attachment: EDITOR_ROUTES.attachment.path(unitId, 2024, 1),
    };
    for (const [name, url] of Object.entries(urls)) {
      const r = EDITOR_ROUTES[name as keyof typeof EDITOR_ROUTES];
      const res = await app.request(url, { method: r.method, headers: { 'content-type': 'application/json' }, ...(r.method === 'GET' ? {} : { body: '{}' }) });
      expect(res.status, `${r.method} ${url}`).toBe(401);
    }
    const doc = (await json<{ paths: Record<string, Record<string, { summary: string }>> }>(await call('admin', 'GET', ROUTES.docs.path()))).paths;
    for (const r of Object.values(EDITOR_ROUTES)) expect(doc[openApiPath(r.pattern)]?.[r.method.toLowerCase()]?.summary, r.pattern).toBeTruthy();
    expect(doc['/api/units/{id}/editor/{year}/report/{format}']).toBeDefined();
  });

  it('a year outside 2008–2100 is refused', async () => {
    expect((await call('yanjin', 'GET', EDITOR_ROUTES.open.path(unitId, 1999))).status).toBe(400);
    expect((await call('yanjin', 'GET', EDITOR_ROUTES.render.path(unitId, 3000, 'md'))).status).toBe(400);
    expect((await call('yanjin', 'GET', EDITOR_ROUTES.open.path(unitId, 2008))).status).toBe(200);
  });

  it('units see only their own; a reviewer may not write', async () => {
    expect((await call('wolong', 'GET', EDITOR_ROUTES.open.path(unitId, 2024))).status).toBe(404);
    expect((await call('wolong', 'PUT', EDITOR_ROUTES.save.path(unitId, 2024), { tables: view.tables, sections: {} })).status).toBe(404);
    expect((await call('xinxiang', 'GET', EDITOR_ROUTES.open.path(otherId, 2024))).status).toBe(404);
    expect((await call('xinxiang', 'PUT', EDITOR_ROUTES.save.path(unitId, 2024), { tables: view.tables, sections: {} })).status).toBe(403);
  });

  it('saves a draft; refuses a submission with an unexplained error; submit → return → resubmit → approve → publish, history kept', async () => {
    // Saved with the sections still blank: a draft, errors counted.
    const saved = await json(await call('yanjin', 'PUT', EDITOR_ROUTES.save.path(unitId, 2024), { tables: view.tables, sections: view.sections }));
    expect(saved).toMatchObject({ saved: true, status: 'draft', statusName: '草稿' });
    // Another tab opened the report before that save: its save is refused, nothing overwritten.
    expect(view.updatedAt).toBeNull();
    const stale = await call('yanjin', 'PUT', EDITOR_ROUTES.save.path(unitId, 2024), {
      tables: view.tables,
      sections: { s1: '旧' },
      baseUpdatedAt: view.updatedAt,
    });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: string }).error).toContain('已被他人保存');
    // Saved over the version it opened: kept, and a save event in the history.
    const resaved = await json(
      await call('yanjin', 'PUT', EDITOR_ROUTES.save.path(unitId, 2024), { tables: view.tables, sections: view.sections, baseUpdatedAt: saved.updatedAt }),
    );
    expect(resaved.updatedAt! > saved.updatedAt!).toBe(true);
    expect(resaved.history.map((h) => h.action)).toEqual(['create', 'save']);
    const refused = await json<{ error: string; blocking: string[]; updatedAt: string }>(
      await call('yanjin', 'POST', EDITOR_ROUTES.submit.path(unitId, 2024), { tables: view.tables, sections: view.sections }),
      422,
    );
    expect(refused.error).toContain('不能提交');
    expect(refused.blocking.length).toBeGreaterThan(0);
    // Saved though refused: the answer gives the version to save over next.
    expect(refused.updatedAt > resaved.updatedAt!).toBe(true);

    // Every section written, table 二 filled with 0 where nothing happened; one error left is explained.
    const t2 = structuredClone(view.tables.t2);
    for (const cols of Object.values(t2)) for (const c of Object.keys(cols)) cols[c] ??= 0;
    t2['regulations'] = { issued: 1, repealed: 0, inForce: 4 };
    const sections = { ...SECTION_TEXT, s6: view.sections['s6']! };
    const t3 = structuredClone(view.tables.t3);
    t3['newReceived']!['total'] = (t3['newReceived']!['total'] ?? 0) + 1;
    const check = await json<{ findings: View['findings'] }>(
      await call('yanjin', 'POST', EDITOR_ROUTES.check.path(unitId, 2024), { tables: { ...view.tables, t2, t3 }, sections }),
    );
    const errors = check.findings.filter((f) => f.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((f) => f.table === 't3')).toBe(true);
    const explanations = Object.fromEntries(errors.map((f) => [f.key, '一件申请登记两次，已核实']));
    const submitted = await json(
      await call('yanjin', 'POST', EDITOR_ROUTES.submit.path(unitId, 2024), { tables: { ...view.tables, t2, t3 }, sections, explanations }),
    );
    expect(submitted).toMatchObject({ status: 'submitted', statusName: '已提交' });
    expect(submitted.explanations).toEqual(explanations);
    // Nothing can be changed while it is with the reviewer.
    expect((await call('yanjin', 'PUT', EDITOR_ROUTES.save.path(unitId, 2024), { tables: view.tables, sections })).status).toBe(409);

    // The reviewer's queue shows it; another unit's queue does not.
    const queue = await json<{ items: { unitId: number; year: number; statusName: string }[] }>(
      await call('xinxiang', 'GET', EDITOR_ROUTES.queue.path('submitted')),
    );
    expect(queue.items).toEqual([expect.objectContaining({ unitId, year: 2024, statusName: '已提交' })]);
    expect((await json<{ items: unknown[] }>(await call('wolong', 'GET', EDITOR_ROUTES.queue.path()))).items).toEqual([]);

    // Return with a comment: the problem list DOCX is attached and names the cell.
    expect((await call('xinxiang', 'POST', EDITOR_ROUTES.return.path(unitId, 2024), { comment: '' })).status).toBe(400);
    expect((await call('yanjin', 'POST', EDITOR_ROUTES.return.path(unitId, 2024), { comment: '自己退回' })).status).toBe(403);
    const returned = await json(await call('xinxiang', 'POST', EDITOR_ROUTES.return.path(unitId, 2024), { comment: '请核实本年新收总计，与台账不一致' }));
    expect(returned).toMatchObject({ status: 'returned', statusName: '退回' });
    const ret = returned.history.at(-1)!;
    expect(ret).toMatchObject({ user: 'xinxiang', action: 'return', from: 'submitted', to: 'returned', comment: '请核实本年新收总计，与台账不一致' });
    expect(ret.attachment).toMatch(/问题清单.*\.docx$/);
    const doc = await call('yanjin', 'GET', EDITOR_ROUTES.attachment.path(unitId, 2024, ret.id));
    expect(doc.status).toBe(200);
    const text = (await readDocument(new Uint8Array(await doc.arrayBuffer()), { path: 'x.docx' })).text;
    expect(text).toContain('请核实本年新收总计，与台账不一致');
    expect(text).toContain('表三「一、本年新收政府信息公开申请数量」行「总计」列');
    expect(text).toContain('单位说明：一件申请登记两次，已核实');

    // Fixed and resubmitted: no error left, no explanation needed.
    const again = await json(await call('yanjin', 'POST', EDITOR_ROUTES.submit.path(unitId, 2024), { tables: { ...view.tables, t2 }, sections, explanations }));
    expect(again.status).toBe('submitted');
    expect(again.explanations).toEqual({});
    expect(again.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect((await call('yanjin', 'POST', EDITOR_ROUTES.approve.path(unitId, 2024), {})).status).toBe(403);
    expect((await call('yanjin', 'POST', EDITOR_ROUTES.publish.path(unitId, 2024), { date: '2025-01-20' })).status).toBe(409);
    const approved = await json(await call('xinxiang', 'POST', EDITOR_ROUTES.approve.path(unitId, 2024), { comment: '同意发布' }));
    expect(approved.status).toBe('approved');
    const published = await json(await call('yanjin', 'POST', EDITOR_ROUTES.publish.path(unitId, 2024), { date: '2025-01-20' }));
    expect(published).toMatchObject({ status: 'published', statusName: '已发布', publishedAt: '2025-01-20' });
    // The published report is stored like an uploaded one, assigned to the unit, with the same tables.
    expect(published.storedReportId).toEqual(expect.any(Number));
    const stored = (await store.getReport(published.storedReportId!))!;
    expect(stored.summary).toMatchObject({ unitId, year: 2024, errors: 0 });
    expect(readBack(stored.record, '').tables).toEqual(published.tables);
    expect(stored.record.publication.date).toBe('2025-01-20');
    expect(published.history.map((h) => `${h.action}:${h.user}`)).toEqual([
      'create:yanjin',
      'save:yanjin',
      'submit:yanjin',
      'return:xinxiang',
      'submit:yanjin',
      'approve:xinxiang',
      'publish:yanjin',
    ]);
  });

  it('the report downloads as DOCX, HTML and Markdown that parse back to the same tables', async () => {
    const view = await json(await call('yanjin', 'GET', EDITOR_ROUTES.open.path(unitId, 2024)));
    for (const [format, blank] of [
      ['docx', ''],
      ['html', ''],
      ['md', '—'],
    ] as const) {
      const res = await call('yanjin', 'GET', EDITOR_ROUTES.render.path(unitId, 2024, format));
      expect(res.status, format).toBe(200);
      expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain(`${UNIT}2024年政府信息公开工作年度报告.${format}`);
      const parsed = await parseReport(new Uint8Array(await res.arrayBuffer()), { path: `r.${format}` });
      expect(parsed.agency).toBe(UNIT);
      expect(parsed.year).toBe(2024);
      const back = readBack(parsed, blank);
      expect(back.problems, format).toEqual([]);
      expect(back.tables, format).toEqual(view.tables);
    }
    // PDF through LibreOffice (installed here and in CI; without it the answer says so, 503).
    const pdf = await call('yanjin', 'GET', EDITOR_ROUTES.render.path(unitId, 2024, 'pdf'));
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(pdf.status, new TextDecoder().decode(bytes.slice(0, 300))).toBe(200);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  }, 120_000);
});
