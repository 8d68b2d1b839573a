/** The web app's pure helpers: cell states, source highlighting, table layouts, query strings, boxes. */
import { describe, expect, it } from 'vitest';
import { cellClass, cellState, cellTestId, names, printedRow, severityIndex, type FindingLike } from '../../web/src/lib/cells';
import { coveredColumns, shapesOf, t2Layout, t3Layout, t4Layout, valueRefs } from '../../web/src/lib/layout';
import { lineAt, pieces, splitLines, type Mark } from '../../web/src/lib/segments';
import { apiQuery, DEFAULT_FILTERS, exportUrl, filtersFrom, filtersTo } from '../../web/src/lib/query';
import { boxToRect } from '../../web/src/lib/pdf';
import { hashForPath, parseHash } from '../../web/src/lib/router';
import { dueYears, latestDueYear } from '../../web/src/lib/years';
import { fileNameOf } from '../../web/src/lib/api';
import { agencyText, totalText } from '../../web/src/lib/labels';
import { T3_DATA_ROWS } from '../../src/model/templates';

describe('cells', () => {
  const granted = { table: 't3' as const, row: 'granted', col: 'total' };
  it('a finding names a cell by table+row+col, a whole row, or a whole column', () => {
    expect(names({ severity: 'error', table: 't3', row: 'granted', col: 'total' }, granted)).toBe(true);
    expect(names({ severity: 'error', table: 't3', row: 'granted' }, granted)).toBe(true);
    expect(names({ severity: 'error', table: 't3', col: 'total' }, granted)).toBe(true);
    expect(names({ severity: 'error', table: 't3', row: 'granted', col: 'naturalPerson' }, granted)).toBe(false);
    expect(names({ severity: 'error', table: 't4', row: 'granted', col: 'total' }, granted)).toBe(false);
    // a table-only finding names no cell
    expect(names({ severity: 'error', table: 't3' }, granted)).toBe(false);
  });

  it('derived subtotals stand for their printed group, except 其他处理 which is a row of its own in 2019', () => {
    expect(printedRow('denied.subtotal')).toBe('denied');
    expect(printedRow('other.subtotal')).toBe('other.subtotal');
    expect(names({ severity: 'error', table: 't3', row: 'denied.subtotal', col: 'total' }, { table: 't3', row: 'denied', col: 'total' })).toBe(true);
  });

  it('the worst live finding wins; dismissed findings do not colour cells', () => {
    const cells = [granted, { table: 't3' as const, row: 'partial', col: 'total' }];
    const fs: FindingLike[] = [
      { severity: 'warning', table: 't3', row: 'granted' },
      { severity: 'error', table: 't3', row: 'granted', col: 'total' },
      { severity: 'error', table: 't3', row: 'partial', col: 'total', decision: { decision: 'dismissed' } },
    ];
    const idx = severityIndex(fs, cells);
    expect(idx.get('t3|granted|total')).toBe('error');
    expect(idx.has('t3|partial|total')).toBe(false);
  });

  it('cell state: finding over status; missing over info; derived shown as derived', () => {
    const c = { ...granted, value: null, status: 'missing' as const };
    expect(cellState(c, 'error')).toBe('error');
    expect(cellState(c, 'info')).toBe('missing');
    expect(cellState({ ...c, value: 3, status: 'derived' }, undefined)).toBe('derived');
    expect(cellState({ ...c, value: 3, status: 'read' }, undefined)).toBe('read');
    expect(cellState(undefined, undefined)).toBe('absent');
  });

  it('a derived value in a cell coloured by a finding keeps its 推算 mark', () => {
    const derived = cellState({ ...granted, value: 0, status: 'derived' }, 'error');
    expect(derived).toBe('error');
    expect(cellClass('derived', derived, false).split(' ')).toEqual(['vcell', 'vcell-error', 'vcell-derived-mark']);
    expect(cellClass('read', 'error', true).split(' ')).toEqual(['vcell', 'vcell-error', 'vcell-selected']);
    expect(cellClass('derived', 'derived', false).split(' ')).toEqual(['vcell', 'vcell-derived']);
  });

  it('test ids are stable and readable', () => {
    expect(cellTestId(granted)).toBe('cell-t3-granted-total');
    expect(cellTestId({ table: 't3', row: 'denied.stateSecret', col: 'naturalPerson' })).toBe('cell-t3-denied.stateSecret-naturalPerson');
  });
});

