// The case's history (what happened, PLT-04) and, for those allowed, the audit trail (who,
// from where); agreements with their signatures and the accountability (penalties).
import { api, ok } from "../../api/client";
import { messages } from "../../i18n";
import { dateTime, money } from "../../format";
import { to } from "../../sections";
import { Loaded, Table, useQuery } from "../../ui/data";

const t = messages({
  zh: {
    history: "处理记录",
    audit: "审计轨迹",
    agreements: "赔偿协议",
    accountability: "责任与处罚",
    event: "事件",
    actor: "操作人",
    at: "时间",
    from: "来源地址",
    amount: "金额",
    status: "状态",
    next: "待签",
    signatures: "已签",
    responsible: "责任认定",
    penalties: "罚款",
    sanctions: "处分",
    person: "责任人",
    month: "月份",
    kind: "类型",
    reasonCol: "理由",
  },
  en: {
    history: "History",
    audit: "Audit trail",
    agreements: "Compensation agreements",
    accountability: "Responsibility and penalties",
    event: "Event",
    actor: "By",
    at: "When",
    from: "From",
    amount: "Amount",
    status: "Status",
    next: "Next signature",
    signatures: "Signed",
    responsible: "Responsible",
    penalties: "Penalties",
    sanctions: "Sanctions",
    person: "Person",
    month: "Month",
    kind: "Kind",
    reasonCol: "Reason",
  },
});

const path = (id: string) => ({ params: { path: { complaint_id: id } } });

export function HistoryPanel({ complaintId, refresh }: { complaintId: string; refresh: string }) {
  const query = useQuery(() => ok(api.GET("/v1/complaints/{complaint_id}/history", path(complaintId))), [complaintId, refresh]);
  return (
    <section class="panel" aria-labelledby="case-history">
      <h2 id="case-history">{t("history")}</h2>
      <Loaded query={query}>
        {(answer) => (
          <Table
            caption={t("history")}
            rows={answer.items}
            rowKey={(h) => String(h.sequence)}
            columns={[
              { label: t("at"), cell: (h) => dateTime(h.occurred_at) },
              { label: t("event"), cell: (h) => h.event_type },
              { label: t("actor"), cell: (h) => h.actor },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

export function AuditPanel({ complaintId, refresh }: { complaintId: string; refresh: string }) {
  const query = useQuery(() => ok(api.GET("/v1/complaints/{complaint_id}/audit", path(complaintId))), [complaintId, refresh]);
  return (
    <section class="panel" aria-labelledby="case-audit">
      <h2 id="case-audit">{t("audit")}</h2>
      <Loaded query={query}>
        {(answer) => (
          <Table
            caption={t("audit")}
            rows={answer.items}
            rowKey={(a) => `${a.source}-${a.sequence}`}
            columns={[
              { label: t("at"), cell: (a) => dateTime(a.occurred_at) },
              { label: t("event"), cell: (a) => a.event_type },
              { label: t("actor"), cell: (a) => a.actor },
              { label: t("from"), cell: (a) => a.client_ip ?? "—" },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

export function AgreementsPanel({ complaintId, refresh }: { complaintId: string; refresh: string }) {
  const query = useQuery(
    () => ok(api.GET("/v1/complaints/{complaint_id}/agreements", path(complaintId))),
    [complaintId, refresh],
  );
  return (
    <section class="panel" aria-labelledby="case-agreements">
      <h2 id="case-agreements">{t("agreements")}</h2>
      <Loaded query={query}>
        {(answer) => (
          <Table
            caption={t("agreements")}
            rows={answer.items}
            rowKey={(a) => a.id}
            columns={[
              { label: t("amount"), cell: (a) => money(a.amount, a.currency) },
              { label: t("status"), cell: (a) => a.status ?? "—" },
              { label: t("next"), cell: (a) => a.next_step?.role ?? "—" },
              { label: t("signatures"), cell: (a) => a.signatures.map((s) => s.signed_by).join("、") || "—" },
              { label: t("at"), cell: (a) => <a href={to(`/approvals`)}>{dateTime(a.created_at)}</a> },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

export function AccountabilityPanel({ complaintId, refresh }: { complaintId: string; refresh: string }) {
  const query = useQuery(
    () => ok(api.GET("/v1/complaints/{complaint_id}/accountability", path(complaintId))),
    [complaintId, refresh],
  );
  return (
    <section class="panel" aria-labelledby="case-accountability">
      <h2 id="case-accountability">{t("accountability")}</h2>
      <Loaded query={query}>
        {({ responsibility, penalties, sanctions }) => (
          <>
            {responsibility ? (
              <p>
                {t("responsible")}: {responsibility.person_id ?? responsibility.team ?? responsibility.department} ·{" "}
                {responsibility.reason}
              </p>
            ) : null}
            <Table
              caption={t("penalties")}
              rows={penalties}
              rowKey={(p) => p.id}
              columns={[
                { label: t("person"), cell: (p) => p.person_id },
                { label: t("amount"), cell: (p) => money(p.amount, p.currency) },
                { label: t("month"), cell: (p) => p.month },
                { label: t("actor"), cell: (p) => p.assessed_by },
              ]}
            />
            <Table
              caption={t("sanctions")}
              rows={sanctions}
              rowKey={(s) => s.id}
              columns={[
                { label: t("person"), cell: (s) => s.person_id },
                { label: t("kind"), cell: (s) => s.kind ?? "—" },
                { label: t("status"), cell: (s) => s.status ?? "—" },
                { label: t("reasonCol"), cell: (s) => s.reason },
              ]}
            />
          </>
        )}
      </Loaded>
    </section>
  );
}
