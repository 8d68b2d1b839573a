#!/usr/bin/env node
// What one search request costs (issue 11), on a database bench/scale.mjs filled: for each query
// of scale.mjs, 1 connection (p50, p95), then BENCH_CONNECTIONS (20) connections with the CPU
// time the server's process, PostgreSQL's backends and this process (the load generator) spent,
// from /proc/PID/stat, divided by the requests answered. On a machine shared with other work the
// CPU time per request is the figure that does not move with the load; p95 under 20 connections
// does (about 20 × the machine's time per request ÷ the cores).
//
//   npm run build && BENCH_SCALE_DB=/tmp/scale.db node bench/search-cost.mjs
//   BENCH_SCALE_PG_URL=postgresql://… BENCH_PG_DATA=/path/to/data node bench/search-cost.mjs
//
// BENCH_ROOT runs another checkout's build (its dist/cli/main.js): the same script measures
// "before" and "after". BENCH_SECONDS (5) per run, BENCH_ROUNDS (1) rounds of the queries.
//
// A/B on a busy machine: BENCH_B_ROOT with BENCH_B_DB or BENCH_B_PG_URL (the same database when
// both builds have the same migrations, else a copy of the same data: a database migrated by one
// build cannot be opened by an older one) starts a second server, and every run alternates between
// the two in slices of BENCH_SLICE seconds (1), so both see the same load from other work; the CPU
// of each server is kept apart, and the backends' CPU is counted during each side's own slices
// (the other side's connections idle then).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { whenHealthy } from './healthy.mjs';

const N = Number(process.env.BENCH_SCALE_REPORTS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const SLICE = Number(process.env.BENCH_SLICE ?? 1);
const PG_DATA = process.env.BENCH_PG_DATA;
const env = process.env;
const SIDES = [
  { label: 'A', root: resolve(env.BENCH_ROOT ?? '.'), pgUrl: env.BENCH_SCALE_PG_URL, db: env.BENCH_SCALE_DB },
  ...(env.BENCH_B_ROOT ? [{ label: 'B', root: resolve(env.BENCH_B_ROOT), pgUrl: env.BENCH_B_PG_URL, db: env.BENCH_B_DB }] : []),
];
for (const side of SIDES)
  if (!side.pgUrl && !side.db) throw new Error(`side ${side.label}: a database (BENCH_SCALE_DB / BENCH_SCALE_PG_URL, BENCH_B_DB / BENCH_B_PG_URL)`);
const { divisions } = await import(join(SIDES[0].root, 'dist/units/divisions.js'));

// The units of bench/scale.mjs (the same order, so the same names).
const DEPARTMENTS = ['财政局', '教育局', '市场监督管理局', '人力资源和社会保障局', '自然资源局', '卫生健康委员会'];
function units() {
  const counties = [...divisions().byCode.values()].filter((d) => d.level === 3).sort((a, b) => (a.code < b.code ? -1 : 1));
  const out = [];
  for (const c of counties) {
    if (out.length >= N / 5) break;
    out.push({ name: `${c.name}人民政府`, region: c.path });
    for (const d of DEPARTMENTS) {
      if (out.length >= N / 5) break;
      out.push({ name: `${c.name}${d}`, region: c.path });
    }
  }
  return out;
}

/** utime + stime of a process, in ms (clock ticks of 10 ms). */
function cpuOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}

/** The database name of a PostgreSQL URL. */
const dbName = (url) => new URL(url.replace(/^postgres(ql)?:/, 'http:')).pathname.slice(1);

/**
 * PostgreSQL's client backends of one database (children of the postmaster serving a client of it):
 * each one's CPU in ms, by pid.
 */
