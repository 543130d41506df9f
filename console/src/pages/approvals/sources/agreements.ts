// Compensation agreements (CMP-09): legal confirms the text, then the chain signs (manager →
// director → general manager by default; the chain travels with each agreement). There is no
// list of agreements across cases: they are read per open compensation case.
import { api, ok, type Schemas } from "../../../api/client";
import { messages } from "../../../i18n";
import { money } from "../../../format";
import type { Claims } from "../../../session";
import { to } from "../../../sections";
import { eachLimited, openComplaints } from "./complaints-open";
import { roleName } from "./labels";
import { optional, type InboxItem, type Source } from "./types";

type Agreement = Schemas["Agreement"];

const t = messages({
  zh: {
    label: "赔偿协议",
    what: "赔偿协议 · 投诉 {number} · {amount} · 收款人 {payee}",
    confirm: "法务确认",
    confirmStep: "法务确认文本",
    sign: "签署",
    signStep: "签署（{role}）",
  },
  en: {
    label: "Compensation agreements",
    what: "Compensation agreement · complaint {number} · {amount} · payee {payee}",
    confirm: "Confirm",
    confirmStep: "Legal confirmation of the text",
    sign: "Sign",
    signStep: "Signature ({role})",
  },
});

const SIGNERS = ["team_lead", "manager", "director", "general_manager", "admin", "hq_admin"];

/** Whether this agreement waits for me, and for which step. */
function waitingFor(agreement: Agreement, me: Claims): "confirm" | "sign" | null {
  const involved = agreement.authors.includes(me.sub) || agreement.signatures.some((s) => s.signed_by === me.sub);
  if (involved) return null; // PLT-02: no one approves their own text or signs twice
  if (agreement.status === "drafted" && me.roles.includes("legal")) return "confirm";
  const step = agreement.next_step;
  const signing = agreement.status === "legal_confirmed" || agreement.status === "signing";
  if (signing && step && me.roles.includes(step.role) && me.grade >= step.min_grade) return "sign";
  return null;
}

function item(agreement: Agreement, action: "confirm" | "sign"): InboxItem {
  const path = { agreement_id: agreement.id };
  const confirming = action === "confirm";
  return {
    key: `agreements:${agreement.id}`,
    what: t("what", {
      number: agreement.complaint_number,
      amount: money(agreement.amount, agreement.currency),
      payee: agreement.payee.name,
    }),
    step: confirming ? t("confirmStep") : t("signStep", { role: roleName(agreement.next_step?.role) }),
    requester: agreement.drafted_by,
    askedAt: confirming ? agreement.updated_at : (agreement.legal_confirmed_at ?? agreement.updated_at),
    href: to(`/complaints/${agreement.complaint_id}`),
    recordId: agreement.id,
    approveLabel: confirming ? t("confirm") : t("sign"),
    noteField: "comment",
    approve: (note) =>
      confirming
        ? ok(api.POST("/v1/agreements/{agreement_id}/confirm", { params: { path }, body: { comment: optional(note) } }))
        : ok(api.POST("/v1/agreements/{agreement_id}/sign", { params: { path }, body: { comment: optional(note) } })),
    refuse: (reason) => ok(api.POST("/v1/agreements/{agreement_id}/reject", { params: { path }, body: { reason } })),
  };
}

export const agreements: Source = {
  id: "agreements",
  label: () => t("label"),
  roles: ["legal", ...SIGNERS],
  async load(me) {
    const cases = await openComplaints(["accepted", "in_progress", "resolved", "visited"]);
    const compensation = cases.filter((c) => c.compensation_involved || c.demands.includes("compensation"));
    const lists = await eachLimited(compensation, (c) =>
      ok(api.GET("/v1/complaints/{complaint_id}/agreements", { params: { path: { complaint_id: c.id } } })),
    );
    return lists.flatMap((list) =>
      list.items.flatMap((agreement) => {
        const action = waitingFor(agreement, me);
        return action ? [item(agreement, action)] : [];
      }),
    );
  },
};