describe('source text segments', () => {
  const text = 'ab\r\ncdef\nxyz';
  const lines = splitLines(text);
  it('splits on any line break and keeps offsets', () => {
    expect(lines.map((l) => [l.no, l.start, l.text])).toEqual([
      [1, 0, 'ab'],
      [2, 4, 'cdef'],
      [3, 9, 'xyz'],
    ]);
    expect(lineAt(lines, 5)?.no).toBe(2);
    expect(lineAt(lines, 9)?.no).toBe(3);
    expect(lineAt(lines, 0)?.no).toBe(1);
  });

  it('cuts a line into plain and marked pieces; the higher priority mark wins overlaps; no character lost', () => {
    const marks: Mark[] = [
      { start: 4, end: 7, kind: 'warning' },
      { start: 5, end: 6, kind: 'active' },
    ];
    const ps = pieces(lines[1]!, marks);
    expect(ps.map((p) => [p.text, p.mark?.kind ?? null])).toEqual([
      ['c', 'warning'],
      ['d', 'active'],
      ['e', 'warning'],
      ['f', null],
    ]);
    expect(ps.map((p) => p.text).join('')).toBe('cdef');
    // a mark spanning lines covers the part on each line
    const across = pieces(lines[2]!, [{ start: 6, end: 10, kind: 'error' }]);
    expect(across.map((p) => [p.text, p.mark?.kind ?? null])).toEqual([
      ['x', 'error'],
      ['yz', null],
    ]);
  });
});

describe('statutory layouts', () => {
  it('every row of every table reaches the full width (merges consistent)', () => {
    for (const l of [t2Layout('2021'), t2Layout('2019'), t3Layout('split-other'), t3Layout('single-other'), t4Layout()]) {
      expect(coveredColumns(l.head).every((n) => n === l.columns)).toBe(true);
      expect(coveredColumns(l.body).every((n) => n === l.columns)).toBe(true);
      expect(l.widths.length).toBe(l.columns);
    }
  });

  it('表三 has one value row per data row of the template, seven values each, in statutory order', () => {
    for (const shape of ['split-other', 'single-other'] as const) {
      const l = t3Layout(shape);
      const refs = valueRefs(l);
      expect(refs.length).toBe(T3_DATA_ROWS(shape).length * 7);
      expect([...new Set(refs.map((r) => r.row))]).toEqual(T3_DATA_ROWS(shape));
      expect(refs.slice(0, 7).map((r) => r.col)).toEqual(['naturalPerson', 'commercial', 'research', 'publicWelfare', 'legalService', 'otherOrg', 'total']);
    }
    // 三、本年度办理结果 spans all outcome rows; （三）不予公开 its eight sub-rows
    const body = t3Layout('split-other').body;
    const results = body.flat().find((c) => c.kind === 'label' && c.row === 'results');
    const denied = body.flat().find((c) => c.kind === 'label' && c.row === 'denied');
    expect(results && 'rowSpan' in results ? results.rowSpan : 0).toBe(22);
    expect(denied && 'rowSpan' in denied ? denied.rowSpan : 0).toBe(8);
  });

  it('表四 is one row of 15 values: review, direct litigation, litigation after review', () => {
    const refs = valueRefs(t4Layout());
    expect(refs.length).toBe(15);
    expect(refs[0]).toEqual({ table: 't4', row: 'review', col: 'upheld' });
    expect(refs[14]).toEqual({ table: 't4', row: 'litigationAfterReview', col: 'total' });
  });

  it('表二 blocks follow the template', () => {
    expect(valueRefs(t2Layout('2021')).map((r) => `${r.row}.${r.col}`)).toContain('fees.feesWan');
    expect(valueRefs(t2Layout('2019')).map((r) => `${r.row}.${r.col}`)).toContain('procurement.amount');
    expect(shapesOf({ template: '2019', layout: { t2: null, t3: null } })).toEqual({ t2: '2019', t3: 'single-other' });
    expect(shapesOf({ template: '2021', layout: { t2: '2021', t3: 'single-other' } })).toEqual({ t2: '2021', t3: 'single-other' });
  });
});

