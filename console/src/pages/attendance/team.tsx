// A supervisor's team: the week's missed punches of my direct reports and who confirmed each
// (ATT-02: the report runs Saturday to Friday, due Friday 17:00), and HR's Monday review of
// the calendar week per department (ATT-10: hours and anomalies, under 40 hours with neither
// an anomaly form nor leave flagged). The service counts; this page shows.
import { useState } from "preact/hooks";
import { api, ApiProblem, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { date, dateTime, today } from "../../format";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { Field } from "../../ui/form";
import { SUPERVISORS, Tabs } from "./tabs";
import { addDays, dateRange, minutes, mondayOf } from "./labels";

type Review = Schemas["WeeklyReview"];
type Line = Schemas["WeeklyReviewLine"];

const t = messages({
  zh: {
    title: "团队考勤",
    week: "周内任一日期",
    weekHint: "漏打卡按周六至周五统计，周复核按周一至周日统计",
    anomalies: "团队漏打卡",
    anomaliesCaption: "本周直属下属的漏打卡及确认人",
    due: "漏打卡周报 {range}，{when} 前提交",
    submitted: "已于 {when} 提交",
    overdue: "已逾期",
    employee: "员工",
    day: "日期",
    confirmed: "确认人",
    unconfirmed: "未确认（按旷工计）",
    review: "周考勤复核",
    reviewOf: "{department} 部门 · {range} · {due} 前反馈",
    reviewCaption: "{department} 部门本周工时与异常",
    noReview: "该周的复核尚未生成（每周一由系统发出上周的复核）。",
    worked: "工时",
    late: "迟到",
    early: "早退",
    missed: "漏打卡",
    absence: "旷工",
    leave: "请假",
    flag: "标记",
    flagged: "不足 40 小时，且无异常单或请假",
    forms: "已交异常单",
    days: "{n} 天",
    times: "{n} 次",
  },
  en: {
    title: "My team",
    week: "Any day of the week",
    weekHint: "Missed punches run Saturday to Friday; the review Monday to Sunday",
    anomalies: "The team's missed punches",
    anomaliesCaption: "My direct reports' missed punches this week and who confirmed them",
    due: "Missed-punch report {range}, due {when}",
    submitted: "submitted {when}",
    overdue: "Overdue",
    employee: "Employee",
    day: "Date",
    confirmed: "Confirmed by",
    unconfirmed: "Not confirmed (counts as absence)",
    review: "Weekly review",
    reviewOf: "Department {department} · {range} · reply by {due}",
    reviewCaption: "Department {department}: the week's hours and anomalies",
    noReview: "No review for that week yet (each Monday the system issues last week's).",
    worked: "Worked",
    late: "Late",
    early: "Early",
    missed: "Missed punches",
    absence: "Absence",
    leave: "Leave",
    flag: "Flag",
    flagged: "Under 40 hours with no anomaly form or leave",
    forms: "Anomaly form in",
    days: "{n} days",
    times: "{n}",
  },
});

function Anomalies({ day }: { day: string }) {
  const query = useQuery(() => ok(api.GET("/v1/attendance/me/team/anomalies", { params: { query: { day } } })), [day]);
  return (
    <section aria-labelledby="att-team-anomalies">
      <h2 id="att-team-anomalies">{t("anomalies")}</h2>
      <Loaded query={query}>
        {(report) => (
          <>
            <p class="hint">
              {t("due", { range: dateRange(report.week_start, report.week_end), when: dateTime(report.due_at) })}
              {report.submitted_at ? ` · ${t("submitted", { when: dateTime(report.submitted_at) })}` : null}
              {report.overdue ? <span class="badge att-rejected att-gap">{t("overdue")}</span> : null}
            </p>
            <Table
              caption={t("anomaliesCaption")}
              rows={report.lines}
              rowKey={(l) => `${l.employee_id}/${l.day}`}
              rowClass={(l) => (l.confirmed_by ? undefined : "att-warn")}
              columns={[
                { label: t("employee"), cell: (l) => l.employee_id },
                { label: t("day"), cell: (l) => date(l.day) },
                { label: t("confirmed"), cell: (l) => l.confirmed_by ?? t("unconfirmed") },
              ]}
            />
          </>
        )}
      </Loaded>
    </section>
  );
}

function ReviewTable({ review }: { review: Review }) {
  return (
    <>
      <h3>
        {t("reviewOf", { department: review.department_id, range: dateRange(review.week_start, review.week_end), due: date(review.due_on) })}
      </h3>
      <Table
        caption={t("reviewCaption", { department: review.department_id })}
        rows={review.lines}
        rowKey={(l: Line) => l.employee_id}
        rowClass={(l) => (l.flagged ? "att-warn" : undefined)}
        columns={[
          { label: t("employee"), cell: (l) => l.employee_id },
          { label: t("worked"), class: "att-nowrap", cell: (l) => minutes(l.worked_minutes) },
          { label: t("late"), class: "att-nowrap", cell: (l) => minutes(l.late_minutes) },
          { label: t("early"), class: "att-nowrap", cell: (l) => minutes(l.early_minutes) },
          { label: t("missed"), cell: (l) => t("times", { n: l.missed_punches }) },
          { label: t("absence"), cell: (l) => t("days", { n: l.absence_days }) },
          { label: t("leave"), class: "att-nowrap", cell: (l) => minutes(l.leave_minutes) },
          {
            label: t("flag"),
            cell: (l) => (
              <>
                {l.flagged ? <strong>{t("flagged")}</strong> : "—"}
                {l.has_form ? <div class="hint">{t("forms")}</div> : null}
              </>
            ),
          },
        ]}
      />
    </>
  );
}

async function reviewsOf(monday: string): Promise<Review[]> {
  try {
    return (await ok(api.GET("/v1/attendance/weekly-reviews/{week_start}", { params: { path: { week_start: monday } } }))).reviews;
  } catch (caught) {
    // Not issued yet (the Monday timer has not run for that week): nothing to review.
    if (caught instanceof ApiProblem && caught.status === 404) return [];
    throw caught;
  }
}

function WeeklyReview({ monday }: { monday: string }) {
  const query = useQuery(() => reviewsOf(monday), [monday]);
  return (
    <section aria-labelledby="att-team-review">
      <h2 id="att-team-review">{t("review")}</h2>
      <Loaded query={query}>
        {(reviews) =>
          reviews.length ? (
            reviews.map((review) => <ReviewTable key={review.department_id} review={review} />)
          ) : (
            <p class="empty">{t("noReview")}</p>
          )
        }
      </Loaded>
    </section>
  );
}

export default function TeamPage() {
  // Last week by default: the one the Monday review and the Friday report are about.
  const [day, setDay] = useState(addDays(today(), -7));
  return (
    <Page title={t("title")} roles={SUPERVISORS}>
      <Tabs current="/attendance/team" />
      <div class="att-month-pick">
        <Field label={t("week")} name="week" hint={t("weekHint")}>
          {(p) => <input {...p} type="date" value={day} max={today()} onChange={(e) => e.currentTarget.value && setDay(e.currentTarget.value)} />}
        </Field>
      </div>
      <Anomalies day={day} />
      <WeeklyReview monday={mondayOf(day)} />
    </Page>
  );
}
