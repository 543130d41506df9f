// The after-sales lists' filter: a state (or all) and one "overdue only" switch, applied on submit.
import { messages } from "../../i18n";
import { Field, Form } from "../../ui/form";
import type { Labels } from "../../ui/labels";
import { CodeSelect } from "../../ui/select";

const t = messages({
  zh: { state: "状态", all: "全部", apply: "筛选" },
  en: { state: "State", all: "All", apply: "Filter" },
});

export function StateFilter({
  label,
  states,
  state,
  overdue,
  overdueLabel,
  onState,
  onOverdue,
  onApply,
}: {
  label: string;
  states: Labels;
  state: string;
  overdue: boolean;
  overdueLabel: string;
  onState: (state: string) => void;
  onOverdue: (overdue: boolean) => void;
  onApply: () => void;
}) {
  return (
    <Form label={label} onSubmit={onApply}>
      <div class="row aftersales-filter-row">
        <Field label={t("state")} name="state">
          {(p) => <CodeSelect {...p} table={states} blank={t("all")} value={state} onChange={onState} />}
        </Field>
        <label class="check">
          <input type="checkbox" checked={overdue} onChange={(e) => onOverdue(e.currentTarget.checked)} />
          {overdueLabel}
        </label>
        <button type="submit">{t("apply")}</button>
      </div>
    </Form>
  );
}
