/** Every check of a register at once: rows, duplicates and split items, deadlines, fees. */
import { CHINA } from './calendar.js';
import { deadlines, type Deadline, type DeadlineOptions } from './deadline.js';
import { assessFees, type FeeAssessment } from './fees.js';
import type { RegisterFinding } from './finding.js';
import type { RegisterRow } from './row.js';
import { problemFinding, registerProblems, rowProblems } from './validate.js';

export interface RegisterCheck {
  findings: RegisterFinding[];
  deadlines: Deadline[];
  fees: FeeAssessment[];
}

/** The findings of a register (errors first), each row's deadline and flags on `asOf`, and its fee assessment. */
export function checkRegister(rows: RegisterRow[], opts: DeadlineOptions = {}): RegisterCheck {
  const cal = opts.calendar ?? CHINA;
  const findings: RegisterFinding[] = [];
  for (const r of rows) for (const p of rowProblems(r, cal)) findings.push(problemFinding(r.id, p));
  for (const { index, problem } of registerProblems(rows)) findings.push(problemFinding(rows[index]!.id, problem));
  const d = deadlines(rows, opts);
  findings.push(...d.findings);
  const fees = assessFees(rows);
  findings.push(...fees.findings);
  const rank = { error: 0, warning: 1, info: 2 } as const;
  findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
  return { findings, deadlines: d.rows, fees: fees.rows };
}
