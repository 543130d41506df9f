// The statistics' data: which months exist, one month's numbers (summed over the branches the
// caller sees), the compliance series over the frozen months, and the CSV as a file.
import { api, ok, type Schemas } from "../../api/client";
import { thisMonth } from "../../format";

export type Monthly = Schemas["MonthlyStatistics"];
export type FrozenMonth = Schemas["FrozenMonth"];
export type Count = Schemas["StatisticsCount"];
export type Compliance = Schemas["ClockCompliance"];

/** The categories drawn as bar charts, in the order of the page (CMP-12). */
export const SECTIONS = ["by_nature", "by_channel", "by_branch", "by_department", "by_category"] as const;
export type SectionKey = (typeof SECTIONS)[number];

/** What the page shows for a month: one branch's numbers, or every visible branch's summed. */
export interface MonthView {
  month: string;
  branches: string[];
  frozen: boolean; // true only when every branch's month is frozen
  received: number;
  closed: number;
  counts: Record<SectionKey, Count[]>;
  compliance: Compliance[];
  returnVisits: { validClosed: number; visited: number };
  satisfaction: { rated: number; satisfied: number; meanScore: number };
  closedCases: number;
  meanHoursToClose: number;
}

/** The running month in the branch's time zone (YYYY-MM): its numbers are a live preview. */
export const currentMonth = thisMonth;

/** The month before `month` (YYYY-MM): the latest one that can be frozen is last month. */
export function previousMonth(month: string): string {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  return mon === 1 ? `${year - 1}-12` : `${year}-${String(mon - 1).padStart(2, "0")}`;
}

export async function frozenMonths(): Promise<FrozenMonth[]> {
  return (await ok(api.GET("/v1/statistics/complaints"))).items;
}

export async function monthStatistics(month: string, branch: string | undefined): Promise<Monthly[]> {
  const query = branch ? { branch_id: branch } : {};
  return (await ok(api.GET("/v1/statistics/complaints/{month}", { params: { path: { month }, query } }))).items;
}

function sumCounts(lists: Count[][]): Count[] {
  const totals = new Map<string, number>();
  for (const list of lists) for (const { key, count } of list) totals.set(key, (totals.get(key) ?? 0) + count);
  return [...totals].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Met and breached add up across branches; the rate is recomputed from them (as the service
 * does: met / (met + breached), 0 when nothing was measured). */
function sumCompliance(items: Monthly[]): Compliance[] {
  const byClock = new Map<string, { met: number; breached: number }>();
  for (const item of items) {
    for (const { clock, met, breached } of item.compliance) {
      const seen = byClock.get(clock) ?? { met: 0, breached: 0 };
      byClock.set(clock, { met: seen.met + met, breached: seen.breached + breached });
    }
  }
  return [...byClock].map(([clock, { met, breached }]) => ({ clock, met, breached, rate: rateOf(met, breached) }));
}

export function rateOf(met: number, breached: number): number {
  return met + breached === 0 ? 0 : met / (met + breached);
}

export function summarise(month: string, items: Monthly[]): MonthView {
  const sum = (pick: (m: Monthly) => number) => items.reduce((total, m) => total + pick(m), 0);
  const closedCases = sum((m) => m.time_to_close.cases);
  const rated = sum((m) => m.satisfaction.rated);
  const counts = Object.fromEntries(SECTIONS.map((s) => [s, sumCounts(items.map((m) => m[s]))])) as MonthView["counts"];
  return {
    month,
    branches: items.map((m) => m.branch_id),
    frozen: items.length > 0 && items.every((m) => m.frozen),
    received: sum((m) => m.received),
    closed: sum((m) => m.closed),
    counts,
    compliance: sumCompliance(items),
    returnVisits: { validClosed: sum((m) => m.return_visits.valid_closed), visited: sum((m) => m.return_visits.visited) },
    satisfaction: {
      rated,
      satisfied: sum((m) => m.satisfaction.satisfied),
      // Weighted by the rated cases of each branch, so two branches average like one.
      meanScore: rated ? sum((m) => m.satisfaction.mean_score * m.satisfaction.rated) / rated : 0,
    },
    closedCases,
    meanHoursToClose: closedCases ? sum((m) => m.time_to_close.mean_hours * m.time_to_close.cases) / closedCases : 0,
  };
}

export interface TrendPoint {
  month: string;
  compliance: Compliance[];
}

/** Compliance for each of the given months, oldest first (one read per month). */
export async function complianceTrend(months: string[], branch: string | undefined): Promise<TrendPoint[]> {
  const ordered = [...months].sort();
  const reads = await Promise.all(ordered.map((month) => monthStatistics(month, branch)));
  return ordered.map((month, i) => ({ month, compliance: sumCompliance(reads[i] ?? []) }));
}

/** Fetches the month's CSV with the session's bearer token (never in a URL) and saves it. */
export async function downloadCsv(month: string, branch: string | undefined): Promise<void> {
  const query = branch ? { branch_id: branch } : {};
  const pending = api.GET("/v1/statistics/complaints/{month}.csv", {
    params: { path: { month }, query },
    parseAs: "blob",
  });
  const blob = (await ok(pending)) as Blob;
  const { response } = await pending;
  const named = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1];
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = named ?? `complaint-statistics-${branch ?? "all"}-${month}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file; the object URL would otherwise live as long as the page.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

export async function freezeMonth(month: string, branch: string | undefined): Promise<Schemas["FreezeMonthResponse"]> {
  return ok(
    api.POST("/v1/statistics/complaints/{month}/freeze", {
      params: { path: { month } },
      body: { recompute: false, ...(branch ? { branch_id: branch } : {}) },
    }),
  );
}
