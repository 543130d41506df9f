// A work order's page: its facts and clocks, the actions this user may take now, the three
// copies of the paper form (AFS-01) and the history (the order's register, PLT-04).
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { dateTime, money } from "../../format";
import { messages } from "../../i18n";
import { to } from "../../sections";
import { hasAnyRole } from "../../session";
import { Countdown, FactList, Loaded, Page, Table, useQuery } from "../../ui/data";
import { deskActions } from "./order-desk";
import { workActions } from "./order-work";
import { fieldName, fieldValue, shownFields } from "./fields";
import { KINDS, ORDER_EVENTS, ORDER_STATES, ORIGINS, PARTIES, POSITIONS, REPORTING_DEPARTMENTS, SIGNER_DEPARTMENTS, WARRANTIES, label } from "./labels";
import { COPY_READERS, READERS } from "./roles";

type Order = Schemas["WorkOrder"];
type Entry = Schemas["cs_aftersales_v1_HistoryEntry"];

const t = messages({
  zh: {
    title: "工单 {number}",
    back: "返回看板",
    facts: "工单信息",
    actions: "可执行的操作",
    none: "当前没有您可以执行的操作。",
    copies: "三联单",
    copiesHint: "每一联只含该方可见的内容。",
    copyOf: "{party}内容",
    history: "工单记录",
    when: "时间",
    what: "事项",
    who: "操作人",
    details: "内容",
    state: "状态",
    kind: "类型",
    origin: "来源",
    requester: "报修人",
    phone: "联系电话",
    place: "房号/设施",
    department: "报修部门",
    fault: "故障",
    product: "产品",
    warranty: "保修",
    diagnosis: "诊断",
    engineer: "工程师",
    appointment: "预约时间",
    acknowledged: "客户确认",
    ackDue: "确认时限",
    departDue: "出发时限",
    departed: "出发时间",
    tools: "工具与配件",
    quote: "报价",
    signer: "签字人",
    completed: "完成时间",
    created: "开单时间",
    cancelled: "取消原因",
    overdue: "已超时",
  },
  en: {
    title: "Work order {number}",
    back: "Back to the board",
    facts: "The order",
    actions: "What you can do now",
    none: "There is nothing for you to do on this order now.",
    copies: "The three copies",
    copiesHint: "Each copy holds only what that party may see.",
    copyOf: "{party}",
    history: "History",
    when: "When",
    what: "What",
    who: "By",
    details: "Details",
    state: "State",
    kind: "Kind",
    origin: "Origin",
    requester: "Requester",
    phone: "Phone",
    place: "Unit or facility",
    department: "Reporting department",
    fault: "Fault",
    product: "Product",
    warranty: "Warranty",
    diagnosis: "Diagnosis",
    engineer: "Engineer",
    appointment: "Appointment",
    acknowledged: "Acknowledged",
    ackDue: "Acknowledge by",
    departDue: "Leave by",
    departed: "Departed",
    tools: "Tools and parts",
    quote: "Quote",
    signer: "Signed by",
    completed: "Completed",
    created: "Opened",
    cancelled: "Cancelled because",
    overdue: "Overdue",
  },
});

function Facts({ order }: { order: Order }) {
  const rows: [string, preact.ComponentChildren][] = [
    [t("state"), <span class="badge" data-testid="order-state">{label(ORDER_STATES, order.state)}</span>],
    [t("kind"), label(KINDS, order.kind)],
    [t("origin"), label(ORIGINS, order.origin)],
    [t("requester"), order.requester_name],
    [t("phone"), order.requester_phone ?? "—"],
    [t("place"), [order.unit, order.facility, order.area].filter(Boolean).join(" · ") || "—"],
    [t("department"), label(REPORTING_DEPARTMENTS, order.reporting_department)],
    [t("fault"), order.fault],
    [t("product"), order.product ?? "—"],
    [t("warranty"), label(WARRANTIES, order.warranty)],
    [t("diagnosis"), order.diagnosis ?? "—"],
    [t("engineer"), order.engineer ?? "—"],
    [t("appointment"), dateTime(order.appointment_at)],
    [t("created"), dateTime(order.created_at)],
  ];
  if (order.acknowledged_at) rows.push([t("acknowledged"), `${dateTime(order.acknowledged_at)} · ${order.acknowledged_by ?? ""}`]);
  else if (order.acknowledge_due && !order.completed_at) rows.push([t("ackDue"), <Countdown due={order.acknowledge_due} warnMinutes={120} />]);
  if (order.state === "accepted") rows.push([t("departDue"), <Countdown due={order.departure_due} warnMinutes={2} />]);
  if (order.departed_at) rows.push([t("departed"), `${dateTime(order.departed_at)}${order.departure_overdue ? ` · ${t("overdue")}` : ""}`]);
  if (order.tools_and_parts) rows.push([t("tools"), order.tools_and_parts]);
  if (order.quote_id) rows.push([t("quote"), money(order.quote_total, order.currency ?? "CNY")]);
  if (order.signer_name) rows.push([t("signer"), [order.signer_name, label(SIGNER_DEPARTMENTS, order.signer_department), order.signer_position ? label(POSITIONS, order.signer_position) : ""].filter(Boolean).join(" · ")]);
  if (order.completed_at) rows.push([t("completed"), dateTime(order.completed_at)]);
  if (order.cancelled_reason) rows.push([t("cancelled"), order.cancelled_reason]);
  return <FactList rows={rows} />;
}

