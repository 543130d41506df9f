// Sealed custody (KEY-03) and emergency use (KEY-06): the owners' deposits and their seals,
// recorded, sealed and opened with consent by those the gateway lets register keys
// (keys.register); emergencies with the approvals they still need. Declaring one is open to the
// key room's staff; approving to team leads and managers (the service refuses the requester, PLT-02).
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { dateTime } from "../../format";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { can, hasAnyRole, session } from "../../session";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { APPROVERS, HAZARDS, KEY_ROLES, STATUSES, label } from "./labels";
import { KeysNav } from "./nav";
import { keySets } from "./register";
import { EmergencySteps } from "./emergency";
import { DepositForm, DepositHistory, DepositStep } from "./deposit";
import { CodeSelect } from "../../ui/select";

type Emergency = Schemas["Emergency"];
type KeySet = Schemas["KeySet"];
type Deposit = Schemas["Deposit"];

const t = messages({
  zh: {
    title: "封存与紧急使用",
    deposits: "业主存放与封存",
    depositsCaption: "业主存放的钥匙",
    unit: "单元",
    owner: "业主",
    keyCount: "钥匙数量",
    seal: "封条编号",
    status: "状态",
    form: "存放单",
    emergencies: "紧急使用",
    emergenciesCaption: "紧急使用记录",
    hazard: "险情",
    description: "情况说明",
    requester: "报告人",
    approvals: "审批",
    approvalDue: "审批期限",
    ownerContacted: "联系业主时间",
    declare: "报告紧急使用",
    keySet: "钥匙",
    choose: "请选择",
    submit: "提交报告",
    approve: "批准",
    handle: "处理",
    approveOf: "批准紧急使用 {unit}",
    reason: "批准说明（事后补批必填）",
    pending: "待 {roles} 批准",
    sealed: "封存钥匙",
    reseal: "待业主重新封存",
    sealOf: "封存 {unit}",
    openOf: "开封 {unit}",
    historyOf: "{unit} 的记录",
    recorded: "已登记 {unit} 的存放",
    recordDeposit: "登记业主存放",
    done: "{unit}：{status}",
  },
  en: {
    title: "Custody and emergencies",
    deposits: "Owners' deposits and seals",
    depositsCaption: "Keys deposited by owners",
    unit: "Unit",
    owner: "Owner",
    keyCount: "Keys",
    seal: "Seal number",
    status: "Status",
    form: "Deposit form",
    emergencies: "Emergency use",
    emergenciesCaption: "Emergencies",
    hazard: "Hazard",
    description: "What happened",
    requester: "Reported by",
    approvals: "Approvals",
    approvalDue: "Approval due",
    ownerContacted: "Owner contacted",
    declare: "Declare an emergency",
    keySet: "Key set",
    choose: "Choose…",
    submit: "Declare",
    approve: "Approve",
    handle: "Handle",
    approveOf: "Approve the emergency at {unit}",
    reason: "Reason (required after the fact)",
    pending: "waiting for {roles}",
    sealed: "Sealed keys",
    reseal: "Owner to re-seal",
    sealOf: "Seal {unit}",
    openOf: "Open {unit}",
    historyOf: "History of {unit}",
    recorded: "Deposit recorded for {unit}",
    recordDeposit: "Record an owner's deposit",
    done: "{unit}: {status}",
  },
});

const ROLE_NAMES: Record<string, [string, string]> = {
  team_lead: ["客服主管", "team lead"],
  manager: ["项目经理", "manager"],
  general_manager: ["总经理", "general manager"],
};

function approvalsOf(e: Emergency): string {
  const given = e.approvals.map((a) => `${label(ROLE_NAMES, a.role)} ${a.approver}${a.after_the_fact ? "*" : ""}`);
  const missing = e.approver_roles.filter((role) => !e.approvals.some((a) => a.role === role));
  return [...given, missing.length ? t("pending", { roles: missing.map((r) => label(ROLE_NAMES, r)).join("、") }) : ""].filter(Boolean).join("；");
}

