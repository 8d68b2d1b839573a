/**
 * One row of the 依申请公开 register (台账): one request (件), from receipt to reply, with its fee
 * and the administrative review or litigation that followed. Field meanings and legal sources:
 * ../shared/spec/request-register.md §9 and docs/register.md. Absent facts are null, never 0.
 */
import { z } from 'zod';
import { T3_PART_COLUMNS, t3OutcomeRows } from '../model/templates.js';
import { isIsoDate } from './dates.js';

/** Table 三's six applicant columns (the model's keys). */
export const APPLICANT_TYPES = ['naturalPerson', 'commercial', 'research', 'publicWelfare', 'legalService', 'otherOrg'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
// The register's columns are the model's columns, in the same order.
if (APPLICANT_TYPES.join() !== T3_PART_COLUMNS.join()) throw new Error('register applicant types differ from table 三 columns');

/** How the request came in (条例第二十九条、第三十一条). */
export const CHANNELS = ['inPerson', 'oral', 'postSigned', 'postOrdinary', 'online', 'fax', 'email', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Table 三's outcome rows of the 2021 format, by the model's keys (（六）其他处理 split in three). */
export const OUTCOMES = t3OutcomeRows('split-other') as [string, ...string[]];
export type OutcomeKey = string;

export const CASE_RESULTS = ['upheld', 'corrected', 'other'] as const;
export type CaseResult = (typeof CASE_RESULTS)[number];

/** Register dates: real calendar dates of 2000–2099 (a serial number read as 1900 is a mistake, not a date). */
const date = z.string().refine((s) => isIsoDate(s) && s >= '2000-01-01' && s <= '2099-12-31', { message: '应为2000至2099年间的有效日期（YYYY-MM-DD）' });
const optDate = date.nullable().default(null);
const money = z
  .number()
  .nonnegative()
  .refine((x) => Number.isFinite(x) && Math.abs(Math.round(x * 100) - x * 100) < 1e-6, { message: '金额最多保留两位小数（元）' });

/** A consultation under 条例第三十二条 (third party) or 第三十四条 (other agencies): time not counted. */
export const consultationSchema = z.strictObject({
  kind: z.enum(['thirdParty', 'otherAgency']),
  /** The day the request for an opinion went out. */
  from: date,
  /** The day the opinion came back; null while waiting (the 15 working days the law gives then bound it). */
  to: optDate,
});

/** 条例第三十三条第二款: at most 20 more working days, approved by the head of the office and notified. */
export const extensionSchema = z.strictObject({
  days: z.number().int().min(1).max(20),
  approvedDate: optDate,
  noticeDate: optDate,
});

/** 条例第三十五条: reasons asked for a request beyond a reasonable range; a later date set and notified. */
export const art35Schema = z.strictObject({
  reasonRequestDate: date,
  delayedDueDate: optDate,
});

/** 信息处理费 (国办函〔2020〕109号): one method per request. */
export const feeSchema = z.strictObject({
  /** perRequest 按件 (第四条), perPage 按量 (第五条). */
  method: z.enum(['perRequest', 'perPage']),
  /** 按量: pages provided (A4 pages, or pages of copied electronic data). Null for 按件. */
  pages: z.number().int().min(1).nullable().default(null),
  noticeDate: date,
  /** The day the applicant received the notice (the 20 working days to pay run from the next day). */
  noticeReceivedDate: optDate,
  amountYuan: money,
  paidDate: optDate,
  paidAmountYuan: money.nullable().default(null),
  waived: z.boolean().default(false),
});

/** One administrative review or lawsuit about the request; result null while pending (尚未审结). */
export const caseSchema = z.strictObject({
  filedDate: date,
  result: z.enum(CASE_RESULTS).nullable().default(null),
  decidedDate: optDate,
});

export const registerRowSchema = z.strictObject({
  /** The agency's serial, e.g. 2024-依-0012. */
  id: z.string().trim().min(1),
  /** Normalised applicant identity (ID number, 统一社会信用代码, or a hash): 109号 counts per applicant and month. */
  applicantKey: z.string().trim().min(1),
  applicantType: z.enum(APPLICANT_TYPES),
  /** The applicant type as written, kept so a changed mapping can be re-applied. */
  applicantTypeRaw: z.string().nullable().default(null),
  channel: z.enum(CHANNELS),
  /** 当面/口头: the day handed in. */
  submittedAt: optDate,
  /** 邮寄 (signed for): the day the agency signed. */
  signedAt: optDate,
  /** 平常信函, 互联网, 传真, 电子邮件: the day receipt was confirmed (both sides). */
  confirmedAt: optDate,
  /** Entered receipt day: used only when the channel's own date is absent (channel 其他, or old records). */
  receivedDate: optDate,
  /** What was asked (no personal data). */
  subject: z.string().trim().min(1),
  /** The request this row was split from (一事一申请); rows with the same value are its items. */
  splitFrom: z.string().trim().min(1).nullable().default(null),
  correctionNoticeDate: optDate,
  /** The period for 补正 the notice gave the applicant. */
  correctionDueDate: optDate,
  correctionReceivedDate: optDate,
  consultations: z.array(consultationSchema).default([]),
  extension: extensionSchema.nullable().default(null),
  art35: art35Schema.nullable().default(null),
  /** One of table 三's outcome rows; null while the request is pending. */
  outcome: z.enum(OUTCOMES).nullable().default(null),
  /** The day of the written reply or decision (for a withdrawal: the day the agency closed it). */
  replyDate: optDate,
  fee: feeSchema.nullable().default(null),
  review: caseSchema.nullable().default(null),
  /** A lawsuit: afterReview 复议后起诉, else 未经复议直接起诉. */
  litigation: caseSchema.extend({ afterReview: z.boolean() }).nullable().default(null),
  notes: z.string().nullable().default(null),
});

/** A register row as stored (every optional fact present, null when absent). */
export type RegisterRow = z.output<typeof registerRowSchema>;
/** A register row as given (optional facts may be left out). */
export type RegisterRowInput = z.input<typeof registerRowSchema>;
export type Consultation = RegisterRow['consultations'][number];
export type Fee = NonNullable<RegisterRow['fee']>;
export type Case = NonNullable<RegisterRow['review']>;
