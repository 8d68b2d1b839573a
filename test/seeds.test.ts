import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const shared = join(__dirname, '..', '..', 'shared');
const cli = join(__dirname, '..', 'dist', 'cli', 'main.js');

describe('seeds (../shared): the acceptance command', () => {
  it('has the shared seeds and gold to score against', () => {
    expect(existsSync(join(shared, 'seeds'))).toBe(true);
    expect(readdirSync(join(shared, 'seeds')).filter((f) => f.endsWith('.txt')).length).toBeGreaterThanOrEqual(5);
  });

  it('nianbao parse --json on every seed scores exact (score.mjs exits 0)', () => {
    const seeds = readdirSync(join(shared, 'seeds'))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => join(shared, 'seeds', f));
    const r = spawnSync('node', [cli, 'parse', '--json', ...seeds], { encoding: 'utf8', maxBuffer: 64 << 20 });
    // the acceptance command chains parse && score.mjs: parse must exit 0 on readable reports
    expect(r.status).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-score-'));
    const out = join(dir, 'out.json');
    writeFileSync(out, r.stdout);
    let score = '';
    let ok = true;
    try {
      score = execFileSync('node', [join(shared, 'tools', 'score.mjs'), '--gold', join(shared, 'gold'), '--out', out], { encoding: 'utf8' });
    } catch (e) {
      ok = false;
      score = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(score, score).toContain('silent-wrong 0');
    expect(ok, score).toBe(true);
  });
});
