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

/** The last part of an event type ("cs.archives.v1.RecordFiled" -> "RecordFiled"). */
export const eventName = (type: string): string => type.slice(type.lastIndexOf(".") + 1);
