/**
 * End to end on PostgreSQL, in headless Chromium: the web app with the ingest queue and two
 * `nianbao worker` processes. 50 files uploaded through the page are queued; the progress view
 * (处理进度) counts them to done; one file (a scan, past the workers' 3-second time limit) ends
 * failed with its reason; after the workers are given time enough, it is retried from the page
 * and the view counts 50 done, 0 failed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestQueue, queueSettings } from '../../src/queue/queue.js';
import { createApp } from '../../src/server/app.js';
import { openStore, type Store } from '../../src/store/index.js';
import { LAYOUT_FAMILIES, renderReport } from '../../src/synth/render-text.js';
import { generateValues } from '../../src/synth/values.js';
import { testPostgres } from '../store/pg.js';
import { launch, WEB_ROOT } from './browser.js';

const ROOT = resolve(__dirname, '..', '..');
const pgs = testPostgres();
const children: ChildProcess[] = [];
let browser: Browser;
let page: Page;
let store: Store;
let queue: IngestQueue;
let server: ReturnType<typeof serve>;
let base = '';
let url = '';
let dir = '';

function worker(timeout: number): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'worker', '--db', url, '--timeout', String(timeout), '--quiet'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', NIANBAO_QUEUE_MAINTENANCE: '1' },
    stdio: 'ignore',
  });
  children.push(child);
  return { child, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
}

beforeAll(async () => {
  await pgs.setup();
  url = await pgs.newDatabase();
  store = await openStore({ url });
  // One try per job, so the file past the time limit fails at once.
  queue = await IngestQueue.open(store, url, { settings: queueSettings({ timeoutSeconds: 3, retries: 0, retryDelaySeconds: 1, leaseSeconds: 150 }) });
  const { app } = createApp({ store, webRoot: WEB_ROOT, workers: 0, queue });
  server = await new Promise((res) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => res(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'nianbao-e2e-queue-'));
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await queue?.close({ graceful: false });
  await store?.close();
  await pgs.teardown();
  rmSync(dir, { recursive: true, force: true });
});

const stat = async (id: string): Promise<number> =>
  Number((await page.locator(`[data-testid=${id}] .ant-statistic-content-value`).innerText()).replace(/\D/g, '') || '0');

describe('upload 50 files with workers running; the progress view', () => {
  it('counts the queued files to done, shows the failed one with its reason, and retries it from the page', async () => {
    const files: string[] = [];
    for (let i = 0; i < 49; i++) {
      const f = join(dir, `r${String(i).padStart(2, '0')}.txt`);
      writeFileSync(f, renderReport(generateValues(7000 + i), { family: LAYOUT_FAMILIES[i % LAYOUT_FAMILIES.length]!, seed: 7000 + i }));
      files.push(f);
    }
    files.push(join(dir, 'scan.pdf'));
    copyFileSync(join(ROOT, 'test/fixtures/pdf/pdf-2021-scan.pdf'), files[49]!);

    const workers = [worker(3), worker(3)];
    await page.goto(`${base}/#/`);
    await page.locator('[data-testid=upload-dragger] input[type=file]').setInputFiles(files);
    await expect.poll(async () => page.locator('[data-testid=upload-item][data-state=done]').count(), { timeout: 120_000 }).toBe(50);
    expect(await page.locator('[data-testid=upload-item][data-outcome=queued]').count()).toBe(50);

    // The progress view: live counts to 49 done and 1 failed, the failed file named with its reason.
    await page.goto(`${base}/#/queue`);
    await page.locator('[data-testid=queue-page]').waitFor();
    await expect.poll(() => stat('queue-done'), { timeout: 120_000 }).toBe(49);
    await expect.poll(() => stat('queue-failed'), { timeout: 60_000 }).toBe(1);
    expect(await stat('queue-queued')).toBe(0);
    const failedRow = page.locator('[data-testid=queue-failed-list] tbody tr', { hasText: 'scan.pdf' });
    await expect.poll(() => failedRow.innerText()).toContain('解析超过 3 秒，已停止');

    // The web server keeps answering while workers are busy (it parses nothing itself).
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    // Workers with time enough; the file retried from the page; the view counts 50 done.
    workers.forEach((w) => w.child.kill('SIGTERM'));
    for (const w of workers) expect(await w.exited).toBe(0);
    worker(120);
    await failedRow.getByRole('button', { name: /^重\s*试$/ }).click();
    await expect.poll(() => stat('queue-done'), { timeout: 150_000 }).toBe(50);
    expect(await stat('queue-failed')).toBe(0);
    expect(await page.locator('[data-testid=queue-failed-list]').count()).toBe(0);
    expect((await store.stats()).reports).toBe(50);
  }, 400_000);
});
