// One action on a record as a small form: its fields are data, what is typed is a draft
// (kept across errors and re-logins), and the gateway's problems show beside the fields.
import { ActionPanel } from "./action-panel";
import { useDraft } from "./draft";
import { Field } from "./form";

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
    fields.map((f) => [f.name, f.initial ?? (f.kind === "checkbox" ? false : (f.options?.[0]?.[0] ?? ""))]),
  );
  const [values, update, clear] = useDraft(`action.${id}`, initial);
  return (
    <ActionPanel
      title={title}
      submit={submitLabel}
      danger={danger}
      action={() => onSubmit(values)}
      onDone={() => (clear(), onDone())}
    >
      {(error) => fields.map((f) => <ActionInput field={f} values={values} update={update} error={error} />)}
    </ActionPanel>
  );
}

function ActionInput({
  field: f,
  values,
  update,
  error,
}: {
  field: ActionField;
  values: ActionValues;
  update: (next: Partial<ActionValues>) => void;
  error: unknown;
}) {
  if (f.kind === "checkbox") {
    return (
      <label class="check">
        <input
          type="checkbox"
          name={f.name}
          checked={Boolean(values[f.name])}
          onChange={(e) => update({ [f.name]: e.currentTarget.checked })}
        />
        {f.label}
      </label>
    );
  }
  const value = String(values[f.name]);
  const set = (e: { currentTarget: { value: string } }) => update({ [f.name]: e.currentTarget.value });
  return (
    <Field label={f.label} name={f.name} error={error} required={f.required}>
      {(p) =>
        f.kind === "textarea" ? (
          <textarea {...p} rows={3} value={value} onInput={set} />
        ) : f.kind === "select" ? (
          <select {...p} value={value} onChange={set}>
            {(f.options ?? []).map(([code, text]) => (
              <option value={code}>{text}</option>
            ))}
          </select>
        ) : (
          <input
            {...p}
            type={f.kind === "number" ? "number" : f.kind === "datetime" ? "datetime-local" : "text"}
            min={f.min}
            max={f.max}
            value={value}
            onInput={set}
          />
        )
      }
    </Field>
  );
}

/** A datetime-local value as an instant, or undefined when empty. */
export function instant(value: string | boolean | undefined): string | undefined {
  return typeof value === "string" && value ? new Date(value).toISOString() : undefined;
}

export function text(value: string | boolean | undefined): string {
  return typeof value === "string" ? value.trim() : "";
}
