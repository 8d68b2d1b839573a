import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { openStore, type Store } from '../../src/store/index.js';
import { WEB_ROOT } from '../e2e/browser.js';

let store: Store;
let app: ReturnType<typeof createApp>['app'];
let close: () => Promise<void>;
beforeAll(async () => {
  store = await openStore({ file: join(mkdtempSync(join(tmpdir(), 'nianbao-url-')), 'db.sqlite') });
  ({ app, close } = createApp({ store, workers: 0, webRoot: WEB_ROOT }));
});
afterAll(async () => {
  await close();
  await store.close();
});

describe('hostile addresses', () => {
  it('a bad % escape is a 400, not a 500 that echoes the error', async () => {
    const res = await app.request('/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/URI|malformed|Error/i);
  });
  it('a path out of the web root gets the app, never a file outside it', async () => {
    const res = await app.request('/..%2F..%2Fpackage.json');
    expect(await res.text()).not.toContain('"name": "nianbao"');
  });
});
