// Today's count (KEY-08): open the count of a cabinet, record what is on each hook, close it;
// the service reconciles with the register and opens the discrepancy cases.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { dateTime, today } from "../../format";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { hasAnyRole } from "../../session";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { Discrepancies } from "./discrepancies";
import { KEY_ROLES, LENDERS, OUTCOMES, STATES, STATUSES, label } from "./labels";
import { KeysNav } from "./nav";

type Count = Schemas["CountSession"];
type Line = Schemas["CountLine"];

const t = messages({
  zh: {
    title: "今日盘点",
    today: "今日（{day}）的盘点",
    caption: "今日盘点记录",
    cabinet: "钥匙柜",
    start: "开始盘点",
    countedBy: "盘点人",
    status: "状态",
    missing: "缺失",
    unexpected: "多出",
    open: "查看",
    session: "钥匙柜 {cabinet} 的盘点",
    linesCaption: "应在柜钥匙与实点结果",
    code: "钥匙编号",
    hook: "挂钩",
    registerState: "登记状态",
    expected: "应有",
    found: "实点",
    outcome: "结果",
    note: "说明",
    borrower: "借用人",
    asExpected: "相符",
    asExpectedOf: "{code} 与登记相符",
    record: "登记实点",
    count: "数量",
    noteHint: "未登记物品（无编号）须说明是什么。",
    save: "记录",
    close: "结束盘点并核对",
    closedAt: "结束时间",
    summary: "缺失 {missing} 项，多出 {unexpected} 项。",
  },
  en: {
    title: "Today's count",
    today: "Counts of today ({day})",
    caption: "Today's counts",
    cabinet: "Cabinet",
    start: "Start the count",
    countedBy: "Counted by",
    status: "Status",
    missing: "Missing",
    unexpected: "Unexpected",
    open: "Open",
    session: "Count of cabinet {cabinet}",
    linesCaption: "What the register expects and what was found",
    code: "Key code",
    hook: "Hook",
    registerState: "Register state",
    expected: "Expected",
    found: "Found",
    outcome: "Outcome",
    note: "Note",
    borrower: "Borrower",
    asExpected: "As expected",
    asExpectedOf: "{code} as expected",
    record: "Record what was found",
    count: "Count",
    noteHint: "An item without a code needs a note saying what it is.",
    save: "Record",
    close: "Close the count and reconcile",
    closedAt: "Closed",
    summary: "{missing} missing, {unexpected} unexpected.",
  },
});


