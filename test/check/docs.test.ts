import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/check/index.js';
import { STAGE_NOTES } from '../../src/check/notes.js';
import { RULES_TABLE_BEGIN, RULES_TABLE_END, renderRulesTable, updateRulesDoc } from '../../src/check/docs.js';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');

describe('docs/rules.md', () => {
  it('lists every registered rule id in its generated table', () => {
    const block = doc.slice(doc.indexOf(RULES_TABLE_BEGIN), doc.indexOf(RULES_TABLE_END));
    for (const r of RULES) expect(block, r.meta.id).toContain(`| \`${r.meta.id}\` |`);
  });

  it('has the table generated from the current RULES meta (regenerate: see the command in docs/rules.md)', () => {
    expect(updateRulesDoc(doc, RULES)).toBe(doc);
  });

  it('documents the parser and reader findings', () => {
    for (const id of ['P.cellCount', 'P.columns', 'P.split', 'P.notReport', 'M.title', 'R.unreadable']) expect(doc).toContain(`| \`${id}\` |`);
  });

  it('catalogues every finding id the read and parse stages give (src/check/notes.ts), none shadowing a rule', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
    const src = join(__dirname, '..', '..', 'src');
    const given = new Set<string>();
    for (const f of [...files(join(src, 'read')), ...files(join(src, 'parse'))])
      for (const m of readFileSync(f, 'utf8').matchAll(/rule: '([A-Z][A-Za-z0-9]*\.[A-Za-z]+)'/g)) given.add(m[1]!);
    expect(given.size).toBeGreaterThan(15);
    const catalogued = new Set(STAGE_NOTES.map((n) => n.id));
    expect([...given].filter((id) => !catalogued.has(id) && !RULES.some((r) => r.meta.id === id))).toEqual([]);
    expect(STAGE_NOTES.filter((n) => RULES.some((r) => r.meta.id === n.id)).map((n) => n.id)).toEqual([]);
    for (const n of STAGE_NOTES) expect(doc, n.id).toContain(`| \`${n.id}\` |`);
  });

  it('renders one row per rule', () => {
    expect(renderRulesTable(RULES).split('\n')).toHaveLength(RULES.length + 2);
  });
});
