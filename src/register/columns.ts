/**
 * The columns of the register's spreadsheet, in order: the field each holds, how it is read, and
 * what the template's 填写说明 says about it. Headers are FIELD_LABELS (labels.ts).
 */
import { FIELD_LABELS } from './labels.js';

export type ColumnKind =
  'text' | 'date' | 'int' | 'money' | 'bool' | 'periods' | 'applicantType' | 'channel' | 'outcome' | 'feeMethod' | 'caseResult' | 'litigationType';

export interface RegisterColumn {
  field: string;
  header: string;
  kind: ColumnKind;
  required: boolean;
  width: number;
  /** 填写说明 (Chinese). */
  note: string;
}

const col = (field: string, kind: ColumnKind, width: number, note: string, required = false): RegisterColumn => ({
  field,
  header: FIELD_LABELS[field]!,
  kind,
  required,
  width,
  note,
});

export const REGISTER_COLUMNS: RegisterColumn[] = [
  col('id', 'text', 14, '本机关的申请编号，如2024-依-0012；不得重复', true),
  col('applicantKey', 'text', 16, '申请人的统一标识（身份证号、统一社会信用代码或其摘要），用于按申请人按月计算信息处理费', true),
  col('applicantType', 'applicantType', 12, '自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他（表三的六个申请人列）', true),
  col('applicantTypeRaw', 'text', 14, '申请人类别的原始写法（可选），便于口径调整后重新归类'),
  col('channel', 'channel', 12, '当面提交、口头提出、邮寄（签收）、平常信函、互联网、传真、电子邮件、其他', true),
  col('submittedAt', 'date', 12, '当面提交、口头提出：提交之日即收到申请之日（条例第三十一条第一项）'),
  col('signedAt', 'date', 12, '邮寄（签收）：行政机关签收之日为收到申请之日（第三十一条第二项）'),
  col('confirmedAt', 'date', 12, '平常信函：与申请人确认之日；互联网、传真、电子邮件：双方确认之日（第三十一条第二、三项）'),
  col('receivedDate', 'date', 12, '仅在渠道为“其他”或缺少上述日期时填写；有渠道日期时以渠道日期为准'),
  col('subject', 'text', 30, '申请获取的政府信息（不写个人信息）', true),
  col('splitFrom', 'text', 14, '按“一事一申请”拆分时，填写原申请编号；拆分后的各项各计一件'),
  col('correctionNoticeDate', 'date', 12, '一次性告知补正之日（应在收到申请之日起7个工作日内，条例第三十条）'),
  col('correctionDueDate', 'date', 12, '补正告知中给予的补正期限'),
  col('correctionReceivedDate', 'date', 12, '收到补正后申请之日：答复期限自此重新计算'),
  col(
    'consultations.thirdParty',
    'periods',
    24,
    '征求第三方意见的期间（条例第三十二条），如2024-03-01至2024-03-15；未收到意见的写2024-03-01至；多次用“；”分隔',
  ),
  col('consultations.otherAgency', 'periods', 24, '征求其他机关意见的期间（条例第三十四条），写法同上'),
  col('extension.days', 'int', 10, '延长答复期限的工作日数，1–20（条例第三十三条第二款）'),
  col('extension.approvedDate', 'date', 12, '政府信息公开工作机构负责人同意延期之日'),
  col('extension.noticeDate', 'date', 12, '告知申请人延期之日'),
  col('art35.reasonRequestDate', 'date', 12, '申请数量、频次明显超过合理范围，要求申请人说明理由之日（条例第三十五条）'),
  col('art35.delayedDueDate', 'date', 12, '理由合理、确定延迟答复的期限'),
  col('outcome', 'outcome', 28, '表三的办理结果行，如予以公开、部分公开、不予公开-属于国家秘密、其他处理-其他；办结前不填'),
  col('replyDate', 'date', 12, '作出答复（决定）之日；逾期不补正、逾期未缴费而终止的可不填'),
  col('fee.method', 'feeMethod', 10, '信息处理费：按件或按量（国办函〔2020〕109号，同一申请只选一种）'),
  col('fee.pages', 'int', 10, '按量收费的页数'),
  col('fee.noticeDate', 'date', 12, '发出收费通知之日（应在答复期限内）'),
  col('fee.noticeReceivedDate', 'date', 12, '申请人收到收费通知之日：次日起20个工作日内缴费'),
  col('fee.amountYuan', 'money', 12, '收费通知的金额（元）'),
  col('fee.paidDate', 'date', 12, '缴费之日'),
  col('fee.paidAmountYuan', 'money', 12, '实际缴纳的金额（元）'),
  col('fee.waived', 'bool', 8, '减免的填“是”'),
  col('review.filedDate', 'date', 12, '就本申请提出行政复议之日'),
  col('review.result', 'caseResult', 12, '结果维持、结果纠正、其他结果；未审结的填尚未审结或不填'),
  col('review.decidedDate', 'date', 12, '行政复议决定之日'),
  col('litigation.afterReview', 'litigationType', 16, '未经复议直接起诉，或复议后起诉'),
  col('litigation.filedDate', 'date', 12, '起诉之日'),
  col('litigation.result', 'caseResult', 12, '结果维持、结果纠正、其他结果；未审结的填尚未审结或不填'),
  col('litigation.decidedDate', 'date', 12, '审结之日'),
  col('notes', 'text', 20, '备注'),
];
