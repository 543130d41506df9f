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
export function nextClock(complaint: Complaint): Schemas["Clock"] | undefined {
  const live = complaint.clocks.filter((c) => (c.state === "running" || c.state === "breached") && c.deadline_at);
  return live.sort((a, b) => Date.parse(a.deadline_at!) - Date.parse(b.deadline_at!))[0];
}

async function openComplaints(): Promise<Complaint[]> {
  const all = await allPages(
    (page_token) => ok(api.GET("/v1/complaints", { params: { query: { status: [...OPEN], page_size: 100, page_token } } })),
    (page) => page.items,
    MAX_PAGES,
  );
  // Each case's next deadline once, not once per comparison.
  const due = new Map(all.map((c) => [c.id, Date.parse(nextClock(c)?.deadline_at ?? "9999-12-31T00:00:00Z")]));
  return all.sort((a, b) => due.get(a.id)! - due.get(b.id)!);
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
            rowKey={(c) => c.id}
            rowClass={(c) => (nextClock(c)?.state === "breached" ? "breached" : undefined)}
            columns={[
              { label: t("number"), cell: (c) => <a href={to(`/complaints/${c.id}`)}>{c.number}</a> },
              { label: t("complainant"), cell: (c) => c.complainant.name },
              { label: t("channel"), cell: (c) => label(CHANNELS, c.channel) },
              { label: t("status"), cell: (c) => label(STATUSES, c.status) },
              { label: t("clock"), cell: (c) => label(CLOCKS, nextClock(c)?.kind) },
              { label: t("nextDeadline"), cell: (c) => <Countdown due={nextClock(c)?.deadline_at} /> },
              { label: t("received"), cell: (c) => dateTime(c.received_at) },
            ]}
          />
        )}
      </Loaded>
    </Page>
  );
}
