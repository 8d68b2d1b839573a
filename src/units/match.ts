/**
 * Matching a report to the list of units expected to report, and placing it in the divisions.
 *
 * Region of a report: the place its agency name names (else its alias, title, file name); when
 * that place is ambiguous (鼓楼区), another of those texts may settle it by naming one of the
 * candidates; otherwise the report stays unplaced and goes to the review queue.
 *
 * Unit of a report, in order:
 *  1. a unit whose name or alias is the same name (nameKey) as the report's agency or alias;
 *  2. a unit of the same place whose name, less its place names, is the same kind of agency
 *     (canonicalCore: 区国动办 = 人民防空办公室); when the report names no place, any unit of
 *     that kind — only if there is exactly one.
 * Several candidates, or an ambiguous place: `ambiguous` (review queue), never a pick.
 */
import { canonicalCore, nameKey } from '../units/names.js';
import { divisions, placeName, placeRegion, type Division, type DivisionIndex, type Placement } from './divisions.js';

export interface UnitInfo {
  id: number;
  name: string;
  aliases: string[];
  region: string | null;
  regionCode: string | null;
}

export interface ReportNames {
  agency: string | null;
  agencyAlias: string | null;
  title: string | null;
  fileName: string | null;
}

export interface RegionResult {
  /** placed: one division; ambiguous: several fit; none: no place named. */
  status: 'placed' | 'ambiguous' | 'none';
  division: Division | null;
  candidates: Division[];
}

export interface MatchResult {
  status: 'matched' | 'ambiguous' | 'unmatched';
  unitId: number | null;
  /** Units that could be meant (for the review queue). */
  candidates: number[];
  region: RegionResult;
}

/** Where a unit is: its own region column first, else the place its name names. */
export function unitDivision(u: { name: string; region: string | null }, ix: DivisionIndex = divisions()): Division | null {
  if (u.region) {
    const p = placeRegion(u.region, ix);
    if (p.kind === 'placed') return p.division;
    return null;
  }
  const p = placeName(u.name, ix);
  return p.kind === 'placed' ? p.division : null;
}

const compatible = (a: string, b: string): boolean => a.startsWith(b) || b.startsWith(a);

/** The region of a report from its names (see the module comment). */
export function placeReport(n: ReportNames, ix: DivisionIndex = divisions()): RegionResult & { core: string[] } {
  const texts = [n.agency, n.agencyAlias, n.title, n.fileName?.replace(/\.[a-z0-9]{1,5}$/i, '') ?? null].filter((t): t is string => !!t && t.trim() !== '');
  const placements = texts.map((t) => placeName(t, ix));
  // The agency type (core) of the agency and alias, for matching.
  const core = placements.slice(0, [n.agency, n.agencyAlias].filter((t) => t && t.trim()).length).map((p) => canonicalCore(p.rest));
  const first = placements.find((p) => p.kind !== 'none');
  if (!first) return { status: 'none', division: null, candidates: [], core };
  if (first.kind === 'placed') return { status: 'placed', division: first.division, candidates: [first.division], core };
  const amb = first as Extract<Placement, { kind: 'ambiguous' }>;
  // Another text naming exactly one of the candidates (or a place inside one) settles it.
  for (const p of placements) {
    if (p.kind !== 'placed') continue;
    const fits = amb.candidates.filter((c) => compatible(c.code, p.division.code));
    if (fits.length === 1) {
      const d = p.division.code.length > fits[0]!.code.length ? p.division : fits[0]!;
      return { status: 'placed', division: d, candidates: [d], core };
    }
  }
  return { status: 'ambiguous', division: null, candidates: amb.candidates, core };
}

interface Entry {
  unit: UnitInfo;
  division: Division | null;
  keys: Set<string>;
  cores: Set<string>;
}

/** An in-memory index of the units, built once per change of the list. */
export class Matcher {
  private readonly byKey = new Map<string, Entry[]>();
  private readonly byCore = new Map<string, Entry[]>();
  readonly entries = new Map<number, Entry>();

  constructor(
    units: UnitInfo[],
    private readonly ix: DivisionIndex = divisions(),
  ) {
    for (const u of units) {
      const division = u.regionCode ? (ix.byCode.get(u.regionCode) ?? null) : unitDivision(u, ix);
      const names = [u.name, ...u.aliases].filter((s) => s.trim() !== '');
      const keys = new Set(names.map(nameKey));
      const cores = new Set(names.map((s) => canonicalCore(placeName(s, ix).rest)).filter((c) => c !== ''));
      const e: Entry = { unit: u, division, keys, cores };
      this.entries.set(u.id, e);
      for (const k of keys) push(this.byKey, k, e);
      for (const c of cores) push(this.byCore, c, e);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  match(n: ReportNames): MatchResult {
    const region = placeReport(n, this.ix);
    const { core, ...reg } = region;
    const names = [n.agency, n.agencyAlias].filter((t): t is string => !!t && t.trim() !== '');
    const result = (status: MatchResult['status'], es: Entry[]): MatchResult => ({
      status,
      unitId: status === 'matched' ? es[0]!.unit.id : null,
      candidates: [...new Set(es.map((e) => e.unit.id))],
      region: reg,
    });
    if (!names.length) return result('unmatched', []);
    const inRegion = (e: Entry): boolean => !reg.division || !e.division || compatible(e.division.code, reg.division.code);
    const inCandidates = (e: Entry): boolean => !!e.division && reg.candidates.some((c) => compatible(c.code, e.division!.code));

    // 1. Same name.
    const byName = uniq(names.flatMap((s) => this.byKey.get(nameKey(s)) ?? []));
    // 2. Same kind of agency, same place.
    const byCore = uniq(core.flatMap((c) => (c ? (this.byCore.get(c) ?? []) : [])));
    if (reg.status === 'ambiguous') {
      // Never a pick: list what fits any of the candidate places.
      return result('ambiguous', uniq([...byName, ...byCore.filter(inCandidates)]));
    }
    const named = byName.filter(inRegion);
    if (named.length === 1) return result('matched', named);
    if (named.length > 1) return result('ambiguous', named);
    const same = reg.division ? byCore.filter((e) => e.division?.code === reg.division!.code) : byCore;
    if (same.length === 1) return result('matched', same);
    if (same.length > 1) return result('ambiguous', same);
    return result('unmatched', []);
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

const uniq = (es: Entry[]): Entry[] => [...new Map(es.map((e) => [e.unit.id, e])).values()];
