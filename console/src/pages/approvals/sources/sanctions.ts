// Sanctions (CMP-11): proposed by administration, approved by the general manager. The
// service has no refusal of a proposed sanction: only approval is offered here.
import { api, ok, type Schemas } from "../../../api/client";
import { messages } from "../../../i18n";
import { to } from "../../../sections";
import { sanctionKind } from "./labels";
import { allPages } from "../../../ui/pages";
import type { InboxItem, Source } from "./types";

type Sanction = Schemas["Sanction"];

const t = messages({
  zh: { label: "处分", what: "处分 · {kind} · 员工 {person} · {reason}" },
  en: { label: "Sanctions", what: "Sanction · {kind} · employee {person} · {reason}" },
});

function item(sanction: Sanction): InboxItem {
  return {
    key: `sanctions:${sanction.id}`,
    what: t("what", { kind: sanctionKind(sanction.kind), person: sanction.person_id, reason: sanction.reason }),
    requester: sanction.proposed_by,
    askedAt: sanction.proposed_at,
    href: to(`/complaints/${sanction.complaint_id}`),
    recordId: sanction.id,
    noteField: "reason",
    approve: () => ok(api.POST("/v1/sanctions/{sanction_id}/approve", { params: { path: { sanction_id: sanction.id } } })),
  };
}

export const sanctions: Source = {
  id: "sanctions",
  label: () => t("label"),
  roles: ["general_manager"],
  async load(me) {
    const all = await allPages(
      (page_token) =>
        ok(api.GET("/v1/sanctions", { params: { query: { status: "proposed", page_size: 100, page_token } } })),
      (page) => page.items,
    );
    return all.filter((s) => s.proposed_by !== me.sub).map(item);
  },
};
