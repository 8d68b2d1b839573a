/**
 * One solver for every table: each row comes with its readings (candidates.ts: digits cut into
 * cells, lost or blank cells, and — for scans — the recogniser's alternatives), the table with
 * its relations (model/relations.ts); the solver keeps the readings of the whole table that fit
 * the relations best and fixes a cell only where every such reading agrees on it. Never a guess:
 * a cell the readings disagree on is missing, with the values it could have.
 *
 *   1. Each row on its own: the readings that satisfy the row's own relations (its 总计), the
 *      fewest assumptions first (a lost cell or a cut token costs 1 in spaced layouts). A row
 *      whose tokens fill its columns is read as written even when it does not add up: that is
 *      the source's error, for the checks to report.
 *   2. The whole table, in groups of rows that relations connect: every combination of the
 *      rows' readings, scored by the relations it breaks; only the combinations that break the
 *      fewest are kept — none, when the source is consistent. A source that is itself
 *      inconsistent stays so: its broken relations are reported by the checks.
 *   3. Lost cells (value unknown) are derived where a relation fixes them, and marked derived.
 *
 * The row-by-row reading of a clean table is the simplest case: one reading per row.
 */
import type { Relation } from '../model/relations.js';
import type { Candidate, ColType, Piece } from './candidates.js';

export interface RowProblem {
  key: string;
  /** Column keys, aligned with the candidates' cells. */
  columns: string[];
  types: ColType[];
  /** Every reading the text allows. */
  candidates: Candidate[];
  /** A cut token is a damage hypothesis here: it stands only when a relation read in full confirms it. */
  confirmSplits: boolean;
}

export interface CellResult {
  value: number | null;
  status: 'read' | 'derived' | 'missing';
  /** The piece read, when the same piece gives the value in every fitting reading. */
  piece: Piece | null;
  /** Derived by a relation (no piece of the text holds it). */
  derived: boolean;
  /** Missing: the values the fitting readings give it. */
  alternatives?: number[];
}

export interface RowResult {
  key: string;
  /** Readings the text allows. */
  readings: number;
  /** Readings of this row used by the best readings of the table. */
  fitting: number;
  /** Relations that ruled out the other readings of this row (ids). */
  fixedBy: string[];
  /** The fitting readings as written, cell by cell (up to four; 空 for a blank, ? for unknown), for messages. */
  shown: string[][];
  /** No reading of the row satisfies its own relations: kept as written. */
  inconsistent: boolean;
}

export interface TableSolution {
  cells: Map<string, CellResult>;
  rows: Map<string, RowResult>;
  /** Relations broken by the best readings: the source's own errors (ids). */
  broken: string[];
  /** The search was cut short somewhere: those rows kept only what their own readings agree on. */
  exhausted: boolean;
}

const MAX_LEAVES = 100_000;
const MAX_SUMS = 4096;
const EPS = 1e-6;
const round = (x: number): number => Math.round(x * 1e6) / 1e6;

interface Compiled {
  rel: Relation;
  lhs: number[];
  rhs: number[];
  all: number[];
}

function valid(v: number, type: ColType): boolean {
  if (type === 'int') return v >= -EPS && Math.abs(v - Math.round(v)) < EPS;
  if (type === 'signed-int') return Math.abs(v - Math.round(v)) < EPS;
  return v >= -EPS;
}

/**
 * Relations on `vals` (NaN = unknown): derive unknowns from hard equalities with one unknown, and
 * count what is broken — an equality or inequality with every cell known that does not hold, a
 * derived value of the wrong kind (negative, fractional), or a side whose known cells already
 * exceed the other side with nothing unknown there (unknown counts are never negative).
 */
