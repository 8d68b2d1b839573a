/**
 * fast-check arbitraries for VALID reports (every relation of spec §7.1 holds) of the 2019 and
 * 2021 templates and the hybrid (2021 table 二 with a single （六）其他处理 row), and for layout
 * options. Numbers are drawn raw and made valid by the builders of values.ts, so shrinking keeps
 * reports valid and moves towards zeros and the plainest layout.
 *
 * Test-time only: fast-check is a dev dependency.
 */
import fc from 'fast-check';
import { T3_PART_COLUMNS, T4_GROUPS, t3OutcomeRows, type T3Shape } from '../model/templates.js';
import { LAYOUT_FAMILIES, TITLE_FORMS, type LayoutFamily, type LayoutOptions } from './render-text.js';
import { Rng } from './rng.js';
import {
  agencyName,
  buildT2of2019,
  buildT2of2021,
  buildT3,
  buildT4,
  shapeOfKind,
  type FeeFacts,
  type Grid,
  type ReportKind,
  type ReportValues,
  type Scale,
} from './values.js';

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>): fc.WeightedArbitrary<T> => ({ weight, arbitrary });

/** How big a report's numbers are: most real reports are all zeros or small. */
export const scaleArb: fc.Arbitrary<Scale> = fc.oneof(
  w(3, fc.constant<Scale>('zero')),
  w(4, fc.constant<Scale>('small')),
  w(2, fc.constant<Scale>('medium')),
  w(1, fc.constant<Scale>('large')),
);

/** One count at a scale: mostly 0 and small numbers; at 'large' sometimes ≥ 1000. */
export function countArb(scale: Scale): fc.Arbitrary<number> {
  switch (scale) {
    case 'zero':
      return fc.constant(0);
    case 'small':
      return fc.oneof(w(6, fc.constant(0)), w(3, fc.integer({ min: 1, max: 5 })), w(1, fc.integer({ min: 6, max: 30 })));
    case 'medium':
      return fc.oneof(w(4, fc.constant(0)), w(3, fc.integer({ min: 1, max: 20 })), w(2, fc.integer({ min: 21, max: 300 })));
    case 'large':
      return fc.oneof(
        w(5, fc.constant(0)),
        w(2, fc.integer({ min: 1, max: 50 })),
        w(1, fc.integer({ min: 51, max: 999 })),
        w(1, fc.integer({ min: 1000, max: 40000 })),
      );
  }
}

const counts = (n: number, scale: Scale): fc.Arbitrary<number[]> => fc.array(countArb(scale), { minLength: n, maxLength: n });

/** Table 三, valid (row sums, balance per column, outcome sum). */
export function t3Arb(shape: T3Shape, scale: Scale): fc.Arbitrary<Grid> {
  const n = T3_PART_COLUMNS.length;
  return fc
    .record({
      outcomes: fc.array(counts(n, scale), { minLength: t3OutcomeRows(shape).length, maxLength: t3OutcomeRows(shape).length }),
      carriedOver: counts(n, scale),
      carriedForward: counts(n, scale),
    })
    .map((d) => buildT3(shape, d));
}

/** Table 四, valid (group sums). */
export function t4Arb(scale: Scale): fc.Arbitrary<Grid> {
  const s: Scale = scale === 'zero' ? 'zero' : 'small';
  return fc.array(counts(4, s), { minLength: T4_GROUPS.length, maxLength: T4_GROUPS.length }).map(buildT4);
}

/** Fees in 元, shown in 万元 with 0–4 decimals; sometimes ≥ 1000 万元. */
const feeUnitsArb = fc.oneof(w(6, fc.constant(0)), w(3, fc.integer({ min: 1, max: 3_000_000 })), w(1, fc.integer({ min: 10_000_000, max: 100_000_000 })));

/** Table 二 of the 2021 template. */
export function t2of2021Arb(scale: Scale): fc.Arbitrary<Grid> {
  return fc
    .record({
      regulations: counts(3, 'small'),
      normativeDocuments: counts(3, scale),
      licensing: countArb(scale),
      penalty: countArb(scale),
      coercion: countArb('small'),
      feeUnits: feeUnitsArb,
      feeDecimals: fc.integer({ min: 0, max: 4 }),
    })
    .map(buildT2of2021);
}

const changeArb = fc.oneof(w(3, fc.constant(0)), w(2, fc.integer({ min: -20, max: 20 })));

