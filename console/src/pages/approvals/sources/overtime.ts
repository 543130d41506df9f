// Overtime claims (OT-01..OT-03), both department levels sign. Like out-of-office, the list
// route gives the branch's claims awaiting a signature; the service decides who may sign.
import { api, ok, type Schemas } from "../../../api/client";
import { messages } from "../../../i18n";
import { date } from "../../../format";
import { allPages } from "../../../ui/pages";
import type { InboxItem, Source } from "./types";

type Claim = Schemas["OvertimeClaim"];

const t = messages({
  zh: {
    label: "加班申请",
    what: "加班 · {day} · {hours} 小时 · {reason}",
    first: "第 1 级签字",
    second: "第 2 级签字",
  },
  en: {
    label: "Overtime",
    what: "Overtime · {day} · {hours} h · {reason}",
    first: "First-level signature",
    second: "Second-level signature",
  },
});

export function overtimeItem(claim: Claim): InboxItem {
  const path = { id: claim.id };
  return {
    key: `overtime:${claim.id}`,
    what: t("what", { day: date(claim.day), hours: (claim.minutes / 60).toFixed(1), reason: claim.reason }),
    step: claim.first_approver ? t("second") : t("first"),
    requester: claim.employee_id,
    askedAt: claim.filed_at ?? claim.created_at,
    recordId: claim.id,
    noteField: "reason",
    approve: () => ok(api.POST("/v1/attendance/overtime/{id}/approve", { params: { path } })),
    refuse: (reason) => ok(api.POST("/v1/attendance/overtime/{id}/reject", { params: { path }, body: { reason } })),
  };
}

/** The branch's claims awaiting a signature, whoever may sign them. */
export const overtimeAwaiting = (): Promise<Claim[]> =>
  allPages(
    (page_token) => ok(api.GET("/v1/attendance/overtime", { params: { query: { page_size: 100, page_token } } })),
    (page) => page.claims,
  );

export const overtime: Source = {
  id: "overtime",
  label: () => t("label"),
  roles: ["team_lead", "manager", "director", "general_manager", "admin", "hq_admin"],
  async load(me) {
    const all = await overtimeAwaiting();
    return all.filter((c) => c.employee_id !== me.sub && c.first_approver !== me.sub).map(overtimeItem);
  },
};
