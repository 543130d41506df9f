// The API speaks in codes; a page shows them by a table of code → [中文, English].
import { pick } from "../i18n";

export type Labels = Record<string, [string, string]>;

export function label(table: Labels, value: string | null | undefined): string {
  if (!value) return "—";
  const names = table[value];
  return names ? pick(...names) : value;
}

export function options(table: Labels): [string, string][] {
  return Object.entries(table).map(([value, names]) => [value, pick(...names)]);
}
