// Leave (LV-01): the attendance service lists the requests awaiting exactly this caller's
// signature (the line managers the directory names, by tier).
import { api, ok, type Schemas } from "../../../api/client";
import { messages } from "../../../i18n";
import { date } from "../../../format";
import { leaveKind } from "./labels";
import { allPages } from "../../../ui/pages";
import { optional, type InboxItem, type Source } from "./types";

type Leave = Schemas["Leave"];

const t = messages({
  zh: {
    label: "请假",
    what: "请假 · {kind} · {from} 至 {until} · {days} 天",
    level: "第 {level} 级审批（共 {levels} 级）",
  },
  en: {
    label: "Leave",
    what: "Leave · {kind} · {from} to {until} · {days} days",
    level: "Approval level {level} of {levels}",
  },
});

/** One request as an inbox item; the attendance queue takes its approve / refuse from here too. */
export function leaveItem(leave: Leave): InboxItem {
  const path = { id: leave.id };
  return {
    key: `leave:${leave.id}`,
    what: t("what", { kind: leaveKind(leave.kind), from: date(leave.start_day), until: date(leave.end_day), days: leave.days }),
    step: t("level", { level: leave.approved_levels + 1, levels: leave.steps.length }),
    requester: leave.employee_id,
    askedAt: leave.created_at,
    recordId: leave.id,
    noteField: "comment",
    approve: (note) =>
      ok(api.POST("/v1/attendance/leave/{id}/approve", { params: { path }, body: { comment: optional(note) } })),
    refuse: (reason) => ok(api.POST("/v1/attendance/leave/{id}/reject", { params: { path }, body: { reason } })),
  };
}

/** Every request awaiting this caller's signature. */
export const leaveAwaiting = (): Promise<Leave[]> =>
  allPages(
    (page_token) => ok(api.GET("/v1/attendance/leave/approvals", { params: { query: { page_size: 100, page_token } } })),
    (page) => page.leaves,
  );

export const leave: Source = {
  id: "leave",
  label: () => t("label"),
  roles: ["team_lead", "manager", "director", "general_manager", "admin", "hq_admin", "hr"],
  load: async () => (await leaveAwaiting()).map(leaveItem),
};
