// One stock-take (ARC-10): what the register expects with what was found so far; record a
// finding (a record by archive number or id, where it was found, its condition; an item the
// register does not know needs a note); close it, and the report of what needs attention.
import { useState } from "preact/hooks";
import { api, ok } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { ARCHIVES_KEEP, CONDITIONS, OUTCOMES, RECORD_STATES, STOCKTAKE_KINDS, STOCKTAKE_STATUSES, label, options } from "./labels";
import { ArchivesNav } from "./nav";

const t = messages({
  zh: {
    title: "盘点 {period}",
    summary: "{kind} · {status} · 应在架 {expected} 件",
    found: "登记实物",
    archiveNo: "档号",
    recordId: "档案编号",
    recordHint: "填写档号或档案编号其一；都不填即为无登记物品，须写备注",
    location: "发现位置",
    condition: "状况",
    note: "备注",
    record: "登记",
    close: "结束盘点并核对",
    closeHint: "按结束时的登记核对：未找到的记为缺失，位置不符的改为发现位置。",
    lines: "盘点明细",
    expectedAt: "应在位置",
    foundAt: "发现位置",
    state: "登记状态",
    outcome: "核对结果",
    report: "盘点报告",
    counts: "应在架 {expected}，实盘 {found}；缺失 {missing}，错架 {misplaced}，损坏 {damaged}，找回 {recovered}，无登记 {unknown}，登记借出但在架 {lent}",
  },
  en: {
    title: "Stock-take {period}",
    summary: "{kind} · {status} · {expected} expected on the shelf",
    found: "Record a finding",
    archiveNo: "Archive no.",
    recordId: "Record id",
    recordHint: "One of archive no. or record id; neither is an unknown item and needs a note",
    location: "Found at",
    condition: "Condition",
    note: "Note",
    record: "Record it",
    close: "Close and reconcile",
    closeHint: "Reconciled with the register as it stands at the close: not found is missing, elsewhere is moved.",
    lines: "Lines",
    expectedAt: "Expected at",
    foundAt: "Found at",
    state: "Register state",
    outcome: "Outcome",
    report: "Report",
    counts: "{expected} expected, {found} found; missing {missing}, misplaced {misplaced}, damaged {damaged}, recovered {recovered}, unknown {unknown}, lent but on the shelf {lent}",
  },
});

const EMPTY = { archive_no: "", record_id: "", location: "", condition: "good", note: "" };

export default function Stocktake({ id }: { id: string }) {
  const path = { session_id: id };
  const query = useQuery(async () => {
    const session = await ok(api.GET("/v1/archives/stocktakes/{session_id}", { params: { path } }));
    const report = session.status === "closed" ? await ok(api.GET("/v1/archives/stocktakes/{session_id}/report", { params: { path } })) : null;
    return { ...session, report };
  }, [id]);
  const [found, setFound] = useState(EMPTY);
  const given = (v: string) => v.trim() || undefined;
  const record = useAction(async () => {
    await ok(
      api.POST("/v1/archives/stocktakes/{session_id}/found", {
        params: { path },
        body: { items: [{ archive_no: given(found.archive_no), record_id: given(found.record_id), location: found.location, condition: found.condition, note: given(found.note) }] },
      }),
    );
    setFound({ ...EMPTY, location: found.location }); // the next item is usually on the same shelf
    query.reload();
  });
  const close = useAction(async () => {
    await ok(api.POST("/v1/archives/stocktakes/{session_id}/close", { params: { path } }));
    query.reload();
  });
  const err = record.error;
  const set = (key: keyof typeof EMPTY) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => setFound({ ...found, [key]: e.currentTarget.value });
  return (
    <Page title={t("title", { period: query.data?.period ?? "" })} roles={ARCHIVES_KEEP}>
      <ArchivesNav />
      <Loaded query={query}>
        {(s) => (
          <>
            <p>
              {t("summary", { kind: label(STOCKTAKE_KINDS, s.kind), status: label(STOCKTAKE_STATUSES, s.status), expected: s.expected_items })}
            </p>
            {s.status === "open" ? (
              <section class="panel" aria-labelledby="stocktake-found">
                <h2 id="stocktake-found">{t("found")}</h2>
                <Form label={t("found")} onSubmit={() => void record.run()}>
                  <ProblemBanner error={err} />
                  <div class="grid">
                    <Field label={t("archiveNo")} name="archive_no" error={err} hint={t("recordHint")}>
                      {(p) => <input {...p} value={found.archive_no} onInput={set("archive_no")} />}
                    </Field>
                    <Field label={t("recordId")} name="record_id" error={err}>
                      {(p) => <input {...p} value={found.record_id} onInput={set("record_id")} />}
                    </Field>
                    <Field label={t("location")} name="location" error={err} required>
                      {(p) => <input {...p} value={found.location} onInput={set("location")} />}
                    </Field>
                    <Field label={t("condition")} name="condition" error={err}>
                      {(p) => (
                        <select {...p} value={found.condition} onChange={set("condition")}>
                          {options(CONDITIONS).map(([code, name]) => (
                            <option value={code}>{name}</option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <Field label={t("note")} name="note" error={err}>
                      {(p) => <input {...p} value={found.note} onInput={set("note")} />}
                    </Field>
                  </div>
                  <div class="row">
                    <button type="submit" disabled={record.busy}>
                      {record.busy ? tc("working") : t("record")}
                    </button>
                  </div>
                </Form>
                <ProblemBanner error={close.error} />
                <p class="hint">{t("closeHint")}</p>
                <button type="button" class="secondary" disabled={close.busy} onClick={() => void close.run()}>
                  {close.busy ? tc("working") : t("close")}
                </button>
              </section>
            ) : (
              <section class="panel" aria-labelledby="stocktake-report">
                <h2 id="stocktake-report">{t("report")}</h2>
                <p>
                  {t("counts", {
                    expected: s.expected_items,
                    found: s.report?.found_items ?? "—",
                    missing: s.missing,
                    misplaced: s.misplaced,
                    damaged: s.damaged,
                    recovered: s.recovered,
                    unknown: s.unknown,
                    lent: s.lent_on_shelf,
                  })}
                </p>
              </section>
            )}
            <section class="panel" aria-labelledby="stocktake-lines">
              <h2 id="stocktake-lines">{t("lines")}</h2>
              <Table
                caption={t("lines")}
                rows={s.lines}
                rowKey={(l) => `${l.record_id ?? ""}|${l.archive_no ?? ""}|${l.found_location ?? ""}|${l.note ?? ""}`}
                rowClass={(l) => (l.outcome && l.outcome !== "ok" && l.outcome !== "out" ? "breached" : undefined)}
                columns={[
                  { label: t("archiveNo"), cell: (l) => l.archive_no ?? "—" },
                  { label: t("recordId"), cell: (l) => <span class="archives-id">{l.record_id ?? "—"}</span> },
                  { label: t("state"), cell: (l) => label(RECORD_STATES, l.state) },
                  { label: t("expectedAt"), cell: (l) => l.expected_location ?? "—" },
                  { label: t("foundAt"), cell: (l) => l.found_location ?? "—" },
                  { label: t("condition"), cell: (l) => label(CONDITIONS, l.condition) },
                  { label: t("outcome"), cell: (l) => label(OUTCOMES, l.outcome) },
                  { label: t("note"), cell: (l) => l.note ?? "—" },
                ]}
              />
            </section>
          </>
        )}
      </Loaded>
    </Page>
  );
}
