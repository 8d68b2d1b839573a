/**
 * Placing a row's value tokens into its columns.
 *
 * When a row has exactly as many tokens as declared columns, they are placed in order and that
 * is all: a row whose numbers do not add up is the source's error, for the checks to report.
 * When it has fewer (cells lost, or digits of several cells run together), every placement is
 * tried — tokens kept in order, missing slots anywhere, digit runs split — and only placements
 * that satisfy the row's relations survive. A cell gets a value only if every surviving
 * placement gives it the same value; otherwise it stays missing. Never a guess.
 */
import type { Token } from './stream.js';

export interface Relation {
  parts: string[];
  total: string;
}

export interface Placed {
  value: number;
  /** Index of the token the value came from (null: computed from a relation). */
  token: number | null;
  /** The token was a run of digits split into several cells. */
  split: boolean;
}

export interface Placement {
  /** Column → value, for the columns whose value is certain. */
  cells: Map<string, Placed & { status: 'read' | 'derived' }>;
  /** How the row was resolved. */
  mode: 'direct' | 'solved' | 'ambiguous' | 'impossible' | 'overflow';
  /** Number of placements that satisfied the relations. */
  survivors: number;
}

const MAX_HYPOTHESES = 50_000;

interface Piece {
  value: number;
  token: number;
  split: boolean;
}

/** All ways to cut a digit string into k numbers without leading zeros. */
function cuts(digits: string, k: number): number[][] {
  const out: number[][] = [];
  const rec = (pos: number, left: number, acc: number[]): void => {
    if (out.length > 2000) return;
    if (left === 1) {
      const rest = digits.slice(pos);
      if (rest.length && (rest === '0' || rest[0] !== '0')) out.push([...acc, Number(rest)]);
      return;
    }
    for (let end = pos + 1; end <= digits.length - (left - 1); end++) {
      const part = digits.slice(pos, end);
      if (part.length > 1 && part[0] === '0') break;
      acc.push(Number(part));
      rec(end, left - 1, acc);
      acc.pop();
      if (part === '0') break;
    }
  };
  rec(0, k, []);
  return out;
}

/** Sequences of pieces from tokens, splitting splittable tokens, of total length ≤ max. */
function pieceSequences(tokens: Token[], max: number): Piece[][] {
  const out: Piece[][] = [];
  const rec = (i: number, acc: Piece[]): void => {
    if (out.length >= MAX_HYPOTHESES) return;
    if (acc.length + (tokens.length - i) > max) return;
    if (i === tokens.length) {
      out.push(acc.slice());
      return;
    }
    const t = tokens[i]!;
    acc.push({ value: t.value, token: i, split: false });
    rec(i + 1, acc);
    acc.pop();
    if (t.splittable) {
      const room = max - acc.length - (tokens.length - i - 1);
      const digits = t.raw;
      for (let k = 2; k <= Math.min(room, digits.length); k++) {
        for (const parts of cuts(digits, k)) {
          for (const v of parts) acc.push({ value: v, token: i, split: true });
          rec(i + 1, acc);
          acc.length -= parts.length;
        }
      }
    }
  };
  rec(0, []);
  return out;
}

/** Choose which of n slots the m pieces occupy (in order). */
function* slotChoices(n: number, m: number): Generator<number[]> {
  const idx: number[] = [];
  function* rec(start: number): Generator<number[]> {
    if (idx.length === m) {
      yield idx.slice();
      return;
    }
    for (let s = start; s <= n - (m - idx.length); s++) {
      idx.push(s);
      yield* rec(s + 1);
      idx.pop();
    }
  }
  yield* rec(0);
}

type Values = Map<string, Placed>;

