import ExcelJS from 'exceljs';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { openStore, type Store } from '../../src/store/index.js';
import { reportDetail, reportList, uploadResult, coverage, health } from '../../src/server/contract.js';
import { bytesOf, genReport } from '../ingest/gen.js';

const shared = join(__dirname, '..', '..', '..', 'shared');
const seeds = readdirSync(join(shared, 'seeds')).filter((f) => f.endsWith('.txt'));
const fixtures = join(__dirname, '..', 'fixtures');

let store: Store;
let app: ReturnType<typeof createApp>['app'];
let close: () => Promise<void>;

const upload = async (files: { name: string; bytes: Uint8Array }[]): Promise<Response> => {
  const fd = new FormData();
  for (const f of files) fd.append('file', new Blob([f.bytes]), f.name);
  return app.request('/api/reports', { method: 'POST', body: fd });
};

beforeAll(async () => {
  store = await openStore({ file: join(mkdtempSync(join(tmpdir(), 'nianbao-api-')), 'db.sqlite') });
  ({ app, close } = createApp({ store, workers: 0, limits: { maxFileBytes: 2 * 1024 * 1024, maxFiles: 20 } }));
});
afterAll(async () => {
  await close();
  await store.close();
});

describe('HTTP API', () => {
  it('uploads the five seeds in one request and lists five', async () => {
    const res = await upload(seeds.map((f) => ({ name: f, bytes: readFileSync(join(shared, 'seeds', f)) })));
    expect(res.status).toBe(200);
    const body = uploadResult.parse(await res.json());
    expect(body.results.map((r) => r.outcome)).toEqual(['new', 'new', 'new', 'new', 'new']);
    const list = reportList.parse(await (await app.request('/api/reports')).json());
    expect(list.total).toBe(5);
  });

  it('uploading the same bytes again is a duplicate, not a new report', async () => {
    const res = await upload([{ name: 'again.txt', bytes: readFileSync(join(shared, 'seeds', seeds[0]!)) }]);
    const body = uploadResult.parse(await res.json());
    expect(body.results[0]!.outcome).toBe('duplicate');
    expect(reportList.parse(await (await app.request('/api/reports')).json()).total).toBe(5);
  });

  it('search finds 卧龙区; the status filter finds seed 003 among the reports with errors', async () => {
    const q = reportList.parse(await (await app.request(`/api/reports?q=${encodeURIComponent('卧龙区')}`)).json());
    expect(q.items.map((i) => i.agency)).toEqual(['卧龙区人民政府']);
    const errs = reportList.parse(await (await app.request('/api/reports?status=errors')).json());
    expect(errs.items.some((i) => i.fileName.startsWith('003_'))).toBe(true);
    const byRule = reportList.parse(await (await app.request('/api/reports?rule=P.columns')).json());
    expect(byRule.items.map((i) => i.fileName)).toEqual([seeds.find((s) => s.startsWith('003_'))]);
  });

  it('report detail: record, findings with keys, source text for the spans', async () => {
    const list = reportList.parse(await (await app.request('/api/reports?rule=P.columns')).json());
    const id = list.items[0]!.id;
    const d = reportDetail.parse(await (await app.request(`/api/reports/${id}`)).json());
    expect(d.record.tables.t3).not.toBeNull();
    const f = d.findings.find((x) => x.severity === 'error' && x.table === 't3')!;
    expect(f.key).toContain('|t3|');
    const cell = d.record.cells.find((c) => c.table === 't3' && c.row === 'newReceived' && c.col === 'naturalPerson')!;
    expect(d.sourceText!.slice(cell.span![0], cell.span![1])).toBe('40');
  });

  it('a decision on a finding is kept and shown', async () => {
    const id = reportList.parse(await (await app.request('/api/reports?rule=P.columns')).json()).items[0]!.id;
    const d = reportDetail.parse(await (await app.request(`/api/reports/${id}`)).json());
    const key = d.findings[0]!.key;
    const put = await app.request(`/api/reports/${id}/findings/${encodeURIComponent(key)}/decision`, {
      method: 'PUT',
      body: JSON.stringify({ decision: 'confirmed', comment: '已通知单位' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(put.status).toBe(200);
    const again = reportDetail.parse(await (await app.request(`/api/reports/${id}`)).json());
    expect(again.findings.find((x) => x.key === key)!.decision).toMatchObject({ decision: 'confirmed', comment: '已通知单位' });
    const bad = await app.request(`/api/reports/${id}/findings/${encodeURIComponent(key)}/decision`, {
      method: 'PUT',
      body: '{"decision":"maybe"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
  });

  it('exports XLSX and CSV with the cells of every report', async () => {
    const res = await app.request('/api/export.xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBeGreaterThan(5 * 25);
    const raw = new Uint8Array(await (await app.request(`/api/export.csv?q=${encodeURIComponent('卧龙区')}`)).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM for Excel/WPS
    const csv = new TextDecoder().decode(raw);
    expect(csv).toContain('卧龙区人民政府');
    expect(csv).not.toContain('延津县');
  });

  it('serves uploaded HTML as plain text, never as a page', async () => {
    const html = readFileSync(join(fixtures, 'html', 'html-hybrid-site.html'));
    const r = uploadResult.parse(await (await upload([{ name: 'site.html', bytes: html }])).json());
    const id = r.results[0]!.id!;
    const src = await app.request(`/api/reports/${id}/source`);
    expect(src.headers.get('content-type')).toContain('text/plain');
    expect(src.headers.get('content-security-policy')).toContain('sandbox');
    const dl = await app.request(`/api/reports/${id}/source?download=1`);
    expect(dl.headers.get('content-disposition')).toContain('attachment');
    expect(new Uint8Array(await dl.arrayBuffer())).toEqual(new Uint8Array(html));
  });

  it('every answer carries the security headers; the source keeps its own sandbox policy', async () => {
    const list = await app.request('/api/reports?q=' + encodeURIComponent('卧龙区'));
    const missing = await app.request('/api/reports/999999');
    const ids = reportList.parse(await (await app.request('/api/reports')).json()).items.map((i) => i.id);
    const src = await app.request(`/api/reports/${ids[0]}/source`);
    for (const res of [list, missing, src]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(list.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(src.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(list.headers.get('content-type')).toContain('application/json');
    expect(reportList.parse(await list.json()).items.map((i) => i.agency)).toEqual(['卧龙区人民政府']);
  });

  it('problem list DOCX, coverage, rules, OpenAPI document and health answer', async () => {
    const id = reportList.parse(await (await app.request('/api/reports?rule=P.columns')).json()).items[0]!.id;
    const docx = await app.request(`/api/reports/${id}/problems.docx`);
    expect(docx.status).toBe(200);
    expect(new Uint8Array(await docx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    coverage.parse(await (await app.request('/api/coverage')).json());
    const rules = (await (await app.request('/api/rules')).json()) as { items: { id: string }[] };
    expect(rules.items.map((r) => r.id)).toContain('T3.balance');
    const doc = (await (await app.request('/api/docs')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/reports/{id}');
    expect(health.parse(await (await app.request('/healthz')).json())).toMatchObject({ ok: true, db: 'sqlite' });
  });

  it('streams an upload: a 200 MB file over the limit is drained, never held (memory stays flat), the next file still read', async () => {
    const boundary = 'nianbao-test-boundary';
    const enc = new TextEncoder();
    const head = (name: string) =>
      enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
    const chunk = new Uint8Array(1024 * 1024).fill(0x41);
    let sent = 0;
    const TOTAL = 200;
    const small = bytesOf(genReport(77).text);
    const parts: (() => Uint8Array | null)[] = [
      () => head('huge.txt'),
      ...Array.from({ length: TOTAL }, () => () => {
        sent++;
        return chunk;
      }),
      () => enc.encode('\r\n'),
      () => head('small.txt'),
      () => small,
      () => enc.encode(`\r\n--${boundary}--\r\n`),
    ];
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(ctl) {
        const next = parts[i++];
        if (next) ctl.enqueue(next()!);
        else ctl.close();
      },
    });
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const res = await app.request('/api/reports', {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    const out = uploadResult.parse(await res.json());
    clearInterval(timer);
    expect(sent).toBe(TOTAL);
    expect(out.results.map((r) => [r.fileName, r.outcome])).toEqual([
      ['huge.txt', 'rejected'],
      ['small.txt', 'new'],
    ]);
    expect(out.results[0]!.message).toMatch(/^文件超过 2 MB/);
    expect((peak - before) / 1048576).toBeLessThan(80);
  });

  it('enforces upload limits and rejects bad input with clear messages', async () => {
    const big = await upload([{ name: 'big.txt', bytes: new Uint8Array(3 * 1024 * 1024).fill(0x41) }]);
    expect(uploadResult.parse(await big.json()).results[0]).toMatchObject({ outcome: 'rejected', id: null });
    // Over the number of files: the first 20 are taken, each one past it is turned away by name.
    const many = uploadResult.parse(
      await (await upload(Array.from({ length: 22 }, (_, i) => ({ name: `${i}.txt`, bytes: new Uint8Array([0x41 + i]) })))).json(),
    );
    expect(many.results).toHaveLength(22);
    expect(many.results.slice(20)).toEqual([
      expect.objectContaining({ fileName: '20.txt', outcome: 'rejected', message: '一次最多上传 20 个文件，此文件未接收' }),
      expect.objectContaining({ fileName: '21.txt', outcome: 'rejected' }),
    ]);
    expect(many.results.slice(0, 20).every((r) => !/一次最多/.test(r.message ?? ''))).toBe(true);
    // A body that is not multipart at all.
    const notForm = await app.request('/api/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(notForm.status).toBe(400);
    expect(((await notForm.json()) as { error: string }).error).toContain('multipart');
    const none = await app.request('/api/reports', { method: 'POST', body: new FormData() });
    expect(none.status).toBe(400);
    expect(((await none.json()) as { error: string }).error).toContain('file');
    const junk = uploadResult.parse(await (await upload([{ name: 'x.pdf', bytes: new Uint8Array([1, 2, 3, 4, 5]) }])).json());
    expect(junk.results[0]).toMatchObject({ status: 'unreadable' });
    const kept = reportList.parse(await (await app.request('/api/reports?status=ok,errors&pageSize=100')).json());
    expect(kept.items.some((i) => i.status === 'unreadable')).toBe(false);
    const all = reportList.parse(await (await app.request('/api/reports?pageSize=100')).json());
    expect(all.items.some((i) => i.status === 'unreadable')).toBe(true);
    expect((await app.request('/api/reports/999999')).status).toBe(404);
    expect((await app.request('/api/reports/abc')).status).toBe(404);
    expect((await app.request('/api/../../etc/passwd')).status).toBe(404);
  });
});
