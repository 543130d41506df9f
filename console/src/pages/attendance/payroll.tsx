// The payroll preview of a closed month (ATT-11): one record per employee of the branch, the
// figures payroll consumes — deducted lateness, absence, leave by kind and pay rate, overtime,
// termination cases. Read-only here: a correction is an audited act of its own.
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { Loaded, Table, useQuery } from "../../ui/data";
import { LEAVE_KINDS, TERMINATION_REASONS, label, minutes } from "./labels";

type Record_ = Schemas["EmployeeMonth"];

const t = messages({
  zh: {
    title: "工资数据预览",
    caption: "{month} 每位员工的工资考勤记录",
    count: "共 {n} 条记录",
    employee: "员工",
    department: "部门",
    scheduled: "应出勤",
    worked: "实际出勤",
    deducted: "扣款迟到早退",
    absence: "旷工",
    leave: "请假",
    overtime: "加班",
    triple: "其中三倍 {h} 小时",
    termination: "解除风险",
    days: "{n} 天",
    hours: "{h} 小时",
    rate: "{rate}%",
  },
  en: {
    title: "Payroll preview",
    caption: "{month}: each employee's payroll record",
    count: "{n} records",
    employee: "Employee",
    department: "Department",
    scheduled: "Scheduled",
    worked: "Worked",
    deducted: "Lateness deducted",
    absence: "Absence",
    leave: "Leave",
    overtime: "Overtime",
    triple: "of which {h} h at triple pay",
    termination: "Termination risk",
    days: "{n} days",
    hours: "{h} h",
    rate: "{rate}%",
  },
});

async function records(month: string): Promise<Record_[]> {
  const all: Record_[] = [];
  let page_token: string | null = null;
  // A big branch has more records than a page: read them all (the API pages by employee id).
  do {
    const answer: Schemas["ListPayrollRecordsResponse"] = await ok(
      api.GET("/v1/attendance/months/{month}/payroll-records", {
        params: { path: { month }, query: { page_size: 200, ...(page_token ? { page_token } : {}) } },
      }),
    );
    all.push(...answer.records);
    page_token = answer.next_page_token;
  } while (page_token);
  return all;
}

export function PayrollPreview({ month }: { month: string }) {
  const query = useQuery(() => records(month), [month]);
  return (
    <section aria-labelledby="att-payroll">
      <h2 id="att-payroll">{t("title")}</h2>
      <Loaded query={query}>
        {(rows) => (
          <>
            <p class="hint" data-testid="payroll-count">
              {t("count", { n: rows.length })}
            </p>
            <Table
              caption={t("caption", { month })}
              rows={rows}
              rowKey={(r) => r.employee_id}
              rowClass={(r) => (r.figures.termination_reasons.length ? "att-warn" : undefined)}
              columns={[
                { label: t("employee"), class: "att-nowrap", cell: (r) => r.employee_id },
                { label: t("department"), cell: (r) => r.department_id || "—" },
                { label: t("scheduled"), class: "att-nowrap", cell: (r) => t("days", { n: r.figures.scheduled_days }) },
                { label: t("worked"), class: "att-nowrap", cell: (r) => minutes(r.figures.worked_minutes) },
                { label: t("deducted"), class: "att-nowrap", cell: (r) => minutes(r.figures.deducted_minutes) },
                {
                  label: t("absence"),
                  class: "att-nowrap",
                  cell: (r) => `${t("days", { n: r.figures.absence_days })} · ${t("hours", { h: r.figures.absence_hours })}`,
                },
                {
                  label: t("leave"),
                  cell: (r) =>
                    r.figures.leave.length
                      ? r.figures.leave
                          .map((l) => `${label(LEAVE_KINDS, l.kind)} ${t("hours", { h: l.hours })} (${t("rate", { rate: Math.round(Number(l.pay_rate) * 100) })})`)
                          .join("，")
                      : "—",
                },
                {
                  label: t("overtime"),
                  cell: (r) => (
                    <>
                      {t("hours", { h: r.figures.overtime_hours })}
                      {r.figures.triple_pay_minutes ? <div class="hint">{t("triple", { h: r.figures.triple_pay_hours })}</div> : null}
                    </>
                  ),
                },
                {
                  label: t("termination"),
                  cell: (r) => (r.figures.termination_reasons.length ? r.figures.termination_reasons.map((x) => label(TERMINATION_REASONS, x)).join("；") : "—"),
                },
              ]}
            />
          </>
        )}
      </Loaded>
    </section>
  );
}
