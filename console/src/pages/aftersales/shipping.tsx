// Shipping (AFS-07): every shipment of the branch with its payment confirmation and the
// 24/48-hour clock; finance issues the delivery note, logistics records the tracking.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { dateTime, money } from "../../format";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { hasAnyRole } from "../../session";
import { Countdown, Loaded, Page, Table } from "../../ui/data";
import { useDraft } from "../../ui/draft";
import { Field } from "../../ui/form";
import { ActionPanel } from "../../ui/action-panel";
import { SHIPMENT_STATES, TRACKING, label } from "./labels";
import { FINANCE, LOGISTICS, READERS } from "./roles";
import { CodeSelect } from "../../ui/select";
import { StateFilter, useFilteredList } from "./state-filter";

type Shipment = Schemas["Shipment"];

const t = messages({
  zh: {
    title: "发货管理",
    filters: "筛选发货单",
    state: "状态",
    overdue: "只看超过 48 小时未发货",
    number: "发货单号",
    order: "销售订单",
    customer: "客户",
    product: "产品",
    amount: "金额",
    payment: "收款确认",
    shipBy: "发货时限",
    waybill: "运单",
    actions: "操作",
    late: "已超 24 小时",
    noticeDue: "须通知客户",
    note: "开具发货单",
    noteFor: "开具发货单：{number}",
    noteNumber: "发货单编号",
    noteDo: "确认收款并开具",
    track: "更新物流",
    trackFor: "更新物流：{number}",
    status: "物流状态",
    trackNote: "说明",
    trackDo: "记录物流状态",
    caption: "本分支机构的发货单",
  },
  en: {
    title: "Shipping",
    filters: "Filter shipments",
    state: "State",
    overdue: "Only past 48 hours unshipped",
    number: "Number",
    order: "Sales order",
    customer: "Customer",
    product: "Product",
    amount: "Amount",
    payment: "Payment confirmed",
    shipBy: "Ship by",
    waybill: "Waybill",
    actions: "Actions",
    late: "Past 24 hours",
    noticeDue: "Tell the customer",
    note: "Delivery note",
    noteFor: "Delivery note: {number}",
    noteNumber: "Delivery note number",
    noteDo: "Confirm the payment and issue",
    track: "Tracking",
    trackFor: "Tracking: {number}",
    status: "Status",
    trackNote: "Note",
    trackDo: "Record the tracking",
    caption: "The branch's shipments",
  },
});

const TRACKABLE = ["shipped", "in_transit", "exception"];
type Selected = { id: string; action: "note" | "track" } | null;

function DeliveryNote({ shipment, onDone }: { shipment: Shipment; onDone: () => void }) {
  const [form, update, clear] = useDraft(`aftersales-note-${shipment.id}`, { note_number: "" });
  return (
    <ActionPanel
      title={t("noteFor", { number: shipment.number })}
      submit={t("noteDo")}
      onDone={() => (clear(), onDone())}
      action={() => ok(api.POST("/v1/aftersales/shipments/{id}/delivery-note", { params: { path: { id: shipment.id } }, body: form }))}
    >
      {(err) => (
        <Field label={t("noteNumber")} name="note_number" error={err} required>
          {(p) => <input {...p} value={form.note_number} onInput={(e) => update({ note_number: e.currentTarget.value })} />}
        </Field>
      )}
    </ActionPanel>
  );
}