/** Table 二 of the 2019 template; 本年增/减 may be negative. */
export function t2of2019Arb(scale: Scale): fc.Arbitrary<Grid> {
  const items = fc.tuple(countArb(scale), changeArb, countArb(scale)).map((t) => [...t]);
  return fc
    .record({
      regulations: counts(3, 'small'),
      normativeDocuments: counts(3, scale),
      licensing: items,
      otherServices: items,
      penalty: items,
      coercion: items,
      fees: fc.tuple(countArb('small'), changeArb).map((t) => [...t]),
      procurement: fc
        .tuple(countArb('small'), fc.oneof(w(1, fc.constant(0)), w(1, fc.integer({ min: 1, max: 5_000_000 }))), fc.integer({ min: 0, max: 2 }))
        .map((t) => [...t]),
    })
    .map(buildT2of2019);
}

/** Section 六 fee facts consistent with table 三 (notices ≥ requests dropped for unpaid fees). */
function feeArb(kind: ReportKind, t3: Grid): fc.Arbitrary<FeeFacts> {
  if (kind === '2019') return fc.constantFrom<FeeFacts>({ kind: 'absent' }, { kind: 'none-collected' });
  const overdue = t3['other.overdueFee']?.['total'] ?? 0;
  const full = fc
    .record({
      extra: fc.oneof(w(3, fc.constant(0)), w(1, fc.integer({ min: 1, max: 5 }))),
      amount: fc.integer({ min: 0, max: 2000 }),
      paidShare: fc.integer({ min: 0, max: 100 }),
    })
    .map(({ extra, amount, paidShare }): FeeFacts => {
      const noticeCount = overdue + extra;
      const noticeAmount = noticeCount === 0 ? 0 : amount;
      return { kind: 'full', noticeCount, noticeAmount, collectedAmount: Math.floor((noticeAmount * paidShare) / 100) };
    });
  return fc.oneof(w(2, fc.constant<FeeFacts>({ kind: 'none-collected' })), w(1, fc.constant<FeeFacts>({ kind: 'absent' })), w(2, full));
}

/** A made-up agency name (drawn from a seed: shrinking it is meaningless, so it does not shrink). */
export const agencyArb: fc.Arbitrary<string> = fc.noShrink(fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((s) => agencyName(new Rng(s))));

export const kindArb: fc.Arbitrary<ReportKind> = fc.oneof(
  w(5, fc.constant<ReportKind>('2021')),
  w(3, fc.constant<ReportKind>('2019')),
  w(2, fc.constant<ReportKind>('hybrid')),
);

/** A valid report of the given kinds (default: all three). */
export function reportValuesArb(opts: { kinds?: ReportKind[] } = {}): fc.Arbitrary<ReportValues> {
  const kinds = opts.kinds ? fc.constantFrom(...opts.kinds) : kindArb;
  return fc.record({ kind: kinds, scale: scaleArb, t2Scale: fc.constantFrom<Scale>('small', 'medium', 'large') }).chain(({ kind, scale, t2Scale }) => {
    const { template, t3Shape } = shapeOfKind(kind);
    return fc
      .record({
        agency: agencyArb,
        year: kind === '2019' ? fc.integer({ min: 2019, max: 2020 }) : fc.integer({ min: 2021, max: 2025 }),
        t2: template === '2021' ? t2of2021Arb(t2Scale) : t2of2019Arb(t2Scale),
        t3: t3Arb(t3Shape, scale),
        t4: t4Arb(scale),
        proactiveItems: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
        mentionRequests: fc.boolean(),
      })
      .chain((r) =>
        feeArb(kind, r.t3).map((fee): ReportValues => ({
          agency: r.agency,
          year: r.year,
          template,
          t3Shape,
          tables: { t2: r.t2, t3: r.t3, t4: r.t4 },
          narrative: { proactiveItems: r.proactiveItems, mentionRequests: r.mentionRequests, fee },
        })),
      );
  });
}

/** Layout options for one family (or any), every option explicit so shrinking reaches the plainest layout. */
export function layoutArb(family?: LayoutFamily): fc.Arbitrary<LayoutOptions> {
  return fc.record({
    family: family ? fc.constant(family) : fc.constantFrom(...LAYOUT_FAMILIES),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    labelWidth: fc.integer({ min: 4, max: 40 }),
    cellWidth: fc.integer({ min: 2, max: 6 }),
    valueWrap: fc.constantFrom(0, 0.1, 0.3, 0.6),
    proseWidth: fc.integer({ min: 20, max: 50 }),
    variants: fc.boolean(),
    kangxi: fc.boolean(),
    fullWidth: fc.constantFrom<'none' | 'values' | 'all'>('none', 'values', 'all'),
    thousands: fc.boolean(),
    noise: fc.boolean(),
    titleForm: fc.integer({ min: 0, max: TITLE_FORMS.length - 1 }),
    titleAfterHeading: fc.boolean(),
    headingNumbers: fc.constantFrom<'cn' | 'arabic23'>('cn', 'arabic23'),
    blankLines: fc.boolean(),
  });
}
