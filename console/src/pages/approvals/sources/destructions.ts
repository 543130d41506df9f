// Archive destructions (ARC-11): a manager or above approves a proposal, never its proposer.
import { api, ok, type Schemas } from "../../../api/client";
import { messages } from "../../../i18n";
import { allPages } from "../../../ui/pages";
import { optional, type InboxItem, type Source } from "./types";

type Proposal = Schemas["DestructionProposal"];

const t = messages({
  zh: {
    label: "档案销毁",
    what: "档案销毁 · {count} 份档案 · 方式 {method} · {reason}",
    shredding: "粉碎",
  },
  en: {
    label: "Archive destructions",
    what: "Archive destruction · {count} records · by {method} · {reason}",
    shredding: "shredding",
  },
});

function item(proposal: Proposal): InboxItem {
  const path = { proposal_id: proposal.id };
  return {
    key: `destructions:${proposal.id}`,
    what: t("what", {
      count: proposal.record_ids.length,
      method: proposal.method === "shredding" ? t("shredding") : proposal.method,
      reason: proposal.reason,
    }),
    requester: proposal.proposed_by,
    askedAt: proposal.created_at,
    recordId: proposal.id,
    noteField: "note",
    approve: (note) =>
      ok(api.POST("/v1/archives/destructions/{proposal_id}/approve", { params: { path }, body: { note: optional(note) } })),
    refuse: (reason) =>
      ok(api.POST("/v1/archives/destructions/{proposal_id}/reject", { params: { path }, body: { reason } })),
  };
}

export const destructions: Source = {
  id: "destructions",
  label: () => t("label"),
  roles: ["manager", "director", "general_manager"],
  async load(me) {
    const all = await allPages(
      (page_token) =>
        ok(api.GET("/v1/archives/destructions", { params: { query: { state: "proposed", page_size: 100, page_token } } })),
      (page) => page.items,
    );
    return all.filter((p) => p.proposed_by !== me.sub).map(item);
  },
};
