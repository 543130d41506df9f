// A staff member registers to borrow a record for themself (ARC-06): lend to the desk with a
// due time, or read in place (due the same day). Document archives are read in place only
// (ARC-05) — the service refuses a "lend" of one, and the refusal shows here.
import { useLocation } from "preact-iso";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { to } from "../../sections";
import { useDraft } from "../../ui/draft";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { LOAN_KINDS, options } from "./labels";

const t = messages({
  zh: {
    title: "申请借阅",
    kind: "借阅方式",
    purpose: "借阅事由",
    dueAt: "应还时间",
    dueHint: "借出必填；现场查阅当日归还",
    submit: "提交借阅申请",
  },
  en: {
    title: "Request a loan",
    kind: "Kind",
    purpose: "Purpose",
    dueAt: "Due back",
    dueHint: "Required to lend; reading in place is due the same day",
    submit: "Request the loan",
  },
});

const EMPTY = { kind: "lend", purpose: "", due_at: "" };

export function RequestLoan({ record, onRequested }: { record: Schemas["ArchiveRecord"]; onRequested: () => void }) {
  const { route } = useLocation();
  const [form, update, clear] = useDraft(`archives-loan-${record.id}`, EMPTY);
  const request = useAction(async () => {
    const loan = await ok(
      api.POST("/v1/archives/loans", {
        body: {
          record_id: record.id,
          kind: form.kind,
          purpose: form.purpose,
          // datetime-local is the browser's wall time; sent as an instant.
          due_at: form.kind === "lend" && form.due_at ? new Date(form.due_at).toISOString() : undefined,
        },
      }),
    );
    clear();
    onRequested();
    route(to(`/archives/loans/${loan.id}`));
  });
  const err = request.error;
  return (
    <section class="panel" aria-labelledby="request-loan">
      <h2 id="request-loan">{t("title")}</h2>
      <Form label={t("title")} onSubmit={() => void request.run()}>
        <ProblemBanner error={err} />
        <div class="grid">
          <Field label={t("kind")} name="kind" error={err} required>
            {(p) => (
              <select {...p} value={form.kind} onChange={(e) => update({ kind: e.currentTarget.value })}>
                {options(LOAN_KINDS).map(([code, name]) => (
                  <option value={code}>{name}</option>
                ))}
              </select>
            )}
          </Field>
          {form.kind === "lend" ? (
            <Field label={t("dueAt")} name="due_at" error={err} hint={t("dueHint")} required>
              {(p) => (
                <input {...p} type="datetime-local" value={form.due_at} onInput={(e) => update({ due_at: e.currentTarget.value })} />
              )}
            </Field>
          ) : null}
        </div>
        <Field label={t("purpose")} name="purpose" error={err} required>
          {(p) => <textarea {...p} rows={2} value={form.purpose} onInput={(e) => update({ purpose: e.currentTarget.value })} />}
        </Field>
        <div class="row">
          <button type="submit" disabled={request.busy}>
            {request.busy ? tc("working") : t("submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
