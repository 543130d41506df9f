// One action on a record: a titled panel holding its form, the problem banner and one submit
// button; `children` renders the fields, given the last error (so each Field shows its own).
import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { tc } from "../i18n/common";
import { Form, ProblemBanner, useAction } from "./form";

export function ActionPanel({
  title,
  submit,
  action,
  onDone,
  danger,
  children,
}: {
  title: string;
  submit?: string;
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
    <section class="panel action-panel" aria-labelledby={heading}>
      <h3 id={heading}>{title}</h3>
      <Form label={title} onSubmit={() => void act.run()}>
        <ProblemBanner error={act.error} />
        {children ? children(act.error) : null}
        <div>
          <button type="submit" class={danger ? "danger" : undefined} disabled={act.busy}>
            {act.busy ? tc("working") : (submit ?? tc("submit"))}
          </button>
        </div>
      </Form>
    </section>
  );
}