describe('list query', () => {
  it('hash query round-trips and ignores junk', () => {
    const f = {
      ...DEFAULT_FILTERS,
      q: '洛阳',
      year: 2024,
      status: 'errors' as const,
      showSuperseded: true,
      page: 3,
      sort: 'errors' as const,
      order: 'asc' as const,
    };
    expect(filtersFrom(filtersTo(f))).toEqual(f);
    expect(filtersFrom(new URLSearchParams('year=abc&status=bad&page=-2&sort=x'))).toEqual(DEFAULT_FILTERS);
  });

  it('hides unreadable files unless asked or a status is chosen', () => {
    expect(apiQuery(DEFAULT_FILTERS).get('status')).toBe('ok,warnings,errors');
    expect(apiQuery({ ...DEFAULT_FILTERS, showUnreadable: true }).get('status')).toBeNull();
    expect(apiQuery({ ...DEFAULT_FILTERS, status: 'unreadable' }).get('status')).toBe('unreadable');
    expect(apiQuery(DEFAULT_FILTERS).has('includeSuperseded')).toBe(false);
    expect(apiQuery({ ...DEFAULT_FILTERS, showSuperseded: true }).get('includeSuperseded')).toBe('1');
  });

  it('exports take ids when rows are chosen, else the filters without paging', () => {
    expect(exportUrl('xlsx', [3, 5], DEFAULT_FILTERS)).toBe('/api/export.xlsx?ids=3%2C5');
    const u = new URL(exportUrl('csv', null, { ...DEFAULT_FILTERS, year: 2023 }), 'http://x');
    expect(u.pathname).toBe('/api/export.csv');
    expect(u.searchParams.get('year')).toBe('2023');
    expect(u.searchParams.has('page')).toBe(false);
  });
});

describe('misc', () => {
  it('a list count: every match, or 1,000+ when the server stopped counting', () => {
    expect(totalText({ total: 12, totalCapped: false })).toBe('12');
    expect(totalText({ total: 1000, totalCapped: true })).toBe('1,000+');
    expect(totalText({ total: 1234, totalCapped: false })).toBe('1,234');
    expect(totalText(null)).toBe('0');
  });

  it('PDF boxes scale from points to the displayed image', () => {
    // page rendered at 2 px/pt, 1190 px wide, shown at 595 px: 1 pt → 1 CSS px
    expect(boxToRect([100, 200, 150, 212], 1190, 595)).toEqual({ left: 100, top: 200, width: 50, height: 12 });
    expect(boxToRect([100, 200, 150, 212], 1190, 1190)).toEqual({ left: 200, top: 400, width: 100, height: 24 });
    expect(boxToRect([0, 0, 1, 1], 0, 100)).toBeNull();
  });

  it('hash routes', () => {
    expect(parseHash('#/reports/12?f=a').page).toBe('report');
    const r = parseHash('#/reports/12');
    expect(r.page === 'report' && r.id).toBe(12);
    expect(parseHash('').page).toBe('list');
    expect(parseHash('#/coverage').page).toBe('coverage');
    expect(parseHash('#/nope').page).toBe('notFound');
  });

  it('an address without # goes to its hash route, never silently to the list', () => {
    const at = (pathname: string, search = '', hash = '') => hashForPath({ pathname, search, hash });
    expect(at('/reports/19')).toBe('#/reports/19');
    expect(parseHash(at('/reports/19')!)).toMatchObject({ page: 'report', id: 19 });
    expect(at('/coverage', '?years=2024')).toBe('#/coverage?years=2024');
    expect(parseHash(at('/nope')!).page).toBe('notFound');
    expect(at('/')).toBeNull();
    expect(at('/index.html')).toBeNull();
    expect(at('/reports/19', '', '#/units')).toBeNull();
  });

  it('years offered: 2019 to last year, never the year running (its reports are due next January)', () => {
    expect(latestDueYear(new Date('2026-12-05'))).toBe(2025);
    expect(latestDueYear(new Date('2027-01-10'))).toBe(2026);
    const ys = dueYears(new Date('2026-12-05'));
    expect(ys[0]).toBe(2025);
    expect(ys[ys.length - 1]).toBe(2019);
    expect(ys).not.toContain(2026);
  });

  it('file names from Content-Disposition, UTF-8 form first', () => {
    expect(fileNameOf(`attachment; filename="a.docx"; filename*=UTF-8''%E9%97%AE%E9%A2%98.docx`)).toBe('问题.docx');
    expect(fileNameOf('attachment; filename="a.docx"')).toBe('a.docx');
    expect(fileNameOf(null)).toBeNull();
  });

  it('agency text: the report’s own name, else 未写明 with the alias', () => {
    expect(agencyText({ agency: null, agencyAlias: '区国动办' })).toBe('未写明（区国动办）');
    expect(agencyText({ agency: 'X局', agencyAlias: null })).toBe('X局');
  });
});
