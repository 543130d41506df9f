// Sealed custody (KEY-03) as the service takes it: the owner's deposit form (which registers the
// owner's key set), the seal the owner put on the envelope and signed across, an opening only
// with the owner's consent (its channel and minute) and each deposit's history. The service
// decides every rule; these forms only ask for what it needs and show its answer beside it.
import { api, ok, type Schemas } from "../../api/client";
import { dateTime } from "../../format";
import { messages, pick } from "../../i18n";
import { tc } from "../../i18n/common";
import { ActionForm, instant } from "../../ui/action-form";
import { Loaded, Table, useQuery } from "../../ui/data";
import { useDraft } from "../../ui/draft";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { eventName, label } from "../../ui/labels";

type Deposit = Schemas["Deposit"];
type Entry = Schemas["cs_keys_v1_HistoryEntry"];

const t = messages({
  zh: {
    record: "登记业主存放",
    code: "钥匙编号",
    unit: "楼栋/单元",
    keyCount: "钥匙数量",
    cabinet: "钥匙柜",
    hook: "挂钩",
    ownerName: "业主姓名",
    ownerPhone: "业主电话",
    purpose: "存放用途",
    formRef: "存放登记表编号",
    note: "备注",
    submit: "登记存放",
    seal: "封存 {unit}",
    sealNumber: "封条编号",
    signatureRef: "业主骑缝签名照片编号",
    sealedByOwner: "业主本人装袋封口并在封条上骑缝签名",
    sealSubmit: "记录封存",
    open: "经业主同意开封 {unit}",
    channel: "业主同意方式",
    channelPhone: "电话",
    consentedAt: "业主同意时间",
    reason: "开封原因",
    openSubmit: "开封",
    history: "{unit} 的存放记录",
    when: "时间",
    what: "事项",
    who: "经办人",
    details: "内容",
  },
  en: {
    record: "Record an owner's deposit",
    code: "Key code",
    unit: "Building/unit",
    keyCount: "Number of keys",
    cabinet: "Cabinet",
    hook: "Hook",
    ownerName: "Owner's name",
    ownerPhone: "Owner's phone",
    purpose: "Purpose of the deposit",
    formRef: "Deposit form ref",
    note: "Note",
    submit: "Record the deposit",
    seal: "Seal {unit}",
    sealNumber: "Seal number",
    signatureRef: "Photo ref of the owner's signature across the seal",
    sealedByOwner: "The owner put the keys in the envelope, sealed it and signed across the seal",
    sealSubmit: "Record the seal",
    open: "Open {unit} with the owner's consent",
    channel: "How the owner consented",
    channelPhone: "phone",
    consentedAt: "Owner consented at",
    reason: "Why it is opened",
    openSubmit: "Open",
    history: "Deposit history of {unit}",
    when: "When",
    what: "What",
    who: "By",
    details: "Details",
  },
});

const EMPTY = { code: "", unit: "", key_count: "1", cabinet: "", hook: "", owner_name: "", owner_phone: "", purpose: "", form_ref: "", note: "" };
type Draft = typeof EMPTY;
const REQUIRED: (keyof Draft)[] = ["code", "unit", "key_count", "cabinet", "hook", "owner_name", "owner_phone", "purpose", "form_ref"];

export function DepositForm({ onDone }: { onDone: (deposit: Deposit) => void }) {
  const [form, update, clear] = useDraft("keys-deposit", EMPTY);
  const act = useAction(async () => {
    const { key_count, note, ...rest } = form;
    const created = await ok(api.POST("/v1/keys/deposits", { body: { ...rest, key_count: Number(key_count), note: note.trim() || null } }));
    clear();
    onDone(created);
  });
  const err = act.error;
  const input = (key: keyof Draft, text: string, type = "text") => (
    <Field label={text} name={key} error={err} required={REQUIRED.includes(key)}>
      {(p) => <input {...p} type={type} min={type === "number" ? 1 : undefined} value={form[key]} onInput={(e) => update({ [key]: e.currentTarget.value })} autoComplete="off" />}
    </Field>
  );
  return (
    <Form label={t("record")} onSubmit={() => void act.run()}>
      <ProblemBanner error={err} />
      <div class="grid">
        {input("code", t("code"))}
        {input("unit", t("unit"))}
        {input("key_count", t("keyCount"), "number")}
        {input("cabinet", t("cabinet"))}
        {input("hook", t("hook"))}
        {input("owner_name", t("ownerName"))}
        {input("owner_phone", t("ownerPhone"), "tel")}
        {input("purpose", t("purpose"))}
        {input("form_ref", t("formRef"))}
        {input("note", t("note"))}
      </div>
      <button type="submit" disabled={act.busy}>
        {act.busy ? tc("working") : t("submit")}
      </button>
    </Form>
  );
}

