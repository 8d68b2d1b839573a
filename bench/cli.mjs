#!/usr/bin/env node
// Benchmark: the command line end to end, against the floor of reading the same files.
//
//   npm run bench            (builds, then runs this after bench/run.mjs)
//   BENCH_CLI_REPORTS=500 BENCH_CLI_ROUNDS=3 node bench/cli.mjs   (after npm run build)
//
// Writes BENCH_CLI_REPORTS (default 2000) report texts rendered from random valid values in every
// layout family into a temp dir, then times, side by side as child processes (wall clock, start-up
// included, rounds alternated so that a busy machine slows both alike):
//   (a) floor: one node process reads each file and normalizes it with String.prototype.normalize('NFKC')
//   (b) nianbao parse --json FILES… > out.json   (the default output: every cell with its place)
//   (c) nianbao parse --lean FILES… > out.json   (only the cells derived, missing or flagged)
// and the start-up alone: node -e 0, nianbao --help, nianbao parse of one file. Prints the ratio
// b/a (acceptance bar: ≤ 8×) and the JSON bytes per report. Figures only: nothing is asserted (a
// benchmark is not a timed test).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

// ——— the floor, when run as its own child: read and normalize every file named, print a checksum ———
if (process.argv[2] === '--floor') {
  let sink = 0;
  for (const f of process.argv.slice(3)) sink += readFileSync(f, 'utf8').normalize('NFKC').length;
  process.stdout.write(`${sink}\n`);
  process.exit(0);
}

const N = Number(process.env.BENCH_CLI_REPORTS ?? 2000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_CLI_ROUNDS ?? 5));
const here = fileURLToPath(new URL('.', import.meta.url));
const cli = join(here, '..', 'bin', 'nianbao.js');
const self = fileURLToPath(import.meta.url);

// The generators are loaded only here, never in the floor's process.
const { generateValues } = await import('../dist/synth/values.js');
const { LAYOUT_FAMILIES, renderReport } = await import('../dist/synth/render-text.js');

const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-cli-'));
try {
  const files = [];
  let bytes = 0;
  for (let i = 0; i < N; i++) {
    const family = LAYOUT_FAMILIES[i % LAYOUT_FAMILIES.length];
    const file = join(dir, `${String(i).padStart(5, '0')}.txt`);
    writeFileSync(file, renderReport(generateValues(i + 1), { family, seed: i + 1 }));
    files.push(file);
    bytes += statSync(file).size;
  }
  const out = join(dir, 'out.json');

  /** CPU seconds (user + system) of the children waited for so far, from /proc (Linux); null elsewhere. */
  const childCpu = () => {
    try {
      const stat = readFileSync('/proc/self/stat', 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(f[13]) + Number(f[14])) * 10; // cutime + cstime, in ticks of 10 ms (CLK_TCK 100)
    } catch {
      return null;
    }
  };
  const cpu = {};
  /** Wall time of one child, its standard output to `stdoutFile` (or discarded); its CPU time into cpu[key]. */
  const run = (args, stdoutFile, key) => {
    const fd = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
    const c0 = childCpu();
    const s = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', fd, 'pipe'], maxBuffer: 64 << 20 });
    const ms = performance.now() - s;
    const c1 = childCpu();
    if (typeof fd === 'number') closeSync(fd);
    if (r.status !== 0) throw new Error(`${args.slice(0, 3).join(' ')}… exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
    if (key && c0 !== null && c1 !== null) (cpu[key] ??= []).push(c1 - c0);
    return ms;
  };

  const phases = {
    floor: () => run([self, '--floor', ...files], null, 'floor'),
    json: () => run([cli, 'parse', '--json', ...files], out, 'json'),
    lean: () => run([cli, 'parse', '--lean', ...files], out, 'lean'),
  };
  const startup = {
    'node -e 0': () => run(['-e', '0']),
    'nianbao --help': () => run([cli, '--help']),
    'nianbao parse one.txt': () => run([cli, 'parse', files[0]]),
  };
  const t = Object.fromEntries([...Object.keys(phases), ...Object.keys(startup)].map((k) => [k, []]));
  const size = {};
  // One warm-up round (file cache), not counted.
  for (const [k, f] of Object.entries(phases)) {
    f();
    if (k !== 'floor') size[k] = statSync(out).size;
  }
  for (const k of Object.keys(cpu)) cpu[k] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, f] of Object.entries(phases)) t[k].push(f());
    for (let i = 0; i < 3; i++) for (const [k, f] of Object.entries(startup)) t[k].push(f());
  }

  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const best = (xs) => Math.min(...xs);
  const kb = (b) => (b / 1024).toFixed(1);
  console.log(`nianbao CLI bench — node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} (${cpus().length} cores)`);
  console.log(`reports:   ${N} text files, ${kb(bytes / N)} KB each on average; ${ROUNDS} rounds alternated (median, best)`);
  const line = (label, k) =>
    console.log(
      `${label.padEnd(44)} ${median(t[k]).toFixed(0).padStart(6)} ms  ${best(t[k]).toFixed(0).padStart(6)} ms   [${t[k].map((x) => x.toFixed(0)).join(', ')}]`,
    );
  line('(a) floor: read + normalize(NFKC), 1 process', 'floor');
  line('(b) nianbao parse --json (whole record, default)', 'json');
  line('(c) nianbao parse --lean', 'lean');
  console.log(`JSON per report: whole ${kb(size.json / N)} KB, lean ${kb(size.lean / N)} KB`);
  console.log(
    `ratio b/a: ${(median(t.json) / median(t.floor)).toFixed(1)}× on medians, ${(best(t.json) / best(t.floor)).toFixed(1)}× on best rounds   (acceptance bar ≤ 8×)`,
  );
  console.log(`ratio c/a: ${(median(t.lean) / median(t.floor)).toFixed(1)}× on medians, ${(best(t.lean) / best(t.floor)).toFixed(1)}× on best rounds`);
  if (cpu.floor?.length) {
    const c = (k) => `${median(cpu[k]).toFixed(0)} ms`;
    console.log(
      `CPU time of the children (user + system, 10 ms ticks; less sensitive to a shared machine): (a) ${c('floor')}, (b) ${c('json')}, (c) ${c('lean')}; b/a ${(median(cpu.json) / median(cpu.floor)).toFixed(1)}×`,
    );
  }
  console.log('start-up:');
  for (const k of Object.keys(startup)) line(`  ${k}`, k);
  const base = median(t['node -e 0']);
  console.log(
    `  over node's own start: --help +${(median(t['nianbao --help']) - base).toFixed(0)} ms, parse of one file +${(median(t['nianbao parse one.txt']) - base).toFixed(0)} ms (medians)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
