// The branch's loans (ARC-06, ARC-07): by state, mine, or overdue only; oldest first, paged.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { dateTime } from "../../format";
import { to } from "../../sections";
import { session } from "../../session";
import { Countdown, Loaded, Page, Table, useQuery } from "../../ui/data";
import { ARCHIVES_READ, LOAN_KINDS, LOAN_STATES, label, options } from "./labels";
import { ArchivesNav } from "./nav";

type Loan = Schemas["cs_archives_v1_Loann"];

const t = messages({
  zh: {
    title: "借阅登记",
    state: "状态",
    any: "全部",
    mine: "只看我借阅的",
    overdue: "只看逾期",
    loan: "借阅单",
    record: "档案",
    kind: "方式",
    borrower: "借阅人",
    dueAt: "应还时间",
    left: "剩余",
    chases: "催还",
    caption: "借阅登记，最早的在前",
    filters: "筛选",
  },
  en: {
    title: "Loans",
    state: "State",
    any: "Any",
    mine: "Only mine",
    overdue: "Overdue only",
    loan: "Loan",
    record: "Record",
    kind: "Kind",
    borrower: "Borrower",
    dueAt: "Due back",
    left: "Left",
    chases: "Reminders",
    caption: "Loans, oldest first",
    filters: "Filters",
  },
});

export default function Loans() {
  const [state, setState] = useState("");
  const [mine, setMine] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const [pages, setPages] = useState<string[]>([]); // the tokens of the pages loaded after the first
  const me = session.value?.claims.sub;
  const query = useQuery(async () => {
    const rows: Loan[] = [];
    let next: string | null = null;
    for (const token of [undefined, ...pages]) {
      const answer = await ok(
        api.GET("/v1/archives/loans", {
          params: { query: { state: state || undefined, borrower: mine ? me : undefined, overdue: overdue || undefined, page_size: 50, page_token: token } },
        }),
      );
      rows.push(...answer.items);
      next = answer.next_page_token;
    }
    return { rows, next };
  }, [state, mine, overdue, pages.length]);
  return (
    <Page title={t("title")} roles={ARCHIVES_READ}>
      <ArchivesNav />
      <fieldset class="archives-filters">
        <legend>{t("filters")}</legend>
        <label class="check">
          {t("state")}
          <select value={state} onChange={(e) => (setPages([]), setState(e.currentTarget.value))}>
            <option value="">{t("any")}</option>
            {options(LOAN_STATES).map(([code, name]) => (
              <option value={code}>{name}</option>
            ))}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={mine} onChange={(e) => (setPages([]), setMine(e.currentTarget.checked))} />
          {t("mine")}
        </label>
        <label class="check">
          <input type="checkbox" checked={overdue} onChange={(e) => (setPages([]), setOverdue(e.currentTarget.checked))} />
          {t("overdue")}
        </label>
      </fieldset>
      <Loaded query={query}>
        {({ rows, next }) => (
          <>
            <Table
              caption={t("caption")}
              rows={rows}
              rowKey={(l) => l.id}
              rowClass={(l) => (l.overdue ? "breached" : undefined)}
              columns={[
                { label: t("loan"), cell: (l) => <a class="archives-id" href={to(`/archives/loans/${l.id}`)}>{l.id}</a> },
                { label: t("record"), cell: (l) => <a class="archives-id" href={to(`/archives/records/${l.record_id}`)}>{l.record_id}</a> },
                { label: t("kind"), cell: (l) => label(LOAN_KINDS, l.kind) },
                { label: t("borrower"), cell: (l) => l.borrower_name ?? l.borrower ?? "—" },
                { label: t("state"), cell: (l) => label(LOAN_STATES, l.state) },
                { label: t("dueAt"), cell: (l) => dateTime(l.due_at) },
                { label: t("left"), cell: (l) => (l.state === "out" || l.state === "counted_in" ? <Countdown due={l.due_at} warnMinutes={24 * 60} /> : "—") },
                { label: t("chases"), cell: (l) => l.chases },
              ]}
            />
            {next ? (
              <button type="button" class="secondary" onClick={() => setPages([...pages, next])}>
                {tc("more")}
              </button>
            ) : null}
          </>
        )}
      </Loaded>
    </Page>
  );
}
