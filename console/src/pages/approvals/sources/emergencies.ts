// Key emergencies (KEY-06): one approval per role the emergency was declared with, each by a
// different person, never the requester; after the keys went, with the reason. The service
// has no refusal of an emergency: only approval is offered here.
import { api, ok, type Schemas } from "../../../api/client";
import { messages } from "../../../i18n";
import type { Claims } from "../../../session";
import { roleName } from "./labels";
import { allPages } from "../../../ui/pages";
import { optional, type InboxItem, type Source } from "./types";

type Emergency = Schemas["Emergency"];
const OPEN = ["declared", "keys_in_use"] as const;

const t = messages({
  zh: {
    label: "钥匙紧急使用",
    what: "钥匙紧急使用 · 钥匙 {keySet} · {hazard} · {description}",
    step: "{role}批准",
    afterTheFact: "{role}事后批准（须填理由）",
  },
  en: {
    label: "Key emergencies",
    what: "Key emergency · key set {keySet} · {hazard} · {description}",
    step: "Approval as {role}",
    afterTheFact: "Approval as {role} after the fact (reason required)",
  },
});

/** The roles of mine this emergency still needs an approval from. */
function rolesDue(emergency: Emergency, me: Claims): string[] {
  if (emergency.requester === me.sub || emergency.approvals.some((a) => a.approver === me.sub)) return [];
  const given = new Set(emergency.approvals.map((a) => a.role));
  return emergency.approver_roles.filter((role) => !given.has(role) && me.roles.includes(role));
}

function item(emergency: Emergency, role: string): InboxItem {
  const after = Boolean(emergency.keys_used_at);
  return {
    key: `emergencies:${emergency.id}`,
    what: t("what", { keySet: emergency.key_set_id, hazard: emergency.hazard, description: emergency.description }),
    step: t(after ? "afterTheFact" : "step", { role: roleName(role) }),
    requester: emergency.requester,
    askedAt: emergency.created_at,
    recordId: emergency.id,
    noteField: "reason",
    approve: (note) =>
      ok(
        api.POST("/v1/keys/emergencies/{emergency_id}/approve", {
          params: { path: { emergency_id: emergency.id } },
          body: { reason: optional(note) },
        }),
      ),
  };
}

export const emergencies: Source = {
  id: "emergencies",
  label: () => t("label"),
  roles: ["team_lead", "manager"],
  async load(me) {
    const lists = await Promise.all(
      OPEN.map((status) =>
        allPages(
          (page_token) =>
            ok(api.GET("/v1/keys/emergencies", { params: { query: { status, page_size: 100, page_token } } })),
          (page) => page.items,
        ),
      ),
    );
    return lists.flat().flatMap((emergency) => {
      const [role] = rolesDue(emergency, me);
      return role ? [item(emergency, role)] : [];
    });
  },
};
