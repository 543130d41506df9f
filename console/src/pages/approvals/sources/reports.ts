// Investigation reports (CMP-06): supervisor → administration → general manager. The service
// lists the cases whose report waits for a step (GET /v1/investigation-reports): one list per
// step my roles may take.
import { api, ok, type Schemas } from "../../../api/client";
import { messages } from "../../../i18n";
import { to } from "../../../sections";
import { allPages } from "../../../ui/pages";
import { optional, type InboxItem, type Source } from "./types";

type Workflow = Schemas["CaseWorkflow"];
type Step = NonNullable<Schemas["InvestigationReportState"]["next_step"]>;

const t = messages({
  zh: {
    label: "调查报告",
    what: "调查报告 · 投诉 {number} · 第 {revision} 稿",
    supervisor: "主管审批",
    administration: "行政人事部审批",
    general_manager: "总经理审批",
  },
  en: {
    label: "Investigation reports",
    what: "Investigation report · complaint {number} · revision {revision}",
    supervisor: "Supervisor's approval",
    administration: "Administration's approval",
    general_manager: "General manager's approval",
  },
});

// The workflow policy's default roles per step (complaints.workflow.domain.policy); the
// grades are the service's to check, and a branch's override shows as its refusal here.
const STEP_ROLES: Record<Step, string[]> = {
  supervisor: ["team_lead", "manager"],
  administration: ["admin", "hq_admin"],
  general_manager: ["general_manager"],
};

function item(flow: Workflow, step: Step): InboxItem {
  const report = flow.report!;
  const path = { complaint_id: flow.complaint_id };
  return {
    key: `reports:${flow.complaint_id}:${report.revision}`,
    what: t("what", { number: flow.number, revision: report.revision }),
    step: t(step),
    requester: report.author,
    askedAt: report.submitted_at,
    href: to(`/complaints/${flow.complaint_id}`),
    recordId: flow.number,
    noteField: "comment",
    approve: (note) =>
      ok(
        api.POST("/v1/complaints/{complaint_id}/investigation-report/approve", {
          params: { path },
          body: { comment: optional(note) },
        }),
      ),
    refuse: (reason) =>
      ok(api.POST("/v1/complaints/{complaint_id}/investigation-report/return", { params: { path }, body: { reason } })),
  };
}

export const reports: Source = {
  id: "reports",
  label: () => t("label"),
  roles: ["team_lead", "manager", "admin", "hq_admin", "general_manager"],
  async load(me) {
    const steps = (Object.keys(STEP_ROLES) as Step[]).filter((s) => STEP_ROLES[s].some((r) => me.roles.includes(r)));
    const lists = await Promise.all(
      steps.map((awaiting_step) =>
        allPages(
          (page_token) =>
            ok(api.GET("/v1/investigation-reports", { params: { query: { awaiting_step, page_size: 100, page_token } } })),
          (page) => page.items,
        ),
      ),
    );
    return lists.flat().flatMap((flow) => {
      const report = flow.report;
      const step = report?.next_step;
      if (!report || report.status !== "in_approval" || !step || report.author === me.sub) return [];
      if (report.approvals.some((a) => a.approved_by === me.sub && a.revision === report.revision)) return [];
      return STEP_ROLES[step].some((role) => me.roles.includes(role)) ? [item(flow, step)] : [];
    });
  },
};
