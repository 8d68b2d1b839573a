import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/check/index.js';
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

  it('renders one row per rule', () => {
    expect(renderRulesTable(RULES).split('\n')).toHaveLength(RULES.length + 2);
  });
});
