// Compensation agreements (CMP-09): legal confirms the text, then the chain signs (manager →
// director → general manager by default; the chain travels with each agreement). The service
// lists them across the caller's cases (GET /v1/agreements): drafted ones for legal counsel, and
// per role those whose next signature is that role's.
import { api, ok, type Schemas } from "../../../api/client";
import { messages } from "../../../i18n";
import { money } from "../../../format";
import type { Claims } from "../../../session";
import { to } from "../../../sections";
import { roleName } from "./labels";
import { allPages } from "../../../ui/pages";
import { optional, type InboxItem, type Source } from "./types";

type Agreement = Schemas["Agreement"];
type Status = NonNullable<Agreement["status"]>;

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

/** Every agreement of the caller's branch (head office: all) with this status or awaiting this role. */
function across(query: { status?: Status[]; awaiting_role?: string }): Promise<Agreement[]> {
  return allPages(
    (page_token) => ok(api.GET("/v1/agreements", { params: { query: { ...query, page_size: 100, page_token } } })),
    (page) => page.items,
  );
}

export const agreements: Source = {
  id: "agreements",
  label: () => t("label"),
  roles: ["legal", ...SIGNERS],
  async load(me) {
    // A branch may configure other signer roles; any of mine could be a step of some chain.
    const lists = await Promise.all([
      ...(me.roles.includes("legal") ? [across({ status: ["drafted"] })] : []),
      ...me.roles.filter((role) => role !== "legal").map((role) => across({ awaiting_role: role })),
    ]);
    const seen = new Set<string>();
    return lists.flat().flatMap((agreement) => {
      if (seen.has(agreement.id)) return [];
      seen.add(agreement.id);
      const action = waitingFor(agreement, me); // the grade and PLT-02 are still mine to skip
      return action ? [item(agreement, action)] : [];
    });
  },
};