function backendsCpu(url) {
  const out = new Map();
  if (!PG_DATA || !url) return out;
  const postmaster = Number(readFileSync(join(PG_DATA, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const mark = `postgres: postgres ${dbName(url)} `;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) !== postmaster) continue;
      if (!readFileSync(`/proc/${d}/cmdline`, 'utf8').startsWith(mark)) continue;
      out.set(d, (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // gone
    }
  }
  return out;
}

/**
 * The CPU the backends spent between two readings: each backend alive at the end, less what it
 * had spent at the start (0 when it started since). A backend that ended in between is left out
 * (a sum over all of them would subtract its whole life: the other server's idle connections,
 * closed by its pool while this one ran, when both use the same database).
 */
function backendsSpent(before, after) {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

async function startServer(side) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const args = [join(side.root, 'dist/cli/main.js'), 'serve', '--port', String(port), ...(side.pgUrl ? ['--queue-workers', '0'] : ['--db', side.db])];
  const child = spawn(process.execPath, args, {
    cwd: side.root,
    env: { ...process.env, DATABASE_URL: side.pgUrl ?? '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await whenHealthy(child, port);
  return { ...side, port, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

function percentiles(times) {
  const t = [...times].sort((a, b) => a - b);
  const pct = (p) => (t.length ? t[Math.min(t.length - 1, Math.ceil((p / 100) * t.length) - 1)] : NaN);
  return { p50: pct(50), p95: pct(95), n: t.length };
}

async function load(port, path, connections, seconds) {
  const times = [];
  const varied = typeof path === 'function';
  const r = await new Promise((res, rej) => {
    const opts = { url: `http://127.0.0.1:${port}${varied ? path() : path}`, connections, duration: seconds };
    if (varied) opts.requests = [{ setupRequest: (req) => ({ ...req, path: path() }) }];
    const inst = autocannon(opts, (err, out) => (err ? rej(err) : res(out)));
    inst.on('response', (_c, _s, _b, t) => times.push(t));
  });
  return { errors: r.errors + r.non2xx, times };
}

/**
 * `seconds` of load on each server, in slices taken in turn (A, B, A, B…), with the CPU each
 * server, its database's backends and this process spent during its own slices.
 */
async function sliced(servers, path, connections, seconds) {
  const acc = servers.map(() => ({ times: [], errors: 0, server: 0, pg: 0, loader: 0 }));
  const slices = servers.length > 1 ? Math.max(1, Math.round(seconds / SLICE)) : 1;
  for (let k = 0; k < slices; k++)
    for (const [i, s] of k % 2 ? [...servers.entries()].reverse() : [...servers.entries()]) {
      const s0 = cpuOf(s.pid);
      const g0 = backendsCpu(s.pgUrl);
      const c0 = process.cpuUsage();
      const r = await load(s.port, path, connections, seconds / slices);
      const c = process.cpuUsage(c0);
      const a = acc[i];
      a.times.push(...r.times);
      a.errors += r.errors;
      a.server += cpuOf(s.pid) - s0;
      a.pg += backendsSpent(g0, backendsCpu(s.pgUrl));
      a.loader += (c.user + c.system) / 1000;
    }
  return acc.map((a) => ({ ...a, ...percentiles(a.times) }));
}

const us = units();
const mid = us[Math.floor(us.length / 2)];
const county = mid.region.split('/').pop();
const names = Array.from({ length: 1000 }, (_, i) => us[Math.floor((i * us.length) / 1000)].name);
let nth = 0;
const path = (q) => `/api/reports?q=${encodeURIComponent(q)}&pageSize=20`;
const queries = [
  ['a unit by full name', path(mid.name)],
  ['1,000 different units by full name', () => path(names[nth++ % names.length])],
  ['a county', path(county)],
  ['a department type (市场监管局)', path('市场监管局')],
  ['a county and a type', path(`${county} 财政局`)],
  ['two characters', path(county.slice(0, 2))],
  ['no match', path('不存在的单位名称')],
  ...(env.BENCH_EXTRA ?? '')
    .split('|')
    .filter(Boolean)
    .map((q) => [q, path(q)]),
];
const servers = [];
try {
  for (const side of SIDES) servers.push(await startServer(side));
  for (const s of servers) {
    const first = await (await globalThis.fetch(`http://127.0.0.1:${s.port}${path('市场监管局')}`)).json();
    console.log(
      `${s.label}: ${s.pgUrl ? `PostgreSQL ${dbName(s.pgUrl)}` : `SQLite ${s.db}`} at ${s.root}: 市场监管局 total ${first.total}${first.totalCapped ? '+' : ''}`,
    );
  }
  console.log(
    `${CONNECTIONS} connections, ${SECONDS} s a run${servers.length > 1 ? ` a side, in slices of ${SLICE} s taken in turn` : ''}; CPU ms per request`,
  );
  console.log(['query', 'side', '1 conn p50', 'p95', `${CONNECTIONS} conn p50`, 'p95', 'req', 'server', 'pg', 'loader', 'errors'].join(' | '));
  for (let round = 0; round < ROUNDS; round++)
    for (const [label, p] of queries) {
      for (const s of servers) await load(s.port, p, 1, 1); // warm
      const one = await sliced(servers, p, 1, SECONDS);
      const many = await sliced(servers, p, CONNECTIONS, SECONDS);
      for (const [i, s] of servers.entries()) {
        const m = many[i];
        const per = (x) => (x / m.n).toFixed(3);
        console.log(
          [
            label,
            s.label,
            one[i].p50.toFixed(2),
            one[i].p95.toFixed(2),
            m.p50.toFixed(1),
            m.p95.toFixed(1),
            m.n,
            per(m.server),
            s.pgUrl && PG_DATA ? per(m.pg) : '—',
            per(m.loader),
            one[i].errors + m.errors,
          ].join(' | '),
        );
      }
    }
} finally {
  for (const s of servers) s.stop();
}
