// The engineer's actions on a work order: accept and leave within the departure clock (AFS-02),
// decide the warranty after diagnosis (AFS-11), start the work, and record the sign-off by the
// person the order asks for (AFS-03): an adult of the household at home, the reporting
// department's qualified position for a public facility.
import type { JSX } from "preact";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { useDraft } from "../../ui/draft";
import { Field } from "../../ui/form";
import { ActionPanel } from "../../ui/action-panel";
import { CodeSelect } from "../../ui/select";
import { POSITIONS, REPORTING_DEPARTMENTS, SIGNER_DEPARTMENTS, WARRANTIES } from "./labels";
import { QuoteActions } from "./order-quote";
import { isTheEngineer, mayDoTheJob, mayRecordSignOff } from "./roles";

type Order = Schemas["WorkOrder"];
type Done = () => void;

const t = messages({
  zh: {
    accept: "接单",
    acceptHint: "接单后须在 5 分钟内（或预约时间前）出发。",
    acceptDo: "确认接单",
    depart: "出发",
    departDo: "记录出发",
    tools: "携带的工具与配件",
    warranty: "判定保修",
    warrantyDo: "确定判定",
    decision: "保修判定",
    diagnosis: "诊断结果",
    start: "开始维修",
    startDo: "开始维修",
    startUndecided: "开始维修前须先判定保修。",
    startQuote: "已过保修期：客户接受报价后才能开始维修。",
    signOff: "签字验收",
    signOffDo: "记录签字并完成工单",
    signer: "签字人姓名",
    age: "签字人年龄",
    ageHint: "入户维修须由住户中年满 18 周岁的成年人签字。",
    department: "签字人部门",
    position: "签字人职位",
    positionHint: "公共设施由报修部门中有资格的人员签字。",
    pointer: "签字单扫描件编号",
    note: "备注",
  },
  en: {
    accept: "Accept",
    acceptHint: "Once accepted, leave within 5 minutes (or by the appointment).",
    acceptDo: "Accept the order",
    depart: "Leave",
    departDo: "Record the departure",
    tools: "Tools and parts taken",
    warranty: "Decide the warranty",
    warrantyDo: "Decide",
    decision: "Warranty",
    diagnosis: "Diagnosis",
    start: "Start the work",
    startDo: "Start the work",
    startUndecided: "Decide the warranty before starting the work.",
    startQuote: "Out of warranty: the work starts once the customer accepted the quote.",
    signOff: "Sign-off",
    signOffDo: "Record the signature and complete",
    signer: "Signer's name",
    age: "Signer's age",
    ageHint: "At home an adult of the household (18 or over) signs.",
    department: "Signer's department",
    position: "Signer's position",
    positionHint: "A public facility is signed by a qualified member of the reporting department.",
    pointer: "Scan of the signed form",
    note: "Note",
  },
});

const DISPATCHED = ["assigned", "accepted", "departed", "working"];
const path = (order: Order) => ({ params: { path: { id: order.id } } });

function Accept({ order, onDone }: { order: Order; onDone: Done }) {
  return (
    <ActionPanel
      title={t("accept")}
      submit={t("acceptDo")}
      onDone={onDone}
      action={() => ok(api.POST("/v1/aftersales/work-orders/{id}/accept", path(order)))}
    >
      {() => <p class="hint">{t("acceptHint")}</p>}
    </ActionPanel>
  );
}

function Depart({ order, onDone }: { order: Order; onDone: Done }) {
  const [form, update, clear] = useDraft(`aftersales-depart-${order.id}`, { tools_and_parts: "" });
  return (
    <ActionPanel
      title={t("depart")}
      submit={t("departDo")}
      onDone={() => (clear(), onDone())}
      action={() => ok(api.POST("/v1/aftersales/work-orders/{id}/depart", { ...path(order), body: form }))}
    >
      {(err) => (
        <Field label={t("tools")} name="tools_and_parts" error={err} required>
          {(p) => <input {...p} value={form.tools_and_parts} onInput={(e) => update({ tools_and_parts: e.currentTarget.value })} />}
        </Field>
      )}
    </ActionPanel>
  );
}

const DECISIONS = { in_warranty: WARRANTIES.in_warranty!, out_of_warranty: WARRANTIES.out_of_warranty! };

function Warranty({ order, onDone }: { order: Order; onDone: Done }) {
  const [form, update, clear] = useDraft(`aftersales-warranty-${order.id}`, { warranty: "in_warranty", diagnosis: "" });
  return (
    <ActionPanel
      title={t("warranty")}
      submit={t("warrantyDo")}
      onDone={() => (clear(), onDone())}
      action={() => ok(api.POST("/v1/aftersales/work-orders/{id}/warranty", { ...path(order), body: form }))}
    >
      {(err) => (
        <div class="grid">
          <Field label={t("decision")} name="warranty" error={err} required>
            {(p) => <CodeSelect {...p} table={DECISIONS} value={form.warranty} onChange={(warranty) => update({ warranty })} />}
          </Field>
          <Field label={t("diagnosis")} name="diagnosis" error={err} required>
            {(p) => <input {...p} value={form.diagnosis} onInput={(e) => update({ diagnosis: e.currentTarget.value })} />}
          </Field>
        </div>
      )}
    </ActionPanel>
  );
}