/** The step a deposit takes next: a seal (or the re-seal after an opening), or the consented opening. */
export function DepositStep({ item, onDone }: { item: Deposit; onDone: () => void }) {
  const path = { params: { path: { deposit_id: item.id } } };
  if (item.status === "sealed") {
    return (
      <ActionForm
        id={`keys-open.${item.id}`}
        title={t("open", { unit: item.unit })}
        submitLabel={t("openSubmit")}
        danger
        fields={[
          { name: "consent_channel", label: t("channel"), required: true, initial: t("channelPhone") },
          { name: "consented_at", label: t("consentedAt"), kind: "datetime", required: true },
          { name: "reason", label: t("reason"), required: true },
        ]}
        onSubmit={(v) =>
          ok(
            api.POST("/v1/keys/deposits/{deposit_id}/open-with-consent", {
              ...path,
              // Left out when empty (not sent as ""): the gateway then names the missing minute beside its field.
              body: { consent_channel: String(v.consent_channel), consented_at: instant(v.consented_at) as string, reason: String(v.reason) },
            }),
          )
        }
        onDone={onDone}
      />
    );
  }
  return (
    <ActionForm
      id={`keys-seal.${item.id}`}
      title={t("seal", { unit: item.unit })}
      submitLabel={t("sealSubmit")}
      fields={[
        { name: "seal_number", label: t("sealNumber"), required: true },
        { name: "signature_ref", label: t("signatureRef"), required: true },
        { name: "sealed_by_owner", label: t("sealedByOwner"), kind: "checkbox" },
      ]}
      onSubmit={(v) =>
        ok(
          api.POST("/v1/keys/deposits/{deposit_id}/seal", {
            ...path,
            body: { seal_number: String(v.seal_number), signature_ref: String(v.signature_ref), sealed_by_owner: Boolean(v.sealed_by_owner) },
          }),
        )
      }
      onDone={onDone}
    />
  );
}

const EVENTS: Record<string, [string, string]> = {
  DepositRecorded: ["登记存放", "Deposit recorded"],
  DepositSealed: ["封存", "Sealed"],
  DepositSealOpened: ["开封", "Seal opened"],
};
const DETAILS: Record<string, [string, string]> = {
  seal_number: ["封条编号", "Seal number"],
  signature_ref: ["签名照片", "Signature"],
  basis: ["依据", "Basis"],
  consent_channel: ["同意方式", "Consent by"],
  consented_at: ["同意时间", "Consented at"],
  emergency_id: ["紧急使用", "Emergency"],
  form_ref: ["存放登记表", "Deposit form"],
  key_count: ["钥匙数量", "Keys"],
};
const BASES: Record<string, [string, string]> = {
  owner_consent: ["业主同意", "Owner's consent"],
  emergency: ["紧急使用", "Emergency"],
};

function details(entry: Entry): string {
  return Object.entries(entry.details)
    .filter(([key, raw]) => key in DETAILS && raw !== null && raw !== "" && typeof raw !== "object")
    .map(([key, raw]) => {
      const text = String(raw);
      const shown = key === "basis" ? label(BASES, text) : key.endsWith("_at") ? dateTime(text) : text;
      return `${pick(...DETAILS[key]!)}：${shown}`;
    })
    .join(" · ");
}

export function DepositHistory({ item }: { item: Deposit }) {
  const entries = useQuery(
    async () => (await ok(api.GET("/v1/keys/deposits/{deposit_id}/history", { params: { path: { deposit_id: item.id }, query: { page_size: 200 } } }))).items,
    [item.id, item.version],
  );
  const caption = t("history", { unit: item.unit });
  return (
    <section class="panel" aria-label={caption}>
      <h3>{caption}</h3>
      <Loaded query={entries}>
        {(rows) => (
          <Table
            caption={caption}
            rows={rows}
            rowKey={(e) => String(e.sequence)}
            columns={[
              { label: t("when"), cell: (e) => dateTime(e.occurred_at) },
              { label: t("what"), cell: (e) => label(EVENTS, eventName(e.event_type)) },
              { label: t("who"), cell: (e) => e.actor },
              { label: t("details"), cell: (e) => <small>{details(e)}</small> },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}
