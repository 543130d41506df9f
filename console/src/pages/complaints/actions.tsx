// The actions this user may take on a case now: by the case's status, its investigation
// workflow (CMP-05..07, when this user may read it) and the permissions the gateway gave this
// user (GET /v1/me). The services still decide each call.
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { can, hasAnyRole, session } from "../../session";
import { ActionForm, type ActionField, type ActionValues, instant, text } from "../../ui/action-form";
import { label, options } from "../../ui/labels";
import { ANSWER_METHODS, ESCALATION_LEVELS, ROUTES } from "./labels";

type Complaint = Schemas["Complaint"];
type Workflow = Schemas["CaseWorkflow"];
type Status = NonNullable<Complaint["status"]>;
type Level = NonNullable<Schemas["EscalationState"]["level"]>;
type AnswerMethod = Schemas["RecordCustomerAnswerBody"]["method"];

const t = messages({
  zh: {
    title: "可执行的操作",
    none: "当前状态下您没有可执行的操作。",
    accept: "受理",
    reject: "驳回投诉",
    reply: "答复客户",
    note: "记录进展",
    resolve: "处理完成",
    visit: "记录回访",
    close: "结案",
    rejectionReply: "驳回答复",
    noteField: "备注",
    reason: "驳回理由",
    message: "答复内容",
    nextReply: "下次答复时间",
    progress: "进展说明",
    informed: "已告知客户",
    resolution: "处理结果",
    satisfied: "客户满意",
    satisfaction: "满意度（1–5）",
    comment: "客户意见",
    summary: "结案小结",
    agreement: "起草赔偿协议",
    amount: "赔偿金额（元）",
    payee: "收款人姓名",
    account: "收款账号",
    payeeContact: "收款人电话",
    agreementReason: "赔偿原因",
    terms: "协议条款",
    route: "转交投诉卡",
    routeTo: "转交至",
    opinion: "意见（转公司领导时必填）",
    department: "指定处理部门",
    handlingDepartment: "处理部门",
    instructions: "处理要求",
    report: "提交调查报告",
    resubmit: "重新提交调查报告",
    cause: "原因",
    course: "经过",
    conclusion: "结论",
    countermeasures: "整改措施",
    personId: "责任人工号",
    personName: "责任人姓名",
    team: "责任班组",
    personDepartment: "责任部门",
    escalate: "逐级上报",
    toLevel: "上报至",
    escalationReason: "上报理由",
    handlingOpinion: "处理意见",
    acknowledge: "确认接收上报",
    answer: "记录答复客户",
    answerMethod: "答复方式",
    answerSummary: "答复内容摘要",
  },
  en: {
    title: "What you can do now",
    none: "Nothing for you to do in this state.",
    accept: "Accept",
    reject: "Reject the complaint",
    reply: "Reply to the customer",
    note: "Record progress",
    resolve: "Resolve",
    visit: "Record the return visit",
    close: "Close the case",
    rejectionReply: "Reply to the rejection",
    noteField: "Note",
    reason: "Reason for rejecting",
    message: "Reply",
    nextReply: "Next reply by",
    progress: "Progress",
    informed: "Customer informed",
    resolution: "Resolution",
    satisfied: "Customer satisfied",
    satisfaction: "Satisfaction (1–5)",
    comment: "Customer's comment",
    summary: "Closing summary",
    agreement: "Draft a compensation agreement",
    amount: "Amount (yuan)",
    payee: "Payee",
    account: "Payee's account",
    payeeContact: "Payee's phone",
    agreementReason: "Why compensation is due",
    terms: "Terms",
    route: "Route the complaint card",
    routeTo: "Route to",
    opinion: "Opinion (required for leadership)",
    department: "Name the handling department",
    handlingDepartment: "Handling department",
    instructions: "Instructions",
    report: "Submit the investigation report",
    resubmit: "Resubmit the investigation report",
    cause: "Cause",
    course: "Course of events",
    conclusion: "Conclusion",
    countermeasures: "Countermeasures",
    personId: "Responsible person's staff number",
    personName: "Responsible person",
    team: "Responsible team",
    personDepartment: "Responsible department",
    escalate: "Escalate",
    toLevel: "Escalate to",
    escalationReason: "Reason for escalating",
    handlingOpinion: "Handling opinion",
    acknowledge: "Acknowledge the escalation",
    answer: "Record the answer to the customer",
    answerMethod: "How the customer was answered",
    answerSummary: "What the customer was told",
  },
});

