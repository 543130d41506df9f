// The audit trail of a record or a loan (ARC-12, PLT-04): every event, oldest first.
import type { Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { dateTime } from "../../format";
import { Table } from "../../ui/data";
import { EVENTS, eventName, label } from "./labels";

type Entry = Schemas["cs_archives_v1_HistoryEntry"];

const t = messages({
  zh: { when: "时间", what: "事项", who: "经办人", details: "内容", caption: "历史记录" },
  en: { when: "When", what: "What", who: "By", details: "Details", caption: "History" },
});

/** The details an event carries, as "key: value" pairs (ids and counts, never titles of others). */
function details(entry: Entry): string {
  return Object.entries(entry.details)
    .filter(([, value]) => value !== null && value !== "" && typeof value !== "object")
    .map(([key, value]) => `${key}: ${String(value)}`)
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
        { label: t("details"), cell: (e) => <small>{details(e)}</small> },
      ]}
    />
  );
}
