/**
 * The rules reference table of docs/rules.md, generated from the rules' own meta so the docs
 * cannot drift from the code (test/check/docs.test.ts compares the two).
 */
import type { Rule } from './rule.js';
import { STAGE_NOTES, type StageNote } from './notes.js';

export const RULES_TABLE_BEGIN = '<!-- rules-table:begin (generated from RULES meta; see test/check/docs.test.ts) -->';
export const RULES_TABLE_END = '<!-- rules-table:end -->';
export const NOTES_TABLE_BEGIN = '<!-- notes-table:begin (generated from src/check/notes.ts; see test/check/docs.test.ts) -->';
export const NOTES_TABLE_END = '<!-- notes-table:end -->';

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

/** One Markdown row per reader/parser finding id. */
export function renderNotesTable(notes: readonly StageNote[]): string {
  const head = ['| id | 严重程度 severity | 阶段 stage | 检查内容 | What it says | 问题清单 | where |', '|---|---|---|---|---|---|---|'];
  const rows = notes.map(
    (n) =>
      `| \`${n.id}\` | ${SEVERITY_ZH[n.severity]} ${n.severity} | ${n.stage} | ${cell(n.description)} | ${cell(n.en)} | ${n.internal ? '不列入（读取说明）' : '列入'} | ${cell(n.where)} |`,
  );
  return [...head, ...rows].join('\n');
}

const replaceBlock = (doc: string, begin: string, end: string, body: string): string => {
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`docs/rules.md: generated-table markers not found (${begin})`);
  return `${doc.slice(0, a + begin.length)}\n${body}\n${doc.slice(b)}`;
};

/** `doc` with the generated blocks replaced by the current tables (unchanged when up to date). */
export function updateRulesDoc(doc: string, rules: Rule[]): string {
  const withRules = replaceBlock(doc, RULES_TABLE_BEGIN, RULES_TABLE_END, renderRulesTable(rules));
  return replaceBlock(withRules, NOTES_TABLE_BEGIN, NOTES_TABLE_END, renderNotesTable(STAGE_NOTES));
}
