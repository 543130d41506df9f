// Loading data and showing it: a query hook, the page frame, tables and live countdowns.
import type { ComponentChildren } from "preact";
import { signal } from "@preact/signals";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiProblem } from "../api/client";
import { tc } from "../i18n/common";
import { remaining } from "../format";
import { hasAnyRole } from "../session";
import { ProblemBanner } from "./form";

export interface Query<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

export function useQuery<T>(load: () => Promise<T>, deps: unknown[] = []): Query<T> {
  // One state, so an answer renders once (a 1,000-row table rendered twice before).
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((current) => (current.loading ? current : { ...current, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState((current) => ({ data: current.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  return { ...state, reload: () => setRound((n) => n + 1) };
}

/** Shows the query's data, or why it is not there (loading, not found, not allowed). */
export function Loaded<T>({ query, children }: { query: Query<T>; children: (data: T) => ComponentChildren }) {
  if (query.error) {
    if (query.error instanceof ApiProblem && query.error.status === 404) return <p role="status">{tc("notFound")}</p>;
    return <ProblemBanner error={query.error} />;
  }
  if (query.data === undefined) return <p role="status" aria-busy="true">{tc("loading")}</p>;
  return <>{children(query.data)}</>;
}

/** A page: its heading (focused on arrival, for screen readers and keyboards) and its roles. */
export function Page({
  title,
  roles,
  actions,
  children,
}: {
  title: string;
  roles?: string[];
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${tc("appName")}`;
    heading.current?.focus();
  }, [title]);
  const allowed = !roles || hasAnyRole(...roles);
  return (
    <section class="page">
      <header class="page-head">
        <h1 tabIndex={-1} ref={heading}>
          {title}
        </h1>
        {allowed ? <div class="page-actions">{actions}</div> : null}
      </header>
      {allowed ? children : <p role="alert">{tc("notAllowed")}</p>}
    </section>
  );
}

export interface Column<T> {
  label: string;
  cell: (row: T) => ComponentChildren;
  class?: string;
}

export function Table<T>({
  caption,
  columns,
  rows,
  rowKey,
  rowClass,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  rowClass?: (row: T) => string | undefined;
}) {
  if (rows.length === 0) return <p class="empty">{tc("empty")}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" class={column.class}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} class={rowClass?.(row)}>
              {columns.map((column) => (
                <td class={column.class}>{column.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// One ticking clock for every countdown on the page.
const now = signal(Date.now());
setInterval(() => (now.value = Date.now()), 1000);

/** A live countdown to a deadline, coloured by how close it is (breach colours). */
export function Countdown({ due, warnMinutes = 30 }: { due: string | null | undefined; warnMinutes?: number }) {
  if (!due) return <span>—</span>;
  const left = new Date(due).getTime() - now.value;
  const state = left < 0 ? "breached" : left < warnMinutes * 60_000 ? "due-soon" : "on-time";
  return (
    <span class={`countdown ${state}`} data-state={state}>
      {remaining(left)}
    </span>
  );
}

/** Name–value facts of a record, as a description list. */
export function FactList({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {rows.map(([name, value]) => (
        <>
          <dt>{name}</dt>
          <dd data-field={name}>{value}</dd>
        </>
      ))}
    </dl>
  );
}
