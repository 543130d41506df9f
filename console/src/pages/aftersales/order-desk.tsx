// The front desk's actions on a work order: acknowledge with the customer (AFS-13), book an
// appointment when nobody is on duty, dispatch or reassign (AFS-02), cancel with a reason.
import type { JSX } from "preact";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { hasAnyRole } from "../../session";
import { useDraft } from "../../ui/draft";
import { Field } from "../../ui/form";
import { ActionPanel } from "../../ui/action-panel";
import { CodeSelect } from "../../ui/select";
import { BASES } from "./labels";
import { FRONT_DESK } from "./roles";

type Order = Schemas["WorkOrder"];

const t = messages({
  zh: {
    acknowledge: "与客户确认",
    acknowledgeDo: "记录确认",
    note: "备注",
    book: "预约上门",
    bookDo: "确定预约",
    appointment: "预约时间",
    assign: "派工",
    reassign: "改派",
    assignDo: "派工给工程师",
    engineer: "工程师编号",
    basis: "派工依据",
    reason: "改派原因",
    cancel: "取消工单",
    cancelDo: "取消工单",
    cancelReason: "取消原因",
  },
  en: {
    acknowledge: "Acknowledge with the customer",
    acknowledgeDo: "Record the acknowledgement",
    note: "Note",
    book: "Book an appointment",
    bookDo: "Book",
    appointment: "Appointment",
    assign: "Dispatch",
    reassign: "Reassign",
    assignDo: "Dispatch to the engineer",
    engineer: "Engineer's id",
    basis: "Basis",
    reason: "Why reassign",
    cancel: "Cancel the order",
    cancelDo: "Cancel the order",
    cancelReason: "Reason",
  },
});

const OPEN = ["opened", "booked", "assigned", "accepted", "departed", "working"];
const path = (order: Order) => ({ params: { path: { id: order.id } } });
type Done = () => void;

function Acknowledge({ order, onDone }: { order: Order; onDone: Done }) {
  const [form, update, clear] = useDraft(`aftersales-ack-${order.id}`, { note: "" });
  return (
    <ActionPanel
      title={t("acknowledge")}
      submit={t("acknowledgeDo")}
      onDone={() => (clear(), onDone())}
      action={() => ok(api.POST("/v1/aftersales/work-orders/{id}/acknowledge", { ...path(order), body: { note: form.note || undefined } }))}
    >
      {(err) => (
        <Field label={t("note")} name="note" error={err}>
          {(p) => <input {...p} value={form.note} onInput={(e) => update({ note: e.currentTarget.value })} />}
        </Field>
      )}
    </ActionPanel>
  );
}

function Book({ order, onDone }: { order: Order; onDone: Done }) {
  const [form, update, clear] = useDraft(`aftersales-book-${order.id}`, { appointment_at: "", note: "" });
  return (
    <ActionPanel
      title={t("book")}
      submit={t("bookDo")}
      onDone={() => (clear(), onDone())}
      action={() =>
        ok(
          api.POST("/v1/aftersales/work-orders/{id}/book", {
            ...path(order),
            // An empty time is sent as is: the gateway names the field.
            body: { appointment_at: form.appointment_at ? new Date(form.appointment_at).toISOString() : "", note: form.note || undefined },
          }),
        )
      }
    >
      {(err) => (
        <div class="grid">
          <Field label={t("appointment")} name="appointment_at" error={err} required>
            {(p) => <input {...p} type="datetime-local" value={form.appointment_at} onInput={(e) => update({ appointment_at: e.currentTarget.value })} />}
          </Field>
          <Field label={t("note")} name="note" error={err}>
            {(p) => <input {...p} value={form.note} onInput={(e) => update({ note: e.currentTarget.value })} />}
          </Field>
        </div>
      )}
    </ActionPanel>
  );
}

function Assign({ order, onDone }: { order: Order; onDone: Done }) {
  const again = order.state === "assigned" || order.state === "accepted";
  // The bases this order allows (AFS-02): the area's engineer only for a public facility,
  // an appointment only once one is booked.
  const bases = Object.fromEntries(
    Object.entries(BASES).filter(
      ([code]) => (code !== "area" || order.kind === "public_facility") && (code !== "appointment" || order.appointment_at),
    ),
  );
  const [form, update, clear] = useDraft(`aftersales-assign-${order.id}`, {
    engineer: "",
    basis: order.appointment_at ? "appointment" : "on_duty",
    reason: "",
  });
  return (
    <ActionPanel
      title={again ? t("reassign") : t("assign")}
      submit={t("assignDo")}
      onDone={() => (clear(), onDone())}
      action={() =>
        ok(
          api.POST("/v1/aftersales/work-orders/{id}/assign", {
            ...path(order),
            body: { engineer: form.engineer.trim(), basis: form.basis, reason: again ? form.reason : undefined },
          }),
        )
      }
    >
      {(err) => (
        <div class="grid">
          <Field label={t("engineer")} name="engineer" error={err} required>
            {(p) => <input {...p} value={form.engineer} onInput={(e) => update({ engineer: e.currentTarget.value })} />}
          </Field>
          <Field label={t("basis")} name="basis" error={err} required>
            {(p) => <CodeSelect {...p} table={bases} value={form.basis} onChange={(basis) => update({ basis })} />}
          </Field>
          {again ? (
            <Field label={t("reason")} name="reason" error={err} required>
              {(p) => <input {...p} value={form.reason} onInput={(e) => update({ reason: e.currentTarget.value })} />}
            </Field>
          ) : null}
        </div>
      )}
    </ActionPanel>
  );
}

function Cancel({ order, onDone }: { order: Order; onDone: Done }) {
  const [form, update, clear] = useDraft(`aftersales-cancel-${order.id}`, { reason: "" });
  return (
    <ActionPanel
      title={t("cancel")}
      submit={t("cancelDo")}
      danger
      onDone={() => (clear(), onDone())}
      action={() => ok(api.POST("/v1/aftersales/work-orders/{id}/cancel", { ...path(order), body: { reason: form.reason } }))}
    >
      {(err) => (
        <Field label={t("cancelReason")} name="reason" error={err} required>
          {(p) => <input {...p} value={form.reason} onInput={(e) => update({ reason: e.currentTarget.value })} />}
        </Field>
      )}
    </ActionPanel>
  );
}

/** The front desk's actions this order allows now, for this user. */
export function deskActions(order: Order, onDone: Done): JSX.Element[] {
  const desk = hasAnyRole(...FRONT_DESK);
  const open = OPEN.includes(order.state);
  const shown: JSX.Element[] = [];
  // The gateway opens these routes to the front desk only (aftersales.write).
  if (!desk) return shown;
  if (open && !order.acknowledged_at) shown.push(<Acknowledge key="ack" order={order} onDone={onDone} />);
  if (["opened", "booked", "assigned", "accepted"].includes(order.state))
    shown.push(<Assign key="assign" order={order} onDone={onDone} />);
  if (["opened", "booked"].includes(order.state)) shown.push(<Book key="book" order={order} onDone={onDone} />);
  if (open && order.key_loan !== "lent" && order.key_loan !== "requested" && order.key_loan !== "returning")
    shown.push(<Cancel key="cancel" order={order} onDone={onDone} />);
  return shown;
}
