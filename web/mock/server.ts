/**
 * A stand-in for `nianbao serve` while the real server is being built: the HTTP API of
 * src/server/contract.ts over made-up data (web/mock/data.ts), plus web/dist at `/`.
 * Development only. Run: npx tsx web/mock/server.ts [--port 5174]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '../../src/check/index.js';
import type { Report } from '../../src/model/report.js';
import { addReport, makeStore, pagePath, sha256, type MockReport, type MockUnit, type Store } from './data.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const dist = join(here, '..', 'dist');
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 5174;

type Json = Record<string, unknown> | unknown[];

const send = (res: ServerResponse, status: number, body: Json): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};
const fail = (res: ServerResponse, status: number, error: string): void => send(res, status, { error });

function statusOf(r: Report): 'ok' | 'errors' | 'unreadable' {
  if (r.findings.some((f) => f.fatal)) return 'unreadable';
  return r.findings.some((f) => f.severity === 'error') ? 'errors' : 'ok';
}

function findingKeys(r: Report): string[] {
  const seen = new Map<string, number>();
  return r.findings.map((f) => {
    const base = [f.rule, f.table ?? '', f.row ?? '', f.col ?? ''].join('|');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}|${n}`;
  });
}

function summary(s: Store, r: MockReport) {
  const rec = r.record;
  const unit = r.unitId !== null ? s.units.find((u) => u.id === r.unitId) : undefined;
  const keys = findingKeys(rec);
  const live = rec.findings.filter((_, i) => r.decisions.get(keys[i]!)?.decision !== 'dismissed');
  return {
    id: r.id,
    sha256: rec.source.sha256 || sha256(r.bytes),
    fileName: r.fileName,
    format: rec.source.format,
    bytes: r.bytes.length,
    agency: rec.agency,
    agencyAlias: rec.agencyAlias,
    unitId: unit?.id ?? null,
    unitName: unit?.name ?? null,
    region: unit?.region ?? null,
    year: rec.year,
    template: rec.template,
    status: statusOf(rec),
    errors: live.filter((f) => f.severity === 'error').length,
    warnings: live.filter((f) => f.severity === 'warning').length,
    infos: live.filter((f) => f.severity === 'info').length,
    createdAt: r.createdAt,
    supersededBy: r.supersededBy,
  };
}

function listReports(s: Store, q: URLSearchParams): MockReport[] {
  const text = (q.get('q') ?? '').trim();
  const year = q.get('year');
  const region = q.get('region');
  const statuses = (q.get('status') ?? '').split(',').filter(Boolean);
  const rule = q.get('rule');
  const ids = q.get('ids');
  if (ids) {
    const want = new Set(ids.split(',').map(Number));
    return s.reports.filter((r) => want.has(r.id));
  }
  let out = s.reports.filter((r) => {
    const sm = summary(s, r);
    const unit = s.units.find((u) => u.id === r.unitId);
    if (text && ![sm.agency, sm.agencyAlias, sm.unitName, sm.region, sm.fileName, ...(unit?.aliases ?? [])].some((x) => x && x.includes(text))) return false;
    if (year && String(sm.year) !== year) return false;
    if (region && !(sm.region ?? '').startsWith(region)) return false;
    if (statuses.length && !statuses.includes(sm.status)) return false;
    if (rule && !r.record.findings.some((f) => f.rule === rule)) return false;
    if (r.supersededBy !== null && q.get('includeSuperseded') !== '1') return false;
    return true;
  });
  const sort = q.get('sort') ?? 'createdAt';
  const dir = q.get('order') === 'asc' ? 1 : -1;
  const keyOf = (r: MockReport): string | number => {
    const sm = summary(s, r);
    const v = (sm as Record<string, unknown>)[sort];
    return typeof v === 'number' || typeof v === 'string' ? v : '';
  };
  out = [...out].sort((a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-Hans-CN')) * dir || b.id - a.id;
  });
  return out;
}

function csvOf(s: Store, reports: MockReport[]): string {
  const lines = ['报告编号,单位,年度,表,行,列,数值,状态'];
  for (const r of reports)
    for (const c of r.record.cells)
      lines.push([r.id, summary(s, r).agency ?? '', r.record.year ?? '', c.table, c.row, c.col, c.value ?? '', c.status].join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function formFiles(req: IncomingMessage): Promise<File[]> {
  const body = await readBody(req);
  const r = new Request('http://x/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: new Uint8Array(body) });
  const form = await r.formData();
  return form.getAll('file').filter((x): x is File => typeof x !== 'string');
}

const unitJson = (u: MockUnit) => ({ ...u });

function coverage(s: Store, years: number[], region: string | null) {
  const units = s.units.filter((u) => !region || (u.region ?? '').startsWith(region));
  return {
    years,
    rows: units.map((u) => ({
      unit: unitJson(u),
      cells: years.map((year) => {
        const r = s.reports.filter((x) => x.unitId === u.id && x.record.year === year && x.supersededBy === null).pop();
        return { year, state: r ? statusOf(r.record) : 'missing', reportId: r?.id ?? null };
      }),
    })),
  };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

function serveStatic(res: ServerResponse, path: string): void {
  const p = normalize(path === '/' ? '/index.html' : path);
  const file = join(dist, p);
  if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) return fail(res, 404, '没有这个文件');
  res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
}

async function handle(s: Store, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const q = url.searchParams;
  const m = (re: RegExp): RegExpExecArray | null => re.exec(path);
  let hit: RegExpExecArray | null;

  if (path === '/healthz') return send(res, 200, { ok: true, db: 'sqlite', reports: s.reports.length, version: 'mock' });
  if (path === '/api/rules')
    return send(res, 200, {
      items: RULES.map((r) => ({
        id: r.meta.id,
        severity: r.meta.severity,
        type: r.meta.type,
        description: r.meta.docs.description,
        source: r.meta.docs.source,
      })),
    });
  if (path === '/api/reports' && req.method === 'POST') {
    const files = await formFiles(req);
    const results = [];
    for (const f of files) {
      const bytes = new Uint8Array(await f.arrayBuffer());
      if (bytes.length === 0) {
        results.push({ fileName: f.name, id: null, outcome: 'rejected', status: null, agency: null, year: null, errors: 0, warnings: 0, message: '文件为空' });
        continue;
      }
      const dup = s.reports.find((r) => r.record.source.sha256 === sha256(bytes));
      if (dup) {
        const sm = summary(s, dup);
        results.push({
          fileName: f.name,
          id: dup.id,
          outcome: 'duplicate',
          status: sm.status,
          agency: sm.agency,
          year: sm.year,
          errors: sm.errors,
          warnings: sm.warnings,
          message: '与已上传的文件完全相同',
        });
        continue;
      }
      const before = new Set(s.reports.filter((r) => r.supersededBy === null).map((r) => r.id));
      const r = await addReport(s, f.name, bytes, new Date().toISOString());
      const replaced = s.reports.some((x) => before.has(x.id) && x.supersededBy === r.id);
      const sm = summary(s, r);
      results.push({
        fileName: f.name,
        id: r.id,
        outcome: replaced ? 'superseded' : 'new',
        status: sm.status,
        agency: sm.agency,
        year: sm.year,
        errors: sm.errors,
        warnings: sm.warnings,
        message: sm.status === 'unreadable' ? (r.record.findings.find((x) => x.fatal)?.message ?? null) : null,
      });
    }
    // Slow down a little so progress bars can be seen in development.
    await new Promise((ok) => setTimeout(ok, 300));
    return send(res, 200, { results });
  }
  if (path === '/api/reports') {
    const all = listReports(s, q);
    const page = Math.max(1, Number(q.get('page') ?? 1));
    const pageSize = Math.min(200, Math.max(1, Number(q.get('pageSize') ?? 20)));
    return send(res, 200, { total: all.length, page, pageSize, items: all.slice((page - 1) * pageSize, page * pageSize).map((r) => summary(s, r)) });
  }
  if ((hit = m(/^\/api\/reports\/(\d+)$/))) {
    const r = s.reports.find((x) => x.id === Number(hit![1]));
    if (!r) return fail(res, 404, '没有这份报告');
    const keys = findingKeys(r.record);
    const history = s.reports
      .filter((x) => x.id !== r.id && x.unitId !== null && x.unitId === r.unitId && x.record.year === r.record.year)
      .sort((a, b) => b.id - a.id)
      .map((x) => summary(s, x));
    return send(res, 200, {
      summary: summary(s, r),
      record: r.record,
      findings: r.record.findings.map((f, i) => ({ ...f, key: keys[i]!, decision: r.decisions.get(keys[i]!) ?? null })),
      history,
      sourceText: r.sourceText,
      pages: r.pages,
    });
  }
  if ((hit = m(/^\/api\/reports\/(\d+)\/source$/))) {
    const r = s.reports.find((x) => x.id === Number(hit![1]));
    if (!r) return fail(res, 404, '没有这份报告');
    const type = r.record.source.format === 'pdf' ? 'application/pdf' : 'text/plain; charset=utf-8';
    res.writeHead(200, {
      'content-type': type,
      ...(q.get('download') ? { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(r.fileName)}` } : {}),
    });
    return void res.end(r.bytes);
  }
  if ((hit = m(/^\/api\/reports\/(\d+)\/pages\/(\d+)\.png$/))) {
    const r = s.reports.find((x) => x.id === Number(hit![1]));
    const file = r?.pageDir ? pagePath(r.pageDir, Number(hit[2])) : null;
    if (!file) return fail(res, 404, '没有这一页');
    res.writeHead(200, { 'content-type': 'image/png' });
    return void res.end(readFileSync(file));
  }
  if ((hit = m(/^\/api\/reports\/(\d+)\/problems\.docx$/))) {
    const r = s.reports.find((x) => x.id === Number(hit![1]));
    if (!r) return fail(res, 404, '没有这份报告');
    // The mock sends plain text under the DOCX name; the real server sends a Word file.
    const text = ['问题清单（模拟）', summary(s, r).agency ?? '未写明', ...r.record.findings.map((f, i) => `${i + 1}. ${f.message}`)].join('\n');
    res.writeHead(200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`问题清单-${r.id}.docx`)}`,
    });
    return void res.end(text);
  }
  if ((hit = m(/^\/api\/reports\/(\d+)\/findings\/([^/]+)\/decision$/)) && req.method === 'PUT') {
    const r = s.reports.find((x) => x.id === Number(hit![1]));
    const key = decodeURIComponent(hit[2]!);
    if (!r || !findingKeys(r.record).includes(key)) return fail(res, 404, '没有这个问题');
    const body = JSON.parse((await readBody(req)).toString('utf8')) as { decision?: string; comment?: string };
    if (body.decision !== 'confirmed' && body.decision !== 'dismissed') return fail(res, 400, '处理意见只能是确认或忽略');
    const d = { key, decision: body.decision, comment: String(body.comment ?? '').slice(0, 2000), updatedAt: new Date().toISOString() } as const;
    r.decisions.set(key, d);
    return send(res, 200, d);
  }
  if ((hit = m(/^\/api\/reports\/(\d+)\/unit$/)) && req.method === 'PUT') {
    const r = s.reports.find((x) => x.id === Number(hit![1]));
    const body = JSON.parse((await readBody(req)).toString('utf8')) as { unitId?: number };
    const u = s.units.find((x) => x.id === body.unitId);
    if (!r || !u) return fail(res, 404, '没有这份报告或这个单位');
    r.unitId = u.id;
    r.review = null;
    return send(res, 200, summary(s, r));
  }
  if (path === '/api/units') {
    const text = (q.get('q') ?? '').trim();
    const items = s.units
      .filter((u) => !text || u.name.includes(text) || u.aliases.some((a) => a.includes(text)) || (u.region ?? '').includes(text))
      .map(unitJson);
    return send(res, 200, { total: items.length, items });
  }
  if (path === '/api/units/import' && req.method === 'POST') {
    const [f] = await formFiles(req);
    if (!f) return fail(res, 400, '没有收到文件');
    const lines = (await f.text())
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l.trim());
    let added = 0;
    let updated = 0;
    const rejected: { line: number; message: string }[] = [];
    lines.forEach((l, i) => {
      const [name, region, level, , aliases] = l.split(',').map((x) => x.trim());
      if (!name) return void rejected.push({ line: i + 2, message: '缺少名称' });
      const had = s.units.find((u) => u.name === name);
      const u: MockUnit = {
        id: had?.id ?? Math.max(0, ...s.units.map((x) => x.id)) + 1,
        name,
        aliases: aliases ? aliases.split(/[、;；]/) : [],
        region: region || null,
        regionCode: null,
        level: level || null,
        parentId: null,
      };
      if (had) {
        Object.assign(had, u);
        updated++;
      } else {
        s.units.push(u);
        added++;
      }
    });
    return send(res, 200, { added, updated, rejected });
  }
  if (path === '/api/units/review') {
    const items = s.reports
      .filter((r) => r.unitId === null && r.review)
      .map((r) => ({ report: summary(s, r), reason: r.review, candidates: r.candidates.map((id) => s.units.find((u) => u.id === id)!).map(unitJson) }));
    return send(res, 200, { items });
  }
  if (path === '/api/coverage') {
    const years = (q.get('years') ?? '')
      .split(',')
      .map(Number)
      .filter((y) => y > 2000);
    return send(res, 200, coverage(s, years.length ? years : [2023, 2024, 2025], q.get('region') || null));
  }
  if (path === '/api/export.csv' || path === '/api/export.xlsx') {
    const csv = csvOf(s, listReports(s, q));
    // The mock sends CSV for both; the real server sends a workbook for .xlsx.
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`年报数据${path.endsWith('xlsx') ? '.xlsx.csv' : '.csv'}`)}`,
    });
    return void res.end(csv);
  }
  if (path.startsWith('/api/')) return fail(res, 404, '没有这个接口');
  return serveStatic(res, path);
}

const store = await makeStore(root);
createServer((req, res) => {
  handle(store, req, res).catch((e: unknown) => fail(res, 500, `模拟服务器出错：${e instanceof Error ? e.message : String(e)}`));
}).listen(port, '127.0.0.1', () => console.log(`mock API on http://127.0.0.1:${port}/ (${store.reports.length} reports, ${store.units.length} units)`));
