// A month's headline numbers beside the charts: totals, return visits, satisfaction, time to
// close, and whether the numbers are a frozen snapshot or a live preview.
import { messages } from "../../i18n";
import { dateTime } from "../../format";
import { BarChart } from "../../ui/bars";
import { rateOf, type MonthView } from "./data";
import { clockLabel } from "./labels";

const t = messages({
  zh: {
    heading: "{month} 概览",
    state: "状态",
    frozen: "已冻结",
    live: "实时预览（未冻结，数字仍会变化）",
    computedAt: "冻结时间",
    branches: "分支机构",
    received: "受理投诉",
    closed: "结案",
    visits: "有效投诉回访",
    visitsValue: "{visited} / {closed}（{rate}）",
    satisfaction: "满意度",
    satisfactionValue: "平均 {score} 分，满意 {satisfied} / {rated}",
    timeToClose: "平均结案时长",
    hours: "{hours} 小时（{cases} 件）",
    compliance: "该月结案投诉的服务时限达标率",
    clock: "时限类型",
    clockCounts: "{clock}（达标 {met} · 超时 {breached}）",
    rate: "达标率",
  },
  en: {
    heading: "{month} at a glance",
    state: "State",
    frozen: "Frozen",
    live: "Live preview (not frozen; the numbers still change)",
    computedAt: "Frozen at",
    branches: "Branches",
    received: "Complaints received",
    closed: "Closed",
    visits: "Valid complaints visited",
    visitsValue: "{visited} / {closed} ({rate})",
    satisfaction: "Satisfaction",
    satisfactionValue: "mean {score}, satisfied {satisfied} of {rated}",
    timeToClose: "Mean time to close",
    hours: "{hours} h ({cases} cases)",
    compliance: "Service levels of the cases closed in the month",
    clock: "Clock",
    clockCounts: "{clock} ({met} met · {breached} breached)",
    rate: "Compliance",
  },
});

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

export function MonthFacts({ view, computedAt }: { view: MonthView; computedAt: string | null | undefined }) {
  const { returnVisits: rv, satisfaction: s } = view;
  const visitRate = rv.validClosed ? rv.visited / rv.validClosed : 0;
  return (
    <section class="panel" aria-labelledby="stats-facts">
      <h2 id="stats-facts">{t("heading", { month: view.month })}</h2>
      <dl class="facts" data-testid="stats-facts">
        <dt>{t("state")}</dt>
        <dd>
          <span class={view.frozen ? "badge frozen" : "badge live"}>{view.frozen ? t("frozen") : t("live")}</span>
        </dd>
        {view.frozen && computedAt ? (
          <>
            <dt>{t("computedAt")}</dt>
            <dd>{dateTime(computedAt)}</dd>
          </>
        ) : null}
        <dt>{t("branches")}</dt>
        <dd>{view.branches.join("、") || "—"}</dd>
        <dt>{t("received")}</dt>
        <dd data-fact="received">{view.received}</dd>
        <dt>{t("closed")}</dt>
        <dd data-fact="closed">{view.closed}</dd>
        <dt>{t("visits")}</dt>
        <dd>{t("visitsValue", { visited: rv.visited, closed: rv.validClosed, rate: percent(visitRate) })}</dd>
        <dt>{t("satisfaction")}</dt>
        <dd>
          {t("satisfactionValue", {
            score: s.meanScore.toFixed(1),
            satisfied: s.satisfied,
            rated: s.rated,
          })}
        </dd>
        <dt>{t("timeToClose")}</dt>
        <dd>{t("hours", { hours: view.meanHoursToClose.toFixed(1), cases: view.closedCases })}</dd>
      </dl>
      <ComplianceNow view={view} />
    </section>
  );
}


/** The month's own compliance, one bar per clock (the rate), its counts in the table. */
function ComplianceNow({ view }: { view: MonthView }) {
  return (
    <BarChart
      id="compliance-month"
      title={t("compliance")}
      keyLabel={t("clock")}
      valueLabel={t("rate")}
      format={percent}
      bars={view.compliance.map((c) => ({
        key: c.clock,
        label: t("clockCounts", { clock: clockLabel(c.clock), met: c.met, breached: c.breached }),
        value: rateOf(c.met, c.breached),
        // Nothing measured is no rate at all, not 0% (the service reports 0 beside zero counts).
        ...(c.met + c.breached === 0 ? { text: "—" } : {}),
      }))}
    />
  );
}