function Approve({ item, where, onDone }: { item: Emergency; where: string; onDone: () => void }) {
  const [reason, setReason] = useState("");
  const act = useAction(async () => {
    await ok(api.POST("/v1/keys/emergencies/{emergency_id}/approve", { params: { path: { emergency_id: item.id } }, body: { reason: reason.trim() || null } }));
    onDone();
  });
  return (
    <Form label={t("approveOf", { unit: where })} onSubmit={() => void act.run()}>
      <ProblemBanner error={act.error} />
      <Field label={t("reason")} name="reason" error={act.error}>
        {(p) => <input {...p} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <button type="submit" disabled={act.busy}>
        {t("approve")}
      </button>
    </Form>
  );
}

function Declare({ sets, onDone }: { sets: KeySet[]; onDone: () => void }) {
  const [form, setForm] = useState({ key_set_id: "", hazard: "flood", description: "" });
  const act = useAction(async () => {
    await ok(api.POST("/v1/keys/emergencies", { body: form }));
    setForm({ key_set_id: "", hazard: "flood", description: "" });
    onDone();
  });
  const err = act.error;
  return (
    <Form label={t("declare")} onSubmit={() => void act.run()}>
          <ProblemBanner error={err} />
          <div class="grid">
            <Field label={t("keySet")} name="key_set_id" error={err} required>
              {(p) => (
                <select {...p} value={form.key_set_id} onChange={(e) => setForm({ ...form, key_set_id: e.currentTarget.value })}>
                  <option value="">{t("choose")}</option>
                  {sets.map((s) => (
                    <option value={s.id}>{`${s.code} · ${s.unit}${s.state === "sealed" ? ` · ${t("sealed")}` : ""}`}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("hazard")} name="hazard" error={err} required>
              {(p) => <CodeSelect {...p} table={HAZARDS} value={form.hazard} onChange={(hazard) => setForm({ ...form, hazard })} />}
            </Field>
            <Field label={t("description")} name="description" error={err} required>
              {(p) => <input {...p} value={form.description} onInput={(e) => setForm({ ...form, description: e.currentTarget.value })} />}
            </Field>
          </div>
          <button type="submit" disabled={act.busy}>
            {act.busy ? tc("working") : t("submit")}
          </button>
        </Form>
  );
}

export default function Custody() {
  const deposits = useQuery(async () => (await ok(api.GET("/v1/keys/deposits", { params: { query: { page_size: 200 } } }))).items, []);
  const emergencies = useQuery(async () => (await ok(api.GET("/v1/keys/emergencies", { params: { query: { page_size: 200 } } }))).items, []);
  // Emergencies name their key set by id: the owners' sets say which unit that is.
  const sets = useQuery(() => keySets({ kind: "owner_entrusted" }), []);
  const where = (id: string) => {
    const found = sets.data?.find((k) => k.id === id);
    return found ? `${found.code} · ${found.unit}` : id;
  };
  const [approving, setApproving] = useState<Emergency | null>(null);
  const [handling, setHandling] = useState<string | null>(null); // an id: the row reloads after each step
  const handled = emergencies.data?.find((e) => e.id === handling);
  const me = session.value?.claims.sub;
  const canDeposit = can("keys.register");
  // Ids, so the panels follow the reloaded row.
  const [stepping, setStepping] = useState<string | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const stepped = deposits.data?.find((d) => d.id === stepping);
  const viewed = deposits.data?.find((d) => d.id === viewing);
  const depositDone = (d: Deposit) => {
    setStepping(null);
    setViewing(d.id);
    deposits.reload();
  };
  const canApprove = hasAnyRole(...APPROVERS);
  return (
    <Page title={t("title")} roles={KEY_ROLES}>
      <KeysNav current="custody" />
      <section class="panel">
        <h2>{t("emergencies")}</h2>
        <Loaded query={emergencies}>
          {(rows) => (
            <Table
              caption={t("emergenciesCaption")}
              rows={rows}
              rowKey={(e) => e.id}
              rowClass={(e) => (e.approval_overdue ? "breached" : undefined)}
              columns={[
                { label: t("keySet"), cell: (e) => where(e.key_set_id) },
                { label: t("hazard"), cell: (e) => <span class="keys-code">{label(HAZARDS, e.hazard)}</span> },
                { label: t("description"), cell: (e) => e.description },
                { label: t("requester"), cell: (e) => e.requester },
                { label: t("status"), cell: (e) => <span class="keys-code">{`${label(STATUSES, e.status)}${e.reseal_task === "open" ? ` · ${t("reseal")}` : ""}`}</span> },
                { label: t("approvals"), cell: approvalsOf },
                { label: t("approvalDue"), cell: (e) => dateTime(e.approval_due_at) },
                { label: t("ownerContacted"), cell: (e) => dateTime(e.owner_contacted_at) },
                {
                  label: tc("actions"),
                  cell: (e) => (
                    <span class="keys-act">
                      {canApprove && !e.approved && e.requester !== me && !e.approvals.some((a) => a.approver === me) ? (
                        <button type="button" class="secondary" onClick={() => setApproving(e)}>
                          {t("approve")}
                        </button>
                      ) : null}{" "}
                      {e.status !== "closed" ? (
                        <button type="button" class="secondary" onClick={() => setHandling(e.id)}>
                          {t("handle")}
                        </button>
                      ) : null}
                    </span>
                  ),
                },
              ]}
            />
          )}
        </Loaded>
        {approving ? (
          <Approve
            key={approving.id}
            item={approving}
            where={where(approving.key_set_id)}
            onDone={() => {
              setApproving(null);
              emergencies.reload();
            }}
          />
        ) : null}
        {handled ? <EmergencySteps key={handled.id} item={handled} where={where(handled.key_set_id)} onDone={() => emergencies.reload()} /> : null}
        <h3>{t("declare")}</h3>
        <Loaded query={sets}>{(rows) => <Declare sets={rows} onDone={() => emergencies.reload()} />}</Loaded>
      </section>
      <section class="panel">
        <h2>{t("deposits")}</h2>
        <Loaded query={deposits}>
          {(rows) => (
            <Table
              caption={t("depositsCaption")}
              rows={rows}
              rowKey={(d) => d.id}
              columns={[
                { label: t("unit"), cell: (d) => d.unit },
                { label: t("owner"), cell: (d) => `${d.owner_name} ${d.owner_phone}` },
                { label: t("keyCount"), cell: (d) => d.key_count, class: "num" },
                { label: t("seal"), cell: (d) => d.seal_number ?? "—" },
                { label: t("status"), cell: (d) => label(STATUSES, d.status) },
                { label: t("form"), cell: (d) => d.form_ref },
                {
                  label: tc("actions"),
                  cell: (d) => (
                    <span class="keys-act">
                      {canDeposit ? (
                        <button type="button" class="secondary" onClick={() => (setStepping(d.id), setNotice(""))}>
                          {d.status === "sealed" ? t("openOf", { unit: d.unit }) : t("sealOf", { unit: d.unit })}
                        </button>
                      ) : null}{" "}
                      <button type="button" class="secondary" onClick={() => setViewing(d.id)}>
                        {t("historyOf", { unit: d.unit })}
                      </button>
                    </span>
                  ),
                },
              ]}
            />
          )}
        </Loaded>
        {notice ? <p role="status" class="keys-notice">{notice}</p> : null}
        {stepped && canDeposit ? (
          <DepositStep
            key={`${stepped.id}.${stepped.status}`}
            item={stepped}
            onDone={() => {
              setNotice(t("done", { unit: stepped.unit, status: label(STATUSES, stepped.status === "sealed" ? "opened" : "sealed") }));
              depositDone(stepped);
            }}
          />
        ) : null}
        {viewed ? <DepositHistory key={viewed.id} item={viewed} /> : null}
        {canDeposit ? (
          <>
            <h3>{t("recordDeposit")}</h3>
            <DepositForm
              onDone={(d) => {
                setNotice(t("recorded", { unit: d.unit }));
                depositDone(d);
              }}
            />
          </>
        ) : null}
      </section>
    </Page>
  );
}