interface CaseAction {
  key: string;
  permission: string;
  statuses: Status[];
  title: (workflow?: Workflow) => string;
  fields: (complaint: Complaint, workflow?: Workflow) => ActionField[];
  run: (id: string, v: ActionValues) => Promise<unknown>;
  danger?: boolean;
  // Beyond status and permission; the workflow is undefined when this user may not read it
  // (the action is then offered by status and permission, and the service decides).
  only?: (complaint: Complaint, workflow?: Workflow) => boolean;
}

const path = (id: string) => ({ params: { path: { complaint_id: id } } });
const WORKING: Status[] = ["accepted", "in_progress"];

// The workflow policy's default roles (complaints.workflow.domain.policy): who names the
// department on each route, and who acts for each level of the escalation ladder (CMP-07,
// lowest first). Grades and head office are the service's to check.
const ADMINISTRATION = ["admin", "hq_admin"];
const ASSIGNERS: Partial<Record<string, string[]>> = {
  administration: ADMINISTRATION,
  leadership: ["director", "general_manager"],
};
const LADDER: [Level, string[]][] = [
  ["store", ["agent", "team_lead"]],
  ["operations_supervisor", ["manager"]],
  ["head_office_customer_service", ["agent", "team_lead", "manager"]],
  ["administration", ADMINISTRATION],
  ["general_manager", ["general_manager"]],
];
const levelRoles = (level: Level | null | undefined) => LADDER.find(([l]) => l === level)?.[1] ?? [];
function nextLevel(level: Level | null | undefined): Level | undefined {
  const index = LADDER.findIndex(([l]) => l === (level ?? "store"));
  return LADDER[index + 1]?.[0];
}
// CMP-05: contract disputes go to leadership; the rest (paperwork aside) to administration.
const defaultRoute = (c: Complaint) => (c.category === "contract_breach" ? "leadership" : "administration");
const routeOptions = (c: Complaint): [string, string][] => {
  const all = options(ROUTES);
  const first = defaultRoute(c);
  return [...all.filter(([code]) => code === first), ...all.filter(([code]) => code !== first)];
};