function CountView({ id, onChange }: { id: string; onChange: () => void }) {
  const query = useQuery(() => ok(api.GET("/v1/keys/counts/{count_id}", { params: { path: { count_id: id } } })), [id]);
  const [item, setItem] = useState({ code: "", hook: "", count: "1", note: "" });
  const canCount = hasAnyRole(...LENDERS);
  const record = useAction(async (items: Schemas["FoundItemIn"][]) => {
    await ok(api.POST("/v1/keys/counts/{count_id}/found", { params: { path: { count_id: id } }, body: { items } }));
    query.reload();
  });
  const close = useAction(async () => {
    await ok(api.POST("/v1/keys/counts/{count_id}/close", { params: { path: { count_id: id } } }));
    query.reload();
    onChange();
  });
  return (
    <Loaded query={query}>
      {(count: Count) => (
        <section class="panel">
          <h2>{t("session", { cabinet: count.cabinet })}</h2>
          <p>
            {label(STATUSES, count.status)} · {t("countedBy")} {count.counted_by}
            {count.status === "closed" ? ` · ${t("closedAt")} ${dateTime(count.closed_at)} · ${t("summary", { missing: count.missing, unexpected: count.unexpected })}` : null}
          </p>
          <ProblemBanner error={record.error ?? close.error} />
          <Table
            caption={t("linesCaption")}
            rows={count.lines}
            rowKey={(l: Line) => `${l.code}/${l.hook}`}
            rowClass={(l) => (l.outcome && !["ok", "out"].includes(l.outcome) ? "breached" : undefined)}
            columns={[
              { label: t("code"), cell: (l) => l.code || "—" },
              { label: t("hook"), cell: (l) => l.hook },
              { label: t("registerState"), cell: (l) => label(STATES, l.state) },
              { label: t("expected"), cell: (l) => l.expected, class: "num" },
              { label: t("found"), cell: (l) => l.found, class: "num" },
              { label: t("borrower"), cell: (l) => l.borrower ?? "—" },
              { label: t("outcome"), cell: (l) => label(OUTCOMES, l.outcome) },
              { label: t("note"), cell: (l) => l.note ?? "" },
              {
                label: tc("actions"),
                cell: (l) =>
                  canCount && count.status === "open" && l.state !== "lent" && l.code ? (
                    <button
                      type="button"
                      class="secondary"
                      aria-label={t("asExpectedOf", { code: l.code })}
                      disabled={record.busy}
                      onClick={() => void record.run([{ code: l.code, hook: l.hook, count: l.expected }])}
                    >
                      {t("asExpected")}
                    </button>
                  ) : null,
              },
            ]}
          />
          {canCount && count.status === "open" ? (
            <>
              <Form label={t("record")} onSubmit={() => void record.run([{ code: item.code.trim() || null, hook: item.hook.trim(), count: Number(item.count), note: item.note.trim() || null }]).then(() => setItem({ code: "", hook: "", count: "1", note: "" }))}>
                <h3>{t("record")}</h3>
                <div class="grid">
                  <Field label={t("code")} name="items.code" error={record.error}>
                    {(p) => <input {...p} value={item.code} autoComplete="off" onInput={(e) => setItem({ ...item, code: e.currentTarget.value })} />}
                  </Field>
                  <Field label={t("hook")} name="items.hook" error={record.error} required>
                    {(p) => <input {...p} value={item.hook} autoComplete="off" onInput={(e) => setItem({ ...item, hook: e.currentTarget.value })} />}
                  </Field>
                  <Field label={t("count")} name="items.count" error={record.error} required>
                    {(p) => <input {...p} type="number" min={0} value={item.count} onInput={(e) => setItem({ ...item, count: e.currentTarget.value })} />}
                  </Field>
                  <Field label={t("note")} name="items.note" error={record.error} hint={t("noteHint")}>
                    {(p) => <input {...p} value={item.note} onInput={(e) => setItem({ ...item, note: e.currentTarget.value })} />}
                  </Field>
                </div>
                <button type="submit" disabled={record.busy}>
                  {t("save")}
                </button>
              </Form>
              <p>
                <button type="button" disabled={close.busy} onClick={() => void close.run()}>
                  {close.busy ? tc("working") : t("close")}
                </button>
              </p>
            </>
          ) : null}
        </section>
      )}
    </Loaded>
  );
}

export default function CountPage() {
  const day = today();
  const counts = useQuery(async () => (await ok(api.GET("/v1/keys/counts", { params: { query: { day, page_size: 100 } } }))).items, [day]);
  const [selected, setSelected] = useState<string | null>(null);
  const [cabinet, setCabinet] = useState("");
  const start = useAction(async () => {
    const opened = await ok(api.POST("/v1/keys/counts", { body: { cabinet: cabinet.trim() } }));
    setCabinet("");
    setSelected(opened.id);
    counts.reload();
  });
  const [cases, setCases] = useState(0); // bumped to reload the cases after a close
  return (
    <Page title={t("title")} roles={KEY_ROLES}>
      <KeysNav current="count" />
      {hasAnyRole(...LENDERS) ? (
        <Form label={t("start")} onSubmit={() => void start.run()}>
          <ProblemBanner error={start.error} />
          <div class="row keys-inline">
            <Field label={t("cabinet")} name="cabinet" error={start.error} required>
              {(p) => <input {...p} value={cabinet} autoComplete="off" onInput={(e) => setCabinet(e.currentTarget.value)} />}
            </Field>
            <button type="submit" disabled={start.busy}>
              {t("start")}
            </button>
          </div>
        </Form>
      ) : null}
      <h2>{t("today", { day })}</h2>
      <Loaded query={counts}>
        {(rows) => (
          <Table
            caption={t("caption")}
            rows={rows}
            rowKey={(c) => c.id}
            columns={[
              { label: t("cabinet"), cell: (c) => c.cabinet },
              { label: t("countedBy"), cell: (c) => c.counted_by },
              { label: t("status"), cell: (c) => label(STATUSES, c.status) },
              { label: t("missing"), cell: (c) => c.missing, class: "num" },
              { label: t("unexpected"), cell: (c) => c.unexpected, class: "num" },
              {
                label: tc("actions"),
                cell: (c) => (
                  <button type="button" class="secondary keys-act" aria-label={`${t("open")} ${c.cabinet}`} onClick={() => setSelected(c.id)}>
                    {t("open")}
                  </button>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      {selected ? (
        <CountView
          key={selected}
          id={selected}
          onChange={() => {
            counts.reload();
            setCases((n) => n + 1);
          }}
        />
      ) : null}
      <Discrepancies round={cases} />
    </Page>
  );
}