/** Apply relations to fill unknowns; false if the values contradict a relation. */
function propagate(values: Values, relations: Relation[], integer: boolean): boolean {
  let changed = true;
  while (changed) {
    changed = false;
    for (const r of relations) {
      const unknownParts = r.parts.filter((p) => !values.has(p));
      const known = r.parts.filter((p) => values.has(p)).reduce((s, p) => s + values.get(p)!.value, 0);
      const tot = values.get(r.total);
      if (!tot) {
        if (unknownParts.length === 0) {
          values.set(r.total, { value: round(known), token: null, split: false });
          changed = true;
        }
        continue;
      }
      const rest = round(tot.value - known);
      if (unknownParts.length === 0) {
        if (Math.abs(rest) > 1e-9) return false;
      } else if (rest < -1e-9 || (integer && !Number.isInteger(rest))) {
        return false;
      } else if (unknownParts.length === 1) {
        values.set(unknownParts[0]!, { value: rest, token: null, split: false });
        changed = true;
      } else if (Math.abs(rest) < 1e-9) {
        for (const p of unknownParts) values.set(p, { value: 0, token: null, split: false });
        changed = true;
      }
    }
  }
  return true;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * Place `tokens` into `slots` (the declared columns, in order). `columns` are all columns of the
 * row (declared or not); `relations` hold between them.
 */
export function place(tokens: Token[], slots: string[], columns: string[], relations: Relation[], opts: { integer?: boolean } = {}): Placement {
  const integer = opts.integer ?? true;
  if (tokens.length > slots.length) return { cells: new Map(), mode: 'overflow', survivors: 0 };
  if (tokens.length === slots.length) {
    const cells = new Map<string, Placed & { status: 'read' | 'derived' }>();
    for (let i = 0; i < slots.length; i++) cells.set(slots[i]!, { value: tokens[i]!.value, token: i, split: false, status: 'read' });
    // Columns the header does not have may still be fixed by a relation.
    if (slots.length < columns.length) {
      const trial: Values = new Map(cells);
      if (propagate(trial, relations, integer)) {
        for (const [k, v] of trial) if (!cells.has(k)) cells.set(k, { value: v.value, token: v.token, split: v.split, status: 'derived' });
      }
    }
    return { cells, mode: 'direct', survivors: 1 };
  }
  // Fewer tokens than slots: enumerate placements, cheapest explanation first. Each lost cell
  // costs 1 and each token split into several cells costs 1 (a row glued into one run of digits
  // is one fault; 0 0 0 0 0 22 is as well explained by a lost cell as by 2|2). All placements of
  // the lowest cost that satisfy the relations must agree on a cell for it to get a value.
  let survivors = 0;
  let agreed: Map<string, Placed & { sameToken: boolean }> | null = null;
  let count = 0;
  const costOf = (seq: Piece[]): number => new Set(seq.filter((p) => p.split).map((p) => p.token)).size + (slots.length - seq.length);
  const byCost = new Map<number, Piece[][]>();
  for (const seq of pieceSequences(tokens, slots.length)) {
    const c = costOf(seq);
    let list = byCost.get(c);
    if (!list) byCost.set(c, (list = []));
    list.push(seq);
  }
  for (const cost of [...byCost.keys()].sort((a, b) => a - b)) {
    for (const seq of byCost.get(cost)!) {
      for (const choice of slotChoices(slots.length, seq.length)) {
        if (++count > MAX_HYPOTHESES) return { cells: new Map(), mode: 'ambiguous', survivors };
        const values: Values = new Map();
        choice.forEach((slot, i) => values.set(slots[slot]!, seq[i]!));
        if (!propagate(values, relations, integer)) continue;
        // A split must be confirmed: every relation it touches fully read, none derived.
        if (seq.some((p) => p.split)) {
          const touched = relations.filter((r) => [...r.parts, r.total].some((c) => values.get(c)?.split));
          const confirmed = touched.length > 0 && touched.every((r) => [...r.parts, r.total].every((c) => values.has(c) && values.get(c)!.token !== null));
          if (!confirmed) continue;
        }
        survivors++;
        if (!agreed) {
          agreed = new Map();
          for (const c of columns) {
            const v = values.get(c);
            if (v) agreed.set(c, { ...v, sameToken: v.token !== null });
          }
        } else {
          for (const [c, a] of agreed) {
            const v = values.get(c);
            if (!v || Math.abs(v.value - a.value) > 1e-9) agreed.delete(c);
            else if (v.token !== a.token || v.split !== a.split) a.sameToken = false;
          }
        }
      }
    }
    if (survivors > 0) break;
  }
  if (!agreed || survivors === 0) return { cells: new Map(), mode: 'impossible', survivors: 0 };
  const cells = new Map<string, Placed & { status: 'read' | 'derived' }>();
  for (const [c, a] of agreed) cells.set(c, { value: a.value, token: a.sameToken ? a.token : null, split: a.split, status: a.sameToken ? 'read' : 'derived' });
  const complete = columns.every((c) => cells.has(c));
  return { cells, mode: complete ? 'solved' : 'ambiguous', survivors };
}
