/**
 * Turn a gold record (`nianbao.gold/1`, the shape of ../shared/gold/*.json) into the fixture
 * generators' input, so any hand-checked values — the seeds' included — can be rendered as DOCX,
 * HTML (and, through LibreOffice, PDF) at generation or test time. Nothing seed-derived is committed.
 */
import type { FixtureGold, GoldTable } from './fixture-gold.js';

export interface GoldFile {
  agency?: string | null;
  year?: number;
  template?: '2019' | '2021';
  t2?: GoldTable | null;
  t3?: GoldTable | null;
  t4?: GoldTable | null;
  narrative?: { proactiveItems?: number } | null;
}

/** Null when the gold lacks a full table (e.g. a seed whose table 三 was lost). */
export function fixtureFromGold(name: string, g: GoldFile, placeholderAgency = '示例单位'): FixtureGold | null {
  if (!g.t2 || !g.t3 || !g.t4 || !g.year || !g.template) return null;
  return {
    schema: 'nianbao.gold/1',
    seed: name,
    agency: g.agency ?? placeholderAgency,
    year: g.year,
    template: g.template,
    t2: g.t2,
    t3: g.t3,
    t4: g.t4,
    narrative: { proactiveItems: g.narrative?.proactiveItems ?? 100 },
    notes: `rendered from gold ${name}`,
  };
}
