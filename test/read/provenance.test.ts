import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { readDocument } from '../../src/read/index.js';

const dir = join(__dirname, '..', 'fixtures');
const files = ['docx', 'html', 'legacy'].flatMap((d) => readdirSync(join(dir, d)).map((f) => join(dir, d, f))).filter((f) => /\.(docx|html?)$/.test(f));

describe('provenance: every read cell points at its own characters in the source text', () => {
  it.each(files)('%s', async (f) => {
    const bytes = readFileSync(f);
    const read = await readDocument(bytes);
    const r = await parseReport(bytes, { path: f });
    expect(read.sourceText).toBeTruthy();
    const read_ = r.cells.filter((c) => c.status === 'read' && c.raw);
    expect(read_.length).toBeGreaterThan(100);
    for (const c of read_) expect(read.sourceText!.slice(c.span![0], c.span![1]).replace(/&nbsp;/g, ' ')).toBe(c.raw);
  });
});
