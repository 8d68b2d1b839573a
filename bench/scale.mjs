#!/usr/bin/env node
// Benchmark at scale (issue 11): 100,000 reports in SQLite and in PostgreSQL.
//
//   npm run build && node bench/scale.mjs
//   BENCH_SCALE_REPORTS=20000 BENCH_SCALE_BACKENDS=sqlite BENCH_SECONDS=5 node bench/scale.mjs
//
// Rows are written straight into the store's tables in bulk (parsing 100,000 files would take
// the benchmark an hour): 20,000 units — every county-level division of GB/T 2260 with its
// people's government (层级 全县/全区/全市…) and six departments (层级 部门, 上级 the government),
// real names and regions — five years each (2019–2023), each report's record one of 48 generated
// reports parsed for real (tables, findings, sections), with the unit's name and year. Then:
//
//   search       GET /api/reports?q= with BENCH_CONNECTIONS (20) connections for BENCH_SECONDS
//                (5) per query, BENCH_ROUNDS (3) rounds of the queries in turn: a true 95th
//                percentile over every response time of the query's rounds
//   roll-up      GET /api/analysis/rollup for the largest province and one year
//   dashboard    GET /api/analysis for the same province and year (indicators, ranks, coverage)
//   copies       MinHash/LSH copy detection (src/analyse/copies.ts) over the 100,000 reports'
//                narrative sections, 2% of them a copy of the unit's previous year
//                (BENCH_SCALE_BACKENDS=none: copies only; BENCH_SCALE_MAX_BUCKET: the cap on a
//                year's part of an LSH bucket, default MAX_BUCKET)
//
// PostgreSQL: a throwaway server (initdb in a temporary folder, unix socket only), as
// scripts/pg-test.sh starts one; BENCH_SCALE_PG_URL uses a server of yours instead. Nothing is
// asserted: the figures go to docs/bench.md by hand.
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { whenHealthy } from './healthy.mjs';
import { generateValues } from '../dist/synth/values.js';
import { LAYOUT_FAMILIES, renderReport } from '../dist/synth/render-text.js';
import { parseReport } from '../dist/index.js';
import { openStore } from '../dist/store/index.js';
import { divisions } from '../dist/units/divisions.js';
import { nameKey } from '../dist/units/names.js';
import { pinyinKey } from '../dist/units/pinyin.js';
import { countBySeverity, statusOf } from '../dist/store/keys.js';
import { findingRows } from '../dist/store/supersede.js';
import { CopyIndex, copyFindings } from '../dist/analyse/copies.js';

