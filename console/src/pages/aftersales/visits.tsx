// Return visits (AFS-06): each completed order's visit, due by the end of the 2nd working day;
// customer service records each call — reached with the customer's satisfaction closes it.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { dateTime } from "../../format";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { to } from "../../sections";
import { hasAnyRole } from "../../session";
import { Countdown, Loaded, Page, Table } from "../../ui/data";
import { useDraft } from "../../ui/draft";
import { Field } from "../../ui/form";
import { ActionPanel } from "../../ui/action-panel";
import { SATISFACTION, VISIT_STATES, label } from "./labels";
import { FRONT_DESK, READERS } from "./roles";
import { CodeSelect } from "../../ui/select";
import { StateFilter, useFilteredList } from "./state-filter";

type Visit = Schemas["cs_aftersales_v1_ReturnVisitt"];

const t = messages({
  zh: {
    title: "售后回访",
    filters: "筛选回访",
    overdue: "只看已逾期",
    order: "工单",
    requester: "客户",
    unit: "房号",
    engineer: "工程师",
    due: "回访时限",
    attempts: "已拨打",
    result: "结果",
    actions: "操作",
    record: "记录回访",
    recordFor: "记录回访：{number}",
    reached: "已联系上客户",
    satisfaction: "满意度",
    comment: "客户意见",
    recordDo: "保存回访记录",
    visited: "{at} · {by}",
    caption: "已完成工单的回访",
  },
  en: {
    title: "Return visits",
    filters: "Filter return visits",
    overdue: "Only overdue",
    order: "Work order",
    requester: "Customer",
    unit: "Unit",
    engineer: "Engineer",
    due: "Due",
    attempts: "Calls",
    result: "Result",
    actions: "Actions",
    record: "Record a call",
    recordFor: "Record a call: {number}",
    reached: "Reached the customer",
    satisfaction: "Satisfaction",
    comment: "The customer's comment",
    recordDo: "Save the call",
    visited: "{at} · {by}",
    caption: "Return visits of completed work orders",
  },
});

function Record({ visit, onDone }: { visit: Visit; onDone: () => void }) {
  const [form, update, clear] = useDraft(`aftersales-visit-${visit.id}`, { reached: true, satisfaction: "satisfied", comment: "" });
  return (
    <ActionPanel
      title={t("recordFor", { number: visit.order_number })}
      submit={t("recordDo")}
      onDone={() => (clear(), onDone())}
      action={() =>
        ok(
          api.POST("/v1/aftersales/return-visits/{id}/record", {
            params: { path: { id: visit.id } },
            body: { reached: form.reached, satisfaction: form.reached ? form.satisfaction : undefined, comment: form.comment || undefined },
          }),
        )
      }
    >
      {(err) => (
        <>
          <label class="check">
            <input type="checkbox" name="reached" checked={form.reached} onChange={(e) => update({ reached: e.currentTarget.checked })} />
            {t("reached")}
          </label>
          <div class="grid">
            {form.reached ? (
              <Field label={t("satisfaction")} name="satisfaction" error={err} required>
                {(p) => <CodeSelect {...p} table={SATISFACTION} value={form.satisfaction} onChange={(satisfaction) => update({ satisfaction })} />}
              </Field>
            ) : null}
            <Field label={t("comment")} name="comment" error={err}>
              {(p) => <input {...p} value={form.comment} onInput={(e) => update({ comment: e.currentTarget.value })} />}
            </Field>
          </div>
        </>
      )}
    </ActionPanel>
  );
}

export default function Visits() {
  const { query, filter } = useFilteredList("aftersales-visits", { state: "open", overdue: false }, (page) =>
    ok(api.GET("/v1/aftersales/return-visits", { params: { query: page } })),
  );
  const [selected, select] = useState<string | null>(null);
  const desk = hasAnyRole(...FRONT_DESK);
  return (
    <Page title={t("title")} roles={READERS}>
      <StateFilter label={t("filters")} states={VISIT_STATES} overdueLabel={t("overdue")} {...filter} />
      <Loaded query={query}>
        {(rows) => {
          const chosen = rows.find((v) => v.id === selected);
          return (
            <>
              <Table
                caption={t("caption")}
                rows={rows}
                rowKey={(v) => v.id}
                rowClass={(v) => (v.overdue ? "breached" : undefined)}
                columns={[
                  { label: t("order"), cell: (v) => <a href={to(`/aftersales/orders/${v.order_id}`)}>{v.order_number}</a> },
                  { label: t("requester"), cell: (v) => `${v.requester_name} ${v.requester_phone ?? ""}` },
                  { label: t("unit"), cell: (v) => v.unit || "—" },
                  { label: t("engineer"), cell: (v) => v.engineer || "—" },
                  { label: t("due"), cell: (v) => (v.state === "open" ? <Countdown due={v.due_at} warnMinutes={4 * 60} /> : dateTime(v.due_at)) },
                  { label: t("attempts"), cell: (v) => String(v.attempts) },
                  {
                    label: t("result"),
                    cell: (v) =>
                      v.state === "done"
                        ? `${label(SATISFACTION, v.satisfaction)} · ${t("visited", { at: dateTime(v.visited_at), by: v.visited_by ?? "" })}`
                        : label(VISIT_STATES, v.state),
                  },
                  {
                    label: t("actions"),
                    cell: (v) =>
                      desk && v.state === "open" ? (
                        <button type="button" class="secondary" onClick={() => select(v.id)}>
                          {t("record")}
                        </button>
                      ) : null,
                  },
                ]}
              />
              {chosen ? (
                <>
                  <Record key={chosen.id} visit={chosen} onDone={() => (select(null), query.reload())} />
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
