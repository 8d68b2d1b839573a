/**
 * Page images under load, with the real pdftoppm: concurrent requests run at most `concurrency`
 * pdftoppm processes at once (counted by the renderer and seen in /proc), the rest wait; a page
 * asked for again comes from the cache (no new process); the same page asked for twice at once
 * is rendered once; the cache stays within its bytes, dropping the least recently used page; a
 * full queue answers busy; renderPdfPage and imagePage keep their old signatures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imagePage, PageRenderer, pageRenderer, renderPdfPage, type PageResult } from '../../src/server/pages.js';

const pdfDir = join(__dirname, '..', 'fixtures', 'pdf');
const pdf = (name: string): Uint8Array => new Uint8Array(readFileSync(join(pdfDir, name)));
const LONG = pdf('pdf-2021-long.pdf'); // 7 pages
const BASIC = pdf('pdf-2021-basic.pdf'); // 4 pages
const isPng = (b: Uint8Array): boolean => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
const png = (r: PageResult): Uint8Array => {
  if (!r.ok) throw new Error(`not rendered: ${r.reason}`);
  return r.png;
};

/** pdftoppm processes that are children of this process, now (from /proc: no mock of the tool). */
function pdftoppmChildren(): number {
  let n = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (m && m[1] === 'pdftoppm' && Number(m[2]) === process.pid) n++;
    } catch {
      // gone
    }
  }
  return n;
}

