/** Chinese names of the register's fields and values: one naming for messages, the XLSX template and its import. */
import { T3_COLUMNS, t3RowName } from '../model/templates.js';
import { APPLICANT_TYPES, CHANNELS, OUTCOMES, type ApplicantType, type CaseResult, type Channel } from './row.js';

export const APPLICANT_LABELS: Record<ApplicantType, string> = Object.fromEntries(
  APPLICANT_TYPES.map((k) => [k, T3_COLUMNS.find((c) => c.key === k)!.label]),
) as Record<ApplicantType, string>;

export const CHANNEL_LABELS: Record<Channel, string> = {
  inPerson: '当面提交',
  oral: '口头提出',
  postSigned: '邮寄（签收）',
  postOrdinary: '平常信函',
  online: '互联网',
  fax: '传真',
  email: '电子邮件',
  other: '其他',
};
/** Other spellings accepted on import. */
export const CHANNEL_ALIASES: Record<string, Channel> = {
  当面: 'inPerson',
  现场: 'inPerson',
  现场提交: 'inPerson',
  口头: 'oral',
  邮寄: 'postSigned',
  邮寄签收: 'postSigned',
  挂号信: 'postSigned',
  快递: 'postSigned',
  平信: 'postOrdinary',
  信函: 'postOrdinary',
  互联网渠道: 'online',
  网上申请: 'online',
  网络: 'online',
  在线: 'online',
  政府网站: 'online',
  电子邮箱: 'email',
  邮件: 'email',
};
if (CHANNELS.some((c) => !CHANNEL_LABELS[c])) throw new Error('channel without a label');

/** Outcome as a reviewer names the table 三 row: 予以公开, 不予公开-属于国家秘密, 其他处理-其他. */
export const OUTCOME_LABELS: Record<string, string> = Object.fromEntries(OUTCOMES.map((k) => [k, t3RowName(k)]));

export const CASE_RESULT_LABELS: Record<CaseResult, string> = { upheld: '结果维持', corrected: '结果纠正', other: '其他结果' };
export const PENDING_LABEL = '尚未审结';

export const FEE_METHOD_LABELS = { perRequest: '按件', perPage: '按量' } as const;
export const LITIGATION_LABELS = { direct: '未经复议直接起诉', afterReview: '复议后起诉' } as const;

/** Field paths of a row → the column header that holds them. */
export const FIELD_LABELS: Record<string, string> = {
  id: '编号',
  applicantKey: '申请人标识',
  applicantType: '申请人类别',
  applicantTypeRaw: '申请人类别（原文）',
  channel: '申请渠道',
  submittedAt: '提交日期',
  signedAt: '签收日期',
  confirmedAt: '确认收到日期',
  receivedDate: '收到申请日期',
  subject: '申请内容',
  splitFrom: '拆分自',
  correctionNoticeDate: '补正告知日期',
  correctionDueDate: '补正期限',
  correctionReceivedDate: '补正后收到日期',
  'consultations.thirdParty': '征求第三方意见期间',
  'consultations.otherAgency': '征求其他机关意见期间',
  'extension.days': '延期工作日数',
  'extension.approvedDate': '延期批准日期',
  'extension.noticeDate': '延期告知日期',
  'art35.reasonRequestDate': '要求说明理由日期',
  'art35.delayedDueDate': '另行确定的答复期限',
  outcome: '办理结果',
  replyDate: '答复日期',
  'fee.method': '收费方式',
  'fee.pages': '计费页数',
  'fee.noticeDate': '收费通知日期',
  'fee.noticeReceivedDate': '收费通知送达日期',
  'fee.amountYuan': '收费金额（元）',
  'fee.paidDate': '缴费日期',
  'fee.paidAmountYuan': '实缴金额（元）',
  'fee.waived': '免收',
  'review.filedDate': '行政复议申请日期',
  'review.result': '行政复议结果',
  'review.decidedDate': '行政复议决定日期',
  'litigation.afterReview': '行政诉讼类型',
  'litigation.filedDate': '起诉日期',
  'litigation.result': '诉讼结果',
  'litigation.decidedDate': '诉讼审结日期',
  notes: '备注',
};

/** 「收费金额（元）」 — the column of a field, for messages. */
export const fieldName = (field: string): string => `「${FIELD_LABELS[field] ?? FIELD_LABELS[field.split('.')[0]!] ?? field}」`;
