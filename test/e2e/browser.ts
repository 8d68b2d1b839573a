/** Headless Chromium (Debian's) through playwright-core, and the app on a throwaway SQLite store. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
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
