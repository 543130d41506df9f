// Out-of-office records (ATT-07), two levels of the employee's line. The list route gives the
// branch's records awaiting a signature, not only mine: the service refuses a signature from
// outside the employee's line, and that refusal shows beside the item.
import { api, ok, type Schemas } from "../../../api/client";
import { messages } from "../../../i18n";
import { date, dateTime } from "../../../format";
import { allPages } from "../../../ui/pages";
import type { InboxItem, Source } from "./types";

type Record = Schemas["OutOfOfficeRecord"];

const t = messages({
  zh: {
    label: "外出登记",
    what: "外出 · {day} · {from} 至 {until} · {reason}",
    first: "第 1 级签字",
    second: "第 2 级签字",
  },
  en: {
    label: "Out of office",
    what: "Out of office · {day} · {from} to {until} · {reason}",
    first: "First-level signature",
    second: "Second-level signature",
  },
});

export function outOfOfficeItem(record: Record): InboxItem {
  const path = { id: record.id };
  return {
    key: `out-of-office:${record.id}`,
    what: t("what", {
      day: date(record.day),
      from: dateTime(record.start),
      until: dateTime(record.end),
      reason: record.reason ?? "—",
    }),
    step: record.first_approver ? t("second") : t("first"),
    requester: record.employee_id,
    askedAt: record.filed_at ?? record.created_at,
    recordId: record.id,
    noteField: "reason",
    approve: () => ok(api.POST("/v1/attendance/out-of-office/{id}/approve", { params: { path } })),
    refuse: (reason) => ok(api.POST("/v1/attendance/out-of-office/{id}/reject", { params: { path }, body: { reason } })),
  };
}

/** The branch's records awaiting a signature, whoever may sign them. */
export const outOfOfficeAwaiting = (): Promise<Record[]> =>
  allPages(
    (page_token) => ok(api.GET("/v1/attendance/out-of-office", { params: { query: { page_size: 100, page_token } } })),
    (page) => page.records,
  );

export const outOfOffice: Source = {
  id: "out-of-office",
  label: () => t("label"),
  roles: ["team_lead", "manager", "director", "general_manager", "admin", "hq_admin"],
  async load(me) {
    const all = await outOfOfficeAwaiting();
    // Never the requester, nor one who signed already (PLT-02).
    return all.filter((r) => r.employee_id !== me.sub && r.first_approver !== me.sub).map(outOfOfficeItem);
  },
};
