// Loans and returns (KEY-04, KEY-07): the keys out now with their due times, the lending form,
// and the return check (how many keys came back, and the tag's code).
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, ok, type Schemas } from "../../api/client";
import { dateTime } from "../../format";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { hasAnyRole } from "../../session";
import { Countdown, Loaded, Page, Table, useQuery } from "../../ui/data";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { BORROWER_KINDS, KEY_ROLES, KINDS, LENDERS, LOAN_STATES, STAFF_ROLES, label } from "./labels";
import { LendForm } from "./lend";
import { KeysNav } from "./nav";
import { keySets } from "./register";

type Loan = Schemas["Loan"];

const t = messages({
  zh: {
    title: "借出与归还",
    caption: "钥匙借用记录",
    code: "钥匙编号",
    unit: "单元",
    kind: "类型",
    borrower: "借用人",
    purpose: "用途",
    lentAt: "借出时间",
    due: "应还",
    state: "状态",
    lender: "经手人",
    returnedAt: "归还时间",
    show: "显示",
    open: "借出中",
    all: "全部记录",
    take: "归还",
    returnOf: "归还钥匙 {code}",
    keyCount: "归还钥匙数量",
    tagCode: "钥匙牌编号",
    lost: "钥匙遗失",
    note: "备注",
    confirm: "确认归还",
    returned: "钥匙 {code} 已归还。",
    lent: "已借出。",
    lendTitle: "借出钥匙",
  },
  en: {
    title: "Loans and returns",
    caption: "Key loans",
    code: "Key code",
    unit: "Unit",
    kind: "Kind",
    borrower: "Borrower",
    purpose: "Purpose",
    lentAt: "Lent",
    due: "Due",
    state: "State",
    lender: "Lent by",
    returnedAt: "Returned",
    show: "Show",
    open: "Out now",
    all: "All loans",
    take: "Take back",
    returnOf: "Return of {code}",
    keyCount: "Keys returned",
    tagCode: "Code on the tag",
    lost: "The keys are lost",
    note: "Note",
    confirm: "Confirm the return",
    returned: "Key set {code} is back.",
    lent: "Lent.",
    lendTitle: "Lend keys",
  },
});

async function loans(state: string): Promise<Loan[]> {
  const answer = await ok(api.GET("/v1/keys/loans", { params: { query: { state: state || undefined, page_size: 200 } } }));
  return answer.items;
}

function who(loan: Loan): string {
  const name = loan.borrower_name ? ` ${loan.borrower_name}` : "";
  const role = loan.borrower_role ? ` (${label(STAFF_ROLES, loan.borrower_role)})` : "";
  return `${label(BORROWER_KINDS, loan.borrower_kind)}: ${loan.borrower ?? ""}${name}${role}`;
}

function ReturnForm({ loan, onDone }: { loan: Loan; onDone: (message: string) => void }) {
  const [form, setForm] = useState({ key_count: String(loan.key_count), key_set_code: "", lost: false, note: "" });
  const back = useAction(async () => {
    await ok(
      api.POST("/v1/keys/loans/{loan_id}/return", {
        params: { path: { loan_id: loan.id } },
        body: form.lost
          ? { lost: true, note: form.note || undefined }
          : { lost: false, key_count: Number(form.key_count), key_set_code: form.key_set_code.trim(), note: form.note || undefined },
      }),
    );
    onDone(t("returned", { code: loan.key_set_code }));
  });
  const err = back.error;
  return (
    <section class="panel">
      <h2>{t("returnOf", { code: loan.key_set_code })}</h2>
      <Form label={t("returnOf", { code: loan.key_set_code })} onSubmit={() => void back.run()}>
        <ProblemBanner error={err} />
        <div class="grid">
          <Field label={t("keyCount")} name="key_count" error={err} required={!form.lost}>
            {(p) => <input {...p} type="number" min={0} disabled={form.lost} value={form.key_count} onInput={(e) => setForm({ ...form, key_count: e.currentTarget.value })} />}
          </Field>
          <Field label={t("tagCode")} name="key_set_code" error={err} required={!form.lost}>
            {(p) => <input {...p} disabled={form.lost} value={form.key_set_code} autoComplete="off" onInput={(e) => setForm({ ...form, key_set_code: e.currentTarget.value })} />}
          </Field>
          <Field label={t("note")} name="note" error={err}>
            {(p) => <input {...p} value={form.note} onInput={(e) => setForm({ ...form, note: e.currentTarget.value })} />}
          </Field>
        </div>
        <label class="check">
          <input type="checkbox" name="lost" checked={form.lost} onChange={(e) => setForm({ ...form, lost: e.currentTarget.checked })} />
          {t("lost")}
        </label>
        <button type="submit" disabled={back.busy}>
          {back.busy ? tc("working") : t("confirm")}
        </button>
      </Form>
    </section>
  );
}

