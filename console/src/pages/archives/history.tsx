// The audit trail of a record or a loan (ARC-12, PLT-04): every event, oldest first.
import type { Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { dateTime } from "../../format";
import { Table } from "../../ui/data";
import { pick } from "../../i18n";
import { CATEGORIES, CONDITIONS, EVENTS, INCIDENTS, LEVELS, LOAN_KINDS, MEDIA, RECORD_STATES, eventName, label } from "./labels";

type Entry = Schemas["cs_archives_v1_HistoryEntry"];

const t = messages({
  zh: { when: "时间", what: "事项", who: "经办人", details: "内容", caption: "历史记录" },
  en: { when: "When", what: "What", who: "By", details: "Details", caption: "History" },
});

// The details worth a reader's eye, in their language; the rest (branch, ids already on the
// page, the filing's own copy of the facts above) stays in the API's history.
const KEYS: Record<string, [string, string]> = {
  state: ["状态", "State"],
  location: ["位置", "Location"],
  borrower: ["借阅人", "Borrower"],
  due_at: ["应还", "Due"],
  condition: ["状况", "Condition"],
  department: ["部门", "Department"],
  handed_over_by: ["移交人", "Handed over by"],
  archive_no: ["档号", "Archive no."],
  bag_number: ["档案袋号", "Bag no."],
  items: ["件数", "Items"],
  pages: ["页数", "Pages"],
  kind: ["方式", "Kind"],
  purpose: ["事由", "Purpose"],
  note: ["意见", "Note"],
  reason: ["理由", "Reason"],
  incident: ["事故", "Incident"],
  description: ["说明", "Description"],
  method: ["方式", "Method"],
  chase: ["催还次数", "Reminder"],
  ref: ["依据", "Cause"],
};
const CODES: Record<string, Record<string, [string, string]>> = {
  state: RECORD_STATES,
  condition: CONDITIONS,
  category: CATEGORIES,
  confidentiality: LEVELS,
  medium: MEDIA,
  kind: LOAN_KINDS,
  incident: INCIDENTS,
};

function value(key: string, raw: unknown): string {
  const text = String(raw);
  const codes = CODES[key];
  if (codes) return label(codes, text);
  if (key.endsWith("_at") && !Number.isNaN(Date.parse(text))) return dateTime(text);
  return text;
}

/** The details an event carries, as "name: value" pairs (ids and counts, never titles of others). */
function details(entry: Entry): string {
  return Object.entries(entry.details)
    .filter(([key, raw]) => key in KEYS && raw !== null && raw !== "" && typeof raw !== "object")
    .map(([key, raw]) => `${pick(...KEYS[key]!)}：${value(key, raw)}`)
    .join(" · ");
}

export function History({ entries, caption }: { entries: Entry[]; caption?: string }) {
  return (
    <Table
      caption={caption ?? t("caption")}
      rows={entries}
      rowKey={(e) => String(e.sequence)}
      columns={[
        { label: t("when"), cell: (e) => dateTime(e.occurred_at) },
        { label: t("what"), cell: (e) => label(EVENTS, eventName(e.event_type)) },
        { label: t("who"), cell: (e) => e.actor },
        { label: t("details"), cell: (e) => <small class="archives-details">{details(e)}</small> },
      ]}
    />
  );
}
