// Returns and refunds (AFS-10): the branch's return cases; a refund is approved by finance or a
// manager who did not request it (PLT-02) and paid within a week to the original means.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { dateTime, money } from "../../format";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { hasAnyRole, session } from "../../session";
import { Countdown, Loaded, Page, Table } from "../../ui/data";
import { ActionPanel } from "../../ui/action-panel";
import { PAYMENT_MEANS, RETURN_STATES, SITUATIONS, label } from "./labels";
import { READERS, REFUND_APPROVERS } from "./roles";
import { StateFilter, useFilteredList } from "./state-filter";

type Case = Schemas["ReturnCase"];

const t = messages({
  zh: {
    title: "退换货与退款",
    filters: "筛选退换货",
    state: "状态",
    overdue: "只看逾期未付的退款",
    order: "订单",
    customer: "客户",
    product: "产品",
    situation: "情形",
    refund: "退款金额",
    means: "原支付方式",
    requestedBy: "申请人",
    payBy: "付款时限",
    actions: "操作",
    approve: "批准退款",
    approveFor: "批准退款：{order}",
    approveHint: "退款批准后须在一周内按原支付方式退回；申请人不能自己批准。",
    approveDo: "批准",
    paid: "已付 {at}",
    caption: "本分支机构的退换货",
  },
  en: {
    title: "Returns and refunds",
    filters: "Filter returns",
    state: "State",
    overdue: "Only refunds overdue",
    order: "Order",
    customer: "Customer",
    product: "Product",
    situation: "Situation",
    refund: "Refund",
    means: "Original means",
    requestedBy: "Requested by",
    payBy: "Pay by",
    actions: "Actions",
    approve: "Approve the refund",
    approveFor: "Approve the refund: {order}",
    approveHint: "An approved refund is paid within a week to the original means; the requester cannot approve it.",
    approveDo: "Approve",
    paid: "Paid {at}",
    caption: "The branch's return cases",
  },
});

function Approve({ item, onDone }: { item: Case; onDone: () => void }) {
  return (
    <ActionPanel
      title={t("approveFor", { order: item.order_ref })}
      submit={t("approveDo")}
      onDone={onDone}
      action={() => ok(api.POST("/v1/aftersales/returns/{id}/refund-approval", { params: { path: { id: item.id } } }))}
    >
      {() => (
        <p class="hint">
          {t("approveHint")} {money(item.refund_amount, item.currency)} · {label(PAYMENT_MEANS, item.payment_means)}
        </p>
      )}
    </ActionPanel>
  );
}

export default function Refunds() {
  const { query, filter } = useFilteredList("aftersales-refunds", { state: "refund_requested", overdue: false }, ({ overdue, ...page }) =>
    ok(api.GET("/v1/aftersales/returns", { params: { query: { ...page, refund_overdue: overdue } } })),
  );
  const [selected, select] = useState<string | null>(null);
  const me = session.value?.claims.sub;
  const approver = hasAnyRole(...REFUND_APPROVERS);
  return (
    <Page title={t("title")} roles={READERS}>
      <StateFilter label={t("filters")} states={RETURN_STATES} overdueLabel={t("overdue")} {...filter} />
      <Loaded query={query}>
        {(rows) => {
          const chosen = rows.find((c) => c.id === selected);
          return (
            <>
              <div class="aftersales-wide" tabIndex={0} role="region" aria-label={t("caption")}>
              <Table
                caption={t("caption")}
                rows={rows}
                rowKey={(c) => c.id}
                rowClass={(c) => (c.refund_overdue ? "breached" : undefined)}
                columns={[
                  { label: t("order"), cell: (c) => c.order_ref },
                  { label: t("customer"), cell: (c) => `${c.customer_name} ${c.customer_phone ?? ""}` },
                  { label: t("product"), cell: (c) => c.product },
                  { label: t("situation"), cell: (c) => label(SITUATIONS, c.situation) },
                  { label: t("state"), cell: (c) => label(RETURN_STATES, c.state) },
                  { label: t("refund"), cell: (c) => (c.refund_amount ? money(c.refund_amount, c.currency) : "—") },
                  { label: t("means"), cell: (c) => label(PAYMENT_MEANS, c.payment_means) },
                  { label: t("requestedBy"), cell: (c) => c.refund_requested_by || "—" },
                  {
                    label: t("payBy"),
                    cell: (c) =>
                      c.refund_paid_at ? t("paid", { at: dateTime(c.refund_paid_at) }) : c.refund_due ? <Countdown due={c.refund_due} warnMinutes={24 * 60} /> : "—",
                  },
                  {
                    label: t("actions"),
                    cell: (c) =>
                      approver && c.state === "refund_requested" && c.refund_requested_by !== me ? (
                        <button type="button" class="secondary" onClick={() => select(c.id)}>
                          {t("approve")}
                        </button>
                      ) : null,
                  },
                ]}
              />
              </div>
              {chosen ? (
                <>
                  <Approve key={chosen.id} item={chosen} onDone={() => (select(null), query.reload())} />
                  <button type="button" class="link" onClick={() => select(null)}>
                    {tc("cancel")}
                  </button>
                </>
              ) : null}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
