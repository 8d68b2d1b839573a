import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { reportJsonSchema, reportSchema } from '../../src/model/schema.js';
import { report } from './helpers.js';

describe('record schema nianbao.report/1', () => {
  it('accepts what the parser produces, for a good report and for junk', () => {
    expect(reportSchema.safeParse(parseTextReport(report(), { path: 'x.txt' })).error).toBeUndefined();
    expect(reportSchema.safeParse(parseTextReport('不是报告')).error).toBeUndefined();
  });
  it('rejects a record with a cell whose status is unknown', () => {
    const r = parseTextReport(report());
    (r.cells[0] as { status: string }).status = 'guessed';
    expect(reportSchema.safeParse(r).success).toBe(false);
  });
  it('the published JSON Schema is up to date (npm run schema)', () => {
    const published = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schema', 'report.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(reportJsonSchema())));
  });
});
