/**
 * The rules reference table of docs/rules.md, generated from the rules' own meta so the docs
 * cannot drift from the code (test/check/docs.test.ts compares the two).
 */
import type { Rule } from './rule.js';

export const RULES_TABLE_BEGIN = '<!-- rules-table:begin (generated from RULES meta; see test/check/docs.test.ts) -->';
export const RULES_TABLE_END = '<!-- rules-table:end -->';

const SEVERITY_ZH = { error: '错误', warning: '警告', info: '提示' } as const;
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** One Markdown row per rule, in the order the rules run. */
export function renderRulesTable(rules: Rule[]): string {
  const head = ['| id | 严重程度 severity | type | 检查内容 | What it checks | 依据 source |', '|---|---|---|---|---|---|'];
  const rows = rules.map(
    ({ meta: m }) =>
      `| \`${m.id}\` | ${SEVERITY_ZH[m.severity]} ${m.severity} | ${m.type} | ${cell(m.docs.description)} | ${cell(m.docs.en)} | ${cell(m.docs.source)} |`,
  );
  return [...head, ...rows].join('\n');
}

/** `doc` with the generated block replaced by the current table (unchanged when up to date). */
export function updateRulesDoc(doc: string, rules: Rule[]): string {
  const a = doc.indexOf(RULES_TABLE_BEGIN);
  const b = doc.indexOf(RULES_TABLE_END);
  if (a < 0 || b < a) throw new Error('docs/rules.md: generated-table markers not found');
  return `${doc.slice(0, a + RULES_TABLE_BEGIN.length)}\n${renderRulesTable(rules)}\n${doc.slice(b)}`;
}
