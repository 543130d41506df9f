// My month: its figures (counted now, or the payroll record once closed), each day's outcome
// and why (the engine's reason, the shift and where it came from, the punches that made it),
// my leave on those days, and my punches.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { date, dateTime, thisMonth, today } from "../../format";
import { session } from "../../session";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { Field } from "../../ui/form";
import { DAY_REASONS, LEAVE_KINDS, PUNCH_SOURCES, SHIFT_SOURCES, daysOf, label, minutes } from "./labels";
import { Tabs } from "./tabs";

type Outcome = Schemas["DayOutcome"];
type Leave = Schemas["Leave"];
type Punch = Schemas["Punch"];

const t = messages({
  zh: {
    title: "我的考勤",
    month: "月份",
    figures: "本月汇总",
    closed: "已结账（工资记录）",
    open: "未结账，按当前数据计算",
    scheduled: "应出勤",
    worked: "实际出勤",
    late: "迟到",
    early: "早退",
    missed: "漏打卡",
    absence: "旷工",
    overtime: "加班",
    leaveTaken: "请假",
    times: "{n} 次",
    days: "{n} 天",
    hours: "{n} 小时",
    daysTitle: "每日考勤",
    daysCaption: "本月每天的考勤结果及原因",
    day: "日期",
    outcome: "结果",
    why: "班次来源",
    shift: "班次",
    punches: "打卡",
    onLeave: "{kind}（已批准）",
    pendingLeave: "{kind}（待审批）",
    lateBy: "迟到 {m}",
    earlyBy: "早退 {m}",
    absent: "旷工 {m}",
    punchesTitle: "我的打卡记录",
    punchesCaption: "本月打卡记录",
    time: "时间",
    source: "来源",
    device: "设备",
    drift: "设备时钟偏差",
    noShift: "—",
  },
  en: {
    title: "My attendance",
    month: "Month",
    figures: "The month so far",
    closed: "Closed (payroll record)",
    open: "Open: counted from today's data",
    scheduled: "Scheduled",
    worked: "Worked",
    late: "Late",
    early: "Early",
    missed: "Missed punches",
    absence: "Absence",
    overtime: "Overtime",
    leaveTaken: "Leave",
    times: "{n} times",
    days: "{n} days",
    hours: "{n} h",
    daysTitle: "Day by day",
    daysCaption: "Each day's outcome and why",
    day: "Date",
    outcome: "Outcome",
    why: "Shift from",
    shift: "Shift",
    punches: "Punches",
    onLeave: "{kind} (approved)",
    pendingLeave: "{kind} (pending)",
    lateBy: "late {m}",
    earlyBy: "early {m}",
    absent: "absent {m}",
    punchesTitle: "My punches",
    punchesCaption: "The month's punches",
    time: "Time",
    source: "Source",
    device: "Device",
    drift: "device clock drift",
    noShift: "—",
  },
});

interface Day {
  day: string;
  outcome: Outcome;
  leave?: Leave;
}

const me = () => session.value?.claims.sub ?? "";

/** The outcome of each past or current day of the month, a few requests at a time. */
async function monthDays(month: string): Promise<Day[]> {
  const until = today();
  const dates = daysOf(month).filter((d) => d <= until);
  const employee_id = me();
  const leaves = (await ok(api.GET("/v1/attendance/leave/mine", { params: { query: { page_size: 100 } } }))).leaves;
  const live = leaves.filter((l) => l.status === "approved" || l.status === "pending");
  const out: Day[] = [];
  for (let i = 0; i < dates.length; i += 6) {
    const batch = dates.slice(i, i + 6);
    const outcomes = await Promise.all(
      batch.map((day) => ok(api.GET("/v1/attendance/employees/{employee_id}/days/{day}", { params: { path: { employee_id, day } } }))),
    );
    outcomes.forEach((outcome, n) => {
      const day = batch[n]!;
      out.push({ day, outcome, leave: live.find((l) => l.dates.some((d) => d.day === day)) });
    });
  }
  return out.reverse(); // today first: what one looks for
}

async function monthPunches(month: string): Promise<Punch[]> {
  const days = daysOf(month);
  const answer = await ok(
    api.GET("/v1/attendance/employees/{employee_id}/punches", {
      params: { path: { employee_id: me() }, query: { from_day: days[0]!, to_day: days[days.length - 1]!, page_size: 200 } },
    }),
  );
  return answer.punches;
}

function Why({ d }: { d: Day }) {
  const o = d.outcome;
  const parts = [
    o.late_minutes ? t("lateBy", { m: minutes(o.late_minutes) }) : "",
    o.early_minutes ? t("earlyBy", { m: minutes(o.early_minutes) }) : "",
    o.absence ? t("absent", { m: minutes(o.absence_minutes) }) : "",
  ].filter(Boolean);
  return (
    <>
      {label(DAY_REASONS, o.reason)}
      {parts.length ? <div class="hint">{parts.join(" · ")}</div> : null}
      {d.leave ? (
        <div class="att-leave-day">
          {t(d.leave.status === "approved" ? "onLeave" : "pendingLeave", { kind: label(LEAVE_KINDS, d.leave.kind) })}
        </div>
      ) : null}
    </>
  );
}

