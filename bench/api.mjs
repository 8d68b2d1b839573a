#!/usr/bin/env node
// Benchmark: GET /api/reports?q= under concurrent load (autocannon) with many reports loaded.
//
//   npm run build && node bench/api.mjs
//   BENCH_API_REPORTS=2000 BENCH_CONNECTIONS=20 BENCH_SECONDS=10 node bench/api.mjs
//
// Generates BENCH_API_REPORTS (default 10,000) reports (every layout family), ingests them into a
// fresh SQLite file, starts the server on a loopback port and drives searches with autocannon
// (BENCH_CONNECTIONS connections for BENCH_SECONDS seconds per query); BENCH_DB=file keeps the
// database for another run. Prints latency
// percentiles and requests/s. Loopback only; bounded in time; nothing is asserted.
import autocannon from 'autocannon';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { generateValues } from '../dist/synth/values.js';
import { LAYOUT_FAMILIES, renderReport } from '../dist/synth/render-text.js';
import { ingestPaths, defaultJobs } from '../dist/ingest/index.js';
import { openStore } from '../dist/store/index.js';
import { createApp } from '../dist/server/app.js';

const N = Number(process.env.BENCH_API_REPORTS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const root = mkdtempSync(join(tmpdir(), 'nianbao-bench-api-'));
const dir = join(root, 'reports');
mkdirSync(dir);
let server;
let store;
try {
  const names = [];
  for (let i = 0; i < N; i++) {
    const values = generateValues(i + 1);
    names.push(values.agency);
    writeFileSync(join(dir, `${String(i).padStart(5, '0')}.txt`), renderReport(values, { family: LAYOUT_FAMILIES[i % LAYOUT_FAMILIES.length], seed: i + 1 }));
  }
  const dbFile = process.env.BENCH_DB ?? join(root, 'bench.db');
  store = await openStore({ url: null, file: dbFile });
  const t0 = performance.now();
  if ((await store.stats()).reports < N) await ingestPaths(store, [dir], { jobs: defaultJobs() });
  console.log(`loaded ${(await store.stats()).reports} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const { app, close } = createApp({ store, workers: 0 });
  server = await new Promise((res) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => res(s));
  });
  const port = server.address().port;
  const queries = [
    ['one agency by full name', names[Math.floor(N / 2)]],
    ['a word many units share', '人民政府'],
    ['a place and a kind', `${names[7].slice(0, 2)} 局`],
    ['no match', '不存在的单位名称'],
  ];
  console.log(`\nGET /api/reports?q=…  ${CONNECTIONS} connections, ${SECONDS} s each, ${N} reports in SQLite\n`);
  console.log('query'.padEnd(28), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'p99 ms'.padStart(8), 'errors'.padStart(7));
  for (const [label, q] of queries) {
    // autocannon's summary has p97.5 but no p95: every response time is recorded and the true
    // 95th (and 50th, 99th) percentile taken from them.
    const times = [];
    const r = await new Promise((res, rej) => {
      const inst = autocannon(
        { url: `http://127.0.0.1:${port}/api/reports?q=${encodeURIComponent(q)}&pageSize=20`, connections: CONNECTIONS, duration: SECONDS },
        (err, out) => (err ? rej(err) : res(out)),
      );
      inst.on('response', (_client, _status, _bytes, ms) => times.push(ms));
    });
    times.sort((a, b) => a - b);
    const pct = (p) => (times.length ? times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)].toFixed(1) : '—');
    const p95 = pct(95);
    console.log(
      label.padEnd(28),
      r.requests.average.toFixed(0).padStart(8),
      pct(50).padStart(8),
      p95.padStart(8),
      pct(99).padStart(8),
      String(r.errors + r.non2xx).padStart(7),
    );
  }
  await close();
} finally {
  server?.close();
  await store?.close();
  rmSync(root, { recursive: true, force: true });
}
