// The catalogue search (issue 13 item 9): the records of my branch within my clearance, by
// title or full text, category, document date and reference; newest filed first, paged.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { date } from "../../format";
import { to } from "../../sections";
import { hasAnyRole } from "../../session";
import { Page, Table } from "../../ui/data";
import { useDraft } from "../../ui/draft";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { ArchivesNav } from "./nav";
import { ARCHIVES_FILE, CATEGORIES, LEVELS, RECORD_STATES, label, options } from "./labels";

type Record_ = Schemas["ArchiveRecord"];
const PAGE_SIZE = 25;

const t = messages({
  zh: {
    title: "档案目录检索",
    file: "归档登记",
    titleField: "题名包含",
    text: "全文（题名或备注）",
    category: "类别",
    any: "全部",
    dateFrom: "文件日期自",
    dateTo: "文件日期至",
    refKind: "关联类型",
    refKindHint: "如 complaint_number、work_order、agreement_id",
    refValue: "关联编号",
    archiveNo: "档号",
    recordTitle: "题名",
    docDate: "文件日期",
    level: "密级",
    state: "状态",
    caption: "检索结果，最新归档在前",
    results: "共显示 {n} 条",
  },
  en: {
    title: "Catalogue search",
    file: "File a record",
    titleField: "Title contains",
    text: "Full text (title or notes)",
    category: "Category",
    any: "Any",
    dateFrom: "Document date from",
    dateTo: "Document date to",
    refKind: "Reference kind",
    refKindHint: "e.g. complaint_number, work_order, agreement_id",
    refValue: "Reference value",
    archiveNo: "Archive no.",
    recordTitle: "Title",
    docDate: "Document date",
    level: "Level",
    state: "State",
    caption: "Results, newest filed first",
    results: "{n} shown",
  },
});

const EMPTY = { title: "", text: "", category: "", date_from: "", date_to: "", reference_kind: "", reference_value: "" };
type Criteria = typeof EMPTY;

const given = (value: string) => (value.trim() ? value.trim() : undefined);

async function search(criteria: Criteria, page_token?: string) {
  return ok(
    api.GET("/v1/archives/search", {
      params: {
        query: {
          title: given(criteria.title),
          text: given(criteria.text),
          category: given(criteria.category),
          date_from: given(criteria.date_from),
          date_to: given(criteria.date_to),
          reference_kind: given(criteria.reference_kind),
          reference_value: given(criteria.reference_value),
          page_size: PAGE_SIZE,
          page_token,
        },
      },
    }),
  );
}

export default function Catalogue() {
  const [criteria, update] = useDraft("archives-search", EMPTY);
  const [rows, setRows] = useState<Record_[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const find = useAction(async (more: boolean) => {
    const answer = await search(criteria, more ? (next ?? undefined) : undefined);
    setRows(more ? [...(rows ?? []), ...answer.items] : answer.items);
    setNext(answer.next_page_token);
  });
  const err = find.error;
  const text = (key: keyof Criteria) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    update({ [key]: e.currentTarget.value });
  return (
    <Page
      title={t("title")}
      actions={
        hasAnyRole(...ARCHIVES_FILE) ? (
          <a class="button" href={to("/archives/new")}>
            {t("file")}
          </a>
        ) : null
      }
    >
      <ArchivesNav />
      <Form label={t("title")} onSubmit={() => void find.run(false)}>
        <ProblemBanner error={err} />
        <div class="grid">
          <Field label={t("titleField")} name="title" error={err}>
            {(p) => <input {...p} type="search" value={criteria.title} onInput={text("title")} />}
          </Field>
          <Field label={t("text")} name="text" error={err}>
            {(p) => <input {...p} type="search" value={criteria.text} onInput={text("text")} />}
          </Field>
          <Field label={t("category")} name="category" error={err}>
            {(p) => (
              <select {...p} value={criteria.category} onChange={text("category")}>
                <option value="">{t("any")}</option>
                {options(CATEGORIES).map(([code, name]) => (
                  <option value={code}>{name}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("dateFrom")} name="date_from" error={err}>
            {(p) => <input {...p} type="date" value={criteria.date_from} onInput={text("date_from")} />}
          </Field>
          <Field label={t("dateTo")} name="date_to" error={err}>
            {(p) => <input {...p} type="date" value={criteria.date_to} onInput={text("date_to")} />}
          </Field>
          <Field label={t("refKind")} name="reference_kind" error={err} hint={t("refKindHint")}>
            {(p) => <input {...p} value={criteria.reference_kind} onInput={text("reference_kind")} />}
          </Field>
          <Field label={t("refValue")} name="reference_value" error={err}>
            {(p) => <input {...p} value={criteria.reference_value} onInput={text("reference_value")} />}
          </Field>
        </div>
        <div class="row">
          <button type="submit" disabled={find.busy}>
            {find.busy ? tc("working") : tc("search")}
          </button>
        </div>
      </Form>
      {rows === null ? null : (
        <section aria-live="polite" class="archives-results">
          <p class="hint">{t("results", { n: rows.length })}</p>
          <Table
            caption={t("caption")}
            rows={rows}
            rowKey={(r) => r.id}
            columns={[
              { label: t("recordTitle"), cell: (r) => <a href={to(`/archives/records/${r.id}`)}>{r.title}</a> },
              { label: t("archiveNo"), cell: (r) => r.archive_no ?? "—" },
              { label: t("category"), cell: (r) => label(CATEGORIES, r.category) },
              { label: t("docDate"), cell: (r) => date(r.document_date) },
              { label: t("level"), cell: (r) => label(LEVELS, r.confidentiality) },
              { label: t("state"), cell: (r) => label(RECORD_STATES, r.state) },
            ]}
          />
          {next ? (
            <button type="button" class="secondary" disabled={find.busy} onClick={() => void find.run(true)}>
              {tc("more")}
            </button>
          ) : null}
        </section>
      )}
    </Page>
  );
}
