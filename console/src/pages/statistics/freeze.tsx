// Freezing a month (CMP-12): for the roles the gateway lets freeze, after a confirmation,
// since a frozen month's numbers never change again (only administration recomputes, with a
// reason, outside this page). The service decides which months may be frozen.
import { useRef, useState } from "preact/hooks";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { hasAnyRole } from "../../session";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { freezeMonth } from "./data";

export const FREEZE_ROLES = ["admin", "hq_admin", "director", "general_manager"];

const t = messages({
  zh: {
    open: "冻结月份…",
    title: "冻结月度统计",
    month: "月份",
    hint: "只能冻结已结束的月份。",
    branch: "分支机构",
    branchHint: "留空：您所在的分支机构。",
    warning: "冻结后，该月的统计数字将固定不变，并归档投诉登记表；之后登记的补录投诉不能再计入该月。确定冻结 {month} 吗？",
    confirm: "确认冻结",
    frozen: "{month} 已冻结。",
    already: "{month} 此前已冻结，数字未变。",
  },
  en: {
    open: "Freeze a month…",
    title: "Freeze the monthly statistics",
    month: "Month",
    hint: "Only a month that has ended can be frozen.",
    branch: "Branch",
    branchHint: "Empty: your own branch.",
    warning:
      "Once frozen, the month's numbers never change and its complaint register is filed; backdated complaints can no longer land in it. Freeze {month}?",
    confirm: "Freeze",
    frozen: "{month} is frozen.",
    already: "{month} was already frozen; its numbers are unchanged.",
  },
});

export function FreezeMonth({
  suggested,
  branch,
  onFrozen,
}: {
  suggested: string; // last month: the latest that may be frozen
  branch: string | undefined; // head office: the branch chosen on the page
  onFrozen: (month: string) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [month, setMonth] = useState(suggested);
  // Head office freezes any branch's month; everyone else their own (the gateway decides).
  const headOffice = hasAnyRole("hq_admin");
  const [target, setTarget] = useState(branch ?? "");
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(freezeMonth);

  const open = () => {
    action.reset();
    setMonth(suggested);
    setTarget(branch ?? "");
    dialog.current?.showModal();
  };
  const submit = async () => {
    const answer = await action.run(month, (headOffice ? target : branch) || undefined);
    if (!answer) return;
    dialog.current?.close();
    setDone(t(answer.newly_frozen ? "frozen" : "already", { month }));
    onFrozen(month);
  };

  return (
    <>
      <button type="button" class="secondary" onClick={open}>
        {t("open")}
      </button>
      {done ? (
        <p role="status" class="freeze-done">
          {done}
        </p>
      ) : null}
      <dialog ref={dialog} class="modal" aria-labelledby="freeze-title">
        <h2 id="freeze-title">{t("title")}</h2>
        <Form label={t("title")} onSubmit={() => void submit()}>
          <Field label={t("month")} name="month" error={action.error} hint={t("hint")} required>
            {(props) => (
              <input
                {...props}
                type="month"
                value={month}
                max={suggested}
                onInput={(e) => setMonth(e.currentTarget.value)}
              />
            )}
          </Field>
          {headOffice ? (
            <Field label={t("branch")} name="branch_id" error={action.error} hint={t("branchHint")}>
              {(props) => <input {...props} value={target} onInput={(e) => setTarget(e.currentTarget.value)} />}
            </Field>
          ) : null}
          <p class="freeze-warning">{t("warning", { month })}</p>
          <ProblemBanner error={action.error} />
          <div class="row">
            <button type="submit" class="danger" disabled={action.busy || !month}>
              {action.busy ? tc("working") : t("confirm")}
            </button>
            <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
              {tc("cancel")}
            </button>
          </div>
        </Form>
      </dialog>
    </>
  );
}
