// One item of the inbox: what it is, who asked and when, its record, and approve / refuse
// with a reason in place. The reason is a draft (it survives an error or an expired session)
// and the gateway's message about it shows beside it.
import { useId, useState } from "preact/hooks";
import { ApiProblem } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { dateTime } from "../../format";
import { useDraft } from "../../ui/draft";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import type { InboxItem } from "./sources/types";

const t = messages({
  zh: {
    step: "环节",
    requester: "申请人",
    askedAt: "申请时间",
    record: "记录",
    open: "查看记录",
    reason: "理由 / 意见",
    reasonHint: "驳回时必填；批准时可选。",
    reasonHintApproveOnly: "此类事项只能批准（服务未提供驳回）；事后批准须填理由。",
    decide: "审批：{what}",
  },
  en: {
    step: "Step",
    requester: "Asked by",
    askedAt: "Asked at",
    record: "Record",
    open: "Open the record",
    reason: "Reason / comment",
    reasonHint: "Required to refuse; optional to approve.",
    reasonHintApproveOnly: "This kind can only be approved (the service has no refusal); after the fact, give the reason.",
    decide: "Decide: {what}",
  },
});

/** A refusal without a reason, refused here the way the gateway would say it. */
function reasonMissing(): ApiProblem {
  return new ApiProblem(422, {
    type: "about:blank",
    code: "validation_failed",
    title: "Validation failed",
    status: 422,
    errors: [{ field: "reason", message: "Field required" }],
  });
}

export function ItemCard({ item, source, onDone }: { item: InboxItem; source: string; onDone: (item: InboxItem, how: "approved" | "refused") => void }) {
  const heading = useId();
  const [draft, setDraft, clearDraft] = useDraft(`approvals.${item.key}`, { reason: "" });
  const [last, setLast] = useState<"approve" | "refuse">("approve");
  const decide = useAction(async (how: "approve" | "refuse") => {
    setLast(how);
    if (how === "refuse") {
      if (!draft.reason.trim()) throw reasonMissing();
      await item.refuse!(draft.reason.trim());
    } else {
      await item.approve(draft.reason);
    }
    clearDraft();
    onDone(item, how === "approve" ? "approved" : "refused");
  });
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
      <Form label={t("decide", { what: item.what })} onSubmit={() => void decide.run("approve")}>
        <ProblemBanner error={decide.error} />
        <Field
          label={t("reason")}
          name={last === "refuse" ? "reason" : item.noteField}
          error={decide.error}
          hint={item.refuse ? t("reasonHint") : t("reasonHintApproveOnly")}
        >
          {(props) => (
            <textarea {...props} rows={2} value={draft.reason} onInput={(e) => setDraft({ reason: e.currentTarget.value })} />
          )}
        </Field>
        <div class="row">
          <button type="submit" disabled={decide.busy}>
            {decide.busy && last === "approve" ? tc("working") : (item.approveLabel ?? tc("approve"))}
          </button>
          {item.refuse ? (
            <button type="button" class="secondary" disabled={decide.busy} onClick={() => void decide.run("refuse")}>
              {decide.busy && last === "refuse" ? tc("working") : tc("refuse")}
            </button>
          ) : null}
        </div>
      </Form>
    </article>
  );
}
