// One destruction proposal (ARC-11): approved or rejected by a manager or above, never the
// proposer (PLT-02); executed by the archivist before at least one witness other than
// themself; then the destruction record, record by record.
import { useState } from "preact/hooks";
import { api, ok } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { dateTime } from "../../format";
import { to } from "../../sections";
import { hasAnyRole, session } from "../../session";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { History } from "./history";
import { ARCHIVES_FILE, ARCHIVES_READ, DESTRUCTION_METHODS, DESTRUCTION_STATES, LEVELS, label, list } from "./labels";
import { ArchivesNav } from "./nav";

// The service's CS_ARCHIVES_DESTRUCTION_APPROVER_ROLES default (the gateway lets team leads
// through archives.approve; the domain then refuses them).
const DESTRUCTION_APPROVERS = ["manager", "director", "general_manager"];

const t = messages({
  zh: {
    title: "销毁申请 {id}",
    facts: "申请信息",
    state: "状态",
    method: "销毁方式",
    reason: "销毁理由",
    proposedBy: "申请人",
    decidedBy: "审批",
    rejection: "驳回理由",
    witnesses: "监销人",
    witnessesHint: "监销人员工编号，每行一个；须有销毁人以外的人",
    decide: "审批销毁申请",
    note: "意见或驳回理由",
    execute: "执行销毁",
    executeSubmit: "确认已销毁",
    records: "档案",
    record: "档案编号",
    level: "密级",
    destroyedAt: "销毁时间",
    history: "申请历史",
  },
  en: {
    title: "Destruction {id}",
    facts: "The proposal",
    state: "State",
    method: "Method",
    reason: "Reason",
    proposedBy: "Proposed by",
    decidedBy: "Decided",
    rejection: "Rejection reason",
    witnesses: "Witnesses",
    witnessesHint: "The witnesses' staff ids, one a line; someone other than the one destroying",
    decide: "Decide on the proposal",
    note: "Note or rejection reason",
    execute: "Execute the destruction",
    executeSubmit: "Confirm destroyed",
    records: "Records",
    record: "Record id",
    level: "Confidentiality",
    destroyedAt: "Destroyed at",
    history: "History of the proposal",
  },
});

export default function Destruction({ id }: { id: string }) {
  const path = { proposal_id: id };
  const query = useQuery(async () => {
    const [proposal, history] = await Promise.all([
      ok(api.GET("/v1/archives/destructions/{proposal_id}", { params: { path } })),
      ok(api.GET("/v1/archives/destructions/{proposal_id}/history", { params: { path, query: { page_size: 100 } } })),
    ]);
    return { proposal, history: history.items };
  }, [id]);
  const [note, setNote] = useState("");
  const [witnesses, setWitnesses] = useState("");
  const approve = useAction(async () => {
    await ok(api.POST("/v1/archives/destructions/{proposal_id}/approve", { params: { path }, body: { note: note.trim() || undefined } }));
    query.reload();
  });
  const reject = useAction(async () => {
    await ok(api.POST("/v1/archives/destructions/{proposal_id}/reject", { params: { path }, body: { reason: note } }));
    query.reload();
  });
  const execute = useAction(async () => {
    await ok(api.POST("/v1/archives/destructions/{proposal_id}/execute", { params: { path }, body: { witnesses: list(witnesses) } }));
    query.reload();
  });
  const me = session.value?.claims.sub;
  return (
    <Page title={t("title", { id })} roles={ARCHIVES_READ}>
      <ArchivesNav />
      <Loaded query={query}>
        {({ proposal: d, history }) => (
          <>
            <section class="panel" aria-labelledby="destruction-facts">
              <h2 id="destruction-facts">{t("facts")}</h2>
              <dl class="facts">
                <dt>{t("state")}</dt>
                <dd>
                  <span class="badge">{label(DESTRUCTION_STATES, d.state)}</span>
                </dd>
                <dt>{t("method")}</dt>
                <dd>{label(DESTRUCTION_METHODS, d.method)}</dd>
                <dt>{t("reason")}</dt>
                <dd>{d.reason}</dd>
                <dt>{t("proposedBy")}</dt>
                <dd>{d.proposed_by}</dd>
                <dt>{t("decidedBy")}</dt>
                <dd>{d.approved_by ? `${d.approved_by} · ${dateTime(d.approved_at)}` : (d.rejected_by ?? "—")}</dd>
                {d.rejection_reason ? (
                  <>
                    <dt>{t("rejection")}</dt>
                    <dd>{d.rejection_reason}</dd>
                  </>
                ) : null}
                <dt>{t("witnesses")}</dt>
                <dd>{d.witnesses.length ? d.witnesses.join("、") : "—"}</dd>
              </dl>
            </section>
            {d.state === "proposed" && hasAnyRole(...DESTRUCTION_APPROVERS) && d.proposed_by !== me ? (
              <section class="panel" aria-labelledby="destruction-decide">
                <h2 id="destruction-decide">{t("decide")}</h2>
                <Form label={t("decide")} onSubmit={() => void approve.run()}>
                  <ProblemBanner error={approve.error ?? reject.error} />
                  <Field label={t("note")} name="reason" error={approve.error ?? reject.error}>
                    {(p) => <textarea {...p} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
                  </Field>
                  <div class="row">
                    <button type="submit" disabled={approve.busy || reject.busy}>
                      {tc("approve")}
                    </button>
                    <button type="button" class="danger" disabled={approve.busy || reject.busy} onClick={() => void reject.run()}>
                      {tc("refuse")}
                    </button>
                  </div>
                </Form>
              </section>
            ) : null}
            {d.state === "approved" && hasAnyRole(...ARCHIVES_FILE) ? (
              <section class="panel" aria-labelledby="destruction-execute">
                <h2 id="destruction-execute">{t("execute")}</h2>
                <Form label={t("execute")} onSubmit={() => void execute.run()}>
                  <ProblemBanner error={execute.error} />
                  <Field label={t("witnesses")} name="witnesses" error={execute.error} hint={t("witnessesHint")} required>
                    {(p) => <textarea {...p} rows={2} value={witnesses} onInput={(e) => setWitnesses(e.currentTarget.value)} />}
                  </Field>
                  <div class="row">
                    <button type="submit" class="danger" disabled={execute.busy}>
                      {execute.busy ? tc("working") : t("executeSubmit")}
                    </button>
                  </div>
                </Form>
              </section>
            ) : null}
            <section class="panel" aria-labelledby="destruction-records">
              <h2 id="destruction-records">{t("records")}</h2>
              <Table
                caption={t("records")}
                rows={d.state === "executed" ? d.destroyed : d.record_ids.map((record_id) => ({ record_id, category: "", confidentiality: "", destroyed_at: null, method: d.method }))}
                rowKey={(line) => line.record_id}
                columns={[
                  { label: t("record"), cell: (line) => <a class="archives-id" href={to(`/archives/records/${line.record_id}`)}>{line.record_id}</a> },
                  { label: t("level"), cell: (line) => label(LEVELS, line.confidentiality) },
                  { label: t("method"), cell: (line) => label(DESTRUCTION_METHODS, line.method) },
                  { label: t("destroyedAt"), cell: (line) => dateTime(line.destroyed_at) },
                ]}
              />
            </section>
            <section class="panel" aria-labelledby="destruction-history">
              <h2 id="destruction-history">{t("history")}</h2>
              <History entries={history} caption={t("history")} />
            </section>
          </>
        )}
      </Loaded>
    </Page>
  );
}
