// Attendance's values in both languages (the API speaks in codes), and small date helpers
// every attendance page shares.
import { date } from "../../format";
import { pick } from "../../i18n";
import type { Labels } from "../../ui/labels";

export { label, options, type Labels } from "../../ui/labels";

export const LEAVE_KINDS: Labels = {
  annual: ["年休假", "Annual leave"],
  sick: ["病假", "Sick leave"],
  personal: ["事假", "Personal leave"],
  marriage: ["婚假", "Marriage leave"],
  maternity: ["产假", "Maternity leave"],
  prenatal_check: ["产检假", "Prenatal check"],
  nursing: ["哺乳假", "Nursing hour"],
  paternity: ["陪产假", "Paternity leave"],
  bereavement: ["丧假", "Bereavement leave"],
  public: ["公假", "Public duty leave"],
};

/** The certificates each kind needs (one of them; sick leave also the case record), as the
 * service checks them (LV-04, LV-07..LV-10): the form asks only where the API will. */
export const EVIDENCE: Record<string, string[]> = {
  sick: ["hospital_certificate", "case_record"],
  marriage: ["marriage_certificate"],
  maternity: ["medical_certificate", "birth_certificate"],
  prenatal_check: ["medical_certificate"],
  nursing: ["birth_certificate"],
  paternity: ["birth_certificate"],
  bereavement: ["death_certificate"],
};
/** Kinds whose days may start or end at noon. */
export const HALF_DAYS = new Set(["annual", "personal", "public", "prenatal_check"]);
/** Kinds about a dated event: the marriage registration, the birth, the death. */
export const EVENT_KINDS = new Set(["marriage", "maternity", "paternity", "bereavement", "nursing"]);

export const CERTIFICATES: Labels = {
  hospital_certificate: ["公立医院诊断证明", "Public-hospital certificate"],
  case_record: ["病历", "Case record"],
  marriage_certificate: ["结婚证", "Marriage certificate"],
  medical_certificate: ["医学证明", "Medical certificate"],
  birth_certificate: ["出生证明", "Birth certificate"],
  death_certificate: ["死亡证明", "Death certificate"],
};

export const RELATIONS: Labels = {
  parent: ["父母", "Parent"],
  parent_in_law: ["配偶父母", "Parent-in-law"],
  spouse: ["配偶", "Spouse"],
  child: ["子女", "Child"],
  grandparent: ["祖父母、外祖父母", "Grandparent"],
};

export const NURSING_SLOTS: Labels = {
  start_late: ["晚到一小时", "Start an hour late"],
  longer_lunch: ["午休延长一小时", "Longer lunch"],
  leave_early: ["早退一小时", "Leave an hour early"],
};

export const REQUEST_STATES: Labels = {
  pending: ["待审批", "Pending"],
  announced: ["已电话报备", "Announced"],
  filed: ["待审批", "Awaiting approval"],
  approved: ["已批准", "Approved"],
  rejected: ["已驳回", "Refused"],
  cancelled: ["已撤销", "Cancelled"],
};

export const DAY_REASONS: Labels = {
  rest_day: ["休息日", "Rest day"],
  attended: ["正常出勤", "Attended"],
  missed_punch: ["漏打卡", "Missed punch"],
  long_lateness: ["迟到或早退超过 30 分钟，按旷工计", "Over 30 min late or early: absence"],
  no_record: ["无打卡记录，按旷工计", "No punch: absence"],
};

export const SHIFT_SOURCES: Labels = {
  roster: ["排班", "Roster"],
  request: ["指定班次", "Given shift"],
  default: ["默认班次", "Default shift"],
};

export const PUNCH_SOURCES: Labels = {
  terminal: ["考勤机", "Terminal"],
  mobile: ["手机", "Mobile"],
  manual: ["人工补录", "Manual correction"],
};

/** Overtime claims and out-of-office records (OT-01, ATT-07): two signatures, then approved. */
export const SIGNED_STATES: Labels = {
  announced: ["已电话报备，待返岗补办", "Announced by phone, to be filed on return"],
  filed: ["待审批", "Awaiting approval"],
  approved: ["已批准", "Approved"],
  rejected: ["已驳回", "Refused"],
};

export const TERMINATION_REASONS: Labels = {
  consecutive_absence: ["连续旷工 3 天及以上", "3 or more consecutive days of absence"],
  absence_in_window: ["3 个月内旷工 6 天及以上", "6 or more days of absence within 3 months"],
};

export const CLOSE_STATES: Labels = {
  closing: ["结算中", "Closing"],
  closed: ["已结账", "Closed"],
};


/** A "YYYY-MM-DD" date moved by some days (calendar arithmetic in UTC: no time zone shifts). */
export function addDays(day: string, by: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the calendar week holding ``day``. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 Sunday .. 6 Saturday
  return addDays(day, -((weekday + 6) % 7));
}

/** Every date of a "YYYY-MM" month, in order. */
export function daysOf(month: string): string[] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`);
}

/** Minutes as "7 h 30 min" / "7小时30分". */
export function minutes(total: number): string {
  const h = Math.floor(total / 60);
  const m = total % 60;
  const zh = pick("zh", "en") === "zh";
  if (!h) return zh ? `${m}分` : `${m} min`;
  return zh ? `${h}小时${m ? `${m}分` : ""}` : `${h} h${m ? ` ${m} min` : ""}`;
}

/** "2026/12/14" for one day, "2026/12/14 – 2026/12/16" for several. */
export function dateRange(first: string, last: string): string {
  return first === last ? date(first) : `${date(first)} – ${date(last)}`;
}
