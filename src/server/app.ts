/**
 * The HTTP server: the API of ./contract.ts over a Store, plus the built web app (web/dist).
 * Safety: upload size and count limits, a per-file parse time limit (worker pool), no path from
 * a request ever reaches the file system, parameterized SQL only (kysely, in the store),
 * uploaded HTML is never served as HTML.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RULES } from '../check/index.js';
import { STAGE_NOTES } from '../check/notes.js';
import { ParsePool, defaultJobs } from '../ingest/pool.js';
import { screen } from '../ingest/accept.js';
import { ARCHIVE_LIMITS, isZip, listArchive, readEntry } from '../read/zip.js';
import { readDocument } from '../read/index.js';
import { problemListDocx, problemListFileName, problemListsZip } from '../render/problems-docx.js';
import { exportXlsx, tableCsv } from '../render/xlsx.js';
import type { ReportQuery, Store } from '../store/index.js';
import { LIST_STATUSES, SORT_KEYS, type ListStatus } from '../store/index.js';
import { pageRenderer } from './pages.js';
import { openApiDocument } from './openapi.js';
import { bulkInput, cellReviewInput, decisionInput, loginInput, reviewInput, unitEdit, unitInput, type ReportSummary } from './contract.js';
import { ROUTES } from './routes.js';
import { registerAnalyseRoutes } from './analyse-routes.js';
import { registerRegisterRoutes } from './register-routes.js';
import { registerEditorRoutes } from './editor-routes.js';
import { uploadParts, type UploadPart } from './multipart.js';
import { registerQueueRoutes } from './queue-routes.js';
import type { IngestQueue } from '../queue/queue.js';
import {
  adminOnly,
  authenticate,
  canSee,
  canSeeUnit,
  clearSessionCookie,
  clientIp,
  csrfGuard,
  mayReview,
  publicUser,
  reviewerOnly,
  scopeOf,
  SESSION_COOKIE,
  setSessionCookie,
  Throttle,
  type AuthEnv,
} from './auth.js';
import { getCookie } from 'hono/cookie';

export interface Limits {
  /** Largest single file accepted (bytes). */
  maxFileBytes: number;
  /** Most files in one upload request. */
  maxFiles: number;
  /** Largest request body (bytes); it streams in, each file held alone (multipart.ts). */
  maxBodyBytes: number;
  /** Longest a file may take to parse (ms). */
  parseTimeoutMs: number;
}

export const DEFAULT_LIMITS: Limits = { maxFileBytes: 50 * 1024 * 1024, maxFiles: 500, maxBodyBytes: 2 * 1024 * 1024 * 1024, parseTimeoutMs: 60_000 };

export interface AppOptions {
  store: Store;
  /** Folder of the built web app; null to serve the API only. */
  webRoot?: string | null;
  limits?: Partial<Limits>;
  /** Parse workers (0: parse on the server thread). */
  workers?: number;
  version?: string;
  /** With no user configured, run as the local administrator (a server on loopback only). Default true. */
  allowLocalAdmin?: boolean;
  /** The ingest queue (PostgreSQL): uploads are kept and queued for `nianbao worker`, not parsed here. */
  queue?: IngestQueue | null;
}

/** Headers on every answer (a handler may give its own Content-Security-Policy). */
const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  [
    'Content-Security-Policy',
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'",
  ],
];

const int = (v: string | undefined): number | null => (v !== undefined && /^-?\d+$/.test(v) ? Number(v) : null);
const CT: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The list filters of a request (shared by the list and the exports). */
/**
 * An export's file name from what was exported, so two downloads are told apart:
 * 年报数据-2024年度-南阳市-有错误-20261205.xlsx; the chosen reports: 年报数据-所选12份-….
 */
export function exportFileName(q: ReportQuery & { ids?: number[] }, ext: 'csv' | 'xlsx', today = new Date()): string {
  const STATUS: Record<string, string> = { ok: '正常', warnings: '有警告', errors: '有错误', unreadable: '无法读取' };
  const status = q.status ? (Array.isArray(q.status) ? q.status : [q.status]) : [];
  const parts = [
    '年报数据',
    q.ids ? `所选${q.ids.length}份` : null,
    q.year ? `${q.year}年度` : null,
    q.region ? q.region.split('/').filter(Boolean).pop() : null,
    q.q ? `含「${q.q.slice(0, 20)}」` : null,
    status.length === 1 ? STATUS[status[0]!] : null,
    q.rule ? q.rule : null,
    q.review === 'reviewed' ? '已审核' : q.review === 'pending' ? '待审核' : null,
    today.toISOString().slice(0, 10).replace(/-/g, ''),
  ];
  return `${parts
    .filter((p): p is string => !!p)
    .join('-')
    .replace(/[\\/:*?"<>|\s]+/g, '_')}.${ext}`;
}