function evaluate(rels: Compiled[], vals: Float64Array, types: ColType[], derived: number[] | null, brokenOut: Set<string> | null): number {
  let broken = 0;
  const done = new Uint8Array(rels.length);
  const fail = (r: number): void => {
    done[r] = 1;
    broken++;
    brokenOut?.add(rels[r]!.rel.id);
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (let r = 0; r < rels.length; r++) {
      if (done[r]) continue;
      const c = rels[r]!;
      let unknown = -1;
      let ul = 0;
      let ur = 0;
      let l = 0;
      let rr = 0;
      let signedUnknown = false;
      for (const i of c.lhs) {
        const v = vals[i]!;
        if (Number.isNaN(v)) {
          ul++;
          unknown = i;
          if (types[i] === 'signed-int') signedUnknown = true;
        } else l += v;
      }
      for (const i of c.rhs) {
        const v = vals[i]!;
        if (Number.isNaN(v)) {
          ur++;
          unknown = i;
          if (types[i] === 'signed-int') signedUnknown = true;
        } else rr += v;
      }
      if (ul + ur === 0) {
        done[r] = 1;
        const ok = c.rel.op === '=' ? Math.abs(l - rr) < EPS : l <= rr + EPS;
        if (!ok) fail(r);
        continue;
      }
      if (signedUnknown) continue;
      // Unknown cells are ≥ 0: a side with nothing unknown cannot grow.
      if (ur === 0 && l > rr + EPS) {
        fail(r);
        continue;
      }
      if (c.rel.op === '=' && ul === 0 && rr > l + EPS) {
        fail(r);
        continue;
      }
      if (ul + ur === 1 && c.rel.op === '=' && c.rel.hard) {
        const onLeft = ul === 1;
        const v = round(onLeft ? rr - l : l - rr);
        if (!valid(v, types[unknown]!)) {
          fail(r);
          continue;
        }
        done[r] = 1;
        vals[unknown] = v;
        derived?.push(unknown);
        changed = true;
      }
    }
  }
  return broken;
}

interface Space {
  ids: string[];
  types: ColType[];
  rowOf: number[];
}

