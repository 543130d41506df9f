// The case page: the complaint's facts, its service-level clocks, its investigation workflow,
// what this user may do now, evidence, agreements, responsibility and penalties, the history and the audit trail.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { dateTime } from "../../format";
import { can } from "../../session";
import { Countdown, FactList, Loaded, Page, Table, useQuery } from "../../ui/data";
import { CaseActions } from "./actions";
import { EvidencePanel } from "./evidence";
import { label } from "../../ui/labels";
import { CATEGORIES, CHANNELS, CLOCKS, CLOCK_STATES, DEMANDS, GRADES, SEVERITIES, STATUSES } from "./labels";
import { AccountabilityPanel, AgreementsPanel, AuditPanel, HistoryPanel } from "./trail";
import { WorkflowPanel } from "./workflow";

type Complaint = Schemas["Complaint"];

const t = messages({
  zh: {
    title: "投诉 {number}",
    facts: "基本信息",
    clocks: "服务时限",
    status: "状态",
    channel: "渠道",
    category: "类别",
    severity: "严重程度",
    grade: "等级",
    complainant: "投诉人",
    contact: "联系电话",
    address: "地址",
    target: "投诉对象",
    demands: "诉求",
    description: "投诉内容",
    received: "受理时间",
    kind: "时限",
    state: "状态",
    deadline: "截止时间",
    left: "剩余",
    rule: "依据",
  },
  en: {
    title: "Complaint {number}",
    facts: "Facts",
    clocks: "Service-level clocks",
    status: "Status",
    channel: "Channel",
    category: "Category",
    severity: "Severity",
    grade: "Grade",
    complainant: "Complainant",
    contact: "Phone",
    address: "Address",
    target: "Complained about",
    demands: "Demands",
    description: "What happened",
    received: "Received",
    kind: "Clock",
    state: "State",
    deadline: "Deadline",
    left: "Left",
    rule: "Rule",
  },
});

function Facts({ c }: { c: Complaint }) {
  const rows: [string, string][] = [
    [t("status"), label(STATUSES, c.status)],
    [t("channel"), label(CHANNELS, c.channel)],
    [t("category"), label(CATEGORIES, c.category)],
    [t("severity"), label(SEVERITIES, c.severity)],
    [t("grade"), label(GRADES, c.grade)],
    [t("complainant"), c.complainant.name],
    [t("contact"), c.complainant.contact ?? "—"],
    [t("address"), c.complainant.address ?? "—"],
    [t("target"), [c.target.department, c.target.employee].filter(Boolean).join(" / ") || "—"],
    [t("demands"), c.demands.map((d) => label(DEMANDS, d)).join("、") || "—"],
    [t("received"), dateTime(c.received_at)],
  ];
  return (
    <section class="panel" aria-labelledby="case-facts">
      <h2 id="case-facts">{t("facts")}</h2>
      <FactList rows={rows} />
      <h3>{t("description")}</h3>
      <p class="description">{c.description}</p>
    </section>
  );
}

function Clocks({ c }: { c: Complaint }) {
  return (
    <section class="panel" aria-labelledby="case-clocks">
      <h2 id="case-clocks">{t("clocks")}</h2>
      <Table
        caption={t("clocks")}
        rows={c.clocks}
        rowKey={(k) => `${k.kind}-${k.started_at}`}
        rowClass={(k) => (k.state === "breached" ? "breached" : undefined)}
        columns={[
          { label: t("kind"), cell: (k) => label(CLOCKS, k.kind) },
          { label: t("state"), cell: (k) => label(CLOCK_STATES, k.state) },
          { label: t("deadline"), cell: (k) => dateTime(k.deadline_at) },
          { label: t("left"), cell: (k) => (k.state === "running" ? <Countdown due={k.deadline_at} /> : "—") },
          { label: t("rule"), cell: (k) => k.rule_id ?? "—" },
        ]}
      />
    </section>
  );
}

export default function Case({ id }: { id: string }) {
  const query = useQuery(() => ok(api.GET("/v1/complaints/{complaint_id}", { params: { path: { complaint_id: id } } })), [id]);
  const number = query.data?.number ?? "…";
  // Some actions (drafting an agreement) change a panel but not the complaint's version.
  const [round, setRound] = useState(0);
  return (
    <Page title={t("title", { number })}>
      <Loaded query={query}>
        {(c) => <CaseBody c={c} round={round} onChange={() => (query.reload(), setRound((n) => n + 1))} />}
      </Loaded>
    </Page>
  );
}

function CaseBody({ c, round, onChange }: { c: Complaint; round: number; onChange: () => void }) {
  const refresh = `${c.version}.${round}`;
  // The workflow (CMP-05..07) is its own resource; without the right to read it the actions
  // are offered by status and permission alone.
  const readable = can("complaints.workflow_read");
  const workflow = useQuery(
    () =>
      readable
        ? ok(api.GET("/v1/complaints/{complaint_id}/workflow", { params: { path: { complaint_id: c.id } } }))
        : Promise.resolve(undefined),
    [c.id, refresh, readable],
  );
  return (
    <div class="case">
      <div class="case-main">
        <Facts c={c} />
        <Clocks c={c} />
        {workflow.data ? <WorkflowPanel workflow={workflow.data} /> : null}
        {can("complaints.evidence.read") ? <EvidencePanel complaintId={c.id} /> : null}
        {can("compensation.read") ? <AgreementsPanel complaintId={c.id} refresh={refresh} /> : null}
        {can("penalties.read") ? <AccountabilityPanel complaintId={c.id} refresh={refresh} /> : null}
        <HistoryPanel complaintId={c.id} refresh={refresh} />
        {can("complaints.audit") ? <AuditPanel complaintId={c.id} refresh={refresh} /> : null}
      </div>
      <aside class="case-side">
        {/* Until the workflow has loaded the side panel would offer actions it then withdraws. */}
        {readable && workflow.data === undefined && !workflow.error ? null : (
          <CaseActions complaint={c} workflow={workflow.data} onChange={onChange} />
        )}
      </aside>
    </div>
  );
}
