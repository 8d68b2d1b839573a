/**
 * The ingest queue on a real PostgreSQL (test/store/pg.ts), with real `nianbao worker` processes:
 * two workers ingest a folder with no duplicates; kill -9 of one mid-job and every file still
 * lands exactly once (its job comes back after its lease); a poison file (a scan that runs past
 * the per-job time limit every time) ends failed with its reason after the retries, its original
 * kept, and a retry finishes it; SIGTERM lets a worker finish its job and exit.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestQueue } from '../../src/queue/queue.js';
import { DirBlobStore, sha256Of } from '../../src/store/blobs.js';
import { openStore } from '../../src/store/index.js';
import { renderReport, LAYOUT_FAMILIES } from '../../src/synth/render-text.js';
import { generateValues } from '../../src/synth/values.js';
import { testPostgres } from '../store/pg.js';

const ROOT = resolve(__dirname, '..', '..');
const CLI = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];
const SCAN = join(ROOT, 'test/fixtures/pdf/pdf-2021-scan.pdf');
const pgs = testPostgres();
const dirs: string[] = [];
const children: ChildProcess[] = [];
const workers: Worker[] = [];

beforeAll(() => pgs.setup());
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await pgs.teardown();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A folder of `n` generated text reports (distinct bytes), plus the scan as `a-scan.pdf` when asked. */
function folder(n: number, seed: number, scan = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-queue-'));
  dirs.push(dir);
  for (let i = 0; i < n; i++) {
    const s = seed + i;
    writeFileSync(
      join(dir, `r${String(i).padStart(3, '0')}.txt`),
      renderReport(generateValues(s), { family: LAYOUT_FAMILIES[i % LAYOUT_FAMILIES.length]!, seed: s }),
    );
  }
  if (scan) copyFileSync(SCAN, join(dir, 'a-scan.pdf'));
  return dir;
}

const BASE_ENV = { DATABASE_URL: '', NIANBAO_JOB_RETRY_DELAY: '1', NIANBAO_QUEUE_MAINTENANCE: '1' };

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...BASE_ENV, ...env }, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Worker {
  child: ChildProcess;
  readonly out: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Jobs it finished (one line each: name, tab, outcome). */
  done(): string[];
}

