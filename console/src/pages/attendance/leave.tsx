// Leave: my annual balance, the request form, and my requests with where each one is
// (the approver it awaits, the decision and its note); a pending or future leave can be
// cancelled, its untaken dates given back.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { messages, pick } from "../../i18n";
import { tc } from "../../i18n/common";
import { date, dateTime, today } from "../../format";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { ProblemBanner, useAction } from "../../ui/form";
import { LEAVE_KINDS, REQUEST_STATES, dateRange, label } from "./labels";
import { LeaveForm } from "./leave-form";
import { Tabs } from "./tabs";

type Leave = Schemas["Leave"];

const t = messages({
  zh: {
    title: "请假",
    balance: "年休假余额",
    days: "{n} 天",
    year: "{year} 年",
    mine: "我的请假",
    caption: "我的请假申请，按开始日期排列",
    kind: "假别",
    period: "日期",
    length: "天数",
    status: "状态",
    approver: "审批进度",
    awaiting: "待 {who} 审批（第 {level}/{of} 级）",
    decided: "{who}：{note}",
    hr: "报人力资源部备案",
    cancel: "撤销",
    cancelled: "已撤销",
    submitted: "已提交，等待 {who} 审批。",
    halfDay: "（含半天）",
    payRate: "计薪比例 {rate}%",
  },
  en: {
    title: "Leave",
    balance: "Annual leave balance",
    days: "{n} days",
    year: "{year}",
    mine: "My leave",
    caption: "My leave requests by first day",
    kind: "Kind",
    period: "Dates",
    length: "Days",
    status: "Status",
    approver: "Approval",
    awaiting: "Awaiting {who} (level {level} of {of})",
    decided: "{who}: {note}",
    hr: "Filed with HR",
    cancel: "Cancel",
    cancelled: "Cancelled",
    submitted: "Submitted; awaiting {who}'s approval.",
    halfDay: " (half days)",
    payRate: "paid at {rate}%",
  },
});

async function myLeave(): Promise<Leave[]> {
  const answer = await ok(api.GET("/v1/attendance/leave/mine", { params: { query: { page_size: 100 } } }));
  return answer.leaves;
}

function Progress({ leave }: { leave: Leave }) {
  if (leave.status === "pending" && leave.next_approver) {
    return <span>{t("awaiting", { who: leave.next_approver, level: leave.approved_levels + 1, of: leave.steps.length })}</span>;
  }
  if (leave.decided_by) return <span>{t("decided", { who: leave.decided_by, note: leave.decision_note ?? "" })}</span>;
  return <span>—</span>;
}

function Cancel({ leave, onDone }: { leave: Leave; onDone: () => void }) {
  const cancel = useAction(async () => {
    await ok(api.POST("/v1/attendance/leave/{id}/cancel", { params: { path: { id: leave.id } }, body: {} }));
    onDone();
  });
  // Cancelling gives back the dates from today on: nothing to give back once it is over.
  if (!["pending", "approved"].includes(leave.status) || leave.end_day < today()) return null;
  return (
    <>
      <button type="button" class="secondary" disabled={cancel.busy} onClick={() => void cancel.run()}>
        {t("cancel")}
        <span class="sr-only">
          {" "}
          {label(LEAVE_KINDS, leave.kind)} {date(leave.start_day)}
        </span>
      </button>
      <ProblemBanner error={cancel.error} />
    </>
  );
}

export default function LeavePage() {
  const year = Number(today().slice(0, 4));
  const balance = useQuery(() => ok(api.GET("/v1/attendance/leave/balance", { params: { query: { year } } })), [year]);
  const leaves = useQuery(myLeave);
  const [filed, setFiled] = useState<Leave | null>(null);
  return (
    <Page title={t("title")}>
      <Tabs current="/attendance/leave" />
      <section class="panel" aria-labelledby="att-balance">
        <h2 id="att-balance">
          {t("balance")} · {t("year", { year })}
        </h2>
        <Loaded query={balance}>{(b) => <p class="att-big">{t("days", { n: b.annual_days })}</p>}</Loaded>
      </section>
      <section class="panel" aria-labelledby="att-request">
        <h2 id="att-request">{pick("申请请假", "Request leave")}</h2>
        {filed ? (
          <p role="status" class="att-ok">
            {t("submitted", { who: filed.next_approver ?? "—" })}
          </p>
        ) : null}
        <LeaveForm
          onFiled={(leave) => {
            setFiled(leave);
            leaves.reload();
            balance.reload();
          }}
        />
      </section>
      <section aria-labelledby="att-mine">
        <h2 id="att-mine">{t("mine")}</h2>
        <Loaded query={leaves}>
          {(rows) => (
            <Table
              caption={t("caption")}
              rows={rows}
              rowKey={(l) => l.id}
              columns={[
                { label: t("kind"), cell: (l) => label(LEAVE_KINDS, l.kind) },
                {
                  label: t("period"),
                  cell: (l) => `${dateRange(l.start_day, l.end_day)}${l.half_day_start || l.half_day_end ? t("halfDay") : ""}`,
                },
                { label: t("length"), cell: (l) => `${l.days} · ${t("payRate", { rate: Math.round(Number(l.pay_rate) * 100) })}` },
                {
                  label: t("status"),
                  cell: (l) => (
                    <span class={`badge att-${l.status}`} data-testid="leave-status">
                      {label(REQUEST_STATES, l.status)}
                    </span>
                  ),
                },
                { label: t("approver"), cell: (l) => <Progress leave={l} /> },
                { label: tc("created"), cell: (l) => dateTime(l.created_at) },
                {
                  label: tc("actions"),
                  cell: (l) => (
                    <>
                      {l.hr_filing ? <span class="hint">{t("hr")} </span> : null}
                      <Cancel leave={l} onDone={leaves.reload} />
                    </>
                  ),
                },
              ]}
            />
          )}
        </Loaded>
      </section>
    </Page>
  );
}
