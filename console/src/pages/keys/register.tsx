// The key register (KEY-01, KEY-02): every key set of the branch, searchable, and the form
// that enters a new one. The service checks the code's uniqueness and the owner's details.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { to } from "../../sections";
import { hasAnyRole, session } from "../../session";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { useDraft } from "../../ui/draft";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { KINDS, KEY_ROLES, LENDERS, STATES, label } from "./labels";
import { KeysNav } from "./nav";
import { CodeSelect } from "../../ui/select";

type KeySet = Schemas["KeySet"];
const MAX_PAGES = 50; // 5,000 key sets: a large branch's whole key room

const t = messages({
  zh: {
    title: "钥匙登记册",
    caption: "本分支机构的钥匙登记册",
    code: "钥匙编号",
    unit: "楼栋/单元",
    kind: "类型",
    keyCount: "钥匙数量",
    cabinet: "钥匙柜",
    hook: "挂钩",
    custodian: "保管人",
    state: "状态",
    owner: "业主",
    ownerName: "业主姓名",
    ownerPhone: "业主电话",
    note: "备注",
    search: "搜索编号或单元",
    all: "全部",
    newSet: "登记钥匙",
    register: "登记",
    registered: "已登记钥匙 {code}。",
    lend: "借出",
    borrower: "借用人",
  },
  en: {
    title: "Key register",
    caption: "The branch's key register",
    code: "Key code",
    unit: "Building/unit",
    kind: "Kind",
    keyCount: "Keys",
    cabinet: "Cabinet",
    hook: "Hook",
    custodian: "Custodian",
    state: "State",
    owner: "Owner",
    ownerName: "Owner's name",
    ownerPhone: "Owner's phone",
    note: "Note",
    search: "Search code or unit",
    all: "All",
    newSet: "Register a key set",
    register: "Register",
    registered: "Key set {code} registered.",
    lend: "Lend",
    borrower: "Borrower",
  },
});

/** Every key set of the branch matching the server-side filters (paged through). */
export async function keySets(query: { state?: string; kind?: string; cabinet?: string }): Promise<KeySet[]> {
  const all: KeySet[] = [];
  let page_token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await ok(
      api.GET("/v1/keys/key-sets", {
        params: { query: { ...query, page_size: 100, page_token } },
      }),
    );
    all.push(...answer.items);
    if (!answer.next_page_token) break;
    page_token = answer.next_page_token;
  }
  return all;
}

const blank = (value: string) => (value.trim() ? value.trim() : undefined);

function RegisterForm({ onDone }: { onDone: (code: string) => void }) {
  const empty = {
    code: "",
    unit: "",
    kind: "vacant_unit",
    key_count: "1",
    cabinet: "",
    hook: "",
    custodian: session.value?.claims.sub ?? "",
    owner_name: "",
    owner_phone: "",
    note: "",
  };
  const [form, update, clear] = useDraft("keys-register", empty);
  const save = useAction(async () => {
    const created = await ok(
      api.POST("/v1/keys/key-sets", {
        body: {
          code: form.code.trim(),
          unit: form.unit.trim(),
          kind: form.kind,
          key_count: Number(form.key_count),
          cabinet: form.cabinet.trim(),
          hook: form.hook.trim(),
          custodian: form.custodian.trim(),
          owner_name: form.kind === "owner_entrusted" ? blank(form.owner_name) : undefined,
          owner_phone: form.kind === "owner_entrusted" ? blank(form.owner_phone) : undefined,
          note: blank(form.note),
        },
      }),
    );
    clear();
    onDone(created.code);
  });
  const err = save.error;
  const text = (key: keyof typeof empty) => (e: { currentTarget: HTMLInputElement }) =>
    update({ [key]: e.currentTarget.value });
  return (
    <Form label={t("newSet")} onSubmit={() => void save.run()}>
      <ProblemBanner error={err} />
      <div class="grid">
        <Field label={t("code")} name="code" error={err} required>
          {(p) => <input {...p} value={form.code} onInput={text("code")} autoComplete="off" />}
        </Field>
        <Field label={t("unit")} name="unit" error={err} required>
          {(p) => <input {...p} value={form.unit} onInput={text("unit")} autoComplete="off" />}
        </Field>
        <Field label={t("kind")} name="kind" error={err} required>
          {(p) => <CodeSelect {...p} table={KINDS} value={form.kind} onChange={(kind) => update({ kind })} />}
        </Field>
        <Field label={t("keyCount")} name="key_count" error={err} required>
          {(p) => <input {...p} type="number" min={1} value={form.key_count} onInput={text("key_count")} />}
        </Field>
        <Field label={t("cabinet")} name="cabinet" error={err} required>
          {(p) => <input {...p} value={form.cabinet} onInput={text("cabinet")} autoComplete="off" />}
        </Field>
        <Field label={t("hook")} name="hook" error={err} required>
          {(p) => <input {...p} value={form.hook} onInput={text("hook")} autoComplete="off" />}
        </Field>
        <Field label={t("custodian")} name="custodian" error={err} required>
          {(p) => <input {...p} value={form.custodian} onInput={text("custodian")} autoComplete="off" />}
        </Field>
        {form.kind === "owner_entrusted" ? (
          <>
            <Field label={t("ownerName")} name="owner_name" error={err} required>
              {(p) => <input {...p} value={form.owner_name} onInput={text("owner_name")} autoComplete="off" />}
            </Field>
            <Field label={t("ownerPhone")} name="owner_phone" error={err} required>
              {(p) => <input {...p} type="tel" value={form.owner_phone} onInput={text("owner_phone")} autoComplete="off" />}
            </Field>
          </>
        ) : null}
        <Field label={t("note")} name="note" error={err}>
          {(p) => <input {...p} value={form.note} onInput={text("note")} />}
        </Field>
      </div>
      <button type="submit" disabled={save.busy}>
        {save.busy ? tc("working") : t("register")}
      </button>
    </Form>
  );
}

