// The after-sales lists' filter: a state (or all) and one "overdue only" switch, applied on submit.
import { useState } from "preact/hooks";
import { messages } from "../../i18n";
import { type Query, useQuery } from "../../ui/data";
import { useDraft } from "../../ui/draft";
import { Field, Form } from "../../ui/form";
import type { Labels } from "../../ui/labels";
import { allPages } from "../../ui/pages";
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

export interface Filters {
  state: string;
  overdue: boolean;
}

/** One page's query of a filtered list (a route may name `overdue` its own way). */
export interface PageQuery {
  state: string | undefined;
  overdue: boolean;
  page_size: number;
  page_token: string | undefined;
}

/**
 * A filtered list: the filter typed (kept as a draft), the one applied, and the rows the applied
 * one reads, to the end of the list. `filter` is what StateFilter takes besides its words.
 */
export function useFilteredList<T>(
  draftKey: string,
  initial: Filters,
  readPage: (query: PageQuery) => Promise<{ items: T[]; next_page_token?: string | null }>,
): {
  query: Query<T[]>;
  filter: Pick<Parameters<typeof StateFilter>[0], "state" | "overdue" | "onState" | "onOverdue" | "onApply">;
} {
  const [filters, update] = useDraft(draftKey, initial);
  const [applied, setApplied] = useState(filters);
  const query = useQuery(
    () =>
      allPages(
        (page_token) => readPage({ state: applied.state || undefined, overdue: applied.overdue, page_size: 100, page_token }),
        (page) => page.items,
      ),
    [applied.state, applied.overdue],
  );
  return {
    query,
    filter: {
      state: filters.state,
      overdue: filters.overdue,
      onState: (state) => update({ state }),
      onOverdue: (overdue) => update({ overdue }),
      onApply: () => setApplied({ ...filters }),
    },
  };
}