export function queryOf(c: Context<AuthEnv>): ReportQuery & { ids?: number[] } {
  const q = c.req.query();
  const user = c.get('user');
  const sort = SORT_KEYS.find((k) => k === q['sort']) ?? null;
  const statuses = (q['status'] ?? '').split(',').filter((x): x is ListStatus => (LIST_STATUSES as readonly string[]).includes(x));
  const ids = (q['ids'] ?? '')
    .split(',')
    .map((x) => int(x.trim()))
    .filter((x): x is number => x !== null);
  return {
    year: int(q['year']),
    q: q['q']?.slice(0, 200) || null,
    region: q['region']?.slice(0, 200) || null,
    status: statuses.length ? statuses : null,
    rule: q['rule']?.slice(0, 64) || null,
    includeSuperseded: q['includeSuperseded'] === '1' || q['includeSuperseded'] === 'true',
    review: q['review'] === 'reviewed' || q['review'] === 'pending' ? q['review'] : null,
    sort,
    order: q['order'] === 'asc' ? 'asc' : q['order'] === 'desc' ? 'desc' : null,
    page: int(q['page']),
    pageSize: int(q['pageSize']),
    scope: user ? scopeOf(user) : null,
    ...(ids.length ? { ids } : {}),
  };
}

/** Why assigning a unit asks first: the reports it would replace, named. */
const supersedeMessage = (conflicts: ReportSummary[]): string =>
  `该单位${conflicts[0]!.year ?? ''}年度已有报告（${conflicts
    .slice(0, 3)
    .map((r) => `「${r.agency ?? r.fileName}」${r.fileName}`)
    .join('、')}${conflicts.length > 3 ? ` 等 ${conflicts.length} 份` : ''}）：指定后按上传先后只保留一份为当前版本，另一份将被替换。确认后再执行，可撤销`;

/** An upload result for a file that was not stored. */
const rejected = (fileName: string, message: string) =>
  ({ fileName, id: null, outcome: 'rejected', status: null, agency: null, year: null, errors: 0, warnings: 0, message }) as const;

