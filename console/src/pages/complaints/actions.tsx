// The actions this user may take on a case now: by the case's status (the workflow) and the
// permissions the gateway gave this user (GET /v1/me). The services still decide each call.
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { can } from "../../session";
import { ActionForm, type ActionField, type ActionValues, instant, text } from "../../ui/action-form";

type Complaint = Schemas["Complaint"];
type Status = NonNullable<Complaint["status"]>;

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
  },
});

interface CaseAction {
  key: string;
  permission: string;
  statuses: Status[];
  title: () => string;
  fields: () => ActionField[];
  run: (id: string, v: ActionValues) => Promise<unknown>;
  danger?: boolean;
  only?: (complaint: Complaint) => boolean; // beyond status and permission
}

const path = (id: string) => ({ params: { path: { complaint_id: id } } });
const WORKING: Status[] = ["accepted", "in_progress"];

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
    key: "resolve",
    permission: "complaints.resolve",
    statuses: WORKING,
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

export function CaseActions({ complaint, onChange }: { complaint: Complaint; onChange: () => void }) {
  const open = ACTIONS.filter(
    (a) =>
      complaint.status && a.statuses.includes(complaint.status) && can(a.permission) && (a.only?.(complaint) ?? true),
  );
  return (
    <section class="panel" aria-labelledby="case-actions">
      <h2 id="case-actions">{t("title")}</h2>
      {open.length === 0 ? <p>{t("none")}</p> : null}
      {open.map((action, index) => (
        <details key={`${complaint.version}-${action.key}`} open={index === 0}>
          <summary>{action.title()}</summary>
          <ActionForm
            id={`${complaint.id}.${action.key}`}
            title={action.title()}
            fields={action.fields()}
            danger={action.danger}
            onSubmit={(values) => action.run(complaint.id, values)}
            onDone={onChange}
          />
        </details>
      ))}
    </section>
  );
}