/** One party's copy: only the fields that party's copy carries (the rest come back empty). */
function Copies({ id, version }: { id: string; version: number }) {
  const [party, setParty] = useState<"customer_service" | "engineering" | "resident">("customer_service");
  const copy = useQuery(
    () => ok(api.GET("/v1/aftersales/work-orders/{id}/copies/{party}", { params: { path: { id, party } } })),
    [id, party, version],
  );
  return (
    <section class="panel" aria-labelledby="aftersales-copies">
      <h2 id="aftersales-copies">{t("copies")}</h2>
      <p class="hint">{t("copiesHint")}</p>
      <div class="row" role="group" aria-label={t("copies")}>
        {(["customer_service", "engineering", "resident"] as const).map((p) => (
          <button type="button" class={p === party ? undefined : "secondary"} aria-pressed={p === party} onClick={() => setParty(p)}>
            {label(PARTIES, p)}
          </button>
        ))}
      </div>
      <Loaded query={copy}>
        {(shown) => (
          <>
            <h3>{t("copyOf", { party: label(PARTIES, party) })}</h3>
            <dl class="facts aftersales-copy">
              {shownFields(shown as Record<string, unknown>).map(([field, value]) => (
                <>
                  <dt>{fieldName(field)}</dt>
                  <dd>{fieldValue(field, value)}</dd>
                </>
              ))}
            </dl>
          </>
        )}
      </Loaded>
    </section>
  );
}

const detailText = (details: Entry["details"]): string =>
  shownFields(details)
    .map(([field, value]) => `${fieldName(field)}：${fieldValue(field, value)}`)
    .join("；");

function History({ entries }: { entries: Entry[] }) {
  return (
    <section class="panel" aria-labelledby="aftersales-history">
      <h2 id="aftersales-history">{t("history")}</h2>
      <Table
        caption={t("history")}
        rows={entries}
        rowKey={(e) => String(e.sequence)}
        columns={[
          { label: t("when"), cell: (e) => dateTime(e.occurred_at) },
          { label: t("what"), cell: (e) => label(ORDER_EVENTS, e.event_type) },
          { label: t("who"), cell: (e) => e.actor },
          { label: t("details"), cell: (e) => <span class="aftersales-details">{detailText(e.details)}</span> },
        ]}
      />
    </section>
  );
}

function Actions({ order, onDone }: { order: Order; onDone: () => void }) {
  const shown = [...workActions(order, onDone), ...deskActions(order, onDone)];
  return shown.length ? <div class="aftersales-actions">{shown}</div> : <p class="hint">{t("none")}</p>;
}

async function loadOrder(id: string): Promise<{ order: Order; history: Entry[] }> {
  const [order, history] = await Promise.all([
    ok(api.GET("/v1/aftersales/work-orders/{id}", { params: { path: { id } } })),
    ok(api.GET("/v1/aftersales/work-orders/{id}/history", { params: { path: { id }, query: { page_size: 100 } } })),
  ]);
  return { order, history: history.items };
}

export default function OrderPage({ id }: { id: string }) {
  const query = useQuery(() => loadOrder(id), [id]);
  const number = query.data?.order.number ?? "…";
  return (
    <Page title={t("title", { number })} roles={READERS} actions={<a href={to("/aftersales")}>{t("back")}</a>}>
      <Loaded query={query}>
        {({ order, history }) => (
          <div class="aftersales-order">
            <section class="panel" aria-labelledby="aftersales-facts">
              <h2 id="aftersales-facts">{t("facts")}</h2>
              <Facts order={order} />
            </section>
            <section class="panel" aria-labelledby="aftersales-actions">
              <h2 id="aftersales-actions">{t("actions")}</h2>
              <Actions order={order} onDone={query.reload} />
            </section>
            {hasAnyRole(...COPY_READERS) ? <Copies id={order.id} version={order.version} /> : null}
            <History entries={history} />
          </div>
        )}
      </Loaded>
    </Page>
  );
}
