// One action on a record as a small form: its fields are data, what is typed is a draft
// (kept across errors and re-logins), and the gateway's problems show beside the fields.
import { Field, Form, ProblemBanner, useAction } from "./form";
import { useDraft } from "./draft";
import { tc } from "../i18n/common";

export interface ActionField {
  name: string;
  label: string;
  kind?: "text" | "textarea" | "checkbox" | "number" | "datetime" | "select";
  required?: boolean;
  options?: [string, string][];
  min?: number;
  max?: number;
  initial?: string | boolean;
}

export type ActionValues = Record<string, string | boolean>;

export function ActionForm({
  id,
  title,
  fields,
  submitLabel,
  danger,
  onSubmit,
  onDone,
}: {
  id: string; // unique per record and action: the draft's key
  title: string;
  fields: ActionField[];
  submitLabel?: string;
  danger?: boolean;
  onSubmit: (values: ActionValues) => Promise<unknown>;
  onDone: () => void;
}) {
  const initial: ActionValues = Object.fromEntries(
    fields.map((f) => [f.name, f.initial ?? (f.kind === "checkbox" ? false : f.options?.[0]?.[0] ?? "")]),
  );
  const [values, update, clear] = useDraft(`action.${id}`, initial);
  const action = useAction(async () => {
    await onSubmit(values);
    clear();
    onDone();
  });
  return (
    <Form label={title} onSubmit={() => void action.run()}>
      <h3>{title}</h3>
      <ProblemBanner error={action.error} />
      {fields.map((f) =>
        f.kind === "checkbox" ? (
          <label class="check">
            <input
              type="checkbox"
              name={f.name}
              checked={Boolean(values[f.name])}
              onChange={(e) => update({ [f.name]: e.currentTarget.checked })}
            />
            {f.label}
          </label>
        ) : (
          <Field label={f.label} name={f.name} error={action.error} required={f.required}>
            {(p) =>
              f.kind === "textarea" ? (
                <textarea {...p} rows={3} value={String(values[f.name])} onInput={(e) => update({ [f.name]: e.currentTarget.value })} />
              ) : f.kind === "select" ? (
                <select {...p} value={String(values[f.name])} onChange={(e) => update({ [f.name]: e.currentTarget.value })}>
                  {(f.options ?? []).map(([value, text]) => (
                    <option value={value}>{text}</option>
                  ))}
                </select>
              ) : (
                <input
                  {...p}
                  type={f.kind === "number" ? "number" : f.kind === "datetime" ? "datetime-local" : "text"}
                  min={f.min}
                  max={f.max}
                  value={String(values[f.name])}
                  onInput={(e) => update({ [f.name]: e.currentTarget.value })}
                />
              )
            }
          </Field>
        ),
      )}
      <div>
        <button type="submit" class={danger ? "danger" : undefined} disabled={action.busy}>
          {action.busy ? tc("working") : (submitLabel ?? tc("submit"))}
        </button>
      </div>
    </Form>
  );
}

/** A datetime-local value as an instant, or undefined when empty. */
export function instant(value: string | boolean | undefined): string | undefined {
  return typeof value === "string" && value ? new Date(value).toISOString() : undefined;
}

export function text(value: string | boolean | undefined): string {
  return typeof value === "string" ? value.trim() : "";
}
