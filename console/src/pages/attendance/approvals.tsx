// Awaiting my approval: the leave the line-manager chain names me for (LV-01: the service
// decides who; the queue is theirs alone), and for supervisors the branch's overtime claims
// and out-of-office records awaiting a signature (OT-01, ATT-07). The records and their
// approve / refuse calls are the approvals inbox's sources; this tab lays them out as tables.
import { messages } from "../../i18n";
import { date, dateTime } from "../../format";
import { hasAnyRole } from "../../session";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { Decision } from "../../ui/decision";
import { leaveAwaiting, leaveItem } from "../approvals/sources/leave";
import { outOfOfficeAwaiting, outOfOfficeItem } from "../approvals/sources/out-of-office";
import { overtimeAwaiting, overtimeItem } from "../approvals/sources/overtime";
import type { InboxItem } from "../approvals/sources/types";
import { LEAVE_KINDS, dateRange, label, minutes } from "./labels";
import { SUPERVISORS, Tabs } from "./tabs";

const t = messages({
  zh: {
    title: "待我审批",
    leave: "请假",
    leaveCaption: "等待我审批的请假，最早提交的在前",
    overtime: "加班",
    overtimeCaption: "等待签批的加班申请",
    outside: "外出",
    outsideCaption: "等待签批的外出登记",
    employee: "员工",
    kind: "假别",
    period: "日期",
    days: "天数",
    level: "审批级别",
    levelOf: "第 {level}/{of} 级",
    reason: "事由",
    filed: "提交时间",
    decide: "审批",
    day: "日期",
    time: "时间",
    length: "时长",
    tripled: "法定节假日三倍工资",
    hr: "报人力资源部备案",
    emergency: "紧急补办",
    evidence: "证明材料：{ref}",
    late: "返岗后补办",
  },
  en: {
    title: "Awaiting my approval",
    leave: "Leave",
    leaveCaption: "Leave awaiting my approval, oldest first",
    overtime: "Overtime",
    overtimeCaption: "Overtime claims awaiting a signature",
    outside: "Out of office",
    outsideCaption: "Out-of-office records awaiting a signature",
    employee: "Employee",
    kind: "Kind",
    period: "Dates",
    days: "Days",
    level: "Level",
    levelOf: "{level} of {of}",
    reason: "Reason",
    filed: "Filed",
    decide: "Decision",
    day: "Date",
    time: "Time",
    length: "Length",
    tripled: "Statutory holiday: triple pay",
    hr: "Filed with HR",
    emergency: "Emergency, filed afterwards",
    evidence: "Evidence: {ref}",
    late: "Filed on return",
  },
});

/** Approve / refuse in a row, with the calls the inbox makes for the same record. */
function RowDecision({ what, item, reload }: { what: string; item: InboxItem; reload: () => void }) {
  return <Decision layout="row" what={what} approve={item.approve} refuse={item.refuse} onDone={reload} />;
}

const hm = (iso: string | null) => (iso ? dateTime(iso).slice(-5) : "—");

function LeaveQueue() {
  const query = useQuery(leaveAwaiting);
  return (
    <section aria-labelledby="att-q-leave">
      <h2 id="att-q-leave">{t("leave")}</h2>
      <Loaded query={query}>
        {(rows) => (
          <Table
            caption={t("leaveCaption")}
            rows={rows}
            rowKey={(l) => l.id}
            columns={[
              { label: t("employee"), class: "att-nowrap", cell: (l) => l.employee_id },
              { label: t("kind"), class: "att-nowrap", cell: (l) => label(LEAVE_KINDS, l.kind) },
              { label: t("period"), cell: (l) => dateRange(l.start_day, l.end_day) },
              { label: t("days"), class: "att-nowrap", cell: (l) => l.days },
              { label: t("level"), class: "att-nowrap", cell: (l) => t("levelOf", { level: l.approved_levels + 1, of: l.steps.length }) },
              {
                label: t("reason"),
                cell: (l) => (
                  <>
                    {l.reason ?? "—"}
                    {l.emergency ? <div class="hint">{t("emergency")}</div> : null}
                    {l.hr_filing ? <div class="hint">{t("hr")}</div> : null}
                    {l.document_ref ? <div class="hint">{t("evidence", { ref: l.document_ref })}</div> : null}
                  </>
                ),
              },
              { label: t("filed"), class: "att-nowrap", cell: (l) => dateTime(l.created_at) },
              {
                label: t("decide"),
                cell: (l) => (
                  <RowDecision what={`${l.employee_id} ${label(LEAVE_KINDS, l.kind)} ${date(l.start_day)}`} item={leaveItem(l)} reload={query.reload} />
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

function OvertimeQueue() {
  const query = useQuery(overtimeAwaiting);
  return (
    <section aria-labelledby="att-q-ot">
      <h2 id="att-q-ot">{t("overtime")}</h2>
      <Loaded query={query}>
        {(rows) => (
          <Table
            caption={t("overtimeCaption")}
            rows={rows}
            rowKey={(c) => c.id}
            columns={[
              { label: t("employee"), class: "att-nowrap", cell: (c) => c.employee_id },
              { label: t("day"), class: "att-nowrap", cell: (c) => date(c.day) },
              { label: t("time"), class: "att-nowrap", cell: (c) => `${hm(c.start)}–${hm(c.end)}` },
              {
                label: t("length"),
                cell: (c) => (
                  <>
                    {minutes(c.minutes)}
                    {c.triple_pay ? <div class="hint">{t("tripled")}</div> : null}
                  </>
                ),
              },
              { label: t("reason"), cell: (c) => c.reason },
              {
                label: t("decide"),
                cell: (c) => (
                  <RowDecision what={`${c.employee_id} ${date(c.day)}`} item={overtimeItem(c)} reload={query.reload} />
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

function OutsideQueue() {
  const query = useQuery(outOfOfficeAwaiting);
  return (
    <section aria-labelledby="att-q-ooo">
      <h2 id="att-q-ooo">{t("outside")}</h2>
      <Loaded query={query}>
        {(rows) => (
          <Table
            caption={t("outsideCaption")}
            rows={rows}
            rowKey={(r) => r.id}
            columns={[
              { label: t("employee"), class: "att-nowrap", cell: (r) => r.employee_id },
              { label: t("day"), class: "att-nowrap", cell: (r) => date(r.day) },
              { label: t("time"), class: "att-nowrap", cell: (r) => `${hm(r.start)}–${hm(r.end)}` },
              {
                label: t("reason"),
                cell: (r) => (
                  <>
                    {r.reason ?? "—"}
                    {r.late_filed ? <div class="hint">{t("late")}</div> : null}
                  </>
                ),
              },
              {
                label: t("decide"),
                cell: (r) => (
                  <RowDecision what={`${r.employee_id} ${date(r.day)}`} item={outOfOfficeItem(r)} reload={query.reload} />
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

export default function Approvals() {
  const supervisor = hasAnyRole(...SUPERVISORS);
  return (
    <Page title={t("title")}>
      <Tabs current="/attendance/approvals" />
      <LeaveQueue />
      {supervisor ? <OvertimeQueue /> : null}
      {supervisor ? <OutsideQueue /> : null}
    </Page>
  );
}
