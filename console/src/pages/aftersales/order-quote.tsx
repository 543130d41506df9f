// An out-of-warranty job's quote (AFS-05, AFS-09, AFS-11): the engineer quotes items of the
// branch's published price list (no free prices: the service prices each line); the customer's
// acceptance — who, how, when — is recorded before the work may start.
import { api, ok, type Schemas } from "../../api/client";
import { money } from "../../format";
import { messages } from "../../i18n";
import { hasAnyRole } from "../../session";
import { Loaded, Table, useQuery } from "../../ui/data";
import { useDraft } from "../../ui/draft";
import { Field } from "../../ui/form";
import { ActionPanel } from "../../ui/action-panel";
import { CodeSelect } from "../../ui/select";
import { FRONT_DESK, mayDoTheJob } from "./roles";

type Order = Schemas["WorkOrder"];
type Quote = Schemas["Quote"];

const t = messages({
  zh: {
    draft: "报价",
    draftDo: "生成报价",
    draftHint: "按分公司公布的价目表报价：每行填写价目编号和数量。",
    lines: "报价明细（每行：价目编号 数量）",
    note: "备注",
    accept: "客户接受报价",
    acceptDo: "记录客户接受",
    customer: "客户姓名",
    channel: "确认方式",
    when: "确认时间",
    item: "项目",
    quantity: "数量",
    price: "单价",
    amount: "金额",
    total: "合计 {total}",
  },
  en: {
    draft: "Quote",
    draftDo: "Draft the quote",
    draftHint: "Quote from the branch's published price list: one line per item, its code and quantity.",
    lines: "Lines (one per line: code quantity)",
    note: "Note",
    accept: "The customer accepts the quote",
    acceptDo: "Record the acceptance",
    customer: "Customer",
    channel: "How",
    when: "When",
    item: "Item",
    quantity: "Quantity",
    price: "Unit price",
    amount: "Amount",
    total: "Total {total}",
  },
});

const CHANNELS: Record<string, [string, string]> = {
  in_person: ["当面", "In person"],
  phone: ["电话", "Phone"],
  written: ["书面", "Written"],
};

/** "PL-01 2" per line; a malformed line is sent as typed so the service names it. */
const parseLines = (text: string): Schemas["QuoteLineRequestIn"][] =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [code = "", quantity = "1"] = line.split(/\s+/);
      return { code, quantity };
    });

function Draft({ order, onDone }: { order: Order; onDone: () => void }) {
  const [form, update, clear] = useDraft(`aftersales-quote-${order.id}`, { lines: "", note: "" });
  return (
    <ActionPanel
      title={t("draft")}
      submit={t("draftDo")}
      onDone={() => (clear(), onDone())}
      action={() =>
        ok(
          api.POST("/v1/aftersales/work-orders/{order_id}/quotes", {
            params: { path: { order_id: order.id } },
            body: { lines: parseLines(form.lines), note: form.note || undefined },
          }),
        )
      }
    >
      {(err) => (
        <>
          <p class="hint">{t("draftHint")}</p>
          <Field label={t("lines")} name="lines" error={err} required>
            {(p) => <textarea {...p} rows={3} value={form.lines} onInput={(e) => update({ lines: e.currentTarget.value })} />}
          </Field>
          <Field label={t("note")} name="note" error={err}>
            {(p) => <input {...p} value={form.note} onInput={(e) => update({ note: e.currentTarget.value })} />}
          </Field>
        </>
      )}
    </ActionPanel>
  );
}

function localNow(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function Accept({ quote, onDone }: { quote: Quote; onDone: () => void }) {
  const [form, update, clear] = useDraft(`aftersales-quote-accept-${quote.id}`, {
    customer: "",
    channel: "in_person",
    accepted_at: localNow(),
  });
  return (
    <ActionPanel
      title={t("accept")}
      submit={t("acceptDo")}
      onDone={() => (clear(), onDone())}
      action={() =>
        ok(
          api.POST("/v1/aftersales/quotes/{id}/accept", {
            params: { path: { id: quote.id } },
            body: { ...form, accepted_at: form.accepted_at ? new Date(form.accepted_at).toISOString() : "" },
          }),
        )
      }
    >
      {(err) => (
        <>
          <Table
            caption={t("draft")}
            rows={quote.lines}
            rowKey={(l) => l.code}
            columns={[
              { label: t("item"), cell: (l) => `${l.code} ${l.name}` },
              { label: t("quantity"), cell: (l) => `${l.quantity} ${l.unit}` },
              { label: t("price"), cell: (l) => money(l.unit_price, quote.currency) },
              { label: t("amount"), cell: (l) => money(l.amount, quote.currency) },
            ]}
          />
          <p>
            <strong>{t("total", { total: money(quote.total, quote.currency) })}</strong>
          </p>
          <div class="grid">
            <Field label={t("customer")} name="customer" error={err} required>
              {(p) => <input {...p} value={form.customer} onInput={(e) => update({ customer: e.currentTarget.value })} />}
            </Field>
            <Field label={t("channel")} name="channel" error={err} required>
              {(p) => <CodeSelect {...p} table={CHANNELS} value={form.channel} onChange={(channel) => update({ channel })} />}
            </Field>
            <Field label={t("when")} name="accepted_at" error={err} required>
              {(p) => <input {...p} type="datetime-local" value={form.accepted_at} onInput={(e) => update({ accepted_at: e.currentTarget.value })} />}
            </Field>
          </div>
        </>
      )}
    </ActionPanel>
  );
}

/** The drafted quote to accept, or a new one to draft (by the engineer or a lead). */
export function QuoteActions({ order, onDone }: { order: Order; onDone: () => void }) {
  const quotes = useQuery(
    () => ok(api.GET("/v1/aftersales/quotes", { params: { query: { order_id: order.id, state: "drafted" } } })),
    [order.id, order.version],
  );
  const answer = mayDoTheJob(order) || hasAnyRole(...FRONT_DESK);
  return (
    <Loaded query={quotes}>
      {({ items }) =>
        items[0] ? (
          answer ? <Accept quote={items[0]} onDone={onDone} /> : null
        ) : mayDoTheJob(order) ? (
          <Draft order={order} onDone={() => (quotes.reload(), onDone())} />
        ) : null
      }
    </Loaded>
  );
}
