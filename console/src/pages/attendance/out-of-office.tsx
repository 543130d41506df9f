// Out of office on duty (ATT-07): the record is filed before leaving, or — when the supervisor
// took a phone call first — on the day of return with that announcement's number; two levels
// of the line sign it. The service enforces the timing; this page files and shows.
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { date, dateTime } from "../../format";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { SIGNED_STATES, label } from "./labels";
import { SpanRequest } from "./span-form";
import { Tabs } from "./tabs";

type Outside = Schemas["OutOfOfficeRecord"];

const t = messages({
  zh: {
    title: "外出",
    request: "外出登记",
    rule: "外出办公须在离开前登记并经两级审批；来不及登记的，先电话报备主管，返岗当天补办并审批，否则按旷工计。",
    announcement: "电话报备编号",
    announcementHint: "返岗补办时填写主管登记的报备编号",
    submit: "提交外出登记",
    submitted: "已提交 {day} 的外出登记，等待审批。",
    mine: "我的外出",
    caption: "我的外出登记，按时间排列",
    day: "日期",
    time: "时间",
    reason: "事由",
    status: "状态",
    signatures: "审批",
    lateFiled: "返岗后补办",
    filed: "登记时间",
  },
  en: {
    title: "Out of office",
    request: "Out-of-office record",
    rule: "Work outside the office is filed before leaving and signed at two levels; if that was impossible, phone your supervisor first and file it on the day you return, or the day counts as absence.",
    announcement: "Phone announcement number",
    announcementHint: "When filing on return: the number your supervisor recorded",
    submit: "File the record",
    submitted: "Your record for {day} is filed and awaits approval.",
    mine: "My out-of-office records",
    caption: "My out-of-office records in order",
    day: "Date",
    time: "Time",
    reason: "Reason",
    status: "Status",
    signatures: "Signatures",
    lateFiled: "Filed on return",
    filed: "Filed",
  },
});

const hm = (iso: string | null) => (iso ? dateTime(iso).slice(-5) : "—");

async function myRecords(): Promise<Outside[]> {
  return (await ok(api.GET("/v1/attendance/me/out-of-office", { params: { query: { page_size: 100 } } }))).records;
}

export default function OutOfOfficePage() {
  const records = useQuery(myRecords);
  return (
    <Page title={t("title")}>
      <Tabs current="/attendance/out-of-office" />
      <SpanRequest
        id="out-of-office"
        title={t("request")}
        submitLabel={t("submit")}
        submitted={(day) => t("submitted", { day })}
        rule={t("rule")}
        extra={{ label: t("announcement"), name: "announcement_id", hint: t("announcementHint") }}
        file={(span) =>
          ok(
            api.POST("/v1/attendance/out-of-office", {
              body: {
                day: span.day,
                from_time: span.from_time,
                to_time: span.to_time,
                reason: span.reason,
                announcement_id: span.extra || null,
              },
            }),
          )
        }
        onFiled={records.reload}
      />
      <section aria-labelledby="att-ooo-mine">
        <h2 id="att-ooo-mine">{t("mine")}</h2>
        <Loaded query={records}>
          {(rows) => (
            <Table
              caption={t("caption")}
              rows={rows}
              rowKey={(r) => r.id}
              columns={[
                { label: t("day"), class: "att-nowrap", cell: (r) => date(r.day) },
                { label: t("time"), class: "att-nowrap", cell: (r) => `${hm(r.start)}–${hm(r.end)}` },
                {
                  label: t("reason"),
                  cell: (r) => (
                    <>
                      {r.reason ?? "—"}
                      {r.late_filed ? <div class="hint">{t("lateFiled")}</div> : null}
                    </>
                  ),
                },
                {
                  label: t("status"),
                  cell: (r) => <span class={`badge att-${r.state}`}>{label(SIGNED_STATES, r.state)}</span>,
                },
                {
                  label: t("signatures"),
                  cell: (r) => r.rejection ?? ([r.first_approver, r.second_approver].filter(Boolean).join("、") || "—"),
                },
                { label: t("filed"), class: "att-nowrap", cell: (r) => dateTime(r.filed_at ?? r.announced_at ?? r.created_at) },
              ]}
            />
          )}
        </Loaded>
      </section>
    </Page>
  );
}
