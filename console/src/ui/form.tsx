// Form pieces: a labelled field that shows the gateway's message for it, the problem banner,
// and a submit helper that turns an ApiProblem into both.
import type { ComponentChildren, JSX } from "preact";
import { useId, useState } from "preact/hooks";
import { ApiProblem } from "../api/client";
import { tc } from "../i18n/common";
import { fieldMessage, problemTitle } from "./problems";

export function ProblemBanner({ error }: { error: unknown }) {
  if (!error) return null;
  if (!(error instanceof ApiProblem)) {
    return (
      <div class="problem" role="alert">
        {String(error instanceof Error ? error.message : error)}
      </div>
    );
  }
  const { detail, rule } = error.problem;
  return (
    <div class="problem" role="alert" data-status={error.status}>
      <strong>{problemTitle(error)}</strong>
      {rule ? <span class="rule"> · {tc("errorRule", { rule })}</span> : null}
      {detail ? <p>{detail}</p> : null}
    </div>
  );
}

interface FieldProps {
  label: string;
  name: string;
  error?: unknown;
  hint?: string;
  required?: boolean;
  children: (props: { id: string; name: string; "aria-invalid"?: boolean; "aria-describedby"?: string }) => JSX.Element;
}

/** A label, the control, and the gateway's message for this field right under it. */
export function Field({ label, name, error, hint, required, children }: FieldProps) {
  const id = useId();
  const message = error instanceof ApiProblem ? error.fieldError(name) : undefined;
  const described = [hint ? `${id}-hint` : "", message ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={message ? "field invalid" : "field"}>
      <label for={id}>
        {label}
        {required ? <span class="required"> *<span class="sr-only">{tc("required")}</span></span> : null}
      </label>
      {children({ id, name, ...(message ? { "aria-invalid": true } : {}), ...(described ? { "aria-describedby": described } : {}) })}
      {hint ? <small id={`${id}-hint`}>{hint}</small> : null}
      {message ? (
        <small id={`${id}-error`} class="field-error">
          {fieldMessage(message)}
        </small>
      ) : null}
    </div>
  );
}

/** Runs an action; keeps its error for the banner and the fields, and a busy flag. */
export function useAction<A extends unknown[], R>(
  action: (...args: A) => Promise<R>,
): { run: (...args: A) => Promise<R | undefined>; busy: boolean; error: unknown; reset: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      return await action(...args);
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, reset: () => setError(null) };
}

export function Form({
  onSubmit,
  children,
  label,
}: {
  onSubmit: () => void;
  children: ComponentChildren;
  label: string;
}) {
  return (
    <form
      aria-label={label}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