function outcomeClass(d: Day): string | undefined {
  if (d.leave?.status === "approved") return "att-on-leave";
  if (d.outcome.absence) return "breached";
  if (d.outcome.missed_punch || d.outcome.late_minutes || d.outcome.early_minutes) return "att-warn";
  return undefined;
}

function Figures({ month }: { month: string }) {
  const query = useQuery(() => ok(api.GET("/v1/attendance/me/months/{month}", { params: { path: { month } } })), [month]);
  return (
    <section class="panel" aria-labelledby="att-figures">
      <h2 id="att-figures">{t("figures")}</h2>
      <Loaded query={query}>
        {(m) => {
          const f = m.figures;
          return (
            <>
              <p class="hint">{m.closed ? t("closed") : t("open")}</p>
              <dl class="facts att-figures">
                <dt>{t("scheduled")}</dt>
                <dd>{`${t("days", { n: f.scheduled_days })} · ${minutes(f.scheduled_minutes)}`}</dd>
                <dt>{t("worked")}</dt>
                <dd>{minutes(f.worked_minutes)}</dd>
                <dt>{t("late")}</dt>
                <dd>{`${t("times", { n: f.late_arrivals })} · ${minutes(f.late_minutes)}`}</dd>
                <dt>{t("early")}</dt>
                <dd>{minutes(f.early_minutes)}</dd>
                <dt>{t("missed")}</dt>
                <dd>{t("times", { n: f.missed_punches })}</dd>
                <dt>{t("absence")}</dt>
                <dd>{`${t("days", { n: f.absence_days })} · ${t("hours", { n: f.absence_hours })}`}</dd>
                <dt>{t("overtime")}</dt>
                <dd>{t("hours", { n: f.overtime_hours })}</dd>
                <dt>{t("leaveTaken")}</dt>
                <dd>{f.leave.length ? f.leave.map((l) => `${label(LEAVE_KINDS, l.kind)} ${t("days", { n: l.days })}`).join("，") : "—"}</dd>
              </dl>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

export default function MyMonth() {
  const [month, setMonth] = useState(thisMonth());
  const days = useQuery(() => monthDays(month), [month]);
  const punches = useQuery(() => monthPunches(month), [month]);
  return (
    <Page title={t("title")}>
      <Tabs current="/attendance" />
      <div class="att-month-pick">
        <Field label={t("month")} name="month">
          {(p) => <input {...p} type="month" value={month} max={thisMonth()} onChange={(e) => e.currentTarget.value && setMonth(e.currentTarget.value)} />}
        </Field>
      </div>
      <Figures month={month} />
      <section aria-labelledby="att-days">
        <h2 id="att-days">{t("daysTitle")}</h2>
        <Loaded query={days}>
          {(rows) => (
            <Table
              caption={t("daysCaption")}
              rows={rows}
              rowKey={(d) => d.day}
              rowClass={outcomeClass}
              columns={[
                { label: t("day"), cell: (d) => date(d.day) },
                { label: t("shift"), cell: (d) => (d.outcome.shift_start ? `${d.outcome.shift_start}–${d.outcome.shift_end}` : t("noShift")) },
                { label: t("outcome"), cell: (d) => <Why d={d} /> },
                { label: t("punches"), cell: (d) => `${d.outcome.clock_in ? dateTime(d.outcome.clock_in).slice(-5) : "—"} / ${d.outcome.clock_out ? dateTime(d.outcome.clock_out).slice(-5) : "—"}` },
                { label: t("worked"), cell: (d) => minutes(d.outcome.worked_minutes) },
                { label: t("why"), cell: (d) => label(SHIFT_SOURCES, d.outcome.shift_source) },
              ]}
            />
          )}
        </Loaded>
      </section>
      <section aria-labelledby="att-punches">
        <h2 id="att-punches">{t("punchesTitle")}</h2>
        <Loaded query={punches}>
          {(rows) => (
            <Table
              caption={t("punchesCaption")}
              rows={rows}
              rowKey={(p) => p.id}
              columns={[
                { label: t("time"), cell: (p) => dateTime(p.punched_at) },
                { label: t("source"), cell: (p) => label(PUNCH_SOURCES, p.source) },
                { label: t("device"), cell: (p) => (p.clock_drift_flagged ? `${p.device_id ?? "—"} · ${t("drift")}` : (p.device_id ?? "—")) },
              ]}
            />
          )}
        </Loaded>
      </section>
    </Page>
  );
}
