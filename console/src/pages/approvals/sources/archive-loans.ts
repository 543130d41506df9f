// Archive loans (ARC-05, ARC-06): requests approved within the approver's rights (a
// confidential or secret file needs its level's special approval; the service checks it).
import { api, ok, type Schemas } from "../../../api/client";
import { messages } from "../../../i18n";
import { dateTime } from "../../../format";
import { allPages } from "../../../ui/pages";
import { optional, type InboxItem, type Source } from "./types";

type Loan = Schemas["cs_archives_v1_Loann"];

const t = messages({
  zh: {
    label: "档案借阅",
    what: "档案借阅 · 档案 {record} · {kind} · {purpose} · 归还 {due}",
    lend: "借出",
    read_in_place: "现场查阅",
    special: "需密级特批",
    external: "外单位 {organisation}",
  },
  en: {
    label: "Archive loans",
    what: "Archive loan · record {record} · {kind} · {purpose} · due {due}",
    lend: "lend",
    read_in_place: "read in place",
    special: "Needs the special approval of its level",
    external: "external: {organisation}",
  },
});

function item(loan: Loan): InboxItem {
  const path = { loan_id: loan.id };
  const kind = loan.kind === "lend" || loan.kind === "read_in_place" ? t(loan.kind) : loan.kind;
  const who = loan.borrower_kind === "staff" ? (loan.borrower ?? loan.requester) : t("external", { organisation: loan.organisation ?? "—" });
  return {
    key: `archive-loans:${loan.id}`,
    what: t("what", { record: loan.record_id, kind, purpose: loan.purpose, due: dateTime(loan.due_at) }),
    step: loan.special_approval_needed ? t("special") : undefined,
    requester: who,
    askedAt: loan.created_at,
    recordId: loan.id,
    noteField: "note",
    approve: (note) =>
      ok(api.POST("/v1/archives/loans/{loan_id}/approve", { params: { path }, body: { note: optional(note) } })),
    refuse: (reason) => ok(api.POST("/v1/archives/loans/{loan_id}/refuse", { params: { path }, body: { reason } })),
  };
}

export const archiveLoans: Source = {
  id: "archive-loans",
  label: () => t("label"),
  roles: ["team_lead", "manager", "director", "general_manager"],
  async load(me) {
    const all = await allPages(
      (page_token) =>
        ok(api.GET("/v1/archives/loans", { params: { query: { state: "requested", page_size: 100, page_token } } })),
      (page) => page.items,
    );
    // Never the requester or the borrower (PLT-02).
    return all.filter((l) => l.requester !== me.sub && l.borrower !== me.sub).map(item);
  },
};