export function solveTable(rows: RowProblem[], relations: Relation[]): TableSolution {
  // ——— the cell space ———
  const space: Space = { ids: [], types: [], rowOf: [] };
  const index = new Map<string, number>();
  const cellIdx: number[][] = rows.map((row, ri) =>
    row.columns.map((col, k) => {
      const id = `${row.key}|${col}`;
      let i = index.get(id);
      if (i === undefined) {
        i = space.ids.length;
        space.ids.push(id);
        space.types.push(row.types[k]!);
        space.rowOf.push(ri);
        index.set(id, i);
      }
      return i;
    }),
  );
  const rels: Compiled[] = [];
  for (const rel of relations) {
    const lhs = rel.lhs.map((id) => index.get(id));
    const rhs = rel.rhs.map((id) => index.get(id));
    // A relation over a cell the table does not have (a row not found) is left out.
    if (lhs.some((x) => x === undefined) || rhs.some((x) => x === undefined)) continue;
    rels.push({ rel, lhs: lhs as number[], rhs: rhs as number[], all: [...(lhs as number[]), ...(rhs as number[])] });
  }
  const n = space.ids.length;

  // ——— 1. each row on its own ———
  const kept: Candidate[][] = [];
  const inconsistent: boolean[] = [];
  const scratch = new Float64Array(n);
  for (let ri = 0; ri < rows.length; ri++) {
    const row = rows[ri]!;
    const local = rels.filter((c) => c.all.every((i) => space.rowOf[i] === ri));
    const scored: { c: Candidate; v: number }[] = [];
    for (const c of row.candidates) {
      let v = 0;
      if (local.length) {
        scratch.fill(Number.NaN);
        put(scratch, cellIdx[ri]!, c);
        v = evaluate(local, scratch, space.types, null, null);
      }
      if (row.confirmSplits && c.cells.some((p) => p?.split)) {
        // A cut must be confirmed by a relation whose every cell was read.
        const touching = local.filter((r) => r.all.some((i) => c.cells[cellIdx[ri]!.indexOf(i)]?.split));
        const read = (i: number): boolean => c.cells[cellIdx[ri]!.indexOf(i)] != null;
        if (v > 0 || touching.length === 0 || !touching.every((r) => r.all.every(read))) continue;
      }
      scored.push({ c, v });
    }
    const fit = scored.filter((s) => s.v === 0);
    if (fit.length) {
      const min = Math.min(...fit.map((s) => s.c.cost));
      kept.push(fit.filter((s) => s.c.cost === min).map((s) => s.c));
      inconsistent.push(false);
    } else {
      // No reading satisfies the row's own relations: the source's error when a reading needs no
      // assumption (tokens filling the columns, a flattened run); otherwise nothing is read.
      const free = scored.filter((s) => s.c.cost === 0);
      const min = free.length ? Math.min(...free.map((s) => s.v)) : 0;
      const pick = free.filter((s) => s.v === min).map((s) => s.c);
      kept.push(pick.length ? pick : [{ cells: row.columns.map(() => null), cost: 0 }]);
      inconsistent.push(pick.length > 0);
    }
  }

  // ——— 2. groups of rows that relations connect ———
  const parent = rows.map((_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  for (const c of rels) {
    const rs = [...new Set(c.all.map((i) => space.rowOf[i]!))];
    for (let k = 1; k < rs.length; k++) parent[find(rs[k]!)] = find(rs[0]!);
  }
  const groups = new Map<number, number[]>();
  rows.forEach((_, ri) => {
    const g = find(ri);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(ri);
  });

  const out: TableSolution = { cells: new Map(), rows: new Map(), broken: [], exhausted: false };
  for (const members of groups.values()) {
    const set = new Set(members);
    const grels = rels.filter((c) => set.has(space.rowOf[c.all[0]!]!));
    solveGroup(members, grels, rows, kept, inconsistent, cellIdx, space, out);
  }
  return out;
}

function put(vals: Float64Array, idx: number[], cand: Candidate): void {
  for (let k = 0; k < idx.length; k++) {
    const p = cand.cells[k];
    vals[idx[k]!] = p ? p.value : Number.NaN;
  }
}

/**
 * Keep only readings that can still be part of a reading of the group satisfying every hard
 * equality: a row's reading survives a relation when the other rows' readings can make up the
 * rest (sets of reachable sums). Used only to find readings that break nothing.
 */
function prune(members: number[], rels: Compiled[], domains: Candidate[][], cellIdx: number[][], space: Space): boolean {
  const local = new Map<number, number[]>();
  members.forEach((ri) => local.set(ri, cellIdx[ri]!));
  let changed = true;
  let rounds = 0;
  while (changed && rounds++ < 20) {
    changed = false;
    for (const c of rels) {
      if (c.rel.op !== '=' || !c.rel.hard) continue;
      const involved = [...new Set(c.all.map((i) => space.rowOf[i]!))];
      // Contribution of each reading of each involved row: lhs − rhs, or null when unknown.
      const contrib = involved.map((ri) =>
        domains[ri]!.map((cand) => {
          let s = 0;
          const idx = local.get(ri)!;
          for (let k = 0; k < idx.length; k++) {
            const i = idx[k]!;
            const inL = c.lhs.includes(i);
            const inR = !inL && c.rhs.includes(i);
            if (!inL && !inR) continue;
            const p = cand.cells[k];
            if (!p) return null;
            s += inL ? p.value : -p.value;
          }
          return round(s);
        }),
      );
      if (contrib.some((cs) => cs.some((x) => x === null))) continue;
      const sets = contrib.map((cs) => [...new Set(cs as number[])]);
      // prefix[k]: sums reachable by rows before k; suffix[k]: by rows from k on.
      const prefix: Set<number>[] = [new Set([0])];
      let tooMany = false;
      for (let k = 0; k < sets.length && !tooMany; k++) {
        const next = new Set<number>();
        for (const a of prefix[k]!) for (const b of sets[k]!) next.add(round(a + b));
        if (next.size > MAX_SUMS) tooMany = true;
        prefix.push(next);
      }
      if (tooMany) continue;
      const suffix: Set<number>[] = new Array(sets.length + 1);
      suffix[sets.length] = new Set([0]);
      for (let k = sets.length - 1; k >= 0; k--) {
        const next = new Set<number>();
        for (const a of suffix[k + 1]!) for (const b of sets[k]!) next.add(round(a + b));
        suffix[k] = next;
      }
      involved.forEach((ri, k) => {
        const before = domains[ri]!.length;
        domains[ri] = domains[ri]!.filter((_, ci) => {
          const x = contrib[k]![ci]!;
          for (const a of prefix[k]!) if (suffix[k + 1]!.has(round(-x - a))) return true;
          return false;
        });
        if (domains[ri]!.length !== before) changed = true;
      });
      if (involved.some((ri) => domains[ri]!.length === 0)) return false;
    }
  }
  return true;
}

/** Solve one group of connected rows; write its cells and rows into `out`. */
function solveGroup(
  members: number[],
  rels: Compiled[],
  rows: RowProblem[],
  kept: Candidate[][],
  inconsistent: boolean[],
  cellIdx: number[][],
  space: Space,
  out: TableSolution,
): void {
  const n = space.ids.length;
  const cells = members.flatMap((ri) => cellIdx[ri]!);
  // First look for readings that break nothing, among the readings that can (pruned); else for
  // the readings that break the fewest relations, among all.
  let domains = kept.map((k) => k);
  const pruned = kept.map((k) => k.slice());
  let search = runSearch(members, rels, prune(members, rels, pruned, cellIdx, space) ? pruned : null, cellIdx, space, 0);
  if (!search || search.solutions === 0) search = runSearch(members, rels, domains, cellIdx, space, Number.POSITIVE_INFINITY);
  else domains = pruned;
  if (!search || search.exhausted || search.solutions === 0) {
    // Too many combinations: each row keeps what its own readings agree on.
    out.exhausted = out.exhausted || !!search?.exhausted;
    for (const ri of members) {
      const cands = kept[ri]!;
      cellIdx[ri]!.forEach((i, k) => {
        const values = new Set(cands.map((c) => c.cells[k]?.value ?? Number.NaN));
        const pieces = cands.map((c) => c.cells[k] ?? null);
        const v = cands[0]?.cells[k]?.value ?? null;
        const one = values.size === 1 && v !== null;
        const same = pieces.every((p) => p && pieces[0] && p.start === pieces[0].start && p.end === pieces[0].end);
        out.cells.set(space.ids[i]!, {
          value: one ? v : null,
          status: one ? (same ? 'read' : 'derived') : 'missing',
          piece: one && same ? pieces[0]! : null,
          derived: false,
          ...(one ? {} : { alternatives: [...values].filter((x) => !Number.isNaN(x)).sort((a, b) => a - b) }),
        });
      });
      out.rows.set(rows[ri]!.key, {
        key: rows[ri]!.key,
        readings: rows[ri]!.candidates.length,
        fitting: cands.length,
        fixedBy: [],
        shown: shownOf(cands),
        inconsistent: inconsistent[ri]!,
      });
    }
    return;
  }
  const s = search;
  for (const id of s.broken) if (!out.broken.includes(id)) out.broken.push(id);
  for (const i of cells) {
    const v = s.val[i]!;
    if (!s.agree[i] || Number.isNaN(v)) {
      out.cells.set(space.ids[i]!, {
        value: null,
        status: 'missing',
        piece: null,
        derived: false,
        alternatives: [...s.seen[i]!].filter((x) => !Number.isNaN(x)).sort((a, b) => a - b),
      });
      continue;
    }
    const p = s.piece[i] ?? null;
    const derived = s.derived[i] === 1 && p === null;
    out.cells.set(space.ids[i]!, { value: v, status: p && !derived ? 'read' : 'derived', piece: derived ? null : p, derived });
  }
  for (const ri of members) {
    const row = rows[ri]!;
    const used = [...s.used.get(ri)!].map((ci) => domains[ri]![ci]!);
    const vectors = distinct(used.map((c) => c.cells.map((p) => p?.value ?? null)));
    const fixedBy = new Set<string>();
    // Which relations ruled out the row's other readings: each tried in place of the chosen one.
    if (row.candidates.length > 1 && vectors.length === 1) {
      let tried = 0;
      for (const alt of row.candidates) {
        if (tried >= 64) break;
        const vec = alt.cells.map((p) => p?.value ?? null);
        if (vec.every((x, k) => x === vectors[0]![k])) continue;
        tried++;
        const trial = new Float64Array(n).fill(Number.NaN);
        for (const rj of members) put(trial, cellIdx[rj]!, rj === ri ? alt : domains[rj]![s.first.get(rj)!]!);
        const broken = new Set<string>();
        evaluate(rels, trial, space.types, null, broken);
        for (const id of broken) if (!s.broken.includes(id)) fixedBy.add(id);
      }
    }
    out.rows.set(row.key, {
      key: row.key,
      readings: row.candidates.length,
      fitting: used.length,
      fixedBy: [...fixedBy],
      shown: shownOf(used),
      inconsistent: inconsistent[ri]!,
    });
  }
}

interface Search {
  solutions: number;
  exhausted: boolean;
  val: Float64Array;
  agree: Uint8Array;
  piece: (Piece | null | undefined)[];
  derived: Uint8Array;
  seen: Set<number>[];
  used: Map<number, Set<number>>;
  first: Map<number, number>;
  broken: string[];
}

/**
 * Depth-first over the rows' readings (fewest readings first), relations checked as soon as their
 * rows are chosen; keeps the readings breaking the fewest relations, at most `bound`.
 */
function runSearch(members: number[], rels: Compiled[], domains: Candidate[][] | null, cellIdx: number[][], space: Space, bound: number): Search | null {
  if (!domains) return null;
  const n = space.ids.length;
  const order = members.slice().sort((a, b) => domains[a]!.length - domains[b]!.length || a - b);
  const depthOf = new Map<number, number>();
  order.forEach((ri, d) => depthOf.set(ri, d));
  const closing: Compiled[][] = order.map(() => []);
  for (const c of rels) {
    let d = -1;
    for (const i of c.all) d = Math.max(d, depthOf.get(space.rowOf[i]!)!);
    if (d >= 0) closing[d]!.push(c);
  }
  const vals = new Float64Array(n).fill(Number.NaN);
  const choice = new Map<number, number>();
  const s: Search = {
    solutions: 0,
    exhausted: false,
    val: new Float64Array(n),
    agree: new Uint8Array(n),
    piece: new Array(n),
    derived: new Uint8Array(n),
    seen: Array.from({ length: n }, () => new Set<number>()),
    used: new Map(members.map((ri) => [ri, new Set<number>()])),
    first: new Map(),
    broken: [],
  };
  let best = bound;
  let leaves = 0;
  const leafVals = new Float64Array(n);
  const cells = members.flatMap((ri) => cellIdx[ri]!.map((i, k) => ({ ri, i, k })));

  const leaf = (): void => {
    leafVals.set(vals);
    const derived: number[] = [];
    const brokenHere = new Set<string>();
    const b = evaluate(rels, leafVals, space.types, derived, brokenHere);
    if (b > best) return;
    if (b < best || s.solutions === 0) {
      best = b;
      s.solutions = 0;
      s.agree.fill(1);
      s.derived.fill(0);
      for (const x of s.seen) x.clear();
      for (const u of s.used.values()) u.clear();
      s.broken = [...brokenHere];
      s.first = new Map(choice);
      for (const { i } of cells) {
        s.val[i] = leafVals[i]!;
        s.piece[i] = undefined;
      }
    }
    s.solutions++;
    const isDerived = new Set(derived);
    for (const ri of members) s.used.get(ri)!.add(choice.get(ri)!);
    for (const { ri, i, k } of cells) {
      const v = leafVals[i]!;
      if (s.seen[i]!.size < 8) s.seen[i]!.add(v);
      if (!s.agree[i]) continue;
      const same = (Number.isNaN(v) && Number.isNaN(s.val[i]!)) || Math.abs(v - s.val[i]!) < EPS;
      if (!same) {
        s.agree[i] = 0;
        continue;
      }
      const p = domains[ri]![choice.get(ri)!]!.cells[k] ?? null;
      const prev = s.piece[i];
      if (prev === undefined) s.piece[i] = p;
      else if (prev !== null && (p === null || p.start !== prev.start || p.end !== prev.end || p.blank !== prev.blank)) s.piece[i] = null;
      if (isDerived.has(i)) s.derived[i] = 1;
    }
  };

  const brokenAt = (cs: Compiled[]): number => {
    let b = 0;
    for (const c of cs) {
      let l = 0;
      let r = 0;
      let unknown = false;
      for (const i of c.lhs) {
        const v = vals[i]!;
        if (Number.isNaN(v)) unknown = true;
        else l += v;
      }
      for (const i of c.rhs) {
        const v = vals[i]!;
        if (Number.isNaN(v)) unknown = true;
        else r += v;
      }
      if (unknown) continue;
      if (c.rel.op === '=' ? Math.abs(l - r) >= EPS : l > r + EPS) b++;
    }
    return b;
  };

  const dfs = (d: number, broken: number): void => {
    if (s.exhausted) return;
    if (d === order.length) {
      if (++leaves > MAX_LEAVES) {
        s.exhausted = true;
        return;
      }
      leaf();
      return;
    }
    const ri = order[d]!;
    const cands = domains[ri]!;
    for (let ci = 0; ci < cands.length; ci++) {
      put(vals, cellIdx[ri]!, cands[ci]!);
      choice.set(ri, ci);
      const b = broken + brokenAt(closing[d]!);
      if (b <= best) dfs(d + 1, b);
      if (s.exhausted) return;
    }
    for (const i of cellIdx[ri]!) vals[i] = Number.NaN;
  };
  dfs(0, 0);
  return s;
}

/** Readings as written, distinct by value (up to four). */
function shownOf(cands: Candidate[]): string[][] {
  const out: string[][] = [];
  const keys = new Set<string>();
  for (const c of cands) {
    const k = c.cells.map((p) => p?.value ?? 'x').join('|');
    if (keys.has(k)) continue;
    keys.add(k);
    out.push(c.cells.map((p) => (!p ? '?' : p.blank ? '空' : p.split ? p.raw : String(p.value))));
    if (out.length >= 4) break;
  }
  return out;
}

function distinct(vs: (number | null)[][]): (number | null)[][] {
  const out: (number | null)[][] = [];
  const keys = new Set<string>();
  for (const v of vs) {
    const k = v.join('|');
    if (keys.has(k)) continue;
    keys.add(k);
    out.push(v);
  }
  return out;
}
