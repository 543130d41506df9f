// HR's month close (ATT-11): start it, follow its progress (employees done of total; a big
// branch takes a while, so the page polls until the job says closed), then the payroll
// preview. Closing a closing or closed month answers with it: starting twice does no harm.
import { useEffect, useState } from "preact/hooks";
import { api, ApiProblem, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { dateTime, previousMonth, thisMonth } from "../../format";
import { Page } from "../../ui/data";
import { Field, ProblemBanner, useAction } from "../../ui/form";
import { CLOSE_STATES, label } from "./labels";
import { PayrollPreview } from "./payroll";
import { Tabs } from "./tabs";

type MonthClose = Schemas["MonthClose"];

const POLL_MS = 1000;

const t = messages({
  zh: {
    title: "月结",
    month: "结算月份",
    monthHint: "只能结算已经结束的月份",
    state: "月结状态",
    notStarted: "该月尚未结账。",
    rule: "月结将冻结该月考勤，并为每位员工生成工资考勤记录；结账后只能通过留痕的更正修改。",
    start: "开始月结",
    progress: "月结进度",
    done: "已处理 {done}/{total} 名员工",
    closedAt: "{who} 于 {when} 结账",
    cases: "解除劳动合同风险 {n} 例",
  },
  en: {
    title: "Month close",
    month: "Month to close",
    monthHint: "Only a month that is over can be closed",
    state: "Close",
    notStarted: "This month is not closed.",
    rule: "Closing freezes the month's attendance and makes one payroll record per employee; after that it changes only through an audited correction.",
    start: "Start the month close",
    progress: "Month close progress",
    done: "{done} of {total} employees done",
    closedAt: "Closed by {who} at {when}",
    cases: "{n} termination cases",
  },
});

async function closeOf(month: string): Promise<MonthClose | null> {
  try {
    return await ok(api.GET("/v1/attendance/months/{month}/close", { params: { path: { month } } }));
  } catch (caught) {
    if (caught instanceof ApiProblem && caught.status === 404) return null; // never started
    throw caught;
  }
}

/** The month's close as the service reports it, re-read while it is running. */
function useMonthClose(month: string) {
  const [close, setClose] = useState<MonthClose | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setClose(undefined);
    closeOf(month).then((c) => live && setClose(c), (e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [month]);
  useEffect(() => {
    if (close?.state !== "closing") return;
    const timer = setTimeout(() => {
      closeOf(month).then(setClose, setError);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [close, month]);
  return { close, error, setClose };
}

function Progress({ close }: { close: MonthClose }) {
  const finished = close.state === "closed";
  // A closed month is at its end even when its branch had nobody to close.
  const max = Math.max(close.total, 1);
  const value = finished ? max : Math.min(close.done, max);
  return (
    <div class="att-close" data-state={close.state}>
      <p>
        <span class={`badge att-${finished ? "approved" : "filed"}`}>{label(CLOSE_STATES, close.state)}</span>
      </p>
      <progress class="att-progress" aria-label={t("progress")} value={value} max={max} data-testid="close-progress" />
      <p role="status" aria-live="polite">
        {t("done", { done: close.done, total: close.total })}
      </p>
      {finished ? (
        <p class="hint">
          {t("closedAt", { who: close.closed_by, when: dateTime(close.closed_at) })} · {t("cases", { n: close.termination_cases })}
        </p>
      ) : null}
    </div>
  );
}

export default function MonthClosePage() {
  const [month, setMonth] = useState(previousMonth(thisMonth()));
  const { close, error, setClose } = useMonthClose(month);
  const start = useAction(async () => {
    setClose(await ok(api.POST("/v1/attendance/months/{month}/close", { params: { path: { month } } })));
  });
  return (
    <Page title={t("title")} roles={["hr"]}>
      <Tabs current="/attendance/close" />
      <div class="att-month-pick">
        <Field label={t("month")} name="month" hint={t("monthHint")}>
          {(p) => (
            <input {...p} type="month" value={month} max={thisMonth()} onChange={(e) => e.currentTarget.value && setMonth(e.currentTarget.value)} />
          )}
        </Field>
      </div>
      <section class="panel" aria-labelledby="att-close-state">
        <h2 id="att-close-state">{t("state")}</h2>
        <ProblemBanner error={error} />
        {close === undefined && !error ? (
          <p role="status" aria-busy="true">
            {tc("loading")}
          </p>
        ) : null}
        {close === null ? (
          <>
            <p>{t("notStarted")}</p>
            <p class="hint">{t("rule")}</p>
            <ProblemBanner error={start.error} />
            <button type="button" disabled={start.busy} onClick={() => void start.run()}>
              {start.busy ? tc("working") : t("start")}
            </button>
          </>
        ) : null}
        {close ? <Progress close={close} /> : null}
      </section>
      {close?.state === "closed" ? <PayrollPreview month={month} /> : null}
    </Page>
  );
}
