// The archives' values in both languages (the API speaks in codes), and who may do what
// (the gateway's archives.* permissions, so the console hides what a role cannot do).

import type { Labels } from "../../ui/labels";

export { eventName, label, options } from "../../ui/labels";

export const CATEGORIES: Labels = {
  government_policy: ["政府政策文件", "Government policy"],
  government_or_group_approval: ["政府或集团批复", "Government or group approval"],
  company_document: ["公司文书", "Company document"],
  property_record: ["物业档案", "Property record"],
  safety_record: ["安全档案", "Safety record"],
  leadership_speech: ["领导讲话", "Leadership speech"],
  contract: ["合同", "Contract"],
  media: ["声像资料", "Media"],
  owner_file: ["业主档案", "Owner file"],
  quality_record: ["质量记录", "Quality record"],
  duty_log: ["值班记录", "Duty log"],
  complaint_record: ["投诉档案", "Complaint record"],
  work_order: ["工单", "Work order"],
};

export const LEVELS: Labels = {
  public: ["公开", "Public"],
  internal: ["内部", "Internal"],
  confidential: ["机密", "Confidential"],
  secret: ["绝密", "Secret"],
};

export const MEDIA: Labels = {
  paper: ["纸质", "Paper"],
  electronic: ["电子", "Electronic"],
};

export const RECORD_STATES: Labels = {
  awaiting_original: ["待交原件", "Awaiting the original"],
  on_shelf: ["在架", "On the shelf"],
  lent: ["借出", "Lent"],
  missing: ["缺失", "Missing"],
  destroyed: ["已销毁", "Destroyed"],
};

export const CONDITIONS: Labels = {
  good: ["完好", "Good"],
  damaged: ["损坏", "Damaged"],
};

export const LOAN_STATES: Labels = {
  requested: ["待审批", "Requested"],
  approved: ["已批准", "Approved"],
  refused: ["已驳回", "Refused"],
  counted_out: ["借出清点待确认", "Counted out, to confirm"],
  out: ["借出中", "Out"],
  counted_in: ["归还清点待确认", "Counted in, to confirm"],
  returned: ["已归还", "Returned"],
  lost: ["遗失", "Lost"],
};

export const LOAN_KINDS: Labels = {
  lend: ["借出", "Lend"],
  read_in_place: ["现场查阅", "Read in place"],
};

export const BORROWER_KINDS: Labels = {
  staff: ["本公司员工", "Staff"],
  external: ["外单位", "External"],
  parent_company: ["上级公司", "Parent company"],
};

export const INCIDENTS: Labels = {
  lost: ["遗失", "Lost"],
  damaged: ["损坏", "Damaged"],
  leaked: ["泄密", "Leaked"],
};

// The gateway's archives.* permissions (services/gateway backend_list), role by role.
const STAFF = ["agent", "team_lead", "manager", "director", "general_manager", "admin", "hq_admin"];
export const ARCHIVES_READ = [...STAFF, "archivist", "hr", "legal"];
export const ARCHIVES_WRITE = ARCHIVES_READ;
export const ARCHIVES_FILE = ["archivist"];
export const ARCHIVES_LEND = ["archivist"];
export const ARCHIVES_APPROVE = ["team_lead", "manager", "director", "general_manager"];
export const ARCHIVES_KEEP = ["archivist", "manager", "legal"];

export const EVENTS: Labels = {
  RecordFiled: ["归档登记", "Filed"],
  OriginalReceived: ["接收原件", "Original received"],
  RecordPlaced: ["入卷/上架", "Placed"],
  RecordTransferred: ["移交", "Transferred"],
  RecordLent: ["借出", "Lent"],
  RecordReturned: ["归还", "Returned"],
  RecordReportedMissing: ["报告缺失", "Reported missing"],
  RecordFound: ["找回", "Found"],
  RecordConditionNoted: ["记录状况", "Condition noted"],
  RecordSealed: ["装袋封存", "Sealed"],
  RecordHeld: ["冻结保留", "Held"],
  RecordReleased: ["解除保留", "Released"],
  RecordDestroyed: ["销毁", "Destroyed"],
  LoanRequested: ["申请借阅", "Loan requested"],
  LoanApproved: ["批准借阅", "Loan approved"],
  LoanRefused: ["驳回借阅", "Loan refused"],
  LoanCounted: ["档案员清点", "Counted by the archivist"],
  LoanLent: ["借阅人确认借出", "Borrower confirmed, lent"],
  LoanReturned: ["借阅人确认归还", "Borrower confirmed, returned"],
  LoanOverdue: ["逾期催还", "Overdue, chased"],
  IncidentReported: ["书面报告事故", "Incident reported"],
  ResponsibilityDecided: ["责任认定", "Responsibility decided"],
  DestructionProposed: ["提出销毁申请", "Destruction proposed"],
  DestructionApproved: ["批准销毁", "Destruction approved"],
  DestructionRejected: ["驳回销毁", "Destruction rejected"],
  DestructionExecuted: ["执行销毁", "Destruction executed"],
};

export const STOCKTAKE_KINDS: Labels = {
  monthly: ["月末盘点", "Monthly"],
  full: ["年度全面盘点", "Yearly full check"],
};

export const STOCKTAKE_STATUSES: Labels = {
  open: ["进行中", "Open"],
  closed: ["已结束", "Closed"],
};

export const OUTCOMES: Labels = {
  ok: ["帐物相符", "Matches"],
  misplaced: ["错架", "Misplaced"],
  missing: ["缺失", "Missing"],
  out: ["借出（应在外）", "Out, as expected"],
  lent_on_shelf: ["登记借出但在架", "Lent but on the shelf"],
  recovered: ["找回", "Recovered"],
  unknown: ["无登记物品", "Unknown item"],
};

export const DESTRUCTION_STATES: Labels = {
  proposed: ["待审批", "Proposed"],
  approved: ["已批准", "Approved"],
  rejected: ["已驳回", "Rejected"],
  executed: ["已销毁", "Executed"],
};

export const DESTRUCTION_METHODS: Labels = {
  shredding: ["碎纸", "Shredding"],
  pulping: ["化浆", "Pulping"],
  incineration: ["焚毁", "Incineration"],
  electronic_erasure: ["电子擦除", "Electronic erasure"],
};

/** "a, b\nc" -> ["a", "b", "c"]: ids or names typed one per line or separated by commas. */
export const list = (text: string): string[] =>
  text
    .split(/[\s,，、]+/)
    .map((s) => s.trim())
    .filter(Boolean);
