/** Every rule, in the order findings are listed: structure first, then tables, sections, prose, wording and dates, other years. */
import type { Rule } from '../rule.js';
import { mColumn } from './m-column.js';
import { mHybrid } from './m-hybrid.js';
import { mRow } from './m-row.js';
import { mSection } from './m-section.js';
import { mTable } from './m-table.js';
import { mVersion } from './m-version.js';
import { nNoRequests } from './n-no-requests.js';
import { nRequests } from './n-requests.js';
import { nReview } from './n-review.js';
import { cDateConsistency } from './c-date-consistency.js';
import { cDeadline } from './c-deadline.js';
import { cOverviewFiveAspects } from './c-overview-five-aspects.js';
import { cPersonalInfo } from './c-personal-info.js';
import { cSensitiveText } from './c-sensitive-text.js';
import { s4VsS3 } from './s4-vs-s3.js';
import { s6FeeConsistency } from './s6-fee-consistency.js';
import { s6FeePresent } from './s6-fee-present.js';
import { s6FeeVsTable3 } from './s6-fee-vs-table3.js';
import { t2Domain } from './t2-domain.js';
import { t2FeePrecision } from './t2-fee-precision.js';
import { t2IssuedVsInForce } from './t2-issued-vs-in-force.js';
import { t2PublishedVsTotal } from './t2-published-vs-total.js';
import { t3Balance } from './t3-balance.js';
import { t3CellSuspect } from './t3-cell-suspect.js';
import { t3Domain } from './t3-domain.js';
import { t3OutcomeSum } from './t3-outcome-sum.js';
import { t3RowSum } from './t3-row-sum.js';
import { t4Domain } from './t4-domain.js';
import { t4GroupSum } from './t4-group-sum.js';
import { xCarryOver } from './x-carry-over.js';
import { xInForceRoll } from './x-in-force-roll.js';

export const RULES: Rule[] = [
  mVersion,
  mHybrid,
  mSection,
  mTable,
  mRow,
  mColumn,
  t3Balance,
  t3OutcomeSum,
  t3RowSum,
  t3CellSuspect,
  t3Domain,
  t4GroupSum,
  t4Domain,
  t2Domain,
  t2FeePrecision,
  t2IssuedVsInForce,
  t2PublishedVsTotal,
  s6FeePresent,
  s6FeeConsistency,
  s6FeeVsTable3,
  s4VsS3,
  nRequests,
  nNoRequests,
  nReview,
  cPersonalInfo,
  cSensitiveText,
  cDateConsistency,
  cDeadline,
  cOverviewFiveAspects,
  xCarryOver,
  xInForceRoll,
];
