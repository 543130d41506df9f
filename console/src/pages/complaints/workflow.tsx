// The case's investigation workflow (CMP-05..07): where the card went and who handles it, the
// report with its approval chain, the answer to the customer and the escalation ladder.
import type { Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { dateTime } from "../../format";
import { FactList, Table } from "../../ui/data";
import { label } from "../../ui/labels";
import { APPROVAL_STEPS, ESCALATION_LEVELS, HANDOVERS, REPORT_STATUSES, ROUTES } from "./labels";

type Workflow = Schemas["CaseWorkflow"];
type Person = Schemas["ReportResponsiblePerson"];

const t = messages({
  zh: {
    title: "调查处理",
    routing: "转交",
    route: "转交至",
    opinion: "意见",
    department: "处理部门",
    handovers: "转交记录",
    kind: "类型",
    by: "操作人",
    at: "时间",
    report: "调查报告",
    noReport: "尚未提交调查报告。",
    revision: "稿次",
    status: "状态",
    nextStep: "待审批环节",
    author: "提交人",
    submitted: "提交时间",
    cause: "原因",
    course: "经过",
    responsible: "责任方",
    conclusion: "结论",
    countermeasures: "整改措施",
    approvals: "审批记录",
    step: "环节",
    outcome: "结果",
    remark: "意见或理由",
    approved: "批准",
    returned: "退回",
    answer: "答复客户",
    escalation: "逐级上报",
    level: "当前层级",
    pending: "待确认接收",
    steps: "上报记录",
    from: "从",
    to: "至",
    reason: "理由",
    acknowledged: "确认接收",
  },
  en: {
    title: "Investigation",
    routing: "Routing",
    route: "Routed to",
    opinion: "Opinion",
    department: "Handling department",
    handovers: "Hand-overs",
    kind: "Kind",
    by: "By",
    at: "When",
    report: "Investigation report",
    noReport: "No investigation report yet.",
    revision: "Revision",
    status: "Status",
    nextStep: "Awaiting",
    author: "Author",
    submitted: "Submitted",
    cause: "Cause",
    course: "Course of events",
    responsible: "Responsible",
    conclusion: "Conclusion",
    countermeasures: "Countermeasures",
    approvals: "Approval trail",
    step: "Step",
    outcome: "Outcome",
    remark: "Comment or reason",
    approved: "Approved",
    returned: "Returned",
    answer: "Customer answer",
    escalation: "Escalation",
    level: "Level",
    pending: "Awaiting acknowledgement",
    steps: "Escalations",
    from: "From",
    to: "To",
    reason: "Reason",
    acknowledged: "Acknowledged",
  },
});

const person = (p: Person) => [p.name, p.person_id, p.team, p.department].filter(Boolean).join(" / ");

export function WorkflowPanel({ workflow: w }: { workflow: Workflow }) {
  const report = w.report;
  const trail = [
    ...(report?.approvals ?? []).map((a) => ({
      key: `a-${a.revision}-${a.step}`,
      revision: a.revision,
      step: a.step,
      outcome: t("approved"),
      by: a.approved_by,
      at: a.approved_at,
      remark: a.comment ?? "—",
    })),
    ...(report?.returns ?? []).map((r) => ({
      key: `r-${r.revision}-${r.step}`,
      revision: r.revision,
      step: r.step,
      outcome: t("returned"),
      by: r.returned_by,
      at: r.returned_at,
      remark: r.reason,
    })),
  ].sort((a, b) => String(a.at).localeCompare(String(b.at)));
  return (
    <section class="panel" aria-labelledby="case-workflow">
      <h2 id="case-workflow">{t("title")}</h2>
      <h3>{t("routing")}</h3>
      <FactList
        rows={[
          [t("route"), label(ROUTES, w.routing.route)],
          [t("opinion"), w.routing.opinion ?? "—"],
          [t("department"), w.routing.handling_department ?? "—"],
        ]}
      />
      {w.routing.handovers.length > 0 ? (
        <Table
          caption={t("handovers")}
          rows={w.routing.handovers}
          rowKey={(h) => `${h.kind}-${h.at}`}
          columns={[
            { label: t("kind"), cell: (h) => label(HANDOVERS, h.kind) },
            { label: t("route"), cell: (h) => h.department ?? label(ROUTES, h.route) },
            { label: t("by"), cell: (h) => h.by },
            { label: t("at"), cell: (h) => dateTime(h.at) },
          ]}
        />
      ) : null}
      <h3>{t("report")}</h3>
      {report ? (
        <>
          <FactList
            rows={[
              [t("status"), label(REPORT_STATUSES, report.status)],
              [t("nextStep"), label(APPROVAL_STEPS, report.next_step)],
              [t("revision"), String(report.revision)],
              [t("author"), report.author],
              [t("submitted"), dateTime(report.submitted_at)],
              [t("cause"), report.cause],
              [t("course"), report.course_of_events],
              [t("responsible"), report.responsible_people.map(person).join("；")],
              [t("conclusion"), report.conclusion],
              [t("countermeasures"), report.countermeasures],
            ]}
          />
          {trail.length > 0 ? (
            <Table
              caption={t("approvals")}
              rows={trail}
              rowKey={(a) => a.key}
              columns={[
                { label: t("revision"), cell: (a) => String(a.revision) },
                { label: t("step"), cell: (a) => label(APPROVAL_STEPS, a.step) },
                { label: t("outcome"), cell: (a) => a.outcome },
                { label: t("by"), cell: (a) => a.by },
                { label: t("at"), cell: (a) => dateTime(a.at) },
                { label: t("remark"), cell: (a) => a.remark },
              ]}
            />
          ) : null}
        </>
      ) : (
        <p>{t("noReport")}</p>
      )}
      {w.customer_answer ? (
        <>
          <h3>{t("answer")}</h3>
          <p>
            {w.customer_answer.summary} · {w.customer_answer.answered_by} · {dateTime(w.customer_answer.answered_at)}
          </p>
        </>
      ) : null}
      <h3>{t("escalation")}</h3>
      <FactList
        rows={[
          [t("level"), label(ESCALATION_LEVELS, w.escalation.level)],
          [t("pending"), label(ESCALATION_LEVELS, w.escalation.pending_level)],
        ]}
      />
      {w.escalation.steps.length > 0 ? (
        <Table
          caption={t("steps")}
          rows={w.escalation.steps}
          rowKey={(s) => `${s.to_level}-${s.escalated_at}`}
          columns={[
            { label: t("from"), cell: (s) => label(ESCALATION_LEVELS, s.from_level) },
            { label: t("to"), cell: (s) => label(ESCALATION_LEVELS, s.to_level) },
            { label: t("reason"), cell: (s) => s.reason },
            { label: t("by"), cell: (s) => s.escalated_by },
            { label: t("at"), cell: (s) => dateTime(s.escalated_at) },
            {
              label: t("acknowledged"),
              cell: (s) => (s.acknowledged_by ? `${s.acknowledged_by} · ${dateTime(s.acknowledged_at)}` : "—"),
            },
          ]}
        />
      ) : null}
    </section>
  );
}