const N = Number(process.env.BENCH_SCALE_REPORTS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
// Rounds of every search query in turn: a query's latencies are pooled over its rounds (this
// machine's speed drifts from one minute to the next; one run per query measured the drift).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BACKENDS = (process.env.BENCH_SCALE_BACKENDS ?? 'sqlite,postgres').split(',');
const YEARS = [2019, 2020, 2021, 2022, 2023];
const DEPARTMENTS = ['财政局', '教育局', '市场监督管理局', '人力资源和社会保障局', '自然资源局', '卫生健康委员会'];
const TEMPLATES = 48;

const ms = (t) => `${t.toFixed(0)} ms`;
const now = new Date().toISOString();

// ——— the data ———

async function templates() {
  const out = [];
  for (let i = 1; out.length < TEMPLATES; i++) {
    const v = generateValues(1000 + i);
    if (v.year < 2021) continue; // one template family: the 2021 tables, as the five years are read alike
    const text = renderReport(v, { family: LAYOUT_FAMILIES[i % LAYOUT_FAMILIES.length], seed: i });
    const record = await parseReport(new TextEncoder().encode(text), { path: `t${i}.txt` });
    if (statusOf(record) === 'unreadable' || !record.tables.t3) continue;
    out.push({ record, agency: record.agency });
  }
  return out;
}

function units() {
  const counties = [...divisions().byCode.values()].filter((d) => d.level === 3).sort((a, b) => (a.code < b.code ? -1 : 1));
  const out = [];
  for (const c of counties) {
    if (out.length >= N / YEARS.length) break;
    const last = c.name.slice(-1);
    const gov = {
      id: out.length + 1,
      name: `${c.name}人民政府`,
      region: c.path,
      code: c.code,
      level: /[区县市旗]/.test(last) ? `全${last}` : '全域',
      parent: null,
    };
    out.push(gov);
    for (const d of DEPARTMENTS) {
      if (out.length >= N / YEARS.length) break;
      out.push({ id: out.length + 1, name: `${c.name}${d}`, region: c.path, code: c.code, level: '部门', parent: gov.id });
    }
  }
  return out;
}

/**
 * A narrative: sentences put together for the unit from common wording (a subject, an action and
 * an object drawn from short lists, as real reports share their phrases), the unit's own name,
 * and numbers of the year. Another unit draws other sentences.
 */
const WHO = [
  '本机关',
  '我局',
  '本单位',
  '局党组',
  '办公室',
  '各科室',
  '政务公开领导小组',
  '信息公开工作机构',
  '分管领导',
  '各业务股室',
  '专职工作人员',
  '政务服务中心',
];
const DID = ['认真落实', '持续推进', '进一步完善', '全面加强', '扎实开展', '严格执行', '不断深化', '积极探索', '系统梳理', '定期检查', '规范', '统筹推进'];
const WHAT = [
  '政府信息公开保密审查机制',
  '依申请公开办理流程',
  '重点领域信息公开',
  '政策解读和回应关切',
  '政府网站和政务新媒体管理',
  '基层政务公开标准化规范化建设',
  '公开事项目录编制',
  '政务公开业务培训',
  '建议提案办理结果公开',
  '重大决策预公开',
  '财政预决算信息公开',
  '行政执法信息公示',
  '政务公开考核评估',
  '政府信息管理和清理',
];
function narrative(unit, name, year, salt) {
  let s = (unit * 2654435761 + salt * 40503) >>> 0;
  const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const any = (xs) => xs[Math.floor(rnd() * xs.length)];
  const sentence = () => `${any(WHO)}${any(DID)}${any(WHAT)}`;
  const pick = (n) => Array.from({ length: n }, sentence);
  return {
    s1: `${year}年，${name}${pick(4).join('，')}。全年主动公开政府信息${Math.floor(rnd() * 900)}条，新收申请${Math.floor(rnd() * 90)}件。${pick(3).join('；')}。`,
    s5: `存在的主要问题：${pick(2).join('不够，')}有待加强。改进措施：${name}将${pick(3).join('，')}。`,
    s6: `本年度${name}发出收费通知${Math.floor(rnd() * 3)}件，收取费用0元。${pick(2).join('，')}。无其他需要报告的事项。`,
  };
}

async function fill(store, us, ts) {
  const db = store.db;
  const t0 = performance.now();
  await db.transaction().execute(async (trx) => {
    const ins = async (table, rows, size) => {
      for (let i = 0; i < rows.length; i += size)
        await trx
          .insertInto(table)
          .values(rows.slice(i, i + size))
          .execute();
    };
    await ins(
      'units',
      us.map((u) => ({
        id: u.id,
        name: u.name,
        name_key: nameKey(u.name),
        name_sort: pinyinKey(u.name),
        ident: `${nameKey(u.name)}|${u.code}`,
        aliases: '[]',
        region: u.region,
        region_code: u.code,
        level: u.level,
        parent_id: u.parent,
        created_at: now,
        updated_at: now,
      })),
      500,
    );
    let id = 0;
    const files = [];
    const reports = [];
    const records = [];
    const findings = [];
    const flush = async () => {
      await ins('files', files.splice(0), 1000);
      await ins('reports', reports.splice(0), 400);
      await ins('records', records.splice(0), 200);
      await ins('findings', findings.splice(0), 500);
    };
    for (const year of YEARS)
      for (const u of us) {
        id++;
        const t = ts[(u.id * 7 + year) % ts.length];
        const bytes = Buffer.from(`${u.region}\n${u.name}${year}年政府信息公开工作年度报告\n`);
        const sha = createHash('sha256').update(bytes).digest('hex');
        const title = `${u.name}${year}年政府信息公开工作年度报告`;
        const fileName = `${u.name}-${year}.txt`;
        const record = { ...t.record, agency: u.name, title, year, source: { ...t.record.source, sha256: sha, path: fileName, bytes: bytes.length } };
        const c = countBySeverity(record);
        files.push({ id, sha256: sha, size: bytes.length, data: bytes, created_at: now });
        reports.push({
          id,
          file_id: id,
          sha256: sha,
          file_name: fileName,
          format: 'txt',
          bytes: bytes.length,
          title,
          agency: u.name,
          agency_alias: null,
          agency_key: nameKey(u.name),
          unit_id: u.id,
          match_status: 'matched',
          region: u.region,
          region_code: u.code,
          year,
          template: record.template ?? null,
          status: statusOf(record),
          errors: c.errors,
          warnings: c.warnings,
          infos: c.infos,
          group_key: `u:${u.id}`,
          superseded_by: null,
          search_text: [u.name, title, fileName, u.region].join('\n').toLowerCase(),
          agency_sort: pinyinKey(u.name),
          created_at: now,
          updated_at: now,
        });
        records.push({ report_id: id, record: JSON.stringify(record), analysis: JSON.stringify({ tables: record.tables, year, layout: record.layout }) });
        findings.push(...findingRows(id, record.findings));
        if (reports.length >= 2000) await flush();
      }
    await flush();
  });
  if (store.dialect === 'postgres') {
    for (const t of ['units', 'files', 'reports', 'findings'])
      await db.executeQuery({ sql: `select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`, parameters: [] });
    // Freshly written rows: set hint bits and the visibility map before anything is measured.
    await db.executeQuery({ sql: 'vacuum analyze', parameters: [] });
  } else {
    await db.executeQuery({ sql: 'analyze', parameters: [] });
    // What `nianbao ingest` does after a bulk import: the FTS5 tables merged into one segment each.
    await store.optimizeSearchIndex();
  }
  return performance.now() - t0;
}

// ——— PostgreSQL ———

function startPostgres() {
  if (process.env.BENCH_SCALE_PG_URL) return { url: process.env.BENCH_SCALE_PG_URL, stop() {} };
  const root = '/usr/lib/postgresql';
  const v = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a))[0] : null;
  if (!v) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin)');
  const bin = join(root, v, 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-scale-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (f) => Number(execFileSync('id', [f, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const run = (cmd, args) =>
    execFileSync(asRoot ? 'runuser' : join(bin, cmd), asRoot ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args, {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--lc-ctype=C.UTF-8', '--no-sync']);
  const opts = `-k ${dir} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200 -c shared_buffers=256MB`;
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', opts, 'start']);
  run('createdb', ['-h', dir, '-U', 'postgres', 'nianbao']);
  return {
    url: `postgresql://postgres@localhost/nianbao?host=${encodeURIComponent(dir)}`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

// ——— the server ———

/** `nianbao serve` on the database (a free port), resolved once it answers. */
async function startServer(env, file) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const readers = process.env.BENCH_SCALE_READERS;
  const args = [
    'dist/cli/main.js',
    'serve',
    '--port',
    String(port),
    ...(env ? ['--queue-workers', '0'] : ['--db', file]),
    ...(readers ? ['--readers', readers] : []),
  ];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...(env ?? { DATABASE_URL: '' }) }, stdio: ['ignore', 'ignore', 'inherit'] });
  await whenHealthy(child, port);
  return { port, stop: () => child.kill('SIGTERM') };
}

// ——— measures ———

/** `path`: one path, or a function giving each request its own (a different word each time). */
async function load(port, path, connections, seconds) {
  const times = [];
  const varied = typeof path === 'function';
  const r = await new Promise((res, rej) => {
    const opts = { url: `http://127.0.0.1:${port}${varied ? path() : path}`, connections, duration: seconds };
    if (varied) opts.requests = [{ setupRequest: (req) => ({ ...req, path: path() }) }];
    const inst = autocannon(opts, (err, out) => (err ? rej(err) : res(out)));
    inst.on('response', (_c, _s, _b, t) => times.push(t));
  });
  return { rps: r.requests.average, times, errors: r.errors + r.non2xx, ...percentiles(times) };
}

/** p50, p95, p99 of response times: the value below which that share of them lies. */
function percentiles(times) {
  const t = [...times].sort((a, b) => a - b);
  const pct = (p) => (t.length ? t[Math.min(t.length - 1, Math.ceil((p / 100) * t.length) - 1)] : NaN);
  return { p50: pct(50), p95: pct(95), p99: pct(99), n: t.length };
}

async function timed(port, path, runs = 3) {
  const out = [];
  let body = null;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await globalThis.fetch(`http://127.0.0.1:${port}${path}`);
    body = await res.json();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    out.push(performance.now() - t0);
  }
  return { first: out[0], best: Math.min(...out), body };
}

async function backend(name, us, ts) {
  const root = mkdtempSync(join(tmpdir(), 'nianbao-scale-'));
  const pgs = name === 'postgres' ? startPostgres() : null;
  let store;
  let server;
  try {
    const file = process.env.BENCH_SCALE_DB ?? join(root, 'scale.db');
    store = await openStore(pgs ? { url: pgs.url } : { url: null, file });
    // A database already holding the reports (BENCH_SCALE_DB, BENCH_SCALE_PG_URL) is used as it is.
    const fillMs = (await store.stats()).reports >= N ? 0 : await fill(store, us, ts);
    console.log(`\n${name}: ${N.toLocaleString('en')} reports, ${us.length.toLocaleString('en')} units written in ${(fillMs / 1000).toFixed(1)} s`);
    // The server in its own process, as `nianbao serve` runs (its reader threads on SQLite, its
    // pool of connections on PostgreSQL), so the load generator does not share its thread;
    // BENCH_SCALE_READERS sets --readers (0: every query in the server's own thread).
    await store.close();
    store = null;
    server = await startServer(pgs ? { DATABASE_URL: pgs.url } : null, file);
    const port = server.port;
    const mid = us[Math.floor(us.length / 2)];
    const county = mid.region.split('/').pop();
    const queries = [
      ['a unit by full name', mid.name],
      ['a county (its 7 units)', county],
      ['a department type, short name', '市场监管局'],
      ['a county and a type', `${county} 财政局`],
      ['two characters (gram index)', county.slice(0, 2)],
      ['no match', '不存在的单位名称'],
    ];
    // Each request a different unit by its full name (1,000 units spread over the country): no
    // answer is hotter than another.
    const names = Array.from({ length: 1000 }, (_, i) => us[Math.floor((i * us.length) / 1000)].name);
    let nth = 0;
    const variedNames = () => `/api/reports?q=${encodeURIComponent(names[nth++ % names.length])}&pageSize=20`;
    console.log(
      `search: GET /api/reports?q=…&pageSize=20, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each (p95 of each round in brackets); then 1 connection, ${SECONDS} s`,
    );
    console.log('query'.padEnd(34), 'req/s'.padStart(7), 'p50 ms'.padStart(7), 'p95 ms'.padStart(7), 'p99 ms'.padStart(7), 'errors'.padStart(7), '  rounds');
    const all = [...queries, ['1,000 different units by full name', null]];
    const pathOf = (q) => (q === null ? variedNames : `/api/reports?q=${encodeURIComponent(q)}&pageSize=20`);
    const runs = all.map(() => []);
    for (let round = 0; round < ROUNDS; round++) for (const [i, [, q]] of all.entries()) runs[i].push(await load(port, pathOf(q), CONNECTIONS, SECONDS));
    for (const [i, [label, q]] of all.entries()) {
      const rs = runs[i];
      const pooled = percentiles(rs.flatMap((r) => r.times));
      const one = await load(port, pathOf(q), 1, SECONDS);
      const row = (name, rps, p, errors, extra = '') =>
        console.log(
          name.padEnd(34),
          rps.toFixed(0).padStart(7),
          p.p50.toFixed(1).padStart(7),
          p.p95.toFixed(1).padStart(7),
          p.p99.toFixed(1).padStart(7),
          String(errors).padStart(7),
          extra,
        );
      const rps = rs.reduce((a, r) => a + r.rps, 0) / rs.length;
      row(
        q === null ? label : `${label} (${q})`,
        rps,
        pooled,
        rs.reduce((a, r) => a + r.errors, 0),
        `  [${rs.map((r) => r.p95.toFixed(0)).join(', ')}]`,
      );
      row('  1 connection', one.rps, one, one.errors);
    }
    // The province with the most units.
    const byProvince = new Map();
    for (const u of us) {
      const p = u.region.split('/')[0];
      byProvince.set(p, (byProvince.get(p) ?? 0) + 1);
    }
    const [province, count] = [...byProvince].sort((a, b) => b[1] - a[1])[0];
    const q = `region=${encodeURIComponent(province)}&year=2023`;
    const roll = await timed(port, `/api/analysis/rollup?${q}`);
    const dash = await timed(port, `/api/analysis?${q}`);
    console.log(
      `roll-up of ${province} 2023 (${count} reports): first ${ms(roll.first)}, best of 3 ${ms(roll.best)}; ${roll.body.groups.length} scope groups, ${roll.body.wholeArea.length} whole-area checks`,
    );
    console.log(
      `dashboard of ${province} 2023 (${count} reports, ${dash.body.coverage?.[1]?.units ?? '?'} units): first ${ms(dash.first)}, best of 3 ${ms(dash.best)}`,
    );
  } finally {
    server?.stop();
    await store?.close();
    pgs?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

function copies(us) {
  const t0 = performance.now();
  const index = new CopyIndex();
  const planted = new Set();
  for (const year of YEARS)
    for (const u of us) {
      // 2% of reports are last year's text again (the figures changed): those must be found.
      const copied = year > YEARS[0] && (u.id * 31 + year) % 50 === 0;
      const text = narrative(u.id, u.name, copied ? year - 1 : year, copied ? year - 1 : year);
      if (copied) planted.add(`${u.id}:${year}`);
      index.add({
        id: `${u.id}:${year}`,
        label: `${u.name}${year}`,
        unit: String(u.id),
        year,
        sections: copied ? { ...text, s1: text.s1.replace(String(year - 1), String(year)) } : text,
      });
    }
  const built = performance.now() - t0;
  const maxBucket = process.env.BENCH_SCALE_MAX_BUCKET ? Number(process.env.BENCH_SCALE_MAX_BUCKET) : undefined;
  const matches = index.matches({ maxBucket });
  const found = new Set(matches.filter((m) => m.relation === 'previousYear').map((m) => m.a));
  const hit = [...planted].filter((p) => found.has(p)).length;
  const sameYear = matches.filter((m) => m.relation === 'sameYear').length;
  const t1 = performance.now();
  let findings = 0;
  for (const id of found) findings += copyFindings(id, matches, index).length;
  const done = performance.now();
  const { compared, skippedBuckets, skippedPairs, largestSkipped } = index.stats;
  const en = (x) => x.toLocaleString('en');
  console.log(
    `\ncopies: ${en(index.size)} reports × 3 sections signed and indexed in ${(built / 1000).toFixed(1)} s, ` +
      `pairs found in ${((t1 - t0 - built) / 1000).toFixed(1)} s (${en(compared)} compared, ${en(matches.length)} matches, ${sameYear} of the same year), ${findings} findings written in ${ms(done - t1)}; ` +
      `${hit}/${planted.size} planted previous-year copies found, ${found.size - hit} other reports flagged as copying their previous year; ` +
      `${en(skippedBuckets)} boilerplate buckets skipped (largest ${en(largestSkipped)} reports of a year, ${en(skippedPairs)} pairs not compared there)`,
  );
}

const ts = await templates();
const us = units();
console.log(`${ts.length} template records; ${us.length} units in ${new Set(us.map((u) => u.region.split('/')[0])).size} provinces × ${YEARS.length} years`);
for (const b of BACKENDS) if (b === 'sqlite' || b === 'postgres') await backend(b, us, ts);
if (process.env.BENCH_SCALE_COPIES !== '0') copies(us);
