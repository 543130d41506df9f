// Service-level compliance over the frozen months: a uPlot line chart (loaded only with this
// module, so no other page pays for it) and the same numbers as a table under it.
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { messages } from "../../i18n";
import { Table } from "../../ui/data";
import type { TrendPoint } from "./data";
import { clockLabel } from "./labels";

const t = messages({
  zh: {
    title: "各月服务时限达标率",
    month: "月份",
    rate: "达标率",
    detail: "{rate}（达标 {met} / 计量 {measured}）",
    none: "—（无结案计量）",
    chart: "各时限类型的月度达标率折线图，数据见下表",
  },
  en: {
    title: "Service-level compliance by month",
    month: "Month",
    rate: "Compliance",
    detail: "{rate} ({met} met of {measured})",
    none: "— (nothing measured)",
    chart: "Line chart of each clock's monthly compliance; the table below has the numbers",
  },
});

// Dark enough for 3:1 against white (WCAG 1.4.11), and each with its own dash, so the lines
// differ without colour too.
const STYLES: { stroke: string; dash: number[] }[] = [
  { stroke: "#0b57d0", dash: [] },
  { stroke: "#b3261e", dash: [8, 4] },
  { stroke: "#1e6b34", dash: [2, 3] },
  { stroke: "#6b4a00", dash: [12, 3, 2, 3] },
];

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

export default function ComplianceTrend({ points }: { points: TrendPoint[] }) {
  const clocks = [...new Set(points.flatMap((p) => p.compliance.map((c) => c.clock)))];
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const target = host.current;
    if (!target || points.length === 0) return;
    const rateAt = (clock: string, p: TrendPoint) => {
      const found = p.compliance.find((c) => c.clock === clock);
      // Nothing measured that month: a gap in the line, not a fall to 0%.
      return found && found.met + found.breached > 0 ? found.rate * 100 : null;
    };
    const data: uPlot.AlignedData = [points.map((_, i) => i), ...clocks.map((clock) => points.map((p) => rateAt(clock, p)))];
    const plot = new uPlot(
      {
        width: Math.max(320, target.clientWidth),
        height: 260,
        legend: { show: false }, // the legend and the table below are HTML, readable by all
        cursor: { show: false },
        scales: { x: { time: false, range: [-0.5, points.length - 0.5] }, y: { range: [0, 100] } },
        axes: [
          { stroke: "#1b1f24", incrs: [1], values: (_, splits) => splits.map((i) => points[i]?.month ?? "") },
          { stroke: "#1b1f24", values: (_, splits) => splits.map((v) => `${v}%`) },
        ],
        series: [
          {},
          ...clocks.map((clock, i) => ({
            label: clockLabel(clock),
            width: 2,
            points: { show: true, size: 7 },
            ...(STYLES[i % STYLES.length] ?? {}),
          })),
        ],
      },
      data,
      target,
    );
    return () => plot.destroy();
    // The clock names follow from the points; the labels from the language, redrawn below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [points]);

  return (
    <figure class="bar-chart trend" data-chart="compliance">
      <figcaption>{t("title")}</figcaption>
      <div ref={host} class="trend-plot" role="img" aria-label={t("chart")} />
      <ul class="trend-legend">
        {clocks.map((clock, i) => {
          const style = STYLES[i % STYLES.length]!;
          return (
            <li key={clock}>
              <span
                class="swatch"
                aria-hidden="true"
                style={{ borderTopColor: style.stroke, borderTopStyle: style.dash.length ? "dashed" : "solid" }}
              />
              {clockLabel(clock)}
            </li>
          );
        })}
      </ul>
      <Table
        caption={t("title")}
        rows={points}
        rowKey={(p) => p.month}
        columns={[
          { label: t("month"), cell: (p) => p.month },
          ...clocks.map((clock) => ({
            label: `${clockLabel(clock)} ${t("rate")}`,
            class: "num",
            cell: (p: TrendPoint) => {
              const c = p.compliance.find((x) => x.clock === clock);
              if (!c || c.met + c.breached === 0) return t("none");
              return t("detail", { rate: percent(c.rate), met: c.met, measured: c.met + c.breached });
            },
          })),
        ]}
      />
    </figure>
  );
}
