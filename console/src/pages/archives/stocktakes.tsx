// Stock-take (ARC-10): the branch's sessions, and opening one — monthly (a shelf range and/or
// a category) or the yearly full check, which comes first. The archivist or a manager.
import { useLocation } from "preact-iso";
import { api, ok } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { dateTime } from "../../format";
import { to } from "../../sections";
import { Loaded, Page, Table, useQuery } from "../../ui/data";
import { useDraft } from "../../ui/draft";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { ARCHIVES_KEEP, CATEGORIES, STOCKTAKE_KINDS, STOCKTAKE_STATUSES, label, options } from "./labels";
import { ArchivesNav } from "./nav";

const t = messages({
  zh: {
    title: "档案盘点",
    start: "开始盘点",
    kind: "盘点类型",
    scope: "架位范围",
    scopeHint: "存放位置前缀，如 A-；留空为全部（全面盘点不可限定）",
    category: "类别",
    any: "全部",
    session: "盘点单",
    period: "期间",
    status: "状态",
    expected: "应在架",
    missing: "缺失",
    misplaced: "错架",
    damaged: "损坏",
    closedAt: "结束时间",
    caption: "盘点记录",
  },
  en: {
    title: "Stock-take",
    start: "Start a stock-take",
    kind: "Kind",
    scope: "Shelf range",
    scopeHint: "A location prefix such as A-; empty for all (a full check takes no range)",
    category: "Category",
    any: "Any",
    session: "Session",
    period: "Period",
    status: "Status",
    expected: "Expected",
    missing: "Missing",
    misplaced: "Misplaced",
    damaged: "Damaged",
    closedAt: "Closed at",
    caption: "Stock-takes",
  },
});

const EMPTY = { kind: "monthly", scope: "", category: "" };

export default function Stocktakes() {
  const { route } = useLocation();
  const query = useQuery(() => ok(api.GET("/v1/archives/stocktakes", { params: { query: { page_size: 50 } } })));
  const [form, update, clear] = useDraft("archives-stocktake", EMPTY);
  const start = useAction(async () => {
    const full = form.kind === "full";
    const session = await ok(
      api.POST("/v1/archives/stocktakes", {
        body: { kind: form.kind, scope: full ? undefined : form.scope.trim() || undefined, category: full ? undefined : form.category || undefined },
      }),
    );
    clear();
    route(to(`/archives/stocktakes/${session.id}`));
  });
  const err = start.error;
  return (
    <Page title={t("title")} roles={ARCHIVES_KEEP}>
      <ArchivesNav />
      <section class="panel" aria-labelledby="stocktake-start">
        <h2 id="stocktake-start">{t("start")}</h2>
        <Form label={t("start")} onSubmit={() => void start.run()}>
          <ProblemBanner error={err} />
          <div class="grid">
            <Field label={t("kind")} name="kind" error={err} required>
              {(p) => (
                <select {...p} value={form.kind} onChange={(e) => update({ kind: e.currentTarget.value })}>
                  {options(STOCKTAKE_KINDS).map(([code, name]) => (
                    <option value={code}>{name}</option>
                  ))}
                </select>
              )}
            </Field>
            {form.kind === "monthly" ? (
              <>
                <Field label={t("scope")} name="scope" error={err} hint={t("scopeHint")}>
                  {(p) => <input {...p} value={form.scope} onInput={(e) => update({ scope: e.currentTarget.value })} />}
                </Field>
                <Field label={t("category")} name="category" error={err}>
                  {(p) => (
                    <select {...p} value={form.category} onChange={(e) => update({ category: e.currentTarget.value })}>
                      <option value="">{t("any")}</option>
                      {options(CATEGORIES).map(([code, name]) => (
                        <option value={code}>{name}</option>
                      ))}
                    </select>
                  )}
                </Field>
              </>
            ) : null}
          </div>
          <div class="row">
            <button type="submit" disabled={start.busy}>
              {start.busy ? tc("working") : t("start")}
            </button>
          </div>
        </Form>
      </section>
      <Loaded query={query}>
        {({ items }) => (
          <Table
            caption={t("caption")}
            rows={items}
            rowKey={(s) => s.id}
            columns={[
              { label: t("session"), cell: (s) => <a class="archives-id" href={to(`/archives/stocktakes/${s.id}`)}>{s.id}</a> },
              { label: t("kind"), cell: (s) => label(STOCKTAKE_KINDS, s.kind) },
              { label: t("period"), cell: (s) => s.period },
              { label: t("scope"), cell: (s) => [s.scope, s.category ? label(CATEGORIES, s.category) : ""].filter(Boolean).join(" · ") || "—" },
              { label: t("status"), cell: (s) => label(STOCKTAKE_STATUSES, s.status) },
              { label: t("expected"), cell: (s) => s.expected_items },
              { label: t("missing"), cell: (s) => s.missing },
              { label: t("misplaced"), cell: (s) => s.misplaced },
              { label: t("damaged"), cell: (s) => s.damaged },
              { label: t("closedAt"), cell: (s) => dateTime(s.closed_at) },
            ]}
          />
        )}
      </Loaded>
    </Page>
  );
}
