// Approve or refuse one request, with a note or a reason: the same control for leave,
// overtime and out-of-office. A refusal needs its reason (the requester reads it).
import { useId, useState } from "preact/hooks";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { ProblemBanner, useAction } from "../../ui/form";

const t = messages({
  zh: { note: "审批意见或驳回理由", reasonNeeded: "驳回需填写理由。", approveOf: "批准：{what}", refuseOf: "驳回：{what}" },
  en: {
    note: "Note or reason for refusing",
    reasonNeeded: "A refusal needs a reason.",
    approveOf: "Approve: {what}",
    refuseOf: "Refuse: {what}",
  },
});

export function Decide({
  what,
  approve,
  refuse,
  onDone,
}: {
  what: string; // names the request for screen readers: every row has the same buttons
  approve: (note: string) => Promise<unknown>;
  refuse: (reason: string) => Promise<unknown>;
  onDone: () => void;
}) {
  const id = useId();
  const [note, setNote] = useState("");
  const [missing, setMissing] = useState(false);
  const act = useAction(async (kind: "approve" | "refuse") => {
    await (kind === "approve" ? approve(note.trim()) : refuse(note.trim()));
    setNote("");
    onDone();
  });
  const run = (kind: "approve" | "refuse") => {
    const needsReason = kind === "refuse" && !note.trim();
    setMissing(needsReason);
    if (!needsReason) void act.run(kind);
  };
  return (
    <div class="att-decide">
      <label for={id} class="sr-only">
        {t("note")} ({what})
      </label>
      <input
        id={id}
        value={note}
        placeholder={t("note")}
        aria-invalid={missing || undefined}
        aria-describedby={missing ? `${id}-missing` : undefined}
        onInput={(e) => setNote(e.currentTarget.value)}
      />
      <button type="button" disabled={act.busy} aria-label={t("approveOf", { what })} onClick={() => run("approve")}>
        {tc("approve")}
      </button>
      <button type="button" class="danger" disabled={act.busy} aria-label={t("refuseOf", { what })} onClick={() => run("refuse")}>
        {tc("refuse")}
      </button>
      {missing ? (
        <small id={`${id}-missing`} class="field-error" role="alert">
          {t("reasonNeeded")}
        </small>
      ) : null}
      <ProblemBanner error={act.error} />
    </div>
  );
}
