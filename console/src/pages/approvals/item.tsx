// One item of the inbox: what it is, who asked and when, its record, and approve / refuse
// with a reason in place. The reason is a draft (it survives an error or an expired session)
// and the gateway's message about it shows beside it.
import { useId } from "preact/hooks";
import { messages } from "../../i18n";
import { dateTime } from "../../format";
import { Decision } from "../../ui/decision";
import type { InboxItem } from "./sources/types";

const t = messages({
  zh: {
    step: "环节",
    requester: "申请人",
    askedAt: "申请时间",
    record: "记录",
    open: "查看记录",
  },
  en: {
    step: "Step",
    requester: "Asked by",
    askedAt: "Asked at",
    record: "Record",
    open: "Open the record",
  },
});

export function ItemCard({ item, source, onDone }: { item: InboxItem; source: string; onDone: (item: InboxItem, how: "approved" | "refused") => void }) {
  const heading = useId();
  return (
    <article class="inbox-item" aria-labelledby={heading}>
      <header>
        <span class="badge">{source}</span>
        <h3 id={heading}>{item.what}</h3>
      </header>
      <dl class="inbox-facts">
        {item.step ? (
          <div>
            <dt>{t("step")}</dt>
            <dd>{item.step}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("requester")}</dt>
          <dd>{item.requester}</dd>
        </div>
        <div>
          <dt>{t("askedAt")}</dt>
          <dd>{dateTime(item.askedAt)}</dd>
        </div>
        <div>
          <dt>{t("record")}</dt>
          <dd>{item.href ? <a href={item.href}>{t("open")}</a> : <code>{item.recordId}</code>}</dd>
        </div>
      </dl>
      <Decision
        layout="card"
        what={item.what}
        draft={`approvals.${item.key}`}
        approve={item.approve}
        refuse={item.refuse}
        approveLabel={item.approveLabel}
        noteField={item.noteField}
        onDone={(how) => onDone(item, how)}
      />
    </article>
  );
}
