// The monthly complaint statistics (CMP-12): pick a frozen month (or preview the running one),
// see its counts as bar charts with their tables, compliance over the frozen months, download
// the CSV, and — for the roles that may — freeze a month.
import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { messages } from "../../i18n";
import { hasAnyRole, session } from "../../session";
import { BarChart } from "../../ui/bars";
import { Loaded, Page, useQuery } from "../../ui/data";
import { Field, ProblemBanner, useAction } from "../../ui/form";
import {
  SECTIONS,
  complianceTrend,
  currentMonth,
  downloadCsv,
  frozenMonths,
  monthStatistics,
  previousMonth,
  summarise,
  type FrozenMonth,
  type MonthView,
  type TrendPoint,
} from "./data";
import { FREEZE_ROLES, FreezeMonth } from "./freeze";
import { keyLabel } from "./labels";
import { MonthFacts } from "./facts";

export const READ_ROLES = ["team_lead", "manager", "director", "general_manager", "admin", "hq_admin", "hr"];
const TREND_MONTHS = 12; // a year of frozen months on the compliance chart

const t = messages({
  zh: {
    title: "投诉统计",
    month: "统计月份",
    scope: "分支机构范围",
    allBranches: "全部可见分支",
    current: "{month}（本月，实时预览）",
    frozen: "{month}（已冻结）",
    download: "下载 CSV",
    by_nature: "按投诉性质",
    by_channel: "按投诉渠道",
    by_branch: "按分支机构",
    by_department: "按被投诉部门",
    by_category: "按投诉类别",
    cases: "件数",
    noTrend: "还没有已冻结的月份，冻结后这里显示达标率走势。",
    chartsLoading: "图表加载中…",
  },
  en: {
    title: "Complaint statistics",
    month: "Month",
    scope: "Branches",
    allBranches: "All branches I may see",
    current: "{month} (this month, live preview)",
    frozen: "{month} (frozen)",
    download: "Download CSV",
    by_nature: "By nature",
    by_channel: "By channel",
    by_branch: "By branch",
    by_department: "By department complained about",
    by_category: "By category",
    cases: "Cases",
    noTrend: "No month is frozen yet; compliance over time shows here once one is.",
    chartsLoading: "Loading the chart…",
  },
});

type Trend = FunctionComponent<{ points: TrendPoint[] }>;

/** uPlot comes with the trend module, fetched only when this page shows a trend. */
function useTrendChart(): Trend | null {
  const [chart, setChart] = useState<Trend | null>(null);
  useEffect(() => {
    void import("./trend").then((module) => setChart(() => module.default));
  }, []);
  return chart;
}

function MonthCharts({ view }: { view: MonthView }) {
  return (
    <div class="chart-grid">
      {SECTIONS.map((section) => (
        <BarChart
          key={section}
          id={section}
          title={t(section)}
          keyLabel={t(section)}
          valueLabel={t("cases")}
          bars={view.counts[section].map((c) => ({ key: c.key, label: keyLabel(section, c.key), value: c.count }))}
        />
      ))}
    </div>
  );
}

function TrendPanel({ months, branch }: { months: string[]; branch: string | undefined }) {
  const Chart = useTrendChart();
  const trend = useQuery(() => complianceTrend(months, branch), [months.join(","), branch]);
  if (months.length === 0) return <p class="empty">{t("noTrend")}</p>;
  return (
    <Loaded query={trend}>
      {(points) => (Chart ? <Chart points={points} /> : <p role="status">{t("chartsLoading")}</p>)}
    </Loaded>
  );
}

function Statistics({ frozen, reload }: { frozen: FrozenMonth[]; reload: () => void }) {
  const now = currentMonth();
  const ownBranch = session.value?.claims.branch_id;
  const branches = [...new Set(frozen.map((m) => m.branch_id))].sort();
  // Head office sees several branches: it may narrow to one; a branch sees only its own.
  const manyBranches = branches.some((b) => b !== ownBranch);
  const [branch, setBranch] = useState<string>("");
  const scope = branch || undefined;
  const inScope = frozen.filter((m) => !scope || m.branch_id === scope);
  const frozenList = [...new Set(inScope.map((m) => m.month))].sort().reverse();
  const [month, setMonth] = useState<string>(frozenList[0] ?? now);
  // A freeze changes the list: the month shown is read again (a preview becomes a snapshot).
  const stats = useQuery(() => monthStatistics(month, scope), [month, scope, frozen.length]);
  const download = useAction(downloadCsv);
  const trendMonths = frozenList.slice(0, TREND_MONTHS);

  return (
    <>
      <div class="row stats-controls">
        <Field label={t("month")} name="month">
          {(props) => (
            <select {...props} value={month} onChange={(e) => setMonth(e.currentTarget.value)}>
              {frozenList.includes(now) ? null : <option value={now}>{t("current", { month: now })}</option>}
              {frozenList.map((m) => (
                <option key={m} value={m}>
                  {t("frozen", { month: m })}
                </option>
              ))}
            </select>
          )}
        </Field>
        {manyBranches ? (
          <Field label={t("scope")} name="branch_id">
            {(props) => (
              <select {...props} value={branch} onChange={(e) => setBranch(e.currentTarget.value)}>
                <option value="">{t("allBranches")}</option>
                {branches.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <div class="stats-buttons">
          <button type="button" onClick={() => void download.run(month, scope)} disabled={download.busy}>
            {t("download")}
          </button>
          {hasAnyRole(...FREEZE_ROLES) ? (
            <FreezeMonth
              suggested={previousMonth(now)}
              branch={scope}
              onFrozen={(m) => {
                setMonth(m);
                reload();
              }}
            />
          ) : null}
        </div>
      </div>
      <ProblemBanner error={download.error} />
      <Loaded query={stats}>
        {(items) => {
          const view = summarise(month, items);
          return (
            <>
              <MonthFacts view={view} computedAt={items.map((m) => m.computed_at).find(Boolean)} />
              <MonthCharts view={view} />
            </>
          );
        }}
      </Loaded>
      <TrendPanel months={trendMonths} branch={scope} />
    </>
  );
}

export default function StatisticsPage() {
  const months = useQuery(frozenMonths);
  return (
    <Page title={t("title")} roles={READ_ROLES}>
      <Loaded query={months}>{(frozen) => <Statistics frozen={frozen} reload={months.reload} />}</Loaded>
    </Page>
  );
}
