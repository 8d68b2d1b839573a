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
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const N = Number(process.env.BENCH_SCALE_REPORTS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const ROOT = resolve(process.env.BENCH_ROOT ?? '.');
const PG_URL = process.env.BENCH_SCALE_PG_URL;
const PG_DATA = process.env.BENCH_PG_DATA;
const DB = process.env.BENCH_SCALE_DB;
if (!PG_URL && !DB) throw new Error('BENCH_SCALE_DB or BENCH_SCALE_PG_URL');
const { divisions } = await import(join(ROOT, 'dist/units/divisions.js'));

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

/** PostgreSQL's client backends (children of the postmaster serving a client): their CPU in ms. */
function backendsCpu() {
  if (!PG_DATA) return 0;
  const postmaster = Number(readFileSync(join(PG_DATA, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let sum = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) !== postmaster) continue;
      if (!readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('postgres: postgres')) continue;
      sum += (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      // gone
    }
  }
  return sum;
}

async function startServer() {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const args = [join(ROOT, 'dist/cli/main.js'), 'serve', '--port', String(port), ...(PG_URL ? ['--queue-workers', '0'] : ['--db', DB])];
  const env = { ...process.env, DATABASE_URL: PG_URL ?? '' };
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await globalThis.fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not yet
    }
    if (child.exitCode !== null) throw new Error(`serve exited (${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, pid: child.pid, stop: () => child.kill('SIGTERM') };
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
  return { errors: r.errors + r.non2xx, ...percentiles(times) };
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
];
const server = await startServer();
try {
  const first = await (await globalThis.fetch(`http://127.0.0.1:${server.port}${path('市场监管局')}`)).json();
  console.log(
    `${PG_URL ? 'PostgreSQL' : 'SQLite'} at ${ROOT}: 市场监管局 total ${first.total}${first.totalCapped ? '+' : ''}; ${CONNECTIONS} connections, ${SECONDS} s a run`,
  );
  console.log(['query', '1 conn p50', 'p95', `${CONNECTIONS} conn p50`, 'p95', 'req', 'server ms/req', 'pg ms/req', 'loader ms/req', 'errors'].join(' | '));
  for (let round = 0; round < ROUNDS; round++)
    for (const [label, p] of queries) {
      await load(server.port, p, 1, 1); // warm
      const one = await load(server.port, p, 1, SECONDS);
      const s0 = cpuOf(server.pid);
      const g0 = backendsCpu();
      const c0 = process.cpuUsage();
      const many = await load(server.port, p, CONNECTIONS, SECONDS);
      const c = process.cpuUsage(c0);
      const per = (x) => (x / many.n).toFixed(3);
      console.log(
        [
          label,
          one.p50.toFixed(2),
          one.p95.toFixed(2),
          many.p50.toFixed(1),
          many.p95.toFixed(1),
          many.n,
          per(cpuOf(server.pid) - s0),
          PG_DATA ? per(backendsCpu() - g0) : '—',
          per((c.user + c.system) / 1000),
          one.errors + many.errors,
        ].join(' | '),
      );
    }
} finally {
  server.stop();
}
