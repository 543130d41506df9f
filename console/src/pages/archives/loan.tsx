// One loan (ARC-05 ... ARC-08): its facts, the actions this user may take now — approve or
// refuse, the archivist's count out and in, the borrower's confirmation of the same count,
// a written incident report — and the loan's history.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { dateTime } from "../../format";
import { to } from "../../sections";
import { hasAnyRole, session } from "../../session";
import { Countdown, Loaded, Page, useQuery } from "../../ui/data";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { CountForm, type Count } from "./count";
import { History } from "./history";
import { IncidentForm } from "./incident";
import { ARCHIVES_APPROVE, ARCHIVES_LEND, ARCHIVES_READ, BORROWER_KINDS, CONDITIONS, LEVELS, LOAN_KINDS, LOAN_STATES, label } from "./labels";
import { ArchivesNav } from "./nav";

type Loan = Schemas["cs_archives_v1_Loann"];

const t = messages({
  zh: {
    title: "借阅单 {id}",
    facts: "借阅信息",
    record: "档案",
    kind: "方式",
    purpose: "事由",
    borrower: "借阅人",
    borrowerKind: "借阅人类别",
    requester: "登记人",
    level: "密级",
    state: "状态",
    dueAt: "应还时间",
    left: "剩余时间",
    approver: "审批人",
    special: "需特别审批",
    refusal: "驳回理由",
    countOut: "借出清点（档案员）",
    countIn: "归还清点（档案员）",
    outCount: "借出清点：{items} 件 {pages} 页",
    inCount: "归还清点：{items} 件 {pages} 页，{condition}",
    chases: "催还次数",
    overdue: "已逾期",
    decide: "审批",
    note: "意见或驳回理由",
    approveTitle: "审批借阅申请",
    lendTitle: "档案员借出清点",
    lend: "记录借出清点",
    returnTitle: "档案员归还清点",
    return: "记录归还清点",
    confirmOutTitle: "借阅人确认借出清点",
    confirmInTitle: "借阅人确认归还清点",
    confirm: "确认清点无误",
    history: "借阅历史",
  },
  en: {
    title: "Loan {id}",
    facts: "The loan",
    record: "Record",
    kind: "Kind",
    purpose: "Purpose",
    borrower: "Borrower",
    borrowerKind: "Borrower kind",
    requester: "Registered by",
    level: "Confidentiality",
    state: "State",
    dueAt: "Due back",
    left: "Time left",
    approver: "Approver",
    special: "Special approval needed",
    refusal: "Refusal reason",
    countOut: "Count out (archivist)",
    countIn: "Count in (archivist)",
    outCount: "Counted out: {items} items, {pages} pages",
    inCount: "Counted in: {items} items, {pages} pages, {condition}",
    chases: "Reminders sent",
    overdue: "Overdue",
    decide: "Decide",
    note: "Note or refusal reason",
    approveTitle: "Decide on the request",
    lendTitle: "The archivist's count out",
    lend: "Record the count out",
    returnTitle: "The archivist's count in",
    return: "Record the count in",
    confirmOutTitle: "The borrower confirms the count out",
    confirmInTitle: "The borrower confirms the count in",
    confirm: "Confirm the count",
    history: "History of the loan",
  },
});

