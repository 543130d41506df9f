// A record's page: its facts, its loans, its history (ARC-12), and the loan request a staff
// member makes for it (ARC-06). A record above my clearance or of another branch is 404.
import { api, ok } from "../../api/client";
import { messages } from "../../i18n";
import { date, dateTime } from "../../format";
import { to } from "../../sections";
import { hasAnyRole } from "../../session";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { History } from "./history";
import { ARCHIVES_READ, ARCHIVES_WRITE, CATEGORIES, CONDITIONS, LEVELS, LOAN_KINDS, LOAN_STATES, MEDIA, RECORD_STATES, label } from "./labels";
import { RequestLoan } from "./request-loan";
import { ArchivesNav } from "./nav";

const t = messages({
  zh: {
    title: "档案详情",
    facts: "基本信息",
    archiveNo: "档号",
    category: "类别",
    level: "密级",
    medium: "载体",
    state: "状态",
    condition: "状况",
    department: "形成部门",
    custodian: "保管部门",
    gmSecretary: "总经理秘书",
    documentDate: "文件日期",
    retainUntil: "保管至",
    sealDue: "应封存日期",
    location: "存放位置",
    handedOverBy: "移交人",
    receivedAt: "接收时间",
    borrower: "借阅人",
    counterparty: "来文单位",
    notes: "备注",
    references: "关联",
    loans: "借阅记录",
    loan: "借阅单",
    kind: "方式",
    dueAt: "应还时间",
    history: "档案历史",
  },
  en: {
    title: "Record",
    facts: "Facts",
    archiveNo: "Archive no.",
    category: "Category",
    level: "Confidentiality",
    medium: "Medium",
    state: "State",
    condition: "Condition",
    department: "Department",
    custodian: "Custodian",
    gmSecretary: "The general manager's secretary",
    documentDate: "Document date",
    retainUntil: "Retained until",
    sealDue: "Seal due",
    location: "Location",
    handedOverBy: "Handed over by",
    receivedAt: "Received at",
    borrower: "Borrower",
    counterparty: "Issuing organisation",
    notes: "Notes",
    references: "References",
    loans: "Loans",
    loan: "Loan",
    kind: "Kind",
    dueAt: "Due",
    history: "History of the record",
  },
});

async function load(id: string) {
  const [record, history, loans] = await Promise.all([
    ok(api.GET("/v1/archives/records/{record_id}", { params: { path: { record_id: id } } })),
    ok(api.GET("/v1/archives/records/{record_id}/history", { params: { path: { record_id: id }, query: { page_size: 100 } } })),
    ok(api.GET("/v1/archives/loans", { params: { query: { record_id: id, page_size: 100 } } })),
  ]);
  return { record, history: history.items, loans: loans.items };
}

export default function RecordPage({ id }: { id: string }) {
  const query = useQuery(() => load(id), [id]);
  return (
    <Page title={query.data?.record.title ?? t("title")} roles={ARCHIVES_READ}>
      <ArchivesNav />
      <Loaded query={query}>
        {({ record: r, history, loans }) => (
          <>
            <section class="panel" aria-labelledby="record-facts">
              <h2 id="record-facts">{t("facts")}</h2>
              <dl class="facts">
                <dt>{t("archiveNo")}</dt>
                <dd>{r.archive_no ?? "—"}</dd>
                <dt>{t("category")}</dt>
                <dd>{label(CATEGORIES, r.category)}</dd>
                <dt>{t("level")}</dt>
                <dd>{label(LEVELS, r.confidentiality)}</dd>
                <dt>{t("medium")}</dt>
                <dd>{label(MEDIA, r.medium)}</dd>
                <dt>{t("state")}</dt>
                <dd>
                  <span class="badge" data-testid="record-state">
                    {label(RECORD_STATES, r.state)}
                  </span>
                </dd>
                <dt>{t("condition")}</dt>
                <dd>{label(CONDITIONS, r.condition)}</dd>
                <dt>{t("department")}</dt>
                <dd>{r.department}</dd>
                <dt>{t("custodian")}</dt>
                <dd>{r.custodian === "gm_secretary" ? t("gmSecretary") : r.custodian}</dd>
                <dt>{t("documentDate")}</dt>
                <dd>{date(r.document_date)}</dd>
                <dt>{t("retainUntil")}</dt>
                <dd>{date(r.retain_until)}</dd>
                <dt>{t("sealDue")}</dt>
                <dd>{date(r.seal_due)}</dd>
                <dt>{t("location")}</dt>
                <dd>{r.location ?? "—"}</dd>
                <dt>{t("handedOverBy")}</dt>
                <dd>{r.handed_over_by ?? "—"}</dd>
                <dt>{t("receivedAt")}</dt>
                <dd>{dateTime(r.received_at)}</dd>
                {r.borrower ? (
                  <>
                    <dt>{t("borrower")}</dt>
                    <dd>{r.borrower}</dd>
                  </>
                ) : null}
                {r.external ? (
                  <>
                    <dt>{t("counterparty")}</dt>
                    <dd>{r.counterparty ?? "—"}</dd>
                  </>
                ) : null}
                {r.references.length ? (
                  <>
                    <dt>{t("references")}</dt>
                    <dd>{r.references.map((ref) => `${ref.kind}=${ref.value}`).join("、")}</dd>
                  </>
                ) : null}
                <dt>{t("notes")}</dt>
                <dd>{r.notes ?? "—"}</dd>
              </dl>
            </section>
            {r.state === "on_shelf" && hasAnyRole(...ARCHIVES_WRITE) ? (
              <RequestLoan record={r} onRequested={query.reload} />
            ) : null}
            <section class="panel" aria-labelledby="record-loans">
              <h2 id="record-loans">{t("loans")}</h2>
              <Table
                caption={t("loans")}
                rows={loans}
                rowKey={(l) => l.id}
                columns={[
                  { label: t("loan"), cell: (l) => <a class="archives-id" href={to(`/archives/loans/${l.id}`)}>{l.id}</a> },
                  { label: t("kind"), cell: (l) => label(LOAN_KINDS, l.kind) },
                  { label: t("borrower"), cell: (l) => l.borrower_name ?? l.borrower ?? "—" },
                  { label: t("state"), cell: (l) => label(LOAN_STATES, l.state) },
                  { label: t("dueAt"), cell: (l) => dateTime(l.due_at) },
                ]}
              />
            </section>
            <section class="panel" aria-labelledby="record-history">
              <h2 id="record-history">{t("history")}</h2>
              <History entries={history} caption={t("history")} />
            </section>
          </>
        )}
      </Loaded>
    </Page>
  );
}
