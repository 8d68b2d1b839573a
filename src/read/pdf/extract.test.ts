/**
 * The worker's speed edits to pdfjs (PATCHES in worker.mjs) change nothing we read: every PDF
 * fixture decodes to the same text items, font metrics, drawing operations and page geometry with
 * and without them. And they are in effect: an upgrade of pdfjs that moves their anchors fails
 * here instead of silently making every PDF slower.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closePdfWorkers, extractPdf, type ExtractResult } from './extract.js';

const dir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'pdf');
const files = [
  ...readdirSync(dir)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((f) => join(dir, f)),
  // Owner-password protected (encrypted streams, opens without a password).
  join(dir, 'hostile', 'restricted.pdf'),
];
const opts = { timeoutMs: 60_000, maxPages: 200, maxItems: 300_000 };

/** What the reader uses, without timings; font ids carry the document's number in its worker (g_d3_f1). */
function comparable(r: ExtractResult): string {
  if (r.kind !== 'ok') return JSON.stringify(r);
  return JSON.stringify({ numPages: r.numPages, pages: r.pages }).replace(/g_d\d+_/g, 'g_dN_');
}

afterAll(async () => {
  await closePdfWorkers();
});

describe('pdfjs speed edits', () => {
  it('are all in effect for the pinned pdfjs', async () => {
    const r = await extractPdf(new Uint8Array(readFileSync(files[0]!)), opts);
    expect(r.kind).toBe('ok');
    expect(r.kind === 'ok' && r.patched).toBe(3);
  });

  it.each(files.map((f) => [f.slice(dir.length + 1), f]))('change nothing read from %s', async (_name, file) => {
    const bytes = new Uint8Array(readFileSync(file));
    const shipped = await extractPdf(bytes, { ...opts, asShipped: true });
    const edited = await extractPdf(bytes, opts);
    expect(shipped.kind).toBe('ok');
    expect(shipped.kind === 'ok' && shipped.patched).toBe(0);
    expect(edited.kind === 'ok' && edited.patched).toBe(3);
    // Not vacuous: the text-layer fixtures have text and drawing on their pages.
    if (!file.includes('scan') && shipped.kind === 'ok') {
      expect(shipped.pages.some((p) => p.items.length > 0 && p.ops.length > 0)).toBe(true);
    }
    expect(comparable(edited)).toBe(comparable(shipped));
  });
});