function Decide({ loan, onDone }: { loan: Loan; onDone: () => void }) {
  const [note, setNote] = useState("");
  const path = { loan_id: loan.id };
  const approve = useAction(async () => {
    await ok(api.POST("/v1/archives/loans/{loan_id}/approve", { params: { path }, body: { note: note.trim() || undefined } }));
    onDone();
  });
  const refuse = useAction(async () => {
    await ok(api.POST("/v1/archives/loans/{loan_id}/refuse", { params: { path }, body: { reason: note } }));
    onDone();
  });
  const err = approve.error ?? refuse.error;
  return (
    <Form label={t("approveTitle")} onSubmit={() => void approve.run()}>
      <ProblemBanner error={err} />
      <Field label={t("note")} name="reason" error={err}>
        {(p) => <textarea {...p} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
      </Field>
      <div class="row">
        <button type="submit" disabled={approve.busy || refuse.busy}>
          {tc("approve")}
        </button>
        <button type="button" class="danger" disabled={approve.busy || refuse.busy} onClick={() => void refuse.run()}>
          {tc("refuse")}
        </button>
      </div>
    </Form>
  );
}

const count = (c: Count) => ({ items: c.items, pages: c.pages });

export default function LoanPage({ id }: { id: string }) {
  const path = { loan_id: id };
  const query = useQuery(
    async () => {
      const [loan, history] = await Promise.all([
        ok(api.GET("/v1/archives/loans/{loan_id}", { params: { path } })),
        ok(api.GET("/v1/archives/loans/{loan_id}/history", { params: { path, query: { page_size: 100 } } })),
      ]);
      return { loan, history: history.items };
    },
    [id],
  );
  const me = session.value?.claims.sub;
  const done = () => query.reload();
  return (
    <Page title={t("title", { id })} roles={ARCHIVES_READ}>
      <ArchivesNav />
      <Loaded query={query}>
        {({ loan: l, history }) => {
          const archivist = hasAnyRole(...ARCHIVES_LEND);
          const borrower = l.borrower === me;
          const confirming = l.state === "counted_out" || l.state === "counted_in";
          // The archivist confirms for an external borrower with the signed register (ARC-06).
          const confirmsForExternal = archivist && l.borrower_kind !== "staff";
          const approver = hasAnyRole(...ARCHIVES_APPROVE) && !borrower && l.requester !== me;
          return (
            <>
              <section class="panel" aria-labelledby="loan-facts">
                <h2 id="loan-facts">{t("facts")}</h2>
                <dl class="facts">
                  <dt>{t("record")}</dt>
                  <dd>
                    <a class="archives-id" href={to(`/archives/records/${l.record_id}`)}>{l.record_id}</a>
                  </dd>
                  <dt>{t("state")}</dt>
                  <dd>
                    <span class="badge" data-testid="loan-state">
                      {label(LOAN_STATES, l.state)}
                    </span>
                    {l.overdue ? <span class="badge archives-overdue">{t("overdue")}</span> : null}
                  </dd>
                  <dt>{t("kind")}</dt>
                  <dd>{label(LOAN_KINDS, l.kind)}</dd>
                  <dt>{t("purpose")}</dt>
                  <dd>{l.purpose}</dd>
                  <dt>{t("borrower")}</dt>
                  <dd>{l.borrower_name ?? l.borrower ?? "—"}</dd>
                  <dt>{t("borrowerKind")}</dt>
                  <dd>{label(BORROWER_KINDS, l.borrower_kind)}</dd>
                  <dt>{t("requester")}</dt>
                  <dd>{l.requester}</dd>
                  <dt>{t("level")}</dt>
                  <dd>
                    {label(LEVELS, l.confidentiality)}
                    {l.special_approval_needed ? ` · ${t("special")}` : ""}
                  </dd>
                  <dt>{t("dueAt")}</dt>
                  <dd>
                    {dateTime(l.due_at)}{" "}
                    {l.state === "out" || l.state === "counted_in" ? <Countdown due={l.due_at} warnMinutes={24 * 60} /> : null}
                  </dd>
                  <dt>{t("approver")}</dt>
                  <dd>{l.approver ? `${l.approver} · ${dateTime(l.approved_at)}` : "—"}</dd>
                  {l.refusal_reason ? (
                    <>
                      <dt>{t("refusal")}</dt>
                      <dd>{l.refusal_reason}</dd>
                    </>
                  ) : null}
                  <dt>{t("countOut")}</dt>
                  <dd data-testid="count-out">{l.counted_by || l.out_items ? t("outCount", { items: l.out_items, pages: l.out_pages }) : "—"}</dd>
                  <dt>{t("countIn")}</dt>
                  <dd data-testid="count-in">
                    {l.in_condition ? t("inCount", { items: l.in_items, pages: l.in_pages, condition: label(CONDITIONS, l.in_condition) }) : "—"}
                  </dd>
                  <dt>{t("chases")}</dt>
                  <dd>{l.chases}</dd>
                </dl>
              </section>
              {l.state === "requested" && approver ? (
                <section class="panel" aria-labelledby="loan-decide">
                  <h2 id="loan-decide">{t("approveTitle")}</h2>
                  <Decide loan={l} onDone={done} />
                </section>
              ) : null}
              {l.state === "approved" && archivist ? (
                <section class="panel" aria-labelledby="loan-lend">
                  <h2 id="loan-lend">{t("lendTitle")}</h2>
                  <CountForm
                    title={t("lendTitle")}
                    submit={t("lend")}
                    onCount={async (c) => (await ok(api.POST("/v1/archives/loans/{loan_id}/lend", { params: { path }, body: count(c) })), done())}
                  />
                </section>
              ) : null}
              {l.state === "out" && archivist ? (
                <section class="panel" aria-labelledby="loan-return">
                  <h2 id="loan-return">{t("returnTitle")}</h2>
                  <CountForm
                    title={t("returnTitle")}
                    submit={t("return")}
                    withCondition
                    onCount={async (c) =>
                      (await ok(api.POST("/v1/archives/loans/{loan_id}/return", { params: { path }, body: { ...count(c), condition: c.condition } })), done())
                    }
                  />
                </section>
              ) : null}
              {confirming && (borrower || confirmsForExternal) ? (
                <section class="panel" aria-labelledby="loan-confirm">
                  <h2 id="loan-confirm">{l.state === "counted_out" ? t("confirmOutTitle") : t("confirmInTitle")}</h2>
                  <CountForm
                    title={l.state === "counted_out" ? t("confirmOutTitle") : t("confirmInTitle")}
                    submit={t("confirm")}
                    withSignature={confirmsForExternal}
                    onCount={async (c) =>
                      (await ok(api.POST("/v1/archives/loans/{loan_id}/confirm", { params: { path }, body: { ...count(c), signature_ref: c.signature_ref } })), done())
                    }
                  />
                </section>
              ) : null}
              {["counted_out", "out", "counted_in"].includes(l.state) && (borrower || archivist || approver) ? (
                <IncidentForm loan={l} onDone={done} />
              ) : null}
              <section class="panel" aria-labelledby="loan-history">
                <h2 id="loan-history">{t("history")}</h2>
                <History entries={history} caption={t("history")} />
              </section>
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
