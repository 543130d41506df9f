// Lending (KEY-04) with the identity checks the service asks for: property staff by id and
// role; an owner's collector with the proof kept and the owner's call to the minute (KEY-05);
// a contractor signed for by an engineer with the developer's paperwork (KEY-12); a plant-room
// key to customer service only as a special case (KEY-13). The service enforces every rule.
import { useEffect } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { useDraft } from "../../ui/draft";
import { BORROWER_KINDS, KINDS, PROOFS, RELATIONS, STAFF_ROLES, label } from "./labels";
import { CodeSelect } from "../../ui/select";

type KeySet = Schemas["KeySet"];
type Body = Schemas["LendKeyBody"];

const t = messages({
  zh: {
    title: "借出钥匙",
    keySet: "钥匙",
    choose: "请选择",
    borrowerKind: "借用人类别",
    borrower: "借用员工编号",
    contractorSigner: "签收工程人员编号",
    borrowerRole: "借用人岗位",
    borrowerName: "借用人姓名",
    workerName: "施工人员姓名",
    relation: "与业主关系",
    proofKind: "证明材料",
    proofDoc: "留存复印件编号",
    callAt: "致电业主时间",
    consentAt: "业主同意时间",
    company: "承包单位",
    paperwork: "开发商证明文件编号",
    specialReason: "特殊情况原因",
    specialApprover: "批准经理编号",
    purpose: "用途",
    dueAt: "应还时间",
    dueSameDay: "空置房与维修钥匙须当班下班前归还；留空即为下班时间。",
    dueRequired: "须填写归还时间。",
    lend: "确认借出",
    identity: "身份核验",
  },
  en: {
    title: "Lend keys",
    keySet: "Key set",
    choose: "Choose…",
    borrowerKind: "Borrower",
    borrower: "Staff member's id",
    contractorSigner: "Signing engineer's id",
    borrowerRole: "Borrower's role",
    borrowerName: "Borrower's name",
    workerName: "Worker's name",
    relation: "Relation to the owner",
    proofKind: "Proof shown",
    proofDoc: "Kept copy's document id",
    callAt: "Owner phoned at",
    consentAt: "Owner agreed at",
    company: "Contractor company",
    paperwork: "Developer's paperwork ref",
    specialReason: "Special-case reason",
    specialApprover: "Approving manager's id",
    purpose: "Purpose",
    dueAt: "Due back",
    dueSameDay: "Vacant-unit and repair keys come back before the end of the shift; empty means the shift's end.",
    dueRequired: "When the keys are due back.",
    lend: "Lend",
    identity: "Identity check",
  },
});

const EMPTY = {
  key_set_id: "",
  borrower_kind: "staff",
  borrower: "",
  borrower_role: "engineer",
  borrower_name: "",
  collector_relation: "helper",
  proof_kind: "access_pass",
  proof_document_id: "",
  owner_call_at: "",
  owner_consent_at: "",
  contractor_company: "",
  developer_paperwork_ref: "",
  special_case_reason: "",
  special_case_approver: "",
  purpose: "",
  due_at: "",
};
type Draft = typeof EMPTY;

const blank = (value: string) => (value.trim() ? value.trim() : undefined);
// datetime-local is the browser's wall time; the API takes instants.
const instant = (value: string) => (value ? new Date(value).toISOString() : undefined);

function toBody(form: Draft, kind: string | undefined): Body {
  const body: Body = { key_set_id: form.key_set_id, borrower_kind: form.borrower_kind, purpose: form.purpose, due_at: instant(form.due_at) };
  if (form.borrower_kind === "owner_collector") {
    return {
      ...body,
      borrower_name: blank(form.borrower_name),
      collector_relation: form.collector_relation,
      proof_kind: form.proof_kind,
      proof_document_id: blank(form.proof_document_id),
      owner_call_at: instant(form.owner_call_at),
      owner_consent_at: instant(form.owner_consent_at),
    };
  }
  const staff = { ...body, borrower: form.borrower.trim(), borrower_role: form.borrower_role };
  if (form.borrower_kind === "contractor") {
    return {
      ...staff,
      borrower_role: "engineer", // KEY-12: the engineer who signs is the borrower of record
      borrower_name: blank(form.borrower_name),
      contractor_company: blank(form.contractor_company),
      developer_paperwork_ref: blank(form.developer_paperwork_ref),
    };
  }
  if (kind === "plant_room" && form.borrower_role === "customer_service") {
    return { ...staff, special_case_reason: blank(form.special_case_reason), special_case_approver: blank(form.special_case_approver) };
  }
  return staff;
}

