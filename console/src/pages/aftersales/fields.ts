// A work order's fields by name, in both languages, and their values as a person reads them:
// for the three copies (whose fields depend on the party) and the history's details.
import { dateTime, money } from "../../format";
import { pick } from "../../i18n";
import { BASES, KEY_LOANS, KINDS, ORDER_STATES, ORIGINS, POSITIONS, REPORTING_DEPARTMENTS, SIGNER_DEPARTMENTS, WARRANTIES, label } from "./labels";

const NAMES: Record<string, [string, string]> = {
  number: ["工单号", "Number"],
  kind: ["类型", "Kind"],
  origin: ["来源", "Origin"],
  state: ["状态", "State"],
  requester_name: ["报修人", "Requester"],
  requester_phone: ["联系电话", "Phone"],
  unit: ["房号", "Unit"],
  facility: ["公共设施", "Facility"],
  area: ["区域", "Area"],
  reporting_department: ["报修部门", "Reporting department"],
  fault: ["故障", "Fault"],
  product: ["产品", "Product"],
  warranty: ["保修", "Warranty"],
  diagnosis: ["诊断", "Diagnosis"],
  engineer: ["工程师", "Engineer"],
  previous_engineer: ["原工程师", "Previous engineer"],
  basis: ["派工依据", "Basis"],
  reason: ["原因", "Reason"],
  note: ["备注", "Note"],
  appointment_at: ["预约时间", "Appointment"],
  acknowledge_due: ["确认时限", "Acknowledge by"],
  acknowledged_at: ["确认时间", "Acknowledged at"],
  acknowledged_by: ["确认人", "Acknowledged by"],
  acknowledgement_overdue: ["确认超时", "Acknowledgement overdue"],
  accepted_at: ["接单时间", "Accepted at"],
  departure_due: ["出发时限", "Leave by"],
  departed_at: ["出发时间", "Departed at"],
  departure_seconds: ["出发用时（秒）", "Seconds to leave"],
  departure_overdue: ["出发超时", "Departure overdue"],
  late: ["超时", "Late"],
  due_at: ["时限", "Due"],
  tools_and_parts: ["工具与配件", "Tools and parts"],
  started_at: ["开工时间", "Started at"],
  quote_id: ["报价单", "Quote"],
  quote_total: ["报价合计", "Quote total"],
  total: ["合计", "Total"],
  extra_work: ["增项", "Extra work"],
  description: ["说明", "Description"],
  consented_by: ["同意人", "Consented by"],
  consent_channel: ["同意方式", "Consent channel"],
  consented_at: ["同意时间", "Consented at"],
  key_loan: ["维修钥匙", "Repair key"],
  key_set_id: ["钥匙", "Key set"],
  key_count: ["钥匙数量", "Key count"],
  key_note: ["钥匙说明", "Key note"],
  signer_name: ["签字人", "Signer"],
  signer_department: ["签字人部门", "Signer's department"],
  signer_position: ["签字人职位", "Signer's position"],
  signer_age: ["签字人年龄", "Signer's age"],
  signature_pointer: ["签字单扫描件", "Signed form scan"],
  completed_at: ["完成时间", "Completed at"],
  cancelled_reason: ["取消原因", "Cancelled because"],
  created_by: ["开单人", "Opened by"],
  created_at: ["开单时间", "Opened at"],
  updated_at: ["更新时间", "Updated at"],
};

// Record-keeping fields a reader of a copy or the history does not need.
const HIDDEN = new Set(["id", "order_id", "branch_id", "version", "currency", "key_loan_id", "loan_id"]);

const ENUMS: Record<string, Record<string, [string, string]>> = {
  kind: KINDS,
  origin: ORIGINS,
  state: ORDER_STATES,
  warranty: WARRANTIES,
  basis: BASES,
  reporting_department: REPORTING_DEPARTMENTS,
  signer_department: SIGNER_DEPARTMENTS,
  signer_position: POSITIONS,
  key_loan: KEY_LOANS,
};

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export const fieldName = (field: string): string => {
  const names = NAMES[field];
  return names ? pick(...names) : field;
};

export function fieldValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? pick("是", "Yes") : pick("否", "No");
  if (Array.isArray(value)) return value.map((v) => fieldValue(field, v)).join("、");
  if (typeof value === "object") return JSON.stringify(value);
  const text = String(value);
  if (ENUMS[field]) return label(ENUMS[field], text);
  if (field === "quote_total" || field === "total") return money(text);
  if (INSTANT.test(text)) return dateTime(text);
  return text;
}

/** The fields worth showing: set, and not record-keeping. */
export const shownFields = (record: Record<string, unknown>): [string, unknown][] =>
  Object.entries(record).filter(
    ([field, value]) =>
      !HIDDEN.has(field) && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0),
  );