export default function Register() {
  const [filter, setFilter] = useState({ state: "", kind: "", cabinet: "", text: "" });
  const [notice, setNotice] = useState("");
  const query = useQuery(
    () => keySets({ state: blank(filter.state), kind: blank(filter.kind), cabinet: blank(filter.cabinet) }),
    [filter.state, filter.kind, filter.cabinet],
  );
  const canLend = hasAnyRole(...LENDERS);
  const needle = filter.text.trim().toLowerCase();
  const matches = (k: KeySet) => !needle || k.code.toLowerCase().includes(needle) || k.unit.toLowerCase().includes(needle);
  return (
    <Page title={t("title")} roles={KEY_ROLES}>
      <KeysNav current="register" />
      <div class="grid keys-filters" role="search">
        <Field label={t("search")} name="text">
          {(p) => <input {...p} type="search" value={filter.text} onInput={(e) => setFilter({ ...filter, text: e.currentTarget.value })} />}
        </Field>
        <Field label={t("state")} name="state">
          {(p) => <CodeSelect {...p} table={STATES} blank={t("all")} value={filter.state} onChange={(state) => setFilter({ ...filter, state })} />}
        </Field>
        <Field label={t("kind")} name="kind">
          {(p) => <CodeSelect {...p} table={KINDS} blank={t("all")} value={filter.kind} onChange={(kind) => setFilter({ ...filter, kind })} />}
        </Field>
        <Field label={t("cabinet")} name="cabinet">
          {(p) => <input {...p} value={filter.cabinet} onChange={(e) => setFilter({ ...filter, cabinet: e.currentTarget.value })} />}
        </Field>
      </div>
      {notice ? <p role="status" class="keys-notice">{notice}</p> : null}
      <Loaded query={query}>
        {(rows) => (
          <Table
            caption={t("caption")}
            rows={rows.filter(matches)}
            rowKey={(k) => k.id}
            columns={[
              { label: t("code"), cell: (k) => k.code },
              { label: t("unit"), cell: (k) => k.unit },
              { label: t("kind"), cell: (k) => label(KINDS, k.kind) },
              { label: t("keyCount"), cell: (k) => k.key_count, class: "num" },
              { label: t("cabinet"), cell: (k) => `${k.cabinet} / ${k.hook}` },
              { label: t("custodian"), cell: (k) => k.custodian },
              { label: t("owner"), cell: (k) => k.owner_name ?? "—" },
              { label: t("state"), cell: (k) => <span class={`badge key-${k.state}`}>{label(STATES, k.state)}</span> },
              { label: t("borrower"), cell: (k) => k.borrower ?? "—" },
              {
                label: tc("actions"),
                cell: (k) =>
                  canLend && k.state === "in_cabinet" && k.kind !== "hazardous" ? (
                    <a href={to(`/keys/loans?lend=${k.id}`)} aria-label={`${t("lend")} ${k.code}`}>
                      {t("lend")}
                    </a>
                  ) : null,
              },
            ]}
          />
        )}
      </Loaded>
      {hasAnyRole(...LENDERS) ? (
        <section class="panel">
          <h2>{t("newSet")}</h2>
          <RegisterForm
            onDone={(code) => {
              setNotice(t("registered", { code }));
              query.reload();
            }}
          />
        </section>
      ) : null}
    </Page>
  );
}
