// A request for some hours of one day — the overtime claim (OT-01..OT-03) and the
// out-of-office record (ATT-07) ask the same things: the date, from, to and why. The draft
// survives an error or an expired session; the gateway's message shows beside its field.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { date } from "../../format";
import { useDraft } from "../../ui/draft";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";

const t = messages({
  zh: { day: "日期", from: "开始时间", to: "结束时间", reason: "事由" },
  en: { day: "Date", from: "From", to: "To", reason: "Reason" },
});

export interface Span {
  day: string;
  from_time: string;
  to_time: string;
  reason: string;
  extra: string; // the one field a kind may add (the phone announcement's number)
}

const EMPTY: Span = { day: "", from_time: "", to_time: "", reason: "", extra: "" };

export function SpanForm({
  id,
  title,
  submitLabel,
  dayHint,
  extra,
  onSubmit,
  children,
}: {
  id: string; // the draft's key
  title: string;
  submitLabel: string;
  dayHint?: string;
  /** An optional text field of this kind: its label, the body's name and a hint. */
  extra?: { label: string; name: string; hint: string };
  onSubmit: (span: Span) => Promise<unknown>;
  children?: ComponentChildren; // what the rule says, above the fields
}) {
  const [form, update, clear] = useDraft(`attendance-${id}`, EMPTY);
  const file = useAction(async () => {
    await onSubmit({ ...form, reason: form.reason.trim(), extra: form.extra.trim() });
    clear();
  });
  const err = file.error;
  const set = (key: keyof Span) => (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
    update({ [key]: e.currentTarget.value });
  return (
    <Form label={title} onSubmit={() => void file.run()}>
      {children}
      <ProblemBanner error={err} />
      <div class="grid att-span">
        <Field label={t("day")} name="day" error={err} hint={dayHint} required>
          {(p) => <input {...p} type="date" value={form.day} onInput={set("day")} />}
        </Field>
        <Field label={t("from")} name="from_time" error={err} required>
          {(p) => <input {...p} type="time" value={form.from_time} onInput={set("from_time")} />}
        </Field>
        <Field label={t("to")} name="to_time" error={err} required>
          {(p) => <input {...p} type="time" value={form.to_time} onInput={set("to_time")} />}
        </Field>
        {extra ? (
          <Field label={extra.label} name={extra.name} error={err} hint={extra.hint}>
            {(p) => <input {...p} value={form.extra} autoComplete="off" onInput={set("extra")} />}
          </Field>
        ) : null}
      </div>
      <Field label={t("reason")} name="reason" error={err} required>
        {(p) => <textarea {...p} rows={2} value={form.reason} onInput={set("reason")} />}
      </Field>
      <button type="submit" disabled={file.busy}>
        {file.busy ? tc("working") : submitLabel}
      </button>
    </Form>
  );
}

/**
 * The request panel of a span kind: its heading, the form with the kind's rule above it, and
 * once filed, the line saying for which day it now awaits approval.
 */
export function SpanRequest({
  id,
  title,
  submitLabel,
  submitted,
  rule,
  dayHint,
  extra,
  file,
  onFiled,
}: {
  id: string; // the draft's key and the heading's
  title: string;
  submitLabel: string;
  /** The status line once filed, given the filed day as shown. */
  submitted: (day: string) => string;
  rule: string;
  dayHint?: string;
  extra?: { label: string; name: string; hint: string };
  /** Files the span; answers the filed record. */
  file: (span: Span) => Promise<{ day: string }>;
  onFiled: () => void;
}) {
  const [filed, setFiled] = useState<{ day: string } | null>(null);
  const heading = `att-${id}-request`;
  return (
    <section class="panel" aria-labelledby={heading}>
      <h2 id={heading}>{title}</h2>
      {filed ? (
        <p role="status" class="att-ok">
          {submitted(date(filed.day))}
        </p>
      ) : null}
      <SpanForm
        id={id}
        title={title}
        submitLabel={submitLabel}
        dayHint={dayHint}
        extra={extra}
        onSubmit={async (span) => {
          setFiled(await file(span));
          onFiled();
        }}
      >
        <p class="hint">{rule}</p>
      </SpanForm>
    </section>
  );
}
