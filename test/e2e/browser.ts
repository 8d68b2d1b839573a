/** Headless Chromium (Debian's) through playwright-core, and the app on a throwaway SQLite store. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../../src/server/app.js';
import { openStore, type Store } from '../../src/store/index.js';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const WEB_ROOT = resolve(__dirname, '..', '..', 'web', 'dist');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * Wait until antd's dialogs have finished coming in. A dialog first waits, transparent, at its final
 * place, then zooms in; Playwright finds a button stable in that wait, and on a loaded machine the
 * press lands on the button and the release, a few milliseconds later, on the zooming dialog: a click
 * on nothing (seen in CI on 保存 and on 删除's confirmation). Call it before clicking into a dialog
 * just opened.
 */
export async function dialogsSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[class*="-appear"], [class*="-enter"]')].every(
        (el) => ![...el.classList].some((c) => /-(appear|enter)(-(prepare|start|active))?$/.test(c)),
      ),
    undefined,
    { timeout: 20_000 },
  );
}

export interface Running {
  url: string;
  store: Store;
  stop: () => Promise<void>;
}

export async function startApp(): Promise<Running> {
  const store = await openStore({ file: join(mkdtempSync(join(tmpdir(), 'nianbao-e2e-')), 'db.sqlite') });
  const { app, close } = createApp({ store, webRoot: WEB_ROOT, workers: 0 });
  const server = await new Promise<ReturnType<typeof serve>>((res) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => res(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    stop: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await close();
      await store.close();
    },
  };
}
