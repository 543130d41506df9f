// A horizontal bar chart in plain HTML and CSS, with its numbers as a table beside it: no chart
// library, no canvas. The bars are decoration for sighted readers (aria-hidden); the table is
// what screen readers and keyboards get, with the same numbers, so nothing is hidden.
import { Table } from "./data";

export interface Bar {
  key: string;
  label: string;
  value: number;
  text?: string; // shown instead of the formatted value (e.g. "—" for a rate of nothing)
}

/** A bar's share of the longest; a small value still shows (1%), a zero shows nothing. */
function width(value: number, max: number): number {
  if (!max || value <= 0) return 0;
  return Math.max(1, (value / max) * 100);
}

export function BarChart({
  title,
  bars,
  valueLabel,
  keyLabel,
  format = String,
  id,
}: {
  title: string;
  bars: Bar[];
  keyLabel: string; // the table's first column heading
  valueLabel: string; // the table's second column heading
  format?: (value: number) => string;
  id?: string; // for tests and anchors: data-chart
}) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  return (
    <figure class="bar-chart" data-chart={id}>
      <figcaption>{title}</figcaption>
      <div class="bar-chart-body">
        {bars.length ? (
          <ul class="bars" aria-hidden="true">
          {bars.map((bar) => (
            <li key={bar.key}>
              <span class="bar-label">{bar.label}</span>
              <span class="bar-track">
                {/* Width by the CSSOM (Preact's style object), which the style-src CSP allows. */}
                <span class="bar-fill" style={{ width: `${width(bar.value, max)}%` }} />
              </span>
              <span class="bar-value">{bar.text ?? format(bar.value)}</span>
            </li>
          ))}
          </ul>
        ) : null}
        <Table
          caption={title}
          rows={bars}
          rowKey={(bar) => bar.key}
          columns={[
            { label: keyLabel, cell: (bar) => bar.label },
            { label: valueLabel, cell: (bar) => bar.text ?? format(bar.value), class: "num" },
          ]}
        />
      </div>
    </figure>
  );
}
