/**
 * `nianbao serve` on PostgreSQL starts its own queue workers (`--queue-workers`, default 1), so one
 * machine works with one command: a file uploaded through the API is stored by them; SIGTERM to
 * serve stops them too (no worker left running); `--queue-workers 0` starts none (the file waits
 * for a `nianbao worker` elsewhere). Real processes, a real PostgreSQL (test/store/pg.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/synth/render-text.js';
import { generateValues } from '../../src/synth/values.js';
import { testPostgres } from '../store/pg.js';

const ROOT = resolve(__dirname, '..', '..');
const pgs = testPostgres();
const children: ChildProcess[] = [];

beforeAll(() => pgs.setup());
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await pgs.teardown();
});

interface Served {
  child: ChildProcess;
  base: string;
  readonly out: string;
  exited: Promise<number | null>;
}

async function serve(url: string, args: string[]): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, NIANBAO_QUEUE_MAINTENANCE: '1' },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const end = Date.now() + 60_000;
  let m: RegExpMatchArray | null = null;
  while (!(m = out.match(/已启动：(http:\/\/[^\s]+)/))) {
    if (Date.now() > end || child.exitCode !== null) throw new Error(`serve did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    base: m[1]!.replace('localhost', '127.0.0.1'),
    get out() {
      return out;
    },
    exited,
  };
}

/** Worker processes whose parent is `pid` (Linux /proc). */
async function workersOf(pid: number): Promise<number[]> {
  const { readdirSync, readFileSync } = await import('node:fs');
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').includes('worker')) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function upload(base: string, name: string, text: string): Promise<string> {
  const fd = new FormData();
  fd.append('file', new Blob([new TextEncoder().encode(text)]), name);
  const res = await fetch(`${base}/api/reports`, { method: 'POST', body: fd });
  expect(res.status).toBe(200);
  return JSON.stringify(await res.json());
}

async function total(base: string): Promise<number> {
  return ((await (await fetch(`${base}/api/reports?pageSize=1`)).json()) as { total: number }).total;
}

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('nianbao serve on PostgreSQL', () => {
  it('starts a queue worker: an uploaded file is stored; SIGTERM stops serve and its worker', async () => {
    const s = await serve(await pgs.newDatabase(), []);
    expect(s.out).toContain('由本机 1 个 worker 进程处理');
    const pids = await workersOf(s.child.pid!);
    expect(pids).toHaveLength(1);
    expect(await upload(s.base, 'a.txt', renderReport(generateValues(41), { family: 'tsv', seed: 41 }))).toContain('queued');
    await waitFor('the file stored', async () => (await total(s.base)) === 1);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(await workersOf(s.child.pid!)).toEqual([]);
    for (const p of pids) expect(() => process.kill(p, 0)).toThrow();
  });

  it('--queue-workers 0 starts none: the file waits in the queue', async () => {
    const s = await serve(await pgs.newDatabase(), ['--queue-workers', '0']);
    expect(s.out).toContain('本机不处理');
    expect(await workersOf(s.child.pid!)).toEqual([]);
    expect(await upload(s.base, 'b.txt', renderReport(generateValues(42), { family: 'tsv', seed: 42 }))).toContain('queued');
    await new Promise((r) => setTimeout(r, 3000));
    expect(await total(s.base)).toBe(0);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});