function Track({ shipment, onDone }: { shipment: Shipment; onDone: () => void }) {
  const [form, update, clear] = useDraft(`aftersales-track-${shipment.id}`, { status: "in_transit", note: "" });
  return (
    <ActionPanel
      title={t("trackFor", { number: shipment.number })}
      submit={t("trackDo")}
      onDone={() => (clear(), onDone())}
      action={() =>
        ok(
          api.POST("/v1/aftersales/shipments/{id}/tracking", {
            params: { path: { id: shipment.id } },
            body: { status: form.status, note: form.note || undefined },
          }),
        )
      }
    >
      {(err) => (
        <div class="grid">
          <Field label={t("status")} name="status" error={err} required>
            {(p) => <CodeSelect {...p} table={TRACKING} value={form.status} onChange={(status) => update({ status })} />}
          </Field>
          <Field label={t("trackNote")} name="note" error={err}>
            {(p) => <input {...p} value={form.note} onInput={(e) => update({ note: e.currentTarget.value })} />}
          </Field>
        </div>
      )}
    </ActionPanel>
  );
}

export default function Shipping() {
  const { query, filter } = useFilteredList("aftersales-shipping", { state: "", overdue: false }, ({ overdue, ...page }) =>
    ok(api.GET("/v1/aftersales/shipments", { params: { query: { ...page, overdue_only: overdue } } })),
  );
  const [selected, select] = useState<Selected>(null);
  const finance = hasAnyRole(...FINANCE);
  const logistics = hasAnyRole(...LOGISTICS);
  const done = () => (select(null), query.reload());
  return (
    <Page title={t("title")} roles={READERS}>
      <StateFilter label={t("filters")} states={SHIPMENT_STATES} overdueLabel={t("overdue")} {...filter} />
      <Loaded query={query}>
        {(rows) => {
          const chosen = rows.find((s) => s.id === selected?.id);
          return (
            <>
              <div class="aftersales-wide" tabIndex={0} role="region" aria-label={t("caption")}>
              <Table
                caption={t("caption")}
                rows={rows}
                rowKey={(s) => s.id}
                rowClass={(s) => (s.overdue ? "breached" : undefined)}
                columns={[
                  { label: t("number"), cell: (s) => s.number },
                  { label: t("order"), cell: (s) => s.sales_order },
                  { label: t("customer"), cell: (s) => `${s.customer_name} ${s.customer_phone ?? ""}` },
                  { label: t("product"), cell: (s) => s.product },
                  { label: t("amount"), cell: (s) => money(s.amount, s.currency) },
                  { label: t("payment"), cell: (s) => `${s.payment_reference} · ${s.payment_confirmed_by} · ${dateTime(s.payment_confirmed_at)}` },
                  { label: t("state"), cell: (s) => label(SHIPMENT_STATES, s.state) },
                  {
                    label: t("shipBy"),
                    cell: (s) =>
                      s.shipped_at ? (
                        dateTime(s.shipped_at)
                      ) : (
                        <>
                          <Countdown due={s.ship_latest} warnMinutes={24 * 60} />
                          {s.late ? <span class="badge">{t("late")}</span> : null}
                          {s.notice_due ? <span class="badge">{t("noticeDue")}</span> : null}
                        </>
                      ),
                  },
                  { label: t("waybill"), cell: (s) => [s.carrier, s.waybill_number, s.tracking].filter(Boolean).join(" · ") || "—" },
                  {
                    label: t("actions"),
                    cell: (s) => (
                      <div class="row">
                        {finance && s.state === "requested" ? (
                          <button type="button" class="secondary" onClick={() => select({ id: s.id, action: "note" })}>
                            {t("note")}
                          </button>
                        ) : null}
                        {logistics && TRACKABLE.includes(s.state) ? (
                          <button type="button" class="secondary" onClick={() => select({ id: s.id, action: "track" })}>
                            {t("track")}
                          </button>
                        ) : null}
                      </div>
                    ),
                  },
                ]}
              />
              </div>
              {chosen && selected?.action === "note" ? <DeliveryNote key={chosen.id} shipment={chosen} onDone={done} /> : null}
              {chosen && selected?.action === "track" ? <Track key={chosen.id} shipment={chosen} onDone={done} /> : null}
              {chosen ? (
                <button type="button" class="link" onClick={() => select(null)}>
                  {tc("cancel")}
                </button>
              ) : null}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
