// The work-order board: every order of the branch in a column per state (AFS-01, AFS-02),
// with the clocks that are running (acknowledgement AFS-13, departure AFS-02) and filters.
import { useId, useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { to } from "../../sections";
import { hasAnyRole, session } from "../../session";
import { Countdown, Loaded, Page, useQuery } from "../../ui/data";
import { useDraft } from "../../ui/draft";
import { Field, Form } from "../../ui/form";
import { CodeSelect } from "../../ui/select";
import { allPages } from "../../ui/pages";
import { KINDS, ORDER_STATES, WARRANTIES, label } from "./labels";
import { FRONT_DESK, READERS } from "./roles";

type Order = Schemas["WorkOrder"];

const t = messages({
  zh: {
    title: "售后工单看板",
    open: "新开工单",
    filters: "筛选工单",
    kind: "类型",
    state: "状态",
    engineer: "工程师",
    number: "工单号",
    unit: "房号",
    all: "全部",
    apply: "筛选",
    clear: "清除筛选",
    ackDue: "确认时限",
    departDue: "出发时限",
    nobody: "未派工",
    count: "{n} 张",
  },
  en: {
    title: "Work-order board",
    open: "Open a work order",
    filters: "Filter work orders",
    kind: "Kind",
    state: "State",
    engineer: "Engineer",
    number: "Number",
    unit: "Unit",
    all: "All",
    apply: "Filter",
    clear: "Clear filters",
    ackDue: "Acknowledge by",
    departDue: "Leave by",
    nobody: "Not assigned",
    count: "{n}",
  },
});

interface Filters {
  kind: string;
  state: string;
  engineer: string;
  number: string;
  unit: string;
}

const NO_FILTERS: Filters = { kind: "", state: "", engineer: "", number: "", unit: "" };
const OPEN_STATES = new Set(["opened", "booked", "assigned", "accepted", "departed", "working"]);

function loadOrders(filters: Filters): Promise<Order[]> {
  const query = {
    kind: filters.kind || undefined,
    state: filters.state || undefined,
    engineer: filters.engineer.trim() || undefined,
    number: filters.number.trim() || undefined,
    unit: filters.unit.trim() || undefined,
    page_size: 100,
  };
  return allPages((page_token) =>
    ok(api.GET("/v1/aftersales/work-orders", { params: { query: { ...query, page_token } } })), (page) => page.items);
}

function Card({ order }: { order: Order }) {
  const open = OPEN_STATES.has(order.state);
  return (
    <li class="board-card" data-number={order.number}>
      <a href={to(`/aftersales/orders/${order.id}`)}>{order.number}</a>
      <span class="badge">{label(KINDS, order.kind)}</span>
      <p>{order.fault}</p>
      <p class="hint">
        {order.requester_name}
        {order.unit ? ` · ${order.unit}` : order.facility ? ` · ${order.facility}` : ""}
      </p>
      <p class="hint">
        {t("engineer")}：{order.engineer ?? t("nobody")} · {label(WARRANTIES, order.warranty)}
      </p>
      {open && !order.acknowledged_at && order.acknowledge_due ? (
        <p>
          {t("ackDue")} <Countdown due={order.acknowledge_due} warnMinutes={120} />
        </p>
      ) : null}
      {order.state === "accepted" ? (
        <p>
          {t("departDue")} <Countdown due={order.departure_due} warnMinutes={2} />
        </p>
      ) : null}
    </li>
  );
}

function Column({ state, orders }: { state: string; orders: Order[] }) {
  const heading = useId();
  return (
    <section class="board-column" aria-labelledby={heading} data-state={state}>
      <h2 id={heading}>
        {label(ORDER_STATES, state)} <span class="badge">{t("count", { n: orders.length })}</span>
      </h2>
      <ul>
        {orders.map((order) => (
          <Card key={order.id} order={order} />
        ))}
      </ul>
    </section>
  );
}

export default function Board() {
  // An engineer alone sees their own orders first; everyone else the whole branch.
  const mine = hasAnyRole("engineer") && !hasAnyRole(...FRONT_DESK) ? (session.value?.claims.sub ?? "") : "";
  const [draft, update] = useDraft<Filters>(`aftersales-board-${session.value?.claims.sub ?? ""}`, { ...NO_FILTERS, engineer: mine });
  const [applied, setApplied] = useState<Filters>(draft);
  const query = useQuery(() => loadOrders(applied), [JSON.stringify(applied)]);
  const text = (key: keyof Filters) => (e: { currentTarget: HTMLInputElement }) => update({ [key]: e.currentTarget.value });
  const columns = applied.state ? [applied.state] : Object.keys(ORDER_STATES);
  return (
    <Page
      title={t("title")}
      roles={READERS}
      actions={
        hasAnyRole(...FRONT_DESK) ? (
          <a class="button" href={to("/aftersales/new")}>
            {t("open")}
          </a>
        ) : null
      }
    >
      <Form label={t("filters")} onSubmit={() => setApplied({ ...draft })}>
        <div class="grid board-filters">
          <Field label={t("kind")} name="kind">
            {(p) => <CodeSelect {...p} table={KINDS} blank={t("all")} value={draft.kind} onChange={(kind) => update({ kind })} />}
          </Field>
          <Field label={t("state")} name="state">
            {(p) => (
              <CodeSelect {...p} table={ORDER_STATES} blank={t("all")} value={draft.state} onChange={(state) => update({ state })} />
            )}
          </Field>
          <Field label={t("engineer")} name="engineer">
            {(p) => <input {...p} value={draft.engineer} onInput={text("engineer")} />}
          </Field>
          <Field label={t("number")} name="number">
            {(p) => <input {...p} value={draft.number} onInput={text("number")} />}
          </Field>
          <Field label={t("unit")} name="unit">
            {(p) => <input {...p} value={draft.unit} onInput={text("unit")} />}
          </Field>
        </div>
        <div class="row">
          <button type="submit">{t("apply")}</button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              update(NO_FILTERS);
              setApplied(NO_FILTERS);
            }}
          >
            {t("clear")}
          </button>
        </div>
      </Form>
      <Loaded query={query}>
        {(orders) => (
          <div class="board">
            {columns.map((state) => (
              <Column key={state} state={state} orders={orders.filter((o) => o.state === state)} />
            ))}
          </div>
        )}
      </Loaded>
    </Page>
  );
}