/** Sample the pdftoppm children while `work` runs; the most seen at once. */
async function watchProcesses<T>(work: Promise<T>): Promise<{ result: T; most: number }> {
  let most = 0;
  let done = false;
  const sampling = (async () => {
    while (!done) {
      most = Math.max(most, pdftoppmChildren());
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const result = await work;
  done = true;
  await sampling;
  return { result, most };
}

describe('page renderer', () => {
  it('12 concurrent requests for different pages run at most 2 pdftoppm at once; all are rendered', async () => {
    const r = new PageRenderer({ concurrency: 2 });
    const asks = [...[1, 2, 3, 4, 5, 6, 7].map((p) => ({ file: LONG, p })), ...[1, 2, 3, 4].map((p) => ({ file: BASIC, p })), { file: LONG, p: 8 }];
    const { result, most } = await watchProcesses(Promise.all(asks.map((a) => r.pdfPage(a.file, a.p))));
    expect(result.slice(0, 11).every((x) => x.ok && isPng(x.png) && !x.cached)).toBe(true);
    // Page 8 of a 7-page file: the tool fails, the answer says so.
    expect(result[11]).toEqual({ ok: false, reason: 'failed' });
    const s = r.stats();
    expect(s.renders).toBe(12);
    expect(s.maxActive).toBe(2);
    expect(most).toBeGreaterThanOrEqual(1);
    expect(most).toBeLessThanOrEqual(2);
    expect(s).toMatchObject({ active: 0, queued: 0, hits: 0, cachedPages: 11 });
  });

  it('a page asked for again comes from the cache: no new render, the same bytes', async () => {
    const r = new PageRenderer({ concurrency: 2 });
    const first = png(await r.pdfPage(LONG, 3));
    expect(r.stats().renders).toBe(1);
    const again = await r.pdfPage(LONG, 3);
    expect(again).toMatchObject({ ok: true, cached: true });
    expect(Buffer.from(png(again)).equals(Buffer.from(first))).toBe(true);
    // Keyed by the file's hash: the same bytes in another buffer, or the hash given, hit too.
    expect(await r.pdfPage(new Uint8Array(LONG), 3)).toMatchObject({ ok: true, cached: true });
    const { createHash } = await import('node:crypto');
    expect(await r.pdfPage(LONG, 3, { sha256: createHash('sha256').update(LONG).digest('hex') })).toMatchObject({ ok: true, cached: true });
    // Another page, another file: rendered.
    expect(await r.pdfPage(LONG, 4)).toMatchObject({ ok: true, cached: false });
    expect(await r.pdfPage(BASIC, 3)).toMatchObject({ ok: true, cached: false });
    expect(r.stats()).toMatchObject({ renders: 3, hits: 3 });
  });

  it('the same page asked for 6 times at once is rendered once', async () => {
    const r = new PageRenderer({ concurrency: 2 });
    const all = await Promise.all(Array.from({ length: 6 }, () => r.pdfPage(BASIC, 2)));
    expect(all.every((x) => x.ok)).toBe(true);
    expect(r.stats()).toMatchObject({ renders: 1, joined: 5 });
  });

  it('the cache stays within its bytes and drops the least recently used page', async () => {
    const probe = new PageRenderer();
    const sizes = await Promise.all([1, 2, 3].map(async (p) => png(await probe.pdfPage(BASIC, p)).byteLength));
    // Room for two of the three pages, not three.
    const r = new PageRenderer({ concurrency: 1, cacheBytes: Math.max(sizes[0]! + sizes[1]!, sizes[1]! + sizes[2]!, sizes[0]! + sizes[2]!) + 10 });
    await r.pdfPage(BASIC, 1);
    await r.pdfPage(BASIC, 2);
    expect(await r.pdfPage(BASIC, 1)).toMatchObject({ cached: true }); // 1 is now the most recent
    await r.pdfPage(BASIC, 3); // evicts 2
    expect(r.stats().cachedPages).toBe(2);
    expect(r.stats().cachedBytes).toBeLessThanOrEqual(r.cacheBytes);
    expect(await r.pdfPage(BASIC, 1)).toMatchObject({ cached: true });
    expect(r.stats().renders).toBe(3);
    expect(await r.pdfPage(BASIC, 2)).toMatchObject({ cached: false });
    expect(r.stats().renders).toBe(4);
    // No cache at all: every request renders.
    const none = new PageRenderer({ cacheBytes: 0 });
    await none.pdfPage(BASIC, 1);
    await none.pdfPage(BASIC, 1);
    expect(none.stats()).toMatchObject({ renders: 2, hits: 0, cachedPages: 0 });
  });

  it('a full queue answers busy instead of waiting without end; bad page numbers render nothing', async () => {
    const r = new PageRenderer({ concurrency: 1, maxQueue: 2 });
    const all = await Promise.all([1, 2, 3, 4, 5].map((p) => r.pdfPage(LONG, p)));
    expect(all.filter((x) => x.ok)).toHaveLength(3);
    expect(all.filter((x) => !x.ok && x.reason === 'busy')).toHaveLength(2);
    expect(r.stats()).toMatchObject({ renders: 3, busy: 2, maxActive: 1 });
    for (const p of [0, -1, 1.5, NaN, 2001]) expect(await r.pdfPage(LONG, p)).toEqual({ ok: false, reason: 'page' });
    expect(r.stats().renders).toBe(3);
  });

  it('renderPdfPage and imagePage keep their signatures and go through the shared renderer', async () => {
    const before = pageRenderer.stats().renders;
    const a = await renderPdfPage(BASIC, 4);
    expect(a && isPng(a)).toBe(true);
    expect(await renderPdfPage(BASIC, 4, 30_000)).toEqual(a);
    expect(pageRenderer.stats().renders).toBe(before + 1);
    expect(await renderPdfPage(BASIC, 0)).toBeNull();
    expect(await renderPdfPage(new TextEncoder().encode('not a pdf'), 1)).toBeNull();

    const image = new Uint8Array(
      await sharp({ create: { width: 300, height: 200, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    );
    const i1 = await imagePage(image, 1);
    expect(i1 && isPng(i1)).toBe(true);
    const renders = pageRenderer.stats().renders;
    expect(await imagePage(image, 1)).toEqual(i1);
    expect(pageRenderer.stats().renders).toBe(renders);
    expect(await imagePage(image, 2)).toBeNull();
  });
});