function Start({ order, onDone }: { order: Order; onDone: Done }) {
  const blocked =
    order.warranty === "undecided" ? t("startUndecided") : order.warranty === "out_of_warranty" && !order.quote_id ? t("startQuote") : "";
  return (
    <ActionPanel
      title={t("start")}
      submit={t("startDo")}
      onDone={onDone}
      action={() => ok(api.POST("/v1/aftersales/work-orders/{id}/start", path(order)))}
    >
      {() => (blocked ? <p class="hint">{blocked}</p> : null)}
    </ActionPanel>
  );
}

function SignOff({ order, onDone }: { order: Order; onDone: Done }) {
  const atHome = order.kind !== "public_facility";
  const [form, update, clear] = useDraft(`aftersales-signoff-${order.id}`, {
    signer_name: "",
    signer_age: "",
    signer_department: atHome ? "household" : (order.reporting_department ?? "customer_service"),
    signer_position: "",
    signature_pointer: "",
    note: "",
  });
  const body: Schemas["SignOffWorkOrderBody"] = {
    signer_name: form.signer_name,
    signer_department: form.signer_department,
    signer_age: atHome && form.signer_age !== "" ? Number(form.signer_age) : undefined,
    signer_position: atHome ? undefined : form.signer_position || undefined,
    signature_pointer: form.signature_pointer || undefined,
    note: form.note || undefined,
  };
  const departments = atHome ? { household: SIGNER_DEPARTMENTS.household! } : REPORTING_DEPARTMENTS;
  return (
    <ActionPanel
      title={t("signOff")}
      submit={t("signOffDo")}
      onDone={() => (clear(), onDone())}
      action={() => ok(api.POST("/v1/aftersales/work-orders/{id}/sign-off", { ...path(order), body }))}
    >
      {(err) => (
        <div class="grid">
          <Field label={t("signer")} name="signer_name" error={err} required>
            {(p) => <input {...p} value={form.signer_name} onInput={(e) => update({ signer_name: e.currentTarget.value })} />}
          </Field>
          <Field label={t("department")} name="signer_department" error={err} required>
            {(p) => (
              <CodeSelect {...p} table={departments} value={form.signer_department} onChange={(signer_department) => update({ signer_department })} />
            )}
          </Field>
          {atHome ? (
            <Field label={t("age")} name="signer_age" error={err} hint={t("ageHint")} required>
              {(p) => (
                <input {...p} type="number" min={0} max={150} value={form.signer_age} onInput={(e) => update({ signer_age: e.currentTarget.value })} />
              )}
            </Field>
          ) : (
            <Field label={t("position")} name="signer_position" error={err} hint={t("positionHint")} required>
              {(p) => (
                <CodeSelect {...p} table={POSITIONS} blank="—" value={form.signer_position} onChange={(signer_position) => update({ signer_position })} />
              )}
            </Field>
          )}
          <Field label={t("pointer")} name="signature_pointer" error={err}>
            {(p) => <input {...p} value={form.signature_pointer} onInput={(e) => update({ signature_pointer: e.currentTarget.value })} />}
          </Field>
          <Field label={t("note")} name="note" error={err}>
            {(p) => <input {...p} value={form.note} onInput={(e) => update({ note: e.currentTarget.value })} />}
          </Field>
        </div>
      )}
    </ActionPanel>
  );
}

/** The engineer's actions this order allows now, for this user. */
export function workActions(order: Order, onDone: Done): JSX.Element[] {
  const shown: JSX.Element[] = [];
  const engineer = isTheEngineer(order);
  if (engineer && order.state === "assigned") shown.push(<Accept key="accept" order={order} onDone={onDone} />);
  if (engineer && order.state === "accepted") shown.push(<Depart key="depart" order={order} onDone={onDone} />);
  if (mayDoTheJob(order) && DISPATCHED.includes(order.state) && order.warranty === "undecided")
    shown.push(<Warranty key="warranty" order={order} onDone={onDone} />);
  if (DISPATCHED.includes(order.state) && order.warranty === "out_of_warranty" && !order.quote_id)
    shown.push(<QuoteActions key="quote" order={order} onDone={onDone} />);
  if (engineer && order.state === "departed") shown.push(<Start key="start" order={order} onDone={onDone} />);
  if (mayRecordSignOff(order) && order.state === "working") shown.push(<SignOff key="signoff" order={order} onDone={onDone} />);
  return shown;
}
