// Approve or refuse one request with a note or a reason: the one control the approvals inbox
// (a form under each card) and the attendance queues (a compact line in a table row) share.
// A refusal needs its reason (the requester reads it); the check is made here, before the
// call, and reported the way each layout reports a missing field.
import { useId, useState } from "preact/hooks";
import { ApiProblem } from "../api/client";
import { messages } from "../i18n";
import { tc } from "../i18n/common";
import { useDraft } from "./draft";
import { Field, Form, ProblemBanner, useAction } from "./form";

const t = messages({
  zh: {
    note: "审批意见或驳回理由",
    reasonNeeded: "驳回需填写理由。",
    approveOf: "批准：{what}",
    refuseOf: "驳回：{what}",
    reason: "理由 / 意见",
    reasonHint: "驳回时必填；批准时可选。",
    reasonHintApproveOnly: "此类事项只能批准（服务未提供驳回）；事后批准须填理由。",
    decide: "审批：{what}",
  },
  en: {
    note: "Note or reason for refusing",
    reasonNeeded: "A refusal needs a reason.",
    approveOf: "Approve: {what}",
    refuseOf: "Refuse: {what}",
    reason: "Reason / comment",
    reasonHint: "Required to refuse; optional to approve.",
    reasonHintApproveOnly: "This kind can only be approved (the service has no refusal); after the fact, give the reason.",
    decide: "Decide: {what}",
  },
});

export type Verdict = "approve" | "refuse";

export interface DecisionProps {
  /** Names the request: the form's label, and the row's buttons for screen readers (every row has the same ones). */
  what: string;
  approve: (note: string) => Promise<unknown>;
  /** Absent when the service has no refusal for this kind (the note is then for approving). */
  refuse?: (reason: string) => Promise<unknown>;
  onDone: (how: "approved" | "refused") => void;
  /** A compact line in a table row, or a form under a card's facts. */
  layout: "row" | "card";
  /** Keeps the text as a draft under this key (it survives an error or an expired session). */
  draft?: string;
  /** The approve button's word when it is not "批准". */
  approveLabel?: string;
  /** The body field the approve call puts the note in (the gateway names it in problems). */
  noteField?: string;
}

// The problems raised here, told apart from the gateway's own (a row words this one itself).
const raisedHere = new WeakSet<object>();

/** A refusal without a reason, refused here the way the gateway would say it. */
function reasonMissing(): ApiProblem {
  const problem = new ApiProblem(422, {
    type: "about:blank",
    code: "validation_failed",
    title: "Validation failed",
    status: 422,
    errors: [{ field: "reason", message: "Field required" }],
  });
  raisedHere.add(problem);
  return problem;
}

const isReasonMissing = (error: unknown) => error instanceof ApiProblem && raisedHere.has(error);

interface Note {
  value: string;
  set: (value: string) => void;
  clear: () => void;
}

export function Decision(props: DecisionProps) {
  return props.draft ? <Drafted {...props} draft={props.draft} /> : <Plain {...props} />;
}

function Drafted(props: DecisionProps & { draft: string }) {
  const [draft, setDraft, clearDraft] = useDraft(props.draft, { reason: "" });
  return <Decide {...props} note={{ value: draft.reason, set: (reason) => setDraft({ reason }), clear: clearDraft }} />;
}

function Plain(props: DecisionProps) {
  const [value, set] = useState("");
  return <Decide {...props} note={{ value, set, clear: () => set("") }} />;
}

function Decide({ note, ...props }: DecisionProps & { note: Note }) {
  const { approve, refuse, onDone } = props;
  const [last, setLast] = useState<Verdict>("approve");
  const act = useAction(async (how: Verdict) => {
    setLast(how);
    const text = note.value.trim();
    if (how === "refuse") {
      if (!text) throw reasonMissing();
      await refuse!(text);
    } else {
      await approve(text);
    }
    note.clear();
    onDone(how === "approve" ? "approved" : "refused");
  });
  const run = (how: Verdict) => void act.run(how);
  return props.layout === "row" ? <Row {...props} note={note} act={act} run={run} /> : <Card {...props} note={note} act={act} run={run} last={last} />;
}

interface View {
  note: Note;
  act: { busy: boolean; error: unknown };
  run: (how: Verdict) => void;
}

function Row({ what, note, act, run }: DecisionProps & View) {
  const id = useId();
  const missing = isReasonMissing(act.error);
  return (
    <div class="decision-row">
      <label for={id} class="sr-only">
        {t("note")} ({what})
      </label>
      <input
        id={id}
        value={note.value}
        placeholder={t("note")}
        aria-invalid={missing || undefined}
        aria-describedby={missing ? `${id}-missing` : undefined}
        onInput={(e) => note.set(e.currentTarget.value)}
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
      ) : (
        <ProblemBanner error={act.error} />
      )}
    </div>
  );
}

function Card({ what, refuse, approveLabel, noteField, note, act, run, last }: DecisionProps & View & { last: Verdict }) {
  return (
    <Form label={t("decide", { what })} onSubmit={() => run("approve")}>
      <ProblemBanner error={act.error} />
      <Field
        label={t("reason")}
        name={last === "refuse" ? "reason" : (noteField ?? "reason")}
        error={act.error}
        hint={refuse ? t("reasonHint") : t("reasonHintApproveOnly")}
      >
        {(field) => <textarea {...field} rows={2} value={note.value} onInput={(e) => note.set(e.currentTarget.value)} />}
      </Field>
      <div class="row">
        <button type="submit" disabled={act.busy}>
          {act.busy && last === "approve" ? tc("working") : (approveLabel ?? tc("approve"))}
        </button>
        {refuse ? (
          <button type="button" class="secondary" disabled={act.busy} onClick={() => run("refuse")}>
            {act.busy && last === "refuse" ? tc("working") : tc("refuse")}
          </button>
        ) : null}
      </div>
    </Form>
  );
}
