/**
 * Issue 3 acceptance: every committed fixture (DOCX, HTML, PDF, scan, legacy .doc) parses back
 * exactly — the project's CLI output scored by ../shared/tools/score.mjs against the fixtures'
 * gold exits 0.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures');
const scorer = join(root, '..', 'shared', 'tools', 'score.mjs');

describe('fixtures scored by score.mjs', () => {
  it('every fixture with a gold file scores exact', () => {
    const gold = readdirSync(join(fixtures, 'gold')).filter((f) => f.endsWith('.json'));
    const files = ['docx', 'html', 'pdf', 'legacy'].flatMap((d) =>
      readdirSync(join(fixtures, d), { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(fixtures, d, e.name)),
    );
    const stems = new Set(
      files.map((f) =>
        f
          .split('/')
          .pop()!
          .replace(/\.[^.]+$/, ''),
      ),
    );
    for (const g of gold) expect(stems.has(g.replace(/\.json$/, '')), `fixture for ${g}`).toBe(true);
    const r = spawnSync('node', [join(root, 'dist', 'cli', 'main.js'), 'parse', '--json', ...files], { encoding: 'utf8', maxBuffer: 256 << 20 });
    expect(r.status).toBe(0);
    const out = join(mkdtempSync(join(tmpdir(), 'nianbao-fx-')), 'out.json');
    writeFileSync(out, r.stdout);
    let text = '';
    let ok = true;
    try {
      text = execFileSync('node', [scorer, '--gold', join(fixtures, 'gold'), '--out', out], { encoding: 'utf8' });
    } catch (e) {
      ok = false;
      text = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(ok, text).toBe(true);
    expect(text).toContain('silent-wrong 0');
  }, 180_000);
});
