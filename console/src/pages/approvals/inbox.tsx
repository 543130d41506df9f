// The approvals inbox: what waits for this user across the services, oldest first, with
// approve / refuse in place. Only the sources the user's roles can act on are queried.
import { useState } from "preact/hooks";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { hasAnyRole, session } from "../../session";
import { Page } from "../../ui/data";
import { ProblemBanner } from "../../ui/form";
import { ItemCard } from "./item";
import { useInbox } from "./load";
import { SOURCES } from "./sources";
import type { InboxItem } from "./sources/types";

export const INBOX_ROLES = [...new Set(SOURCES.flatMap((s) => s.roles))];

const t = messages({
  zh: {
    title: "审批待办",
    sources: "待办来源",
    waiting: "待办事项",
    count: "{count} 项",
    failed: "{source}：加载失败",
    none: "暂无等待您审批的事项。",
    nothingToAct: "您的岗位没有可审批的事项。",
    approved: "已批准：{what}",
    refused: "已驳回：{what}",
  },
  en: {
    title: "Approvals inbox",
    sources: "Sources",
    waiting: "Waiting for you",
    count: "{count}",
    failed: "{source}: could not load",
    none: "Nothing is waiting for your approval.",
    nothingToAct: "Your roles approve nothing here.",
    approved: "Approved: {what}",
    refused: "Refused: {what}",
  },
});

const asked = (item: InboxItem) => (item.askedAt ? Date.parse(item.askedAt) : Number.MAX_SAFE_INTEGER);

export default function Inbox() {
  const me = session.value?.claims;
  const mine = SOURCES.filter((source) => hasAnyRole(...source.roles));
  const { states, reload, remove } = useInbox(mine, me);
  const [said, setSaid] = useState("");
  const rows = states
    .flatMap((state) => state.items.map((item) => ({ item, label: state.source.label() })))
    .sort((a, b) => asked(a.item) - asked(b.item));
  const loading = states.some((s) => s.loading);
  return (
    <Page title={t("title")} roles={INBOX_ROLES}>
      <p role="status" class="inbox-said">
        {said}
      </p>
      <section aria-labelledby="inbox-sources" class="panel">
        <h2 id="inbox-sources">{t("sources")}</h2>
        {mine.length === 0 ? <p class="empty">{t("nothingToAct")}</p> : null}
        <ul class="inbox-sources">
          {states.map((state) => (
            <li key={state.source.id} data-source={state.source.id}>
              <span>{state.source.label()}</span>{" "}
              {state.loading ? (
                <span aria-busy="true">{tc("loading")}</span>
              ) : state.error ? (
                <>
                  <span class="inbox-failed">{t("failed", { source: state.source.label() })}</span>{" "}
                  <button type="button" class="link" onClick={() => reload(state.source)}>
                    {tc("retry")}
                  </button>
                  <ProblemBanner error={state.error} />
                </>
              ) : (
                <span class="badge">{t("count", { count: state.items.length })}</span>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="inbox-waiting">
        <h2 id="inbox-waiting">{t("waiting")}</h2>
        {rows.length === 0 && !loading ? <p class="empty">{t("none")}</p> : null}
        <ul class="inbox-list">
          {rows.map(({ item, label }) => (
            <li key={item.key}>
              <ItemCard
                item={item}
                source={label}
                onDone={(done, how) => {
                  remove(done.key);
                  setSaid(t(how, { what: done.what }));
                }}
              />
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
