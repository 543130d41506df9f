// Filing an original by hand (ARC-01, ARC-02): what it is, its level and medium, who handed
// it over and the document's date. Retention and sealing dates are the service's (ARC-04).
import { useLocation } from "preact-iso";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { to } from "../../sections";
import { Page } from "../../ui/data";
import { useDraft } from "../../ui/draft";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { ARCHIVES_FILE, CATEGORIES, LEVELS, MEDIA, options } from "./labels";
import { ArchivesNav } from "./nav";

type Body = Schemas["FileRecordBody"];

const t = messages({
  zh: {
    title: "归档登记",
    recordTitle: "题名",
    category: "类别",
    level: "密级",
    medium: "载体",
    department: "形成部门",
    handedOverBy: "移交人",
    handedOverHint: "交档人员的员工编号（交接记录）",
    documentDate: "文件日期",
    location: "存放位置",
    locationHint: "如 A-03-2（柜-层-格）",
    retention: "保管期限（年）",
    retentionHint: "留空按类别默认；只可长于默认",
    notes: "备注",
    origin: "来源",
    external: "外来文件",
    counterparty: "来文单位",
    original: "确认为原件",
    submit: "登记归档",
  },
  en: {
    title: "File a record",
    recordTitle: "Title",
    category: "Category",
    level: "Confidentiality",
    medium: "Medium",
    department: "Department",
    handedOverBy: "Handed over by",
    handedOverHint: "The staff id of the person handing it over (the handover record)",
    documentDate: "Document date",
    location: "Shelf location",
    locationHint: "e.g. A-03-2 (cabinet-shelf-slot)",
    retention: "Retention (years)",
    retentionHint: "Empty: the category's default; only longer is accepted",
    notes: "Notes",
    origin: "Origin",
    external: "External document",
    counterparty: "Issuing organisation",
    original: "This is the original",
    submit: "File it",
  },
});

const EMPTY = {
  title: "",
  category: "contract",
  confidentiality: "internal",
  medium: "paper",
  department: "",
  handed_over_by: "",
  document_date: "",
  location: "",
  retention_years: "",
  notes: "",
  external: false,
  counterparty: "",
  original: true,
};
type Draft = typeof EMPTY;

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

function toBody(form: Draft): Body {
  return {
    title: form.title,
    category: form.category,
    confidentiality: form.confidentiality,
    medium: form.medium,
    department: form.department,
    handed_over_by: form.handed_over_by,
    document_date: form.document_date,
    location: optional(form.location),
    retention_years: form.retention_years ? Number(form.retention_years) : undefined,
    notes: optional(form.notes),
    external: form.external,
    counterparty: form.external ? optional(form.counterparty) : undefined,
    original: form.original,
  };
}

export default function FileRecord() {
  const { route } = useLocation();
  const [form, update, clear] = useDraft("archives-file", EMPTY);
  const file = useAction(async () => {
    const created = await ok(api.POST("/v1/archives/records", { body: toBody(form) }));
    clear();
    route(to(`/archives/records/${created.id}`));
  });
  const err = file.error;
  const text = (key: keyof Draft) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement }) =>
    update({ [key]: e.currentTarget.value });
  const select = (key: keyof Draft, table: Record<string, [string, string]>) => (p: { id: string; name: string }) => (
    <select {...p} value={String(form[key])} onChange={text(key)}>
      {options(table).map(([code, name]) => (
        <option value={code}>{name}</option>
      ))}
    </select>
  );
  return (
    <Page title={t("title")} roles={ARCHIVES_FILE}>
      <ArchivesNav />
      <Form label={t("title")} onSubmit={() => void file.run()}>
        <ProblemBanner error={err} />
        <Field label={t("recordTitle")} name="title" error={err} required>
          {(p) => <input {...p} value={form.title} onInput={text("title")} />}
        </Field>
        <div class="grid">
          <Field label={t("category")} name="category" error={err} required>
            {select("category", CATEGORIES)}
          </Field>
          <Field label={t("level")} name="confidentiality" error={err} required>
            {select("confidentiality", LEVELS)}
          </Field>
          <Field label={t("medium")} name="medium" error={err} required>
            {select("medium", MEDIA)}
          </Field>
          <Field label={t("department")} name="department" error={err} required>
            {(p) => <input {...p} value={form.department} onInput={text("department")} />}
          </Field>
          <Field label={t("handedOverBy")} name="handed_over_by" error={err} hint={t("handedOverHint")} required>
            {(p) => <input {...p} value={form.handed_over_by} onInput={text("handed_over_by")} autoComplete="off" />}
          </Field>
          <Field label={t("documentDate")} name="document_date" error={err} required>
            {(p) => <input {...p} type="date" value={form.document_date} onInput={text("document_date")} />}
          </Field>
          <Field label={t("location")} name="location" error={err} hint={t("locationHint")}>
            {(p) => <input {...p} value={form.location} onInput={text("location")} />}
          </Field>
          <Field label={t("retention")} name="retention_years" error={err} hint={t("retentionHint")}>
            {(p) => <input {...p} type="number" min={0} max={100} value={form.retention_years} onInput={text("retention_years")} />}
          </Field>
        </div>
        <fieldset>
          <legend>{t("origin")}</legend>
          <label class="check">
            <input type="checkbox" name="external" checked={form.external} onChange={(e) => update({ external: e.currentTarget.checked })} />
            {t("external")}
          </label>
          {form.external ? (
            <Field label={t("counterparty")} name="counterparty" error={err} required>
              {(p) => <input {...p} value={form.counterparty} onInput={text("counterparty")} />}
            </Field>
          ) : null}
        </fieldset>
        <Field label={t("notes")} name="notes" error={err}>
          {(p) => <textarea {...p} rows={3} value={form.notes} onInput={text("notes")} />}
        </Field>
        <label class="check">
          <input type="checkbox" name="original" checked={form.original} onChange={(e) => update({ original: e.currentTarget.checked })} />
          {t("original")}
        </label>
        <button type="submit" disabled={file.busy}>
          {file.busy ? tc("working") : t("submit")}
        </button>
      </Form>
    </Page>
  );
}