const ACTIONS: CaseAction[] = [
  {
    key: "accept",
    permission: "complaints.accept",
    statuses: ["received"],
    title: () => t("accept"),
    fields: () => [{ name: "note", label: t("noteField") }],
    run: (id, v) => ok(api.POST("/v1/complaints/{complaint_id}/accept", { ...path(id), body: { note: text(v.note) || undefined } })),
  },
  {
    key: "reject",
    permission: "complaints.reject",
    statuses: ["received"],
    danger: true,
    title: () => t("reject"),
    fields: () => [{ name: "reason", label: t("reason"), kind: "textarea", required: true }],
    run: (id, v) => ok(api.POST("/v1/complaints/{complaint_id}/reject", { ...path(id), body: { reason: text(v.reason) } })),
  },
  {
    key: "rejection-reply",
    permission: "complaints.reply",
    statuses: ["rejected"],
    title: () => t("rejectionReply"),
    fields: () => [{ name: "message", label: t("message"), kind: "textarea", required: true }],
    run: (id, v) =>
      ok(api.POST("/v1/complaints/{complaint_id}/rejection-reply", { ...path(id), body: { message: text(v.message) } })),
  },
  {
    key: "reply",
    permission: "complaints.reply",
    statuses: WORKING,
    title: () => t("reply"),
    fields: () => [
      { name: "message", label: t("message"), kind: "textarea", required: true },
      { name: "next_reply_at", label: t("nextReply"), kind: "datetime", required: true },
    ],
    run: (id, v) =>
      ok(
        api.POST("/v1/complaints/{complaint_id}/replies", {
          ...path(id),
          body: { message: text(v.message), next_reply_at: instant(v.next_reply_at) },
        }),
      ),
  },
  {
    key: "note",
    permission: "complaints.note",
    statuses: WORKING,
    title: () => t("note"),
    fields: () => [
      { name: "message", label: t("progress"), kind: "textarea", required: true },
      { name: "customer_informed", label: t("informed"), kind: "checkbox" },
    ],
    run: (id, v) =>
      ok(
        api.POST("/v1/complaints/{complaint_id}/progress-notes", {
          ...path(id),
          body: { message: text(v.message), customer_informed: Boolean(v.customer_informed) },
        }),
      ),
  },
  {
    key: "agreement",
    permission: "compensation.draft",
    statuses: WORKING,
    only: (c) => c.compensation_involved, // CMP-09: only a case marked as involving compensation
    title: () => t("agreement"),
    fields: () => [
      { name: "amount", label: t("amount"), required: true },
      { name: "payee_name", label: t("payee"), required: true },
      { name: "payee_account", label: t("account"), required: true },
      { name: "payee_contact", label: t("payeeContact") },
      { name: "reason", label: t("agreementReason"), kind: "textarea", required: true },
      { name: "terms", label: t("terms"), kind: "textarea", required: true },
    ],
    run: (id, v) =>
      ok(
        api.POST("/v1/complaints/{complaint_id}/agreements", {
          ...path(id),
          body: {
            amount: text(v.amount),
            currency: "CNY",
            payee: { name: text(v.payee_name), account: text(v.payee_account), contact: text(v.payee_contact) || undefined },
            reason: text(v.reason),
            terms: text(v.terms),
          },
        }),
      ),
  },
  {
    key: "route",
    permission: "complaints.route",
    statuses: WORKING,
    // CMP-05: only a valid complaint goes on a card, and its route is settled once reported on.
    only: (c, w) => c.nature === "valid" && !w?.report,
    title: () => t("route"),
    fields: (c) => [
      { name: "route", label: t("routeTo"), kind: "select", options: routeOptions(c), required: true },
      { name: "opinion", label: t("opinion"), kind: "textarea" },
    ],
    run: (id, v) =>
      ok(
        api.POST("/v1/complaints/{complaint_id}/routing", {
          ...path(id),
          body: { route: text(v.route) as Schemas["RouteComplaintBody"]["route"], opinion: text(v.opinion) || undefined },
        }),
      ),
  },
  {
    key: "department",
    permission: "complaints.assign_department",
    statuses: WORKING,
    // CMP-05: administration names it, leadership for a contract dispute; sales names none.
    only: (_c, w) => !w || (!w.report && hasAnyRole(...(ASSIGNERS[w.routing.route ?? ""] ?? []))),
    title: () => t("department"),
    fields: (_c, w) => [
      { name: "department", label: t("handlingDepartment"), required: true, initial: w?.routing.handling_department ?? "" },
      { name: "instructions", label: t("instructions"), kind: "textarea" },
    ],
    run: (id, v) =>
      ok(
        api.POST("/v1/complaints/{complaint_id}/handling-department", {
          ...path(id),
          body: { department: text(v.department), instructions: text(v.instructions) || undefined },
        }),
      ),
  },
  {
    key: "report",
    permission: "complaints.submit_report",
    statuses: WORKING,
    // CMP-06: the named department reports; a report in approval or approved stays as is.
    only: (_c, w) => !w || (Boolean(w.routing.handling_department) && (!w.report || w.report.status === "returned")),
    title: (w) => (w?.report?.status === "returned" ? t("resubmit") : t("report")),
    fields: (_c, w) => {
      // A returned report comes back to its author to be revised, not retyped.
      const last = w?.report;
      const person = last?.responsible_people[0];
      return [
        { name: "cause", label: t("cause"), kind: "textarea", required: true, initial: last?.cause ?? "" },
        { name: "course_of_events", label: t("course"), kind: "textarea", required: true, initial: last?.course_of_events ?? "" },
        { name: "person_id", label: t("personId"), initial: person?.person_id ?? "" },
        { name: "name", label: t("personName"), initial: person?.name ?? "" },
        { name: "team", label: t("team"), initial: person?.team ?? "" },
        { name: "department", label: t("personDepartment"), initial: person?.department ?? "" },
        { name: "conclusion", label: t("conclusion"), kind: "textarea", required: true, initial: last?.conclusion ?? "" },
        {
          name: "countermeasures",
          label: t("countermeasures"),
          kind: "textarea",
          required: true,
          initial: last?.countermeasures ?? "",
        },
      ];
    },
    run: (id, v) =>
      ok(
        api.POST("/v1/complaints/{complaint_id}/investigation-report", {
          ...path(id),
          body: {
            cause: text(v.cause),
            course_of_events: text(v.course_of_events),
            responsible_people: [
              {
                person_id: text(v.person_id) || null,
                name: text(v.name) || null,
                team: text(v.team) || null,
                department: text(v.department) || null,
              },
            ],
            conclusion: text(v.conclusion),
            countermeasures: text(v.countermeasures),
          },
        }),
      ),
  },
  {
    key: "escalate",
    permission: "complaints.escalate",
    statuses: WORKING,
    // CMP-07: one level up from where the case stands, by that level, once the last step is
    // acknowledged; the ladder's next level is only known from the workflow.
    only: (_c, w) =>
      Boolean(w && !w.escalation.pending_level && nextLevel(w.escalation.level) && hasAnyRole(...levelRoles(w.escalation.level))),
    title: () => t("escalate"),
    fields: (_c, w) => {
      const up = nextLevel(w?.escalation.level);
      return [
        { name: "to_level", label: t("toLevel"), kind: "select", options: up ? [[up, label(ESCALATION_LEVELS, up)]] : [], required: true },
        { name: "reason", label: t("escalationReason"), kind: "textarea", required: true },
        { name: "handling_opinion", label: t("handlingOpinion"), kind: "textarea" },
      ];
    },
    run: (id, v) =>
      ok(
        api.POST("/v1/complaints/{complaint_id}/escalations", {
          ...path(id),
          body: {
            to_level: text(v.to_level) as Level,
            reason: text(v.reason),
            handling_opinion: text(v.handling_opinion) || undefined,
          },
        }),
      ),
  },
  {
    key: "acknowledge",
    permission: "complaints.acknowledge_escalation",
    statuses: WORKING,
    // CMP-07, PLT-02: the receiving level acknowledges, never the one who passed the case up.
    only: (_c, w) => {
      const pending = w?.escalation.pending_level;
      const last = w?.escalation.steps.at(-1);
      return Boolean(pending && hasAnyRole(...levelRoles(pending)) && last?.escalated_by !== session.value?.claims.sub);
    },
    title: () => t("acknowledge"),
    fields: () => [{ name: "note", label: t("noteField"), kind: "textarea" }],
    run: (id, v) =>
      ok(
        api.POST("/v1/complaints/{complaint_id}/escalations/acknowledge", {
          ...path(id),
          body: { note: text(v.note) || undefined },
        }),
      ),
  },
  {
    key: "answer",
    permission: "complaints.customer_answer",
    statuses: WORKING,
    // CMP-06: customer service answers the customer once the report is finally approved.
    only: (_c, w) => Boolean(w?.report?.status === "approved" && !w.customer_answer),
    title: () => t("answer"),
    fields: () => [
      { name: "method", label: t("answerMethod"), kind: "select", options: options(ANSWER_METHODS), initial: "phone", required: true },
      { name: "summary", label: t("answerSummary"), kind: "textarea", required: true },
    ],
    run: (id, v) =>
      ok(
        api.POST("/v1/complaints/{complaint_id}/customer-answer", {
          ...path(id),
          body: { method: text(v.method) as AnswerMethod, summary: text(v.summary) },
        }),
      ),
  },
  {
    key: "resolve",
    permission: "complaints.resolve",
    statuses: WORKING,
    // CMP-06: an investigated case resolves once the approved answer reached the customer.
    only: (_c, w) => w?.resolution_allowed ?? true,
    title: () => t("resolve"),
    fields: () => [{ name: "resolution", label: t("resolution"), kind: "textarea", required: true }],
    run: (id, v) =>
      ok(api.POST("/v1/complaints/{complaint_id}/resolve", { ...path(id), body: { resolution: text(v.resolution) } })),
  },
  {
    key: "visit",
    permission: "complaints.return_visit",
    statuses: ["resolved"],
    title: () => t("visit"),
    fields: () => [
      { name: "satisfied", label: t("satisfied"), kind: "checkbox", initial: true },
      { name: "satisfaction", label: t("satisfaction"), kind: "number", min: 1, max: 5, initial: "5", required: true },
      { name: "comment", label: t("comment") },
    ],
    run: (id, v) =>
      ok(
        api.POST("/v1/complaints/{complaint_id}/return-visits", {
          ...path(id),
          body: { satisfied: Boolean(v.satisfied), satisfaction: Number(v.satisfaction), comment: text(v.comment) || undefined },
        }),
      ),
  },
  {
    key: "close",
    permission: "complaints.close",
    statuses: ["visited"],
    title: () => t("close"),
    fields: () => [{ name: "summary", label: t("summary"), kind: "textarea" }],
    run: (id, v) =>
      ok(api.POST("/v1/complaints/{complaint_id}/close", { ...path(id), body: { summary: text(v.summary) || undefined } })),
  },
];

export function CaseActions({
  complaint,
  workflow,
  onChange,
}: {
  complaint: Complaint;
  workflow?: Workflow;
  onChange: () => void;
}) {
  const open = ACTIONS.filter(
    (a) =>
      complaint.status &&
      a.statuses.includes(complaint.status) &&
      can(a.permission) &&
      (a.only?.(complaint, workflow) ?? true),
  );
  return (
    <section class="panel" aria-labelledby="case-actions">
      <h2 id="case-actions">{t("title")}</h2>
      {open.length === 0 ? <p>{t("none")}</p> : null}
      {open.map((action, index) => (
        <details key={`${complaint.version}-${action.key}`} open={index === 0}>
          <summary>{action.title(workflow)}</summary>
          <ActionForm
            id={`${complaint.id}.${action.key}`}
            title={action.title(workflow)}
            fields={action.fields(complaint, workflow)}
            danger={action.danger}
            onSubmit={(values) => action.run(complaint.id, values)}
            onDone={onChange}
          />
        </details>
      ))}
    </section>
  );
}
