// Destruction (ARC-11, ARC-13): the proposals of my branch and, for the archivist, a new one —
// records past their retention, not held, on the shelf; confidential and secret ones shredded.
// The service refuses any record that may not go yet, and says why.
import { useLocation } from "preact-iso";
import { api, ok } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { dateTime } from "../../format";
import { to } from "../../sections";
import { hasAnyRole } from "../../session";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { useDraft } from "../../ui/draft";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { ARCHIVES_FILE, ARCHIVES_READ, DESTRUCTION_METHODS, DESTRUCTION_STATES, label, list, options } from "./labels";
import { ArchivesNav } from "./nav";

const t = messages({
  zh: {
    title: "档案销毁",
    propose: "提出销毁申请",
    records: "档案编号",
    recordsHint: "每行一个，或以逗号分隔",
    method: "销毁方式",
    reason: "销毁理由",
    submit: "提交销毁申请",
    proposal: "申请单",
    count: "件数",
    state: "状态",
    proposedBy: "申请人",
    created: "申请时间",
    caption: "销毁申请",
  },
  en: {
    title: "Destruction",
    propose: "Propose a destruction",
    records: "Record ids",
    recordsHint: "One a line, or separated by commas",
    method: "Method",
    reason: "Reason",
    submit: "Propose it",
    proposal: "Proposal",
    count: "Records",
    state: "State",
    proposedBy: "Proposed by",
    created: "Proposed at",
    caption: "Destruction proposals",
  },
});

const EMPTY = { record_ids: "", method: "shredding", reason: "" };

export default function Destructions() {
  const { route } = useLocation();
  const query = useQuery(() => ok(api.GET("/v1/archives/destructions", { params: { query: { page_size: 50 } } })));
  const [form, update, clear] = useDraft("archives-destruction", EMPTY);
  const propose = useAction(async () => {
    const proposal = await ok(
      api.POST("/v1/archives/destructions", { body: { record_ids: list(form.record_ids), method: form.method, reason: form.reason } }),
    );
    clear();
    route(to(`/archives/destructions/${proposal.id}`));
  });
  const err = propose.error;
  return (
    <Page title={t("title")} roles={ARCHIVES_READ}>
      <ArchivesNav />
      {hasAnyRole(...ARCHIVES_FILE) ? (
        <section class="panel" aria-labelledby="destruction-propose">
          <h2 id="destruction-propose">{t("propose")}</h2>
          <Form label={t("propose")} onSubmit={() => void propose.run()}>
            <ProblemBanner error={err} />
            <Field label={t("records")} name="record_ids" error={err} hint={t("recordsHint")} required>
              {(p) => <textarea {...p} rows={3} value={form.record_ids} onInput={(e) => update({ record_ids: e.currentTarget.value })} />}
            </Field>
            <div class="grid">
              <Field label={t("method")} name="method" error={err} required>
                {(p) => (
                  <select {...p} value={form.method} onChange={(e) => update({ method: e.currentTarget.value })}>
                    {options(DESTRUCTION_METHODS).map(([code, name]) => (
                      <option value={code}>{name}</option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <Field label={t("reason")} name="reason" error={err} required>
              {(p) => <textarea {...p} rows={2} value={form.reason} onInput={(e) => update({ reason: e.currentTarget.value })} />}
            </Field>
            <div class="row">
              <button type="submit" disabled={propose.busy}>
                {propose.busy ? tc("working") : t("submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      <Loaded query={query}>
        {({ items }) => (
          <Table
            caption={t("caption")}
            rows={items}
            rowKey={(d) => d.id}
            columns={[
              { label: t("proposal"), cell: (d) => <a class="archives-id" href={to(`/archives/destructions/${d.id}`)}>{d.id}</a> },
              { label: t("count"), cell: (d) => d.record_ids.length },
              { label: t("method"), cell: (d) => label(DESTRUCTION_METHODS, d.method) },
              { label: t("state"), cell: (d) => label(DESTRUCTION_STATES, d.state) },
              { label: t("proposedBy"), cell: (d) => d.proposed_by },
              { label: t("created"), cell: (d) => dateTime(d.created_at) },
            ]}
          />
        )}
      </Loaded>
    </Page>
  );
}
