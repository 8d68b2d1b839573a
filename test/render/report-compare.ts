/**
 * What a report writer's round trip is checked on: the record read back by parseReport against
 * the record written. Tables cell by cell, nulls included; the agency, year, template and layout;
 * the six section headings; the narrative facts.
 *
 * A blank cell: the parser reads an empty cell (and a null mark such as —) as 0 with the flag
 * `zeroInferred` (spec C4: reports leave zeros blank), so `tables` holds 0 and the cell list says
 * it was blank. Read back here as null — the only cells so flagged are the blanks written, since
 * a written 0 is the digit 0 — and the flag's raw text must be the blank the writer wrote.
 */
import { SECTIONS } from '../../src/model/templates.js';
import type { Report, Table } from '../../src/model/report.js';
import { TABLES } from './records.js';

export interface ReadBack {
  tables: Report['tables'];
  /** Cells not plainly read (derived, missing, split, placed by a relation, a blank with unexpected text). */
  problems: string[];
}

/** The parsed record's tables with blank cells as null; `blank` is the text a blank cell holds in the format ('' or —). */
export function readBack(parsed: Report, blank: string): ReadBack {
  const problems: string[] = [];
  const cells = new Map(parsed.cells.map((c) => [`${c.table}|${c.row}|${c.col}`, c]));
  const tables: Report['tables'] = { t2: null, t3: null, t4: null };
  for (const t of TABLES) {
    const src = parsed.tables[t];
    if (!src) continue;
    const out: Table = {};
    for (const [row, cols] of Object.entries(src)) {
      out[row] = {};
      for (const [col, v] of Object.entries(cols)) {
        const c = cells.get(`${t}|${row}|${col}`);
        const flags = c?.flags ?? [];
        const isBlank = flags.includes('zeroInferred');
        if (!c) problems.push(`${t}.${row}.${col}: no cell record`);
        else if (c.status !== 'read') problems.push(`${t}.${row}.${col}: ${c.status}`);
        if (flags.some((f) => f !== 'zeroInferred')) problems.push(`${t}.${row}.${col}: flags ${flags.join(',')}`);
        if (isBlank && (v !== 0 || (c?.raw ?? '') !== blank)) problems.push(`${t}.${row}.${col}: blank read as ${v} from «${c?.raw}»`);
        out[row]![col] = isBlank ? null : v;
      }
    }
    tables[t] = out;
  }
  return { tables, problems };
}

/** Every difference between the record written and the one read back (empty: the same). */
export function differences(written: Report, parsed: Report, blank: string): string[] {
  const out: string[] = [];
  const back = readBack(parsed, blank);
  out.push(...back.problems);
  for (const t of TABLES) {
    const a = written.tables[t];
    const b = back.tables[t];
    if (!a || !b) {
      if (a !== b) out.push(`${t}: ${a ? 'not read back' : 'read back from nothing'}`);
      continue;
    }
    for (const [row, cols] of Object.entries(a))
      for (const [col, v] of Object.entries(cols)) {
        const got = b[row]?.[col];
        if (got !== v) out.push(`${t}.${row}.${col}: wrote ${v}, read ${got === undefined ? 'nothing' : got}`);
      }
    for (const [row, cols] of Object.entries(b))
      for (const col of Object.keys(cols)) if (a[row]?.[col] === undefined) out.push(`${t}.${row}.${col}: read ${cols[col]}, not written`);
  }
  for (const k of ['agency', 'year', 'template'] as const) if (parsed[k] !== written[k]) out.push(`${k}: wrote ${written[k]}, read ${parsed[k]}`);
  if (JSON.stringify(parsed.layout) !== JSON.stringify(written.layout))
    out.push(`layout: wrote ${JSON.stringify(written.layout)}, read ${JSON.stringify(parsed.layout)}`);
  for (const s of SECTIONS) {
    const a = written.sections.find((x) => x.key === s.key)?.heading;
    const b = parsed.sections.find((x) => x.key === s.key)?.heading;
    if (a !== b) out.push(`${s.key} heading: wrote ${a}, read ${b}`);
  }
  const facts = (r: Report): unknown => {
    const n = r.narrative;
    return [
      n.proactiveItems,
      n.requestsReceived,
      n.noRequests,
      n.noReviewOrLitigation,
      n.infoFee.noticeCount,
      n.infoFee.noticeAmount,
      n.infoFee.collectedAmount,
      n.infoFee.compliance,
    ];
  };
  if (JSON.stringify(facts(parsed)) !== JSON.stringify(facts(written)))
    out.push(`narrative: wrote ${JSON.stringify(facts(written))}, read ${JSON.stringify(facts(parsed))}`);
  return out;
}
