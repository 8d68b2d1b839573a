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
  /**
   * Per column: false for a column the source does not have at all (a header that lost it).
   * Such a cell is never derived — where the header lost a column, even the values' alignment is
   * in doubt — though it still counts, as an unknown ≥ 0, in the relations.
   */
  derivable?: boolean[];
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
  /** The row's cells, aligned with its problem's columns. */
  cells: CellResult[];
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
  /** Per row, its cells (`RowResult.cells`, aligned with the problem's columns). */
  rows: Map<string, RowResult>;
  /** Relations broken by the best readings: the source's own errors (ids). */
  broken: string[];
  /** The search was cut short somewhere: those rows kept only what their own readings agree on. */
  exhausted: boolean;
}

const MAX_LEAVES = 100_000;
const MAX_SUMS = 4096;
/**
 * Work (relation cells looked at) allowed for one table before the search stops and each row keeps
 * what its own readings agree on: counted, not timed, so that a result never depends on the machine.
 */
const MAX_WORK = 3_000_000;
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
function evaluate(
  rels: Compiled[],
  vals: Float64Array,
  types: ColType[],
  derived: number[] | null,
  brokenOut: Set<string> | null,
  fixed: Uint8Array | null = null,
): number {
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
      let blocked = false;
      for (const i of c.lhs) {
        const v = vals[i]!;
        if (Number.isNaN(v)) {
          ul++;
          unknown = i;
          if (types[i] === 'signed-int') signedUnknown = true;
          if (fixed?.[i]) blocked = true;
        } else l += v;
      }
      for (const i of c.rhs) {
        const v = vals[i]!;
        if (Number.isNaN(v)) {
          ur++;
          unknown = i;
          if (types[i] === 'signed-int') signedUnknown = true;
          if (fixed?.[i]) blocked = true;
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
      if (blocked) continue;
      // Unknowns all on one side that must add up to 0 are each 0 (none is negative).
      if (c.rel.op === '=' && c.rel.hard && ul + ur > 1 && (ul === 0 || ur === 0) && Math.abs(l - rr) < EPS) {
        done[r] = 1;
        for (const i of ul ? c.lhs : c.rhs) {
          if (!Number.isNaN(vals[i]!)) continue;
          vals[i] = 0;
          derived?.push(i);
        }
        changed = true;
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
  /** Cells never derived (columns the source lacks). */
  fixed: Uint8Array;
}

/**
 * A reading of a row as far as the table is concerned: its values once the row's own relations
 * have derived what they can (NaN: unknown). Candidates that give the same values are one reading;
 * a cell's piece is kept only when all of them read it from the same characters.
 */
interface Reading {
  vals: number[];
  pieces: (Piece | null)[];
  derived: boolean[];
  cost: number;
  broken: number;
}

const samePiece = (a: Piece | null, b: Piece | null): boolean =>
  !!a && !!b && a.start === b.start && a.end === b.end && a.blank === b.blank && a.value === b.value;

export function solveTable(rows: RowProblem[], relations: Relation[]): TableSolution {
  // ——— the cell space ———
  const space: Space = { ids: [], types: [], rowOf: [], fixed: new Uint8Array(0) };
  const index = new Map<string, number>();
  const fixedIds: number[] = [];
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
      if (row.derivable && !row.derivable[k]) fixedIds.push(i);
      return i;
    }),
  );
  space.fixed = new Uint8Array(space.ids.length);
  for (const i of fixedIds) space.fixed[i] = 1;
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
  let work = 0;
  const all: Reading[][] = [];
  const kept: Reading[][] = [];
  const inconsistent: boolean[] = [];
  const scratch = new Float64Array(n);
  for (let ri = 0; ri < rows.length; ri++) {
    const row = rows[ri]!;
    const idx = cellIdx[ri]!;
    const local = rels.filter((c) => c.all.every((i) => space.rowOf[i] === ri));
    const bySig = new Map<string, Reading>();
    for (const c of row.candidates) {
      scratch.fill(Number.NaN);
      put(scratch, idx, c);
      const derived: number[] = [];
      const v = local.length ? evaluate(local, scratch, space.types, derived, null, space.fixed) : 0;
      work += local.length * idx.length;
      if (row.confirmSplits && c.cells.some((p) => p?.split)) {
        // A cut must be confirmed by a relation whose every cell was read.
        const touching = local.filter((r) => r.all.some((i) => c.cells[idx.indexOf(i)]?.split));
        const read = (i: number): boolean => c.cells[idx.indexOf(i)] != null;
        if (v > 0 || touching.length === 0 || !touching.every((r) => r.all.every(read))) continue;
      }
      const vals = idx.map((i) => scratch[i]!);
      const sig = vals.map((x) => (Number.isNaN(x) ? 'x' : String(x))).join('|');
      const d = idx.map((i) => derived.includes(i));
      const prev = bySig.get(sig);
      if (!prev) {
        bySig.set(sig, { vals, pieces: c.cells.map((p, k) => (d[k] ? null : (p ?? null))), derived: d, cost: c.cost, broken: v });
        continue;
      }
      // The same values another way: the cheaper explanation stands (a blank line read as a blank
      // cell, not as a lost value that the relation happens to make 0); equally cheap ones keep a
      // piece only where they agree.
      prev.broken = Math.min(prev.broken, v);
      if (c.cost < prev.cost) {
        prev.cost = c.cost;
        prev.pieces = c.cells.map((p, k) => (d[k] ? null : (p ?? null)));
        prev.derived = d;
      } else if (c.cost === prev.cost) {
        c.cells.forEach((p, k) => {
          if (!samePiece(prev.pieces[k] ?? null, d[k] ? null : (p ?? null))) prev.pieces[k] = null;
          if (d[k]) prev.derived[k] = true;
        });
      }
    }
    const readings = [...bySig.values()];
    all.push(readings);
    const fit = readings.filter((r) => r.broken === 0);
    if (fit.length) {
      const min = Math.min(...fit.map((r) => r.cost));
      kept.push(fit.filter((r) => r.cost === min));
      inconsistent.push(false);
    } else {
      // No reading satisfies the row's own relations: the source's error when a reading needs no
      // assumption (tokens filling the columns, a flattened run); otherwise nothing is read.
      const free = readings.filter((r) => r.cost === 0);
      const min = free.length ? Math.min(...free.map((r) => r.broken)) : 0;
      const pick = free.filter((r) => r.broken === min);
      kept.push(pick.length ? pick : [{ vals: idx.map(() => Number.NaN), pieces: idx.map(() => null), derived: idx.map(() => false), cost: 0, broken: 0 }]);
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
  const out: Out = { cells: new Map(), rows: new Map(), broken: [], exhausted: false };
  const ctx: Ctx = { work, rows, all, kept, inconsistent, cellIdx, space, n };
  for (const members of groups.values()) {
    const set = new Set(members);
    solveGroup(
      ctx,
      members,
      rels.filter((c) => set.has(space.rowOf[c.all[0]!]!)),
      out,
    );
  }
  for (const [ri, r] of rows.entries()) {
    const res = out.rows.get(r.key)!;
    res.cells = cellIdx[ri]!.map((i) => out.cells.get(space.ids[i]!)!);
  }
  return { rows: out.rows, broken: out.broken, exhausted: out.exhausted };
}

/** What the group solves write into (cells by `row|col`). */
interface Out {
  cells: Map<string, CellResult>;
  rows: Map<string, RowResult>;
  broken: string[];
  exhausted: boolean;
}

interface Ctx {
  /** Work done so far (see MAX_WORK). */
  work: number;
  rows: RowProblem[];
  all: Reading[][];
  kept: Reading[][];
  inconsistent: boolean[];
  cellIdx: number[][];
  space: Space;
  n: number;
}

function put(vals: Float64Array, idx: number[], cand: Candidate): void {
  for (let k = 0; k < idx.length; k++) {
    const p = cand.cells[k];
    vals[idx[k]!] = p ? p.value : Number.NaN;
  }
}

function putReading(vals: Float64Array, idx: number[], r: Reading): void {
  for (let k = 0; k < idx.length; k++) vals[idx[k]!] = r.vals[k]!;
}

/**
 * Keep only readings that can still be part of a reading of the group satisfying every hard
 * equality: a row's reading survives a relation when the other rows' readings can make up the
 * rest (sets of reachable sums). Used only to look for readings that break nothing.
 */
function prune(ctx: Ctx, rels: Compiled[], domains: Reading[][]): boolean {
  const { space, cellIdx } = ctx;
  let changed = true;
  let rounds = 0;
  while (changed && rounds++ < 20) {
    changed = false;
    for (const c of rels) {
      if (c.rel.op !== '=' || !c.rel.hard) continue;
      const involved = [...new Set(c.all.map((i) => space.rowOf[i]!))];
      // Contribution of each reading of each involved row: lhs − rhs, or null when unknown.
      const contrib = involved.map((ri) =>
        domains[ri]!.map((rd) => {
          let s = 0;
          const idx = cellIdx[ri]!;
          for (let k = 0; k < idx.length; k++) {
            const i = idx[k]!;
            const inL = c.lhs.includes(i);
            if (!inL && !c.rhs.includes(i)) continue;
            const v = rd.vals[k]!;
            if (Number.isNaN(v)) return null;
            s += inL ? v : -v;
          }
          return round(s);
        }),
      );
      if (contrib.some((cs) => cs.some((x) => x === null))) continue;
      const sets = contrib.map((cs) => [...new Set(cs as number[])]);
      ctx.work += contrib.reduce((a, cs) => a + cs.length, 0) * c.all.length;
      if (ctx.work > MAX_WORK) return true;
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
        ctx.work += domains[ri]!.length * prefix[k]!.size;
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
function solveGroup(ctx: Ctx, members: number[], rels: Compiled[], out: Out): void {
  const { rows, kept, cellIdx, space, n } = ctx;
  // What every reading of a row agrees on, and what the relations then fix, holds in every
  // reading of the table that breaks nothing: only the rest is searched. (Most cells of most
  // tables are settled here; a clean table has nothing left to search.)
  const settled = new Float64Array(n).fill(Number.NaN);
  for (const ri of members) {
    const rds = kept[ri]!;
    cellIdx[ri]!.forEach((i, k) => {
      const v = rds[0]!.vals[k]!;
      if (!Number.isNaN(v) && rds.every((r) => r.vals[k] === v)) settled[i] = v;
    });
  }
  const settledBroken = evaluate(rels, settled, space.types, null, null, space.fixed);
  let narrowed: Reading[][] | null = null;
  if (settledBroken === 0) {
    narrowed = kept.slice();
    for (const ri of members) {
      const idx = cellIdx[ri]!;
      const bySig = new Map<string, Reading>();
      for (const r of kept[ri]!) {
        // A reading that contradicts a settled value cannot be part of a reading breaking nothing.
        if (idx.some((i, k) => !Number.isNaN(settled[i]!) && !Number.isNaN(r.vals[k]!) && Math.abs(r.vals[k]! - settled[i]!) >= EPS)) continue;
        const vals = idx.map((i, k) => (Number.isNaN(settled[i]!) ? r.vals[k]! : settled[i]!));
        // A value the reading did not have and the relations gave it is derived.
        const derived = r.derived.map((d, k) => d || Number.isNaN(r.vals[k]!) !== Number.isNaN(vals[k]!));
        const sig = vals.join('|');
        const prev = bySig.get(sig);
        if (!prev) bySig.set(sig, { ...r, vals, pieces: r.pieces.slice(), derived });
        else
          r.pieces.forEach((p, k) => {
            if (!samePiece(prev.pieces[k] ?? null, p)) prev.pieces[k] = null;
            if (derived[k]) prev.derived[k] = true;
          });
      }
      narrowed[ri] = [...bySig.values()];
      if (!narrowed[ri]!.length) narrowed = null;
      if (!narrowed) break;
    }
  }
  // First look for readings that break nothing, among those that can (pruned); else for the
  // readings that break the fewest relations, among all.
  const pruned = (narrowed ?? kept).map((k) => k.slice());
  let domains = pruned;
  let search = narrowed && prune(ctx, rels, pruned) ? runSearch(ctx, members, rels, pruned, 0) : null;
  if (!search || (search.solutions === 0 && !search.exhausted)) {
    domains = kept;
    search = runSearch(ctx, members, rels, kept, Number.POSITIVE_INFINITY);
  }
  if (search.exhausted || search.solutions === 0) {
    // Too many combinations: each row keeps what its own readings agree on, and the relations
    // derive what those agreed values fix.
    out.exhausted = out.exhausted || search.exhausted;
    const consensus = new Float64Array(n).fill(Number.NaN);
    const agreed: (Piece | null)[] = new Array(n).fill(null);
    const alts = new Map<number, number[]>();
    for (const ri of members) {
      const rds = kept[ri]!;
      cellIdx[ri]!.forEach((i, k) => {
        const values = new Set(rds.map((r) => r.vals[k]!));
        const v = rds[0]!.vals[k]!;
        if (values.size === 1 && !Number.isNaN(v)) {
          consensus[i] = v;
          agreed[i] = rds.every((r) => samePiece(r.pieces[k] ?? null, rds[0]!.pieces[k] ?? null)) ? (rds[0]!.pieces[k] ?? null) : null;
        } else
          alts.set(
            i,
            [...values].filter((x) => !Number.isNaN(x)).sort((a, b) => a - b),
          );
      });
    }
    const derived: number[] = [];
    evaluate(rels, consensus, space.types, derived, null, space.fixed);
    for (const ri of members) {
      for (const i of cellIdx[ri]!) {
        const v = consensus[i]!;
        if (Number.isNaN(v)) {
          out.cells.set(space.ids[i]!, { value: null, status: 'missing', piece: null, derived: false, alternatives: alts.get(i) ?? [] });
          continue;
        }
        const p = derived.includes(i) ? null : agreed[i]!;
        out.cells.set(space.ids[i]!, {
          value: v,
          status: p ? 'read' : 'derived',
          piece: p,
          derived: derived.includes(i) || (!p && kept[ri]!.some((r) => r.derived[cellIdx[ri]!.indexOf(i)])),
        });
      }
      out.rows.set(rows[ri]!.key, rowResult(ctx, ri, kept[ri]!, []));
    }
    return;
  }
  const s = search;
  for (const id of s.broken) if (!out.broken.includes(id)) out.broken.push(id);
  for (const ri of members) {
    for (const i of cellIdx[ri]!) {
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
      out.cells.set(space.ids[i]!, { value: v, status: p ? 'read' : 'derived', piece: p, derived: !p && s.derived[i] === 1 });
    }
  }
  for (const ri of members) {
    const used = [...s.used.get(ri)!].map((ci) => domains[ri]![ci]!);
    const fixedBy = new Set<string>();
    const sig = (r: Reading): string => r.vals.join('|');
    // Which relations ruled out the row's other readings: each tried in place of the one chosen.
    if (ctx.all[ri]!.length > 1 && new Set(used.map(sig)).size === 1) {
      let tried = 0;
      for (const alt of ctx.all[ri]!) {
        if (tried >= 64) break;
        if (sig(alt) === sig(used[0]!)) continue;
        tried++;
        const trial = new Float64Array(n).fill(Number.NaN);
        for (const rj of members) putReading(trial, cellIdx[rj]!, rj === ri ? alt : domains[rj]![s.first.get(rj)!]!);
        const broken = new Set<string>();
        evaluate(rels, trial, space.types, null, broken, space.fixed);
        for (const id of broken) if (!s.broken.includes(id)) fixedBy.add(id);
      }
    }
    out.rows.set(rows[ri]!.key, rowResult(ctx, ri, used, [...fixedBy]));
  }
}

function rowResult(ctx: Ctx, ri: number, used: Reading[], fixedBy: string[]): RowResult {
  const row = ctx.rows[ri]!;
  const shown: string[][] = [];
  const keys = new Set<string>();
  for (const r of used) {
    const k = r.vals.join('|');
    if (keys.has(k) || shown.length >= 4) continue;
    keys.add(k);
    shown.push(r.vals.map((v, j) => (Number.isNaN(v) ? '?' : r.pieces[j]?.blank ? '空' : (r.pieces[j]?.raw ?? String(v)))));
  }
  return { key: row.key, cells: [], readings: ctx.all[ri]!.length, fitting: used.length, fixedBy, shown, inconsistent: ctx.inconsistent[ri]! };
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
 * Depth-first over the rows' readings (fewest first), relations checked as soon as their rows are
 * chosen; keeps the readings breaking the fewest relations, at most `bound`.
 */
function runSearch(ctx: Ctx, members: number[], rels: Compiled[], domains: Reading[][], bound: number): Search {
  const { cellIdx, space, n } = ctx;
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
    const b = evaluate(rels, leafVals, space.types, derived, brokenHere, space.fixed);
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
      const rd = domains[ri]![choice.get(ri)!]!;
      const p = isDerived.has(i) ? null : (rd.pieces[k] ?? null);
      const prev = s.piece[i];
      if (prev === undefined) s.piece[i] = p;
      else if (prev !== null && !samePiece(prev, p)) s.piece[i] = null;
      if (isDerived.has(i) || rd.derived[k]) s.derived[i] = 1;
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
      ctx.work += rels.length * 8;
      if (++leaves > MAX_LEAVES || ctx.work > MAX_WORK) {
        s.exhausted = true;
        return;
      }
      leaf();
      return;
    }
    const ri = order[d]!;
    const rds = domains[ri]!;
    ctx.work += rds.length * (closing[d]!.length + 1);
    // (checked at every node: a search that prunes nearly everything may never reach a leaf)
    if (ctx.work > MAX_WORK) {
      s.exhausted = true;
      return;
    }
    for (let ci = 0; ci < rds.length; ci++) {
      putReading(vals, cellIdx[ri]!, rds[ci]!);
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