export function LendForm({ sets, preselected, onDone }: { sets: KeySet[]; preselected?: string; onDone: () => void }) {
  const [form, update, clear] = useDraft("keys-lend", { ...EMPTY, key_set_id: preselected ?? "" });
  // A link from the register ("lend this one") wins over a remembered draft's choice.
  useEffect(() => {
    if (preselected) update({ key_set_id: preselected });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [preselected]);
  const chosen = sets.find((s) => s.id === form.key_set_id);
  const sameDay = chosen?.kind === "vacant_unit" || chosen?.kind === "repair";
  const lend = useAction(async () => {
    await ok(api.POST("/v1/keys/loans", { body: toBody(form, chosen?.kind) }));
    clear();
    onDone();
  });
  const err = lend.error;
  const text = (key: keyof Draft) => (e: { currentTarget: HTMLInputElement }) => update({ [key]: e.currentTarget.value });
  const input = (key: keyof Draft, name: string, labelText: string, type = "text") => (
    <Field label={labelText} name={name} error={err} required>
      {(p) => <input {...p} type={type} value={form[key]} onInput={text(key)} autoComplete="off" />}
    </Field>
  );
  const relationProofs = Object.fromEntries(
    Object.entries(PROOFS).filter(([code]) =>
      form.collector_relation === "owner" ? code === "ownership_proof" : form.collector_relation === "helper" ? code === "access_pass" : code === "id_copy" || code === "authorisation_letter",
    ),
  );
  return (
    <Form label={t("title")} onSubmit={() => void lend.run()}>
      <ProblemBanner error={err} />
      <div class="grid">
        <Field label={t("keySet")} name="key_set_id" error={err} required>
          {(p) => (
            <select {...p} value={form.key_set_id} onChange={(e) => update({ key_set_id: e.currentTarget.value })}>
              <option value="">{t("choose")}</option>
              {sets.map((s) => (
                <option value={s.id}>{`${s.code} · ${s.unit} · ${label(KINDS, s.kind)}`}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("borrowerKind")} name="borrower_kind" error={err} required>
          {(p) => <CodeSelect {...p} table={BORROWER_KINDS} value={form.borrower_kind} onChange={(borrower_kind) => update({ borrower_kind })} />}
        </Field>
        <Field label={t("purpose")} name="purpose" error={err} required>
          {(p) => <input {...p} value={form.purpose} onInput={text("purpose")} />}
        </Field>
        <Field label={t("dueAt")} name="due_at" error={err} required={!sameDay} hint={sameDay ? t("dueSameDay") : t("dueRequired")}>
          {(p) => <input {...p} type="datetime-local" value={form.due_at} onInput={text("due_at")} />}
        </Field>
      </div>
      <fieldset>
        <legend>{t("identity")}</legend>
        <div class="grid">
          {form.borrower_kind === "staff" ? (
            <>
              {input("borrower", "borrower", t("borrower"))}
              <Field label={t("borrowerRole")} name="borrower_role" error={err} required>
                {(p) => <CodeSelect {...p} table={STAFF_ROLES} value={form.borrower_role} onChange={(borrower_role) => update({ borrower_role })} />}
              </Field>
              {chosen?.kind === "plant_room" && form.borrower_role === "customer_service" ? (
                <>
                  {input("special_case_reason", "special_case_reason", t("specialReason"))}
                  {input("special_case_approver", "special_case_approver", t("specialApprover"))}
                </>
              ) : null}
            </>
          ) : null}
          {form.borrower_kind === "owner_collector" ? (
            <>
              {input("borrower_name", "borrower_name", t("borrowerName"))}
              <Field label={t("relation")} name="collector_relation" error={err} required>
                {(p) => (
                  <CodeSelect
                    {...p}
                    table={RELATIONS}
                    value={form.collector_relation}
                    onChange={(collector_relation) =>
                      update({ collector_relation, proof_kind: collector_relation === "owner" ? "ownership_proof" : collector_relation === "helper" ? "access_pass" : "id_copy" })
                    }
                  />
                )}
              </Field>
              <Field label={t("proofKind")} name="proof_kind" error={err} required>
                {(p) => <CodeSelect {...p} table={relationProofs} value={form.proof_kind} onChange={(proof_kind) => update({ proof_kind })} />}
              </Field>
              {input("proof_document_id", "proof_document_id", t("proofDoc"))}
              {form.collector_relation !== "owner" ? (
                <>
                  {input("owner_call_at", "owner_call_at", t("callAt"), "datetime-local")}
                  {input("owner_consent_at", "owner_consent_at", t("consentAt"), "datetime-local")}
                </>
              ) : null}
            </>
          ) : null}
          {form.borrower_kind === "contractor" ? (
            <>
              {input("borrower", "borrower", t("contractorSigner"))}
              {input("borrower_name", "borrower_name", t("workerName"))}
              {input("contractor_company", "contractor_company", t("company"))}
              {input("developer_paperwork_ref", "developer_paperwork_ref", t("paperwork"))}
            </>
          ) : null}
        </div>
      </fieldset>
      <button type="submit" disabled={lend.busy}>
        {lend.busy ? tc("working") : t("lend")}
      </button>
    </Form>
  );
}
