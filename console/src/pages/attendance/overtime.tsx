// My overtime: the claim form and my claims with where each one is. The service decides what
// counts (OT-01 rest-day hours in a week over 40 h, OT-02 the employee's own hours, once worked,
// by the 21st, OT-03 triple pay on a statutory holiday); this page only files and shows.
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { date, dateTime } from "../../format";
import { session } from "../../session";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { SIGNED_STATES, label, minutes } from "./labels";
import { SpanRequest } from "./span-form";
import { Tabs } from "./tabs";

type Claim = Schemas["OvertimeClaim"];

const t = messages({
  zh: {
    title: "加班",
    request: "申请加班",
    rule: "加班指排班休息日的工作时间，且当周出勤超过 40 小时；须本人在加班后、周期截止日（每月 21 日）前申报，部门两级审批。",
    dayHint: "已经加班的日期",
    submit: "提交加班申请",
    submitted: "已提交 {day} 的加班申请，等待审批。",
    mine: "我的加班",
    caption: "我的加班申请，按日期排列",
    day: "日期",
    time: "时间",
    length: "时长",
    kind: "类别",
    restDay: "休息日加班",
    triple: "法定节假日，三倍工资",
    week: "当周出勤 {m}",
    reason: "事由",
    status: "状态",
    signatures: "审批",
    signedBy: "{first}{second}",
    second: "、{who}",
    approvedFor: "批准 {m}",
    due: "申报截止",
    filed: "提交时间",
  },
  en: {
    title: "Overtime",
    request: "Claim overtime",
    rule: "Overtime is work on a rostered rest day in a week of more than 40 hours; you claim your own hours once worked, by the cycle's due date (the 21st); both department levels sign.",
    dayHint: "The day you worked",
    submit: "Submit the claim",
    submitted: "Your claim for {day} is filed and awaits approval.",
    mine: "My overtime",
    caption: "My overtime claims by date",
    day: "Date",
    time: "Time",
    length: "Length",
    kind: "Kind",
    restDay: "Rest-day overtime",
    triple: "Statutory holiday: triple pay",
    week: "week's attendance {m}",
    reason: "Reason",
    status: "Status",
    signatures: "Signatures",
    signedBy: "{first}{second}",
    second: ", {who}",
    approvedFor: "approved for {m}",
    due: "Due",
    filed: "Filed",
  },
});

const hm = (iso: string | null) => (iso ? dateTime(iso).slice(-5) : "—");

async function myClaims(): Promise<Claim[]> {
  return (await ok(api.GET("/v1/attendance/me/overtime", { params: { query: { page_size: 100 } } }))).claims;
}

function Signatures({ c }: { c: Claim }) {
  if (c.rejection) return <span>{c.rejection}</span>;
  if (!c.first_approver) return <span>—</span>;
  return (
    <span>
      {t("signedBy", { first: c.first_approver, second: c.second_approver ? t("second", { who: c.second_approver }) : "" })}
      {c.state === "approved" ? <div class="hint">{t("approvedFor", { m: minutes(c.approved_minutes) })}</div> : null}
    </span>
  );
}

export default function OvertimePage() {
  const claims = useQuery(myClaims);
  return (
    <Page title={t("title")}>
      <Tabs current="/attendance/overtime" />
      <SpanRequest
        id="overtime"
        title={t("request")}
        submitLabel={t("submit")}
        submitted={(day) => t("submitted", { day })}
        rule={t("rule")}
        dayHint={t("dayHint")}
        file={(span) =>
          ok(
            api.POST("/v1/attendance/overtime", {
              body: {
                employee_id: session.value?.claims.sub ?? "",
                day: span.day,
                from_time: span.from_time,
                to_time: span.to_time,
                reason: span.reason,
              },
            }),
          )
        }
        onFiled={claims.reload}
      />
      <section aria-labelledby="att-ot-mine">
        <h2 id="att-ot-mine">{t("mine")}</h2>
        <Loaded query={claims}>
          {(rows) => (
            <Table
              caption={t("caption")}
              rows={rows}
              rowKey={(c) => c.id}
              columns={[
                { label: t("day"), class: "att-nowrap", cell: (c) => date(c.day) },
                { label: t("time"), class: "att-nowrap", cell: (c) => `${hm(c.start)}–${hm(c.end)}` },
                { label: t("length"), class: "att-nowrap", cell: (c) => minutes(c.minutes) },
                {
                  label: t("kind"),
                  cell: (c) => (
                    <>
                      {c.triple_pay ? t("triple") : t("restDay")}
                      <div class="hint">{t("week", { m: minutes(c.week_minutes) })}</div>
                    </>
                  ),
                },
                { label: t("reason"), cell: (c) => c.reason },
                {
                  label: t("status"),
                  cell: (c) => (
                    <span class={`badge att-${c.state}`} data-testid="overtime-status">
                      {label(SIGNED_STATES, c.state)}
                    </span>
                  ),
                },
                { label: t("signatures"), cell: (c) => <Signatures c={c} /> },
                { label: t("due"), class: "att-nowrap", cell: (c) => date(c.cycle_due) },
                { label: t("filed"), class: "att-nowrap", cell: (c) => dateTime(c.filed_at ?? c.created_at) },
              ]}
            />
          )}
        </Loaded>
      </section>
    </Page>
  );
}