function worker(url: string, args: string[] = [], env: Record<string, string> = {}): Worker {
  const child = spawn(process.execPath, [...CLI, 'worker', '--db', url, ...args], { cwd: ROOT, env: { ...process.env, ...BASE_ENV, ...env } });
  children.push(child);
  let out = '';
  // Decoded as a stream: a character split between two chunks is not garbled.
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const w: Worker = {
    child,
    get out() {
      return out;
    },
    exited: new Promise((r) => child.on('exit', (code, signal) => r({ code, signal }))),
    done: () => out.split('\n').filter((l) => /\t(new|duplicate|superseded|rejected)( #\d+)?\t/.test(l)),
  };
  workers.push(w);
  return w;
}

/** Every worker's output so far: a wait that fails says what the workers said. */
function outputs(): string {
  return workers
    .map((w, i) => `--- worker ${i + 1} (pid ${w.child.pid}, ${w.child.exitCode ?? w.child.signalCode ?? 'running'}):\n${w.out.slice(-2000)}`)
    .join('\n');
}

async function waitFor(what: string, cond: () => Promise<boolean> | boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out (${ms / 1000} s) waiting for: ${what}\n${outputs()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function q<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}

async function jobStates(url: string): Promise<Record<string, number>> {
  const rows = await q<{ state: string; n: number }>(url, `select state, count(*)::int n from pgboss.job where name = 'nianbao-ingest' group by state`);
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** Reports, distinct contents among them, stored files, originals still waiting. */
async function counts(url: string): Promise<{ reports: number; distinct: number; files: number; blobs: number }> {
  const [r] = await q<{ reports: number; distinct: number; files: number; blobs: number }>(
    url,
    `select (select count(*)::int from reports) reports, (select count(distinct sha256)::int from reports) "distinct",
            (select count(*)::int from files) files, (select count(*)::int from blobs) blobs`,
  );
  return r!;
}

/** The worker has taken the scan (it logs a job when it takes it). */
const took = (w: Worker): boolean => /^→ .*a-scan\.pdf$/m.test(w.out);
/** Started (it says so), or an error with its output at once when it exited first. */
const ready = (w: Worker) =>
  waitFor('worker started', () => {
    if (w.out.includes('已启动')) return true;
    if (w.child.exitCode !== null || w.child.signalCode !== null) throw new Error(`the worker exited before it started\n${outputs()}`);
    return false;
  });

describe('the ingest queue with worker processes on PostgreSQL', () => {
  it('two workers ingest a folder, queued twice: every file stored exactly once, both took jobs, no original left waiting', async () => {
    const url = await pgs.newDatabase();
    const dir = folder(40, 1000);
    // The folder queued twice before any worker runs: 80 jobs for 40 files.
    for (let i = 0; i < 2; i++) {
      const r = cli(['ingest', dir, '--db', url, '--json']);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ total: 40, queued: 40, duplicates: 0, failed: 0 });
    }
    expect(await counts(url)).toMatchObject({ reports: 0, blobs: 40 });
    const a = worker(url);
    const b = worker(url);
    await waitFor('80 jobs done', async () => (await jobStates(url))['completed'] === 80);
    expect(await counts(url)).toEqual({ reports: 40, distinct: 40, files: 40, blobs: 0 });
    expect(a.done().length).toBeGreaterThan(0);
    expect(b.done().length).toBeGreaterThan(0);
    expect(a.done().length + b.done().length).toBe(80);
    expect([...a.done(), ...b.done()].filter((l) => l.includes('\tnew')).length).toBe(40);
    // nianbao status: the same counts.
    const st = cli(['status', '--db', url, '--json']);
    expect(st.code, st.err).toBe(0);
    expect(JSON.parse(st.out)).toMatchObject({ reports: 40, queue: { enabled: true, queued: 0, running: 0, done: 80, failed: 0, duplicates: 40 } });
    // Queued again now: every file is a duplicate at once, nothing queued.
    expect(JSON.parse(cli(['ingest', dir, '--db', url, '--json']).out)).toMatchObject({ queued: 0, duplicates: 40 });
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect((await a.exited).code).toBe(0);
    expect((await b.exited).code).toBe(0);
  }, 240_000);

  it('kill -9 of a worker in the middle of a job: the job comes back after its lease and everything lands exactly once', async () => {
    const url = await pgs.newDatabase();
    const env = { NIANBAO_JOB_LEASE: '60' };
    const a = worker(url, [], env);
    const b = worker(url, [], env);
    await Promise.all([ready(a), ready(b)]);
    const dir = folder(30, 2000, true);
    expect(cli(['ingest', dir, '--db', url], env).code).toBe(0);
    // The scan (OCR: seconds) is the first job; kill -9 whichever worker took it, while it reads it.
    await waitFor('the scan taken', () => took(a) || took(b), 60_000);
    const [victim, survivor] = took(a) ? [a, b] : [b, a];
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    expect(victim.done().some((l) => /a-scan\.pdf\t/.test(l))).toBe(false);
    await waitFor('31 jobs done', async () => (await jobStates(url))['completed'] === 31, 200_000);
    expect(await counts(url)).toEqual({ reports: 31, distinct: 31, files: 31, blobs: 0 });
    expect(await jobStates(url)).toEqual({ completed: 31 });
    // The scan came back to the survivor after the lease (a second try), and was stored once.
    const [scanJob] = await q<{ retry_count: number; outcome: string }>(
      url,
      `select retry_count, output->>'outcome' outcome from pgboss.job where data->>'fileName' like '%a-scan.pdf'`,
    );
    expect(scanJob).toEqual({ retry_count: 1, outcome: 'new' });
    expect(survivor.done().some((l) => /a-scan\.pdf\tnew/.test(l))).toBe(true);
    survivor.child.kill('SIGTERM');
    expect((await survivor.exited).code).toBe(0);
  }, 330_000);

  it('a poison file (past the time limit on every try) ends failed with its reason after the retries; its original is kept and a retry finishes it', async () => {
    const url = await pgs.newDatabase();
    // retries 1 s apart (doubling): the three tries fit the wait below even on a loaded CI machine
    const env = { NIANBAO_JOB_TIMEOUT: '3', NIANBAO_JOB_RETRIES: '2', NIANBAO_JOB_RETRY_DELAY: '1' };
    const dir = folder(3, 3000, true);
    expect(cli(['ingest', dir, '--db', url], env).code).toBe(0);
    const w = worker(url, ['--timeout', '3'], env);
    await waitFor('the poison file failed', async () => (await jobStates(url))['failed'] === 1, 150_000);
    await waitFor('the others done', async () => (await jobStates(url))['completed'] === 3);
    const sha = sha256Of(new Uint8Array(await import('node:fs').then((f) => f.readFileSync(SCAN))));
    expect(await counts(url)).toEqual({ reports: 3, distinct: 3, files: 3, blobs: 1 });
    expect((await q(url, 'select sha256 from blobs'))[0]).toEqual({ sha256: sha });
    // Three tries (the first and two retries), each stopped at the time limit.
    expect(w.out.split('\n').filter((l) => /^→ .*a-scan\.pdf$/.test(l)).length).toBe(3);
    const st = cli(['status', '--db', url, '--json']);
    const status = JSON.parse(st.out) as { queue: { failed: number; done: number }; failed: { id: string; fileName: string; error: string; tries: number }[] };
    expect(status.queue).toMatchObject({ failed: 1, done: 3 });
    expect(status.failed).toHaveLength(1);
    expect(status.failed[0]).toMatchObject({ fileName: expect.stringMatching(/a-scan\.pdf$/), tries: 3, error: '解析超过 3 秒，已停止' });
    expect(cli(['status', '--db', url]).out).toContain('a-scan.pdf（3 次）：解析超过 3 秒，已停止');
    w.child.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);

    // Retried (as the page does) and taken by a worker with time enough: stored, the original removed.
    const store = await openStore({ url });
    const queue = await IngestQueue.open(store, url);
    try {
      expect(await queue.retry([status.failed[0]!.id])).toBe(1);
      expect((await queue.progress()).failed).toBe(0);
    } finally {
      await queue.close();
      await store.close();
    }
    const w2 = worker(url, ['--timeout', '120'], env);
    await waitFor('the retried file done', async () => (await jobStates(url))['completed'] === 4, 150_000);
    expect(await counts(url)).toEqual({ reports: 4, distinct: 4, files: 4, blobs: 0 });
    w2.child.kill('SIGTERM');
    expect((await w2.exited).code).toBe(0);
  }, 300_000);

  it('SIGTERM: the worker finishes the job in hand, takes no other and exits 0; the rest waits for the next worker', async () => {
    const url = await pgs.newDatabase();
    const w = worker(url);
    await ready(w);
    const dir = folder(10, 4000, true);
    expect(cli(['ingest', dir, '--db', url]).code).toBe(0);
    await waitFor('the scan taken', () => took(w), 60_000);
    w.child.kill('SIGTERM');
    const exit = await w.exited;
    expect(exit.code, w.out).toBe(0);
    expect(w.out).toContain('收到 SIGTERM');
    expect(w.done()).toHaveLength(1);
    expect(w.done()[0]).toMatch(/a-scan\.pdf\tnew #\d+\t/);
    expect(await jobStates(url)).toEqual({ completed: 1, created: 10 });
    expect((await counts(url)).reports).toBe(1);
    const next = worker(url);
    await waitFor('the rest done', async () => (await jobStates(url))['completed'] === 11);
    expect(await counts(url)).toEqual({ reports: 11, distinct: 11, files: 11, blobs: 0 });
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
  }, 240_000);
});

describe('the local-directory blob store', () => {
  it('keeps bytes by their sha256, once, and removes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-blobs-'));
    dirs.push(dir);
    const blobs = new DirBlobStore(dir);
    const bytes = new TextEncoder().encode('2023年政府信息公开工作年度报告');
    const sha = await blobs.put(bytes);
    expect(sha).toBe(sha256Of(bytes));
    expect(await blobs.put(bytes)).toBe(sha);
    expect(new TextDecoder().decode((await blobs.get(sha))!)).toBe('2023年政府信息公开工作年度报告');
    await blobs.delete(sha);
    expect(await blobs.get(sha)).toBeNull();
    await expect(blobs.get('../../etc/passwd')).rejects.toThrow(/not a sha256/);
  });
});