export default function Loans() {
  const { query: params } = useLocation();
  const [state, setState] = useState("open");
  const [returning, setReturning] = useState<Loan | null>(null);
  const [notice, setNotice] = useState("");
  const list = useQuery(() => loans(state), [state]);
  const canLend = hasAnyRole(...LENDERS);
  const available = useQuery(() => (canLend ? keySets({ state: "in_cabinet" }) : Promise.resolve([])), []);
  const done = (message: string) => {
    setNotice(message);
    setReturning(null);
    list.reload();
    available.reload();
  };
  return (
    <Page title={t("title")} roles={KEY_ROLES}>
      <KeysNav current="loans" />
      <div class="grid keys-filters">
        <Field label={t("show")} name="state">
          {(p) => (
            <select {...p} value={state} onChange={(e) => setState(e.currentTarget.value)}>
              <option value="open">{t("open")}</option>
              <option value="">{t("all")}</option>
            </select>
          )}
        </Field>
      </div>
      {notice ? <p role="status" class="keys-notice">{notice}</p> : null}
      <Loaded query={list}>
        {(rows) => (
          <Table
            caption={t("caption")}
            rows={rows}
            rowKey={(l) => l.id}
            rowClass={(l) => (l.overdue ? "breached" : undefined)}
            columns={[
              { label: t("code"), cell: (l) => <span class="keys-code">{l.key_set_code}</span> },
              { label: t("unit"), cell: (l) => <span class="keys-code">{l.unit}</span> },
              { label: t("kind"), cell: (l) => label(KINDS, l.key_kind) },
              { label: t("borrower"), cell: who },
              { label: t("purpose"), cell: (l) => l.purpose },
              { label: t("lentAt"), cell: (l) => dateTime(l.lent_at) },
              { label: t("due"), cell: (l) => (l.state === "open" ? <Countdown due={l.due_at} /> : dateTime(l.due_at)) },
              { label: t("state"), cell: (l) => <span class={`badge loan-${l.state}`}>{label(LOAN_STATES, l.state)}</span> },
              { label: t("lender"), cell: (l) => l.lender },
              { label: t("returnedAt"), cell: (l) => dateTime(l.returned_at) },
              {
                label: tc("actions"),
                cell: (l) =>
                  canLend && l.state === "open" ? (
                    <button type="button" class="secondary keys-act" aria-label={`${t("take")} ${l.key_set_code}`} onClick={() => setReturning(l)}>
                      {t("take")}
                    </button>
                  ) : null,
              },
            ]}
          />
        )}
      </Loaded>
      {returning ? <ReturnForm key={returning.id} loan={returning} onDone={done} /> : null}
      {canLend ? (
        <section class="panel">
          <h2>{t("lendTitle")}</h2>
          <Loaded query={available}>
            {(sets) => <LendForm sets={sets.filter((s) => s.kind !== "hazardous")} preselected={params.lend} onDone={() => done(t("lent"))} />}
          </Loaded>
        </section>
      ) : null}
    </Page>
  );
}
