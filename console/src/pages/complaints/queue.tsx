// My queue: the open cases of my branch, nearest service-level deadline first, with live
// countdowns and breach colours.
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { dateTime } from "../../format";
import { to } from "../../sections";
import { Countdown, Loaded, Page, Table, useQuery } from "../../ui/data";
import { label } from "../../ui/labels";
import { allPages } from "../../ui/pages";
import { CHANNELS, CLOCKS, STATUSES } from "./labels";

type Complaint = Schemas["Complaint"];
type Clock = Schemas["Clock"];
/** A case with its next clock and when that falls due, found once when the list arrives. */
type Row = { complaint: Complaint; next: Clock | undefined; due: number };
const OPEN = ["received", "accepted", "in_progress", "resolved", "visited"] as const;
const MAX_PAGES = 20; // 2,000 open cases: more than any branch's desk holds at once

const t = messages({
  zh: {
    title: "我的投诉队列",
    newComplaint: "登记投诉",
    number: "编号",
    complainant: "投诉人",
    channel: "渠道",
    status: "状态",
    nextDeadline: "最近时限",
    clock: "时限类型",
    received: "受理时间",
    breachedOnly: "只看已超时",
    caption: "按最近服务时限排序的未结投诉",
  },
  en: {
    title: "My complaint queue",
    newComplaint: "New complaint",
    number: "Number",
    complainant: "Complainant",
    channel: "Channel",
    status: "Status",
    nextDeadline: "Next deadline",
    clock: "Clock",
    received: "Received",
    breachedOnly: "Breached only",
    caption: "Open complaints, nearest service-level deadline first",
  },
});

/** The running clock that falls due first (a breached one counts as due at once). */
function nextClock(complaint: Complaint): Clock | undefined {
  const live = complaint.clocks.filter((c) => (c.state === "running" || c.state === "breached") && c.deadline_at);
  return live.sort((a, b) => Date.parse(a.deadline_at!) - Date.parse(b.deadline_at!))[0];
}

async function openComplaints(): Promise<Row[]> {
  const all = await allPages(
    (page_token) => ok(api.GET("/v1/complaints", { params: { query: { status: [...OPEN], page_size: 100, page_token } } })),
    (page) => page.items,
    MAX_PAGES,
  );
  const rows = all.map((complaint): Row => {
    const next = nextClock(complaint);
    return { complaint, next, due: Date.parse(next?.deadline_at ?? "9999-12-31T00:00:00Z") };
  });
  return rows.sort((a, b) => a.due - b.due);
}

export default function Queue() {
  const query = useQuery(openComplaints);
  return (
    <Page
      title={t("title")}
      actions={
        <a class="button" href={to("/complaints/new")}>
          {t("newComplaint")}
        </a>
      }
    >
      <Loaded query={query}>
        {(rows) => (
          <Table
            caption={t("caption")}
            rows={rows}
            rowKey={({ complaint }) => complaint.id}
            rowClass={({ next }) => (next?.state === "breached" ? "breached" : undefined)}
            columns={[
              { label: t("number"), cell: ({ complaint: c }) => <a href={to(`/complaints/${c.id}`)}>{c.number}</a> },
              { label: t("complainant"), cell: ({ complaint }) => complaint.complainant.name },
              { label: t("channel"), cell: ({ complaint }) => label(CHANNELS, complaint.channel) },
              { label: t("status"), cell: ({ complaint }) => label(STATUSES, complaint.status) },
              { label: t("clock"), cell: ({ next }) => label(CLOCKS, next?.kind) },
              { label: t("nextDeadline"), cell: ({ next }) => <Countdown due={next?.deadline_at} /> },
              { label: t("received"), cell: ({ complaint }) => dateTime(complaint.received_at) },
            ]}
          />
        )}
      </Loaded>
    </Page>
  );
}
