// Small pieces the after-sales pages share: a select over a label table, and one action's
// form in its own panel (heading, problem banner, fields, one submit button).
import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { tc } from "../../i18n/common";
import { Form, ProblemBanner, useAction } from "../../ui/form";
import { options } from "./labels";

type ControlProps = { id: string; name: string; "aria-invalid"?: boolean; "aria-describedby"?: string };

/** A <select> of a label table's codes; `blank` adds an empty first choice (a filter's "all"). */
export function Choice({
  table,
  value,
  onChange,
  blank,
  ...control
}: ControlProps & {
  table: Record<string, [string, string]>;
  value: string;
  onChange: (value: string) => void;
  blank?: string;
}) {
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {blank !== undefined ? <option value="">{blank}</option> : null}
      {options(table).map(([code, text]) => (
        <option value={code} selected={code === value}>
          {text}
        </option>
      ))}
    </select>
  );
}

/** One action on a record: a titled panel with its form; `onDone` runs after success. */
export function ActionForm({
  title,
  submit,
  action,
  onDone,
  danger,
  children,
}: {
  title: string;
  submit: string;
  action: () => Promise<unknown>;
  onDone: () => void;
  danger?: boolean;
  children?: (error: unknown) => ComponentChildren;
}) {
  const heading = useId();
  const act = useAction(async () => {
    await action();
    onDone();
  });
  return (
    <section class="panel aftersales-action" aria-labelledby={heading}>
      <h3 id={heading}>{title}</h3>
      <Form label={title} onSubmit={() => void act.run()}>
        <ProblemBanner error={act.error} />
        {children ? children(act.error) : null}
        <div>
          <button type="submit" class={danger ? "danger" : undefined} disabled={act.busy}>
            {act.busy ? tc("working") : submit}
          </button>
        </div>
      </Form>
    </section>
  );
}

/** Walks a paged list to its end (bounded: a board never needs more than `pages` pages). */
export async function allPages<T>(
  load: (page_token: string | undefined) => Promise<{ items: T[]; next_page_token?: string | null }>,
  pages = 10,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  for (let n = 0; n < pages; n++) {
    const answer = await load(token);
    all.push(...answer.items);
    if (!answer.next_page_token) break;
    token = answer.next_page_token;
  }
  return all;
}
