// Dates and times in the branch's time zone; money in yuan with two decimals.
import { locale } from "./i18n";
import { branchTimeZone } from "./session";

// Building an Intl formatter costs far more than using one (a 1,000-row queue spent most of
// its render there): one per locale, zone and style, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(style: "dateTime" | "date" | "isoDay", timeZone: string): Intl.DateTimeFormat {
  const key = `${locale.value}|${timeZone}|${style}`;
  let found = formatters.get(key);
  if (!found) {
    const day = { year: "numeric", month: "2-digit", day: "2-digit" } as const;
    const time = style === "dateTime" ? ({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const) : {};
    found = new Intl.DateTimeFormat(style === "isoDay" ? "en-CA" : locale.value, { timeZone, ...day, ...time });
    formatters.set(key, found);
  }
  return found;
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return formatter("dateTime", branchTimeZone()).format(new Date(iso));
}

export function date(iso: string | null | undefined): string {
  if (!iso) return "—";
  // A calendar date ("2026-12-05") is not an instant: shown as written, in the locale's order.
  const calendarDay = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const day = calendarDay ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return formatter("date", calendarDay ? "UTC" : branchTimeZone()).format(day);
}

/** Amounts travel as decimal strings ("1234.5"); shown as ¥1,234.50. */
export function money(amount: string | number | null | undefined, currency = "CNY"): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  return new Intl.NumberFormat(locale.value, {
    style: "currency",
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(Number(amount));
}

/** "in 1 h 05 min" / "3 min overdue": what is left before a deadline. */
export function remaining(ms: number): string {
  const overdue = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const zh = locale.value !== "en";
  const parts = days
    ? [`${days}${zh ? "天" : " d"}`, `${hours}${zh ? "小时" : " h"}`]
    : hours
      ? [`${hours}${zh ? "小时" : " h"}`, `${String(minutes).padStart(2, "0")}${zh ? "分" : " min"}`]
      : [`${minutes}${zh ? "分" : " min"}`, `${String(seconds).padStart(2, "0")}${zh ? "秒" : " s"}`];
  const span = parts.join(zh ? "" : " ");
  if (zh) return overdue ? `已超时 ${span}` : `剩余 ${span}`;
  return overdue ? `${span} overdue` : `${span} left`;
}

// Days as the branch sees them: "YYYY-MM-DD" and "YYYY-MM" in its time zone (en-CA prints ISO order).
export function today(): string {
  return formatter("isoDay", branchTimeZone()).format(new Date());
}

export function thisMonth(): string {
  return today().slice(0, 7);
}

export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}
