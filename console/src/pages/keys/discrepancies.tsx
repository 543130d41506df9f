// Open discrepancy cases (KEY-07 returns, KEY-08 counts): who answers for each; a team lead or
// manager closes one with what was done.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { dateTime } from "../../format";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { hasAnyRole } from "../../session";
import { Loaded, Table, useQuery } from "../../ui/data";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { APPROVERS, label } from "./labels";

type Case = Schemas["Discrepancy"];

const t = messages({
  zh: {
    title: "未处理的差异",
    caption: "未处理的钥匙差异",
    kind: "类别",
    detail: "情况",
    pinned: "责任人",
    opened: "发现时间",
    resolve: "处理",
    resolution: "处理结果",
    resolveOf: "处理差异 {detail}",
    done: "结案",
  },
  en: {
    title: "Open discrepancies",
    caption: "Open key discrepancies",
    kind: "Kind",
    detail: "What",
    pinned: "Answers for it",
    opened: "Opened",
    resolve: "Resolve",
    resolution: "What was done",
    resolveOf: "Resolve {detail}",
    done: "Close the case",
  },
});

const KINDS: Record<string, [string, string]> = {
  return_mismatch: ["归还不符", "Return mismatch"],
  loss: ["遗失", "Loss"],
  count_missing: ["盘点缺失", "Missing at the count"],
  count_unexpected: ["盘点多出", "Unexpected at the count"],
};
const kindOf = (kind: string) => label(KINDS, kind.toLowerCase());

function Resolve({ item, onDone }: { item: Case; onDone: () => void }) {
  const [resolution, setResolution] = useState("");
  const act = useAction(async () => {
    await ok(api.POST("/v1/keys/discrepancies/{discrepancy_id}/resolve", { params: { path: { discrepancy_id: item.id } }, body: { resolution } }));
    onDone();
  });
  return (
    <Form label={t("resolveOf", { detail: item.detail })} onSubmit={() => void act.run()}>
      <ProblemBanner error={act.error} />
      <Field label={t("resolution")} name="resolution" error={act.error} required>
        {(p) => <input {...p} value={resolution} onInput={(e) => setResolution(e.currentTarget.value)} />}
      </Field>
      <button type="submit" disabled={act.busy}>
        {t("done")}
      </button>
    </Form>
  );
}

export function Discrepancies({ round }: { round: number }) {
  const query = useQuery(async () => (await ok(api.GET("/v1/keys/discrepancies", { params: { query: { status: "open", page_size: 200 } } }))).items, [round]);
  const [resolving, setResolving] = useState<Case | null>(null);
  const canResolve = hasAnyRole(...APPROVERS);
  return (
    <section class="panel">
      <h2>{t("title")}</h2>
      <Loaded query={query}>
        {(rows) => (
          <Table
            caption={t("caption")}
            rows={rows}
            rowKey={(c) => c.id}
            columns={[
              { label: t("kind"), cell: (c) => kindOf(c.kind) },
              { label: t("detail"), cell: (c) => c.detail },
              { label: t("pinned"), cell: (c) => c.pinned_on ?? "—" },
              { label: t("opened"), cell: (c) => dateTime(c.created_at) },
              {
                label: tc("actions"),
                cell: (c) =>
                  canResolve ? (
                    <button type="button" class="secondary keys-act" onClick={() => setResolving(c)}>
                      {t("resolve")}
                    </button>
                  ) : null,
              },
            ]}
          />
        )}
      </Loaded>
      {resolving ? (
        <Resolve
          key={resolving.id}
          item={resolving}
          onDone={() => {
            setResolving(null);
            query.reload();
          }}
        />
      ) : null}
    </section>
  );
}
