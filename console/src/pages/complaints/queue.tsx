// My queue: the open cases of my branch, nearest service-level deadline first (the service
// orders and pages them), with live countdowns and breach colours.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { dateTime } from "../../format";
import { to } from "../../sections";
import { Countdown, Loaded, Page, Table, useQuery } from "../../ui/data";
import { ProblemBanner, useAction } from "../../ui/form";
import { label } from "../../ui/labels";
import { CHANNELS, CLOCKS, STATUSES } from "./labels";

type Complaint = Schemas["Complaint"];
type Clock = Schemas["Clock"];
/** A case with its next clock, found once when its page arrives. */
type Row = { complaint: Complaint; next: Clock | undefined };
type QueuePage = { rows: Row[]; next: string | null };
const OPEN = ["received", "accepted", "in_progress", "resolved", "visited"] as const;
const PAGE_SIZE = 100;

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

/** The running clock that falls due first (a breached one counts as due at once): the one the
 * service ordered the queue by. */
function nextClock(complaint: Complaint): Clock | undefined {
  const live = complaint.clocks.filter((c) => (c.state === "running" || c.state === "breached") && c.deadline_at);
  return live.sort((a, b) => Date.parse(a.deadline_at!) - Date.parse(b.deadline_at!))[0];
}

async function openComplaints(page_token?: string): Promise<QueuePage> {
  const answer = await ok(
    api.GET("/v1/complaints", {
      params: { query: { status: [...OPEN], order: "next_deadline", page_size: PAGE_SIZE, page_token } },
    }),
  );
  return {
    rows: answer.items.map((complaint) => ({ complaint, next: nextClock(complaint) })),
    next: answer.next_page_token || null,
  };
}

export default function Queue() {
  const query = useQuery(() => openComplaints());
  // The pages after the first, asked for one at a time: the nearest deadlines come first anyway.
  const [later, setLater] = useState<QueuePage[]>([]);
  const more = useAction(async (token: string) => {
    const page = await openComplaints(token);
    setLater((pages) => [...pages, page]);
  });
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
        {(first) => {
          const pages = [first, ...later];
          const nextPage = (later.at(-1) ?? first).next;
          return (
            <>
              <Table
                caption={t("caption")}
                rows={pages.flatMap((page) => page.rows)}
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
              <ProblemBanner error={more.error} />
              {nextPage ? (
                <button type="button" class="secondary" disabled={more.busy} onClick={() => void more.run(nextPage)}>
                  {tc("more")}
                </button>
              ) : null}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