const asciiName = (name: string): string => name.replace(/[^\w.-]+/g, '_').slice(-100) || 'file';
const attachment = (name: string): string => `attachment; filename="${asciiName(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function createApp(opts: AppOptions): { app: Hono<AuthEnv>; close: () => Promise<void> } {
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const store = opts.store;
  // One upload parsed at a time (one parse process, or none): a scan's pages in parallel, up to the cores.
  const workers = opts.workers ?? 1;
  const pool = new ParsePool(workers, limits.parseTimeoutMs, workers <= 1 ? defaultJobs() : 1);
  const app = new Hono<AuthEnv>();
  const throttle = new Throttle();
  /** One line of the audit log: who did what to what. */
  const audit = async (c: Context<AuthEnv>, action: string, target?: string | null, detail?: string | null): Promise<void> => {
    const u = c.get('user');
    await store.accounts.audit({ user: u?.name ?? '（匿名）', role: u?.role ?? '', action, target: target ?? null, detail: detail ?? null, ip: clientIp(c) });
  };
  /** A report the user may see, or null (answered 404 as if it did not exist). */
  const visible = async (c: Context<AuthEnv>, id: number): Promise<ReportSummary | null> => {
    const s = await store.summary(id);
    return s && canSee(c.get('user'), s) ? s : null;
  };

  // The text a report's spans index into, and its page count: reading the file again (a PDF
  // through pdfjs) for every request of the report page would be wasted work. Kept for the
  // most recent files, by content hash.
  const views = new Map<string, { sourceText: string | null; pages: number | null }>();
  const sourceView = async (src: { sha256: string; bytes: Uint8Array; format: string }): Promise<{ sourceText: string | null; pages: number | null }> => {
    let v = views.get(src.sha256);
    if (!v) {
      const read = await readDocument(src.bytes, { ocr: false });
      v = {
        sourceText: src.format === 'pdf' || src.format === 'image' ? null : (read.sourceText ?? null),
        pages: src.format === 'image' ? 1 : (read.pages ?? null),
      };
      views.set(src.sha256, v);
      if (views.size > 64) views.delete(views.keys().next().value!);
    }
    return v;
  };

  // Set before the handler, they go into the response hono makes (c.json, c.body), which is then
  // written out as it is. Set after, each made hono copy the finished response and write its body
  // out again as a stream (about a third of a search's time in the server's own thread). A
  // handler's own CSP replaces the default; a Response a handler builds itself gets them after.
  app.use('*', async (c, next) => {
    for (const [k, v] of SECURITY_HEADERS) c.header(k, v);
    await next();
    const h = c.res.headers;
    for (const [k, v] of SECURITY_HEADERS) if (!h.has(k)) c.header(k, v);
  });
  // Who is asking (401 when nobody is and users exist), CSRF refused, then per-report access:
  // a report outside the user's scope is 404, a change by a 填报单位 403.
  app.use('/api/*', csrfGuard());
  app.use('*', authenticate({ store, allowLocalAdmin: opts.allowLocalAdmin ?? true }));
  const reportGuard = async (c: Context<AuthEnv>, next: () => Promise<void>) => {
    if (!(await visible(c, Number(c.req.param('id'))))) return c.json({ error: '报告不存在' }, 404);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !mayReview(c.get('user'))) return c.json({ error: '填报单位不能进行审核操作' }, 403);
    return next();
  };
  app.use('/api/reports/:id{[0-9]+}', reportGuard);
  app.use('/api/reports/:id{[0-9]+}/*', reportGuard);

  app.onError((e, c) => {
    console.error(e);
    // The error's text stays in the log: it can hold paths and internals.
    return c.json({ error: '服务器内部错误' }, 500);
  });

  app.get(ROUTES.health.pattern, async (c) => {
    const s = await store.stats();
    return c.json({ ok: true, db: s.db, reports: s.reports, version: opts.version ?? '0' });
  });

  // ——— accounts ———
  app.post(ROUTES.login.pattern, async (c) => {
    const body = loginInput.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '请填写用户名和密码' }, 400);
    const ip = clientIp(c);
    const keys = [`ip:${ip}`, `name:${body.data.name.trim()}`];
    const wait = Math.max(...keys.map((k) => throttle.wait(k)));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return c.json({ error: `登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试` }, 429);
    }
    const user = await store.accounts.verifyLogin(body.data.name, body.data.password);
    if (!user) {
      for (const k of keys) throttle.fail(k);
      await store.accounts.audit({ user: body.data.name.trim().slice(0, 64), role: '', action: 'login.failed', ip });
      return c.json({ error: '用户名或密码不对' }, 401);
    }
    throttle.clear(`name:${user.name}`);
    const s = await store.accounts.createSession(user.id);
    setSessionCookie(c, s.id, s.expiresAt);
    await store.accounts.audit({ user: user.name, role: user.role, action: 'login', ip });
    return c.json({ user: publicUser({ ...user, local: false }) });
  });
  app.post(ROUTES.logout.pattern, async (c) => {
    const sid = getCookie(c, SESSION_COOKIE);
    if (sid) await store.accounts.deleteSession(sid);
    clearSessionCookie(c);
    await audit(c, 'logout');
    return c.json({ ok: true });
  });
  app.get(ROUTES.me.pattern, async (c) => {
    const u = c.get('user');
    return u ? c.json({ user: publicUser(u) }) : c.json({ error: '请先登录' }, 401);
  });
  app.get(ROUTES.audit.pattern, adminOnly, async (c) =>
    c.json(
      await store.accounts.auditLog({
        page: int(c.req.query('page')) ?? 1,
        pageSize: int(c.req.query('pageSize')) ?? 100,
        action: c.req.query('action') ?? null,
        user: c.req.query('user') ?? null,
      }),
    ),
  );

  // ——— reports ———
  app.post(
    ROUTES.upload.pattern,
    bodyLimit({ maxSize: limits.maxBodyBytes, onError: (c) => c.json({ error: `上传内容超过 ${Math.round(limits.maxBodyBytes / 1048576)} MB` }, 413) }),
    async (c) => {
      const results = [];
      const tooBig = `文件超过 ${Math.round(limits.maxFileBytes / 1048576)} MB，未接收`;
      // One document: turned away on its bytes alone (empty, encrypted) before parsing, else parsed
      // and given to the store, which keeps it whole or turns it away (src/ingest/accept.ts).
      const uploadOne = async (fileName: string, bytes: Uint8Array) => {
        const early = screen(bytes);
        if (!early.keep) return rejected(fileName, early.message);
        const u0 = c.get('user');
        if (opts.queue && !(await store.hasFile(createHash('sha256').update(bytes).digest('hex')))) {
          await opts.queue.enqueue(bytes, fileName, u0.role === 'unit' ? u0.scopeUnitId : null);
          return { ...rejected(fileName, '已进入处理队列'), outcome: 'queued' as const };
        }
        const parsed = await pool.parse(bytes, fileName);
        if ('error' in parsed) return rejected(fileName, parsed.error);
        const r = await store.ingestFile({ bytes, fileName, record: parsed.record });
        // A 填报单位's upload is its own report.
        const u = c.get('user');
        if (u.role === 'unit' && r.id !== null && u.scopeUnitId !== null && (r.outcome === 'new' || r.outcome === 'superseded'))
          await store.setReportUnit(r.id, u.scopeUnitId);
        return r;
      };
      // The body streams in file by file (multipart.ts): a file over the limit is drained, never held.
      let parts: AsyncGenerator<UploadPart>;
      try {
        parts = uploadParts(c.req.raw, limits);
      } catch {
        return c.json({ error: '请以 multipart/form-data 上传，字段名 file' }, 400);
      }
      try {
        for await (const part of parts) {
          const fileName = part.name.replace(/[\\/]/g, '_').slice(0, 255);
          if (part.kind === 'tooBig') {
            results.push(rejected(fileName, tooBig));
            continue;
          }
          if (part.kind === 'tooMany') {
            results.push(rejected(fileName, `一次最多上传 ${limits.maxFiles} 个文件，此文件未接收`));
            continue;
          }
          const bytes = part.bytes;
          const listing = isZip(bytes) ? listArchive(bytes) : null;
          if (!listing || listing.kind === 'document') {
            results.push(await uploadOne(fileName, bytes));
            continue;
          }
          if (listing.kind === 'bad') {
            results.push(rejected(fileName, listing.message));
            continue;
          }
          // An archive is opened as `nianbao ingest` opens it (src/read/zip.ts): each document in
          // it is an upload of its own, inflated one at a time (a zip bomb never sits in memory whole).
          if (!listing.entries.length && !listing.skipped.length) results.push(rejected(fileName, '压缩包中没有可读取的文件'));
          for (const s of listing.skipped) results.push(rejected(`${fileName}/${s.name}`, s.reason));
          let inflated = 0;
          for (const e of listing.entries) {
            // The path inside the archive, as a name only: no empty, . or .. parts, no control characters.
            const inner = e.name.split('/').filter((p) => p && p !== '.' && p !== '..');
            const name = `${fileName}/${inner.join('/')}`.replace(/\p{Cc}/gu, '').slice(0, 1000);
            if (e.entry.size > limits.maxFileBytes) {
              results.push(rejected(name, tooBig));
              continue;
            }
            if (inflated > ARCHIVE_LIMITS.maxTotalBytes) {
              results.push(rejected(name, `压缩包解压后超过 ${ARCHIVE_LIMITS.maxTotalBytes / 1073741824} GB，其余文件未读取`));
              continue;
            }
            const r = readEntry(bytes, e);
            if ('error' in r) {
              results.push(rejected(name, r.error));
              continue;
            }
            inflated += r.bytes.length;
            if (r.bytes.length > limits.maxFileBytes) results.push(rejected(name, tooBig));
            else if (isZip(r.bytes) && listArchive(r.bytes).kind !== 'document') results.push(rejected(name, '压缩包内的压缩包不展开'));
            else results.push(await uploadOne(name, r.bytes));
          }
        }
      } catch {
        if (!results.length) return c.json({ error: '请以 multipart/form-data 上传，字段名 file' }, 400);
        results.push(rejected('（其余内容）', '上传中断或格式不对，其余文件未接收'));
      }
      if (!results.length) return c.json({ error: '没有收到文件：请用字段名 file 上传' }, 400);
      for (const r of results) await audit(c, 'upload', r.fileName, `${r.outcome}${r.id !== null ? ` #${r.id}` : ''}${r.message ? `：${r.message}` : ''}`);
      return c.json({ results });
    },
  );

  app.get(ROUTES.reports.pattern, async (c) => c.json(await store.listReports(queryOf(c))));

  app.get(ROUTES.report.pattern, async (c) => {
    const id = Number(c.req.param('id'));
    const r = await store.getReport(id);
    if (!r) return c.json({ error: '报告不存在' }, 404);
    let sourceText: string | null = null;
    let pages: number | null = null;
    const src = await store.getSource(id);
    if (src) ({ sourceText, pages } = await sourceView(src));
    return c.json({ ...r, sourceText, pages });
  });

  app.get(ROUTES.source.pattern, async (c) => {
    const src = await store.getSource(Number(c.req.param('id')));
    if (!src) return c.json({ error: '报告不存在' }, 404);
    const download = c.req.query('download') === '1';
    // Uploaded HTML is shown as text: serving it as a page would run its scripts at our origin.
    const type = download
      ? 'application/octet-stream'
      : src.format === 'pdf'
        ? 'application/pdf'
        : src.format === 'text' || src.format === 'html'
          ? 'text/plain; charset=utf-8'
          : 'application/octet-stream';
    const body = !download && (src.format === 'text' || src.format === 'html') ? new TextEncoder().encode((await sourceView(src)).sourceText ?? '') : src.bytes;
    c.header('Content-Type', type);
    c.header('Content-Security-Policy', "default-src 'none'; sandbox");
    if (download || type === 'application/octet-stream') c.header('Content-Disposition', attachment(src.fileName));
    return c.body(body as Uint8Array<ArrayBuffer>);
  });

  app.get(ROUTES.page.pattern, async (c) => {
    const src = await store.getSource(Number(c.req.param('id')));
    if (!src || (src.format !== 'pdf' && src.format !== 'image')) return c.json({ error: '不是 PDF 或图片报告' }, 404);
    // Through the server's renderer: a cap on renders at once, a cache by file hash and page.
    const n = Number(c.req.param('n'));
    const r =
      src.format === 'image'
        ? await pageRenderer.imagePage(src.bytes, n, { sha256: src.sha256 })
        : await pageRenderer.pdfPage(src.bytes, n, { sha256: src.sha256 });
    if (!r.ok && r.reason === 'busy') {
      c.header('Retry-After', '5');
      return c.json({ error: '服务器繁忙，页面图像稍后再试' }, 503);
    }
    if (!r.ok) return c.json({ error: r.reason === 'page' ? '没有这一页' : '页面无法生成图像（文件损坏，或未安装 poppler-utils）' }, 404);
    c.header('Content-Type', 'image/png');
    c.header('Cache-Control', 'private, max-age=3600');
    return c.body(r.png as Uint8Array<ArrayBuffer>);
  });

  app.get(ROUTES.problems.pattern, async (c) => {
    const r = await store.getReport(Number(c.req.param('id')));
    if (!r) return c.json({ error: '报告不存在' }, 404);
    const bytes = await problemListDocx({ reports: [{ report: r.record, fileName: r.summary.fileName, findings: r.findings }] });
    await audit(c, 'export.problems', `#${r.summary.id}`);
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    c.header('Content-Disposition', attachment(problemListFileName(r.summary.agency ?? r.summary.unitName ?? String(r.summary.id), r.summary.year)));
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  // The problem lists of several reports (?ids=1,2,3): one DOCX each, in one zip.
  app.get(ROUTES.problemsZip.pattern, async (c) => {
    const ids = [...new Set(queryOf(c).ids ?? [])];
    if (!ids.length) return c.json({ error: '请用 ids=1,2,3 指明报告' }, 400);
    if (ids.length > 1000) return c.json({ error: '一次最多 1000 份报告' }, 400);
    const entries = [];
    for (const id of ids) if (!(await visible(c, id))) return c.json({ error: `报告 ${id} 不存在` }, 404);
    for (const id of ids) {
      const r = await store.getReport(id);
      if (r) entries.push({ report: r.record, fileName: r.summary.fileName, findings: r.findings, unit: r.summary.agency ?? r.summary.unitName ?? String(id) });
    }
    if (!entries.length) return c.json({ error: '报告不存在' }, 404);
    await audit(c, 'export.problemsZip', ids.map((i) => `#${i}`).join(','));
    c.header('Content-Type', 'application/zip');
    c.header('Content-Disposition', attachment('问题清单.zip'));
    return c.body((await problemListsZip(entries)) as Uint8Array<ArrayBuffer>);
  });

  app.put(ROUTES.decision.pattern, async (c) => {
    const input = decisionInput.safeParse(await c.req.json().catch(() => null));
    if (!input.success) return c.json({ error: '请求格式不对：需要 {decision: "confirmed"|"dismissed", comment}' }, 400);
    const d = await store.setDecision(Number(c.req.param('id')), c.req.param('key'), input.data);
    if (d)
      await audit(c, 'decision', `#${c.req.param('id')} ${c.req.param('key')}`, `${input.data.decision}${input.data.comment ? `：${input.data.comment}` : ''}`);
    return d ? c.json(d) : c.json({ error: '报告或问题不存在' }, 404);
  });

  app.put(ROUTES.reportUnit.pattern, async (c) => {
    const body = unitInput.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '请求格式不对：需要 {unitId, confirm}' }, 400);
    const id = Number(c.req.param('id'));
    if (body.data.unitId !== null) {
      const unit = await store.getUnit(body.data.unitId);
      if (!unit || !canSeeUnit(c.get('user'), unit)) return c.json({ error: '报告或单位不存在' }, 404);
    }
    const conflicts = body.data.confirm ? [] : await store.supersedeConflicts(id, body.data.unitId);
    if (conflicts.length) return c.json({ error: supersedeMessage(conflicts), conflicts }, 409);
    const s = await store.setReportUnit(id, body.data.unitId);
    if (s) await audit(c, 'assign', `#${id}`, body.data.unitId === null ? '自动匹配' : `单位 #${body.data.unitId}`);
    return s ? c.json(s) : c.json({ error: '报告或单位不存在' }, 404);
  });

  const cellAt = (c: Context) => ({ table: c.req.param('table') as 't2' | 't3' | 't4', row: c.req.param('row')!, col: c.req.param('col')! });
  app.put(ROUTES.cellReview.pattern, async (c) => {
    const body = cellReviewInput.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '请求格式不对：需要 {value: 数字或 null, reviewer: 审核人}' }, 400);
    const r = await store.setCellReview(Number(c.req.param('id')), cellAt(c), body.data);
    if (r)
      await audit(
        c,
        'cellReview',
        `#${c.req.param('id')} ${cellAt(c).table}/${cellAt(c).row}/${cellAt(c).col}`,
        `${body.data.value ?? '空'}（${body.data.reviewer}）`,
      );
    return r ? c.json(r) : c.json({ error: '报告或单元格不存在' }, 404);
  });
  app.delete(ROUTES.cellReviewDelete.pattern, async (c) => {
    const ok = await store.deleteCellReview(Number(c.req.param('id')), cellAt(c));
    if (ok) await audit(c, 'cellReview.delete', `#${c.req.param('id')} ${cellAt(c).table}/${cellAt(c).row}/${cellAt(c).col}`);
    return ok ? c.json({ ok: true }) : c.json({ error: '这个单元格没有审核记录' }, 404);
  });

  app.put(ROUTES.review.pattern, async (c) => {
    const body = reviewInput.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '请求格式不对：需要 {reviewed: true|false, note}' }, 400);
    const s = await store.setReviewed(Number(c.req.param('id')), body.data.reviewed, body.data.note);
    if (s) await audit(c, 'review', `#${c.req.param('id')}`, body.data.reviewed ? `已审核${body.data.note ? `：${body.data.note}` : ''}` : '未审核');
    return s ? c.json(s) : c.json({ error: '报告不存在' }, 404);
  });

  app.post(ROUTES.bulk.pattern, reviewerOnly, async (c) => {
    const body = bulkInput.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '请求格式不对：需要 {action: decide|recheck|assign|review, ids, …}' }, 400);
    const b = body.data;
    const ids = [...new Set(b.ids)];
    for (const id of ids) if (!(await visible(c, id))) return c.json({ error: `报告 ${id} 不存在` }, 404);
    if (b.action === 'assign' && b.unitId !== null) {
      const unit = await store.getUnit(b.unitId);
      if (!unit || !canSeeUnit(c.get('user'), unit)) return c.json({ error: '单位不存在' }, 404);
    }
    await audit(c, `bulk.${b.action}`, ids.map((i) => `#${i}`).join(','), JSON.stringify({ ...b, ids: undefined }));
    if (b.action === 'decide') {
      const n = await store.decideRule(ids, b.rule, { decision: b.decision, comment: b.comment });
      return c.json({ done: n, conflicts: [], message: `已${b.decision === 'confirmed' ? '确认' : '忽略'} ${n} 条「${b.rule}」问题（${ids.length} 份报告）` });
    }
    if (b.action === 'recheck') {
      const n = await store.reparse(ids);
      return c.json({ done: n, conflicts: [], message: `已重新解析并核查 ${n} 份报告` });
    }
    if (b.action === 'review') {
      let n = 0;
      for (const id of ids) if (await store.setReviewed(id, b.reviewed)) n++;
      return c.json({ done: n, conflicts: [], message: `已将 ${n} 份报告标为${b.reviewed ? '已审核' : '未审核'}` });
    }
    const conflicts = [];
    if (!b.confirm) for (const id of ids) conflicts.push(...(await store.supersedeConflicts(id, b.unitId)));
    // Several chosen reports of one year for the same unit would also replace each other.
    if (!b.confirm && b.unitId !== null) {
      const years = new Map<number, number>();
      for (const id of ids) {
        const y = (await store.summary(id))?.year;
        if (y != null) years.set(y, (years.get(y) ?? 0) + 1);
      }
      if ([...years.values()].some((n) => n > 1) && !conflicts.length)
        return c.json({ error: '所选报告中有同一年度的多份报告，指定给同一单位后只有最后上传的一份有效，其余将被替换；确认后再执行', conflicts: [] }, 409);
    }
    if (conflicts.length) return c.json({ error: supersedeMessage(conflicts), conflicts }, 409);
    let n = 0;
    for (const id of ids) if (await store.setReportUnit(id, b.unitId)) n++;
    return c.json({ done: n, conflicts: [], message: `已为 ${n} 份报告指定单位` });
  });

  // ——— units and coverage ———
  app.get(ROUTES.units.pattern, async (c) =>
    c.json(
      await store.listUnits({
        q: c.req.query('q') ?? null,
        region: c.req.query('region') ?? null,
        page: int(c.req.query('page')) ?? 1,
        pageSize: int(c.req.query('pageSize')) ?? 100,
        scope: scopeOf(c.get('user')),
      }),
    ),
  );
  /** A unit the user may change (a reviewer: in their region, also where it moves to), or an answer. */
  const unitGuard = async (c: Context<AuthEnv>, next: () => Promise<void>) => {
    const unit = await store.getUnit(Number(c.req.param('id')));
    if (!unit || !canSeeUnit(c.get('user'), unit)) return c.json({ error: '没有这个单位' }, 404);
    return next();
  };
  app.put(ROUTES.unit.pattern, reviewerOnly, unitGuard, async (c) => {
    const body = unitEdit.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '请求格式不对：需要 {name?, region?, level?, parentId?, aliases?}' }, 400);
    const id = Number(c.req.param('id'));
    const r = await store.updateUnit(id, body.data);
    if ('error' in r) return c.json({ error: r.error }, r.status);
    if (!canSeeUnit(c.get('user'), r.unit)) {
      // Moved out of the reviewer's region: put it back.
      const before = await store.updateUnit(id, { region: c.get('user').scopeRegion });
      return c.json({ error: `单位只能在您负责的地区（${c.get('user').scopeRegion}）内${'error' in before ? '' : '，已恢复'}` }, 403);
    }
    await audit(c, 'unit.edit', `单位 #${id}`, JSON.stringify(body.data));
    return c.json(r);
  });
  app.delete(ROUTES.unitDelete.pattern, reviewerOnly, unitGuard, async (c) => {
    const r = await store.deleteUnit(Number(c.req.param('id')));
    if (r) await audit(c, 'unit.delete', `单位 #${c.req.param('id')}`);
    return r ? c.json(r) : c.json({ error: '没有这个单位' }, 404);
  });
  app.post(
    ROUTES.unitImport.pattern,
    reviewerOnly,
    bodyLimit({ maxSize: 20 * 1024 * 1024, onError: (c) => c.json({ error: '名单文件超过 20 MB' }, 413) }),
    async (c) => {
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const f = body['file'];
      if (!f || typeof f !== 'object' || !('arrayBuffer' in f)) return c.json({ error: '请用字段名 file 上传 CSV 或 XLSX 名单' }, 400);
      const u = c.get('user');
      const res = await store.importUnitFile(new Uint8Array(await (f as File).arrayBuffer()), { region: u.role === 'reviewer' ? u.scopeRegion : null });
      await audit(c, 'unit.import', (f as File).name || null, `新增 ${res.added}，更新 ${res.updated}，未导入 ${res.rejected.length}`);
      return c.json(res);
    },
  );
  app.get(ROUTES.regions.pattern, async (c) => c.json({ items: await store.regions(scopeOf(c.get('user'))) }));
  app.get(ROUTES.reviewQueue.pattern, async (c) => c.json(await store.reviewQueue({ scope: scopeOf(c.get('user')) })));
  app.get(ROUTES.coverage.pattern, async (c) => {
    const years = (c.req.query('years') ?? '')
      .split(',')
      .map((y) => int(y.trim()))
      .filter((y): y is number => y !== null);
    return c.json(await store.coverage({ years: years.length ? years : null, region: c.req.query('region') ?? null, scope: scopeOf(c.get('user')) }));
  });

  // ——— exports ———
  const exportTable = async (c: Context<AuthEnv>) => {
    const { ids, ...q } = queryOf(c);
    const t = await store.exportRows({ ...q, page: null, pageSize: null });
    if (!ids) return t;
    const at = t.columns.findIndex((col) => col.key === 'reportId');
    return { ...t, rows: t.rows.filter((r) => ids.includes(Number(r[at]))) };
  };
  app.get(ROUTES.exportCsv.pattern, async (c) => {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', attachment(exportFileName(queryOf(c), 'csv')));
    await audit(c, 'export.csv', c.req.url.split('?')[1] ?? null);
    return c.body(tableCsv(await exportTable(c)));
  });
  app.get(ROUTES.exportXlsx.pattern, async (c) => {
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    c.header('Content-Disposition', attachment(exportFileName(queryOf(c), 'xlsx')));
    await audit(c, 'export.xlsx', c.req.url.split('?')[1] ?? null);
    const { ids, ...q } = queryOf(c);
    const book = await store.exportBook({ ...q, page: null, pageSize: null }, ids);
    return c.body((await exportXlsx(book)) as Uint8Array<ArrayBuffer>);
  });

  registerAnalyseRoutes(app, { store });
  registerRegisterRoutes(app, { store });
  registerQueueRoutes(app, { queue: opts.queue ?? null });
  registerEditorRoutes(app, { store });
  app.get(ROUTES.rules.pattern, (c) =>
    c.json({
      items: [
        ...RULES.map((r) => ({
          id: r.meta.id,
          severity: r.meta.severity,
          type: r.meta.type,
          description: r.meta.docs.description,
          source: r.meta.docs.source,
        })),
        ...STAGE_NOTES.map((n) => ({ id: n.id, severity: n.severity, type: n.stage, description: n.description, source: n.where })),
      ],
    }),
  );
  app.get(ROUTES.docs.pattern, (c) => c.json(openApiDocument(opts.version ?? '0')));
  app.all('/api/*', (c) => c.json({ error: '没有这个接口' }, 404));

  // ——— the web app ———
  if (opts.webRoot) {
    const root = resolve(opts.webRoot);
    app.get('*', async (c) => {
      // Only files under root; anything else gets the app's index (client-side routes).
      let path: string;
      try {
        path = decodeURIComponent(new URL(c.req.url).pathname);
      } catch {
        return c.text('地址无效', 400);
      }
      const rel = normalize(path).replace(/^([/\\])+/, '');
      let file = join(root, rel);
      if (
        !file.startsWith(root + sep) ||
        rel === '' ||
        !(await stat(file)
          .then((s) => s.isFile())
          .catch(() => false))
      )
        file = join(root, 'index.html');
      const body = await readFile(file).catch(() => null);
      if (!body) return c.text('网页应用尚未构建：请运行 npm run build:web', 404);
      c.header('Content-Type', CT[extname(file)] ?? 'application/octet-stream');
      if (file.includes(`${sep}assets${sep}`)) c.header('Cache-Control', 'public, max-age=31536000, immutable');
      return c.body(new Uint8Array(body));
    });
  }

  return { app, close: () => pool.close() };
}
