// An emergency's next steps (KEY-06), each as the service takes it: the owner contacted (to
// the minute), the people entering (two at least; a sealed set two customer-service staff and
// a guard) with why there was no time when approvals are still missing, the duty-log entry,
// and the close once the keys are back. The service refuses a step out of order.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { CodeSelect } from "../../ui/select";

type Emergency = Schemas["Emergency"];

const t = messages({
  zh: {
    steps: "处理紧急使用 {where}",
    contact: "联系业主",
    contactedAt: "联系时间",
    channel: "联系方式",
    channelPhone: "电话",
    note: "备注",
    record: "记录",
    use: "进入人员",
    person: "第 {n} 人姓名",
    role: "第 {n} 人岗位",
    subject: "第 {n} 人员工编号",
    noTime: "未及审批的原因",
    noTimeHint: "审批未齐时必填，事后补批。",
    useKeys: "取用钥匙",
    duty: "值班记录",
    entry: "记录内容",
    close: "钥匙已归还，结束",
  },
  en: {
    steps: "Handle the emergency at {where}",
    contact: "Owner contacted",
    contactedAt: "Contacted at",
    channel: "Channel",
    channelPhone: "phone",
    note: "Note",
    record: "Record",
    use: "People entering",
    person: "Person {n}: name",
    role: "Person {n}: role",
    subject: "Person {n}: staff id",
    noTime: "Why there was no time for approvals",
    noTimeHint: "Required while approvals are missing; they follow after the fact.",
    useKeys: "Take the keys",
    duty: "Duty log",
    entry: "Entry",
    close: "The keys are back: close",
  },
});

const ROLES: Record<string, [string, string]> = {
  customer_service: ["客服", "Customer service"],
  security: ["保安", "Security"],
  engineering: ["工程", "Engineering"],
};
const PEOPLE = [1, 2, 3] as const; // a sealed set needs three; a blank row is left out
const emptyPerson = { name: "", role: "customer_service", subject: "" };

export function EmergencySteps({ item, where, onDone }: { item: Emergency; where: string; onDone: () => void }) {
  const path = { params: { path: { emergency_id: item.id } } };
  const [contact, setContact] = useState({ contacted_at: "", channel: t("channelPhone"), note: "" });
  const [people, setPeople] = useState(PEOPLE.map(() => ({ ...emptyPerson })));
  const [noTime, setNoTime] = useState("");
  const [entry, setEntry] = useState("");
  const act = useAction(async (step: () => Promise<unknown>) => {
    await step();
    onDone();
  });
  const err = act.error;
  const open = item.status !== "closed";
  if (!open) return null;
  return (
    <section class="panel" aria-label={t("steps", { where })}>
      <h3>{t("steps", { where })}</h3>
      <ProblemBanner error={err} />
      {!item.owner_contacted_at ? (
        <Form
          label={t("contact")}
          onSubmit={() =>
            void act.run(() =>
              ok(api.POST("/v1/keys/emergencies/{emergency_id}/owner-contact", { ...path, body: { contacted_at: new Date(contact.contacted_at).toISOString(), channel: contact.channel, note: contact.note || null } })),
            )
          }
        >
          <h4>{t("contact")}</h4>
          <div class="grid">
            <Field label={t("contactedAt")} name="contacted_at" error={err} required>
              {(p) => <input {...p} type="datetime-local" value={contact.contacted_at} onInput={(e) => setContact({ ...contact, contacted_at: e.currentTarget.value })} />}
            </Field>
            <Field label={t("channel")} name="channel" error={err} required>
              {(p) => <input {...p} value={contact.channel} onInput={(e) => setContact({ ...contact, channel: e.currentTarget.value })} />}
            </Field>
            <Field label={t("note")} name="note" error={err}>
              {(p) => <input {...p} value={contact.note} onInput={(e) => setContact({ ...contact, note: e.currentTarget.value })} />}
            </Field>
          </div>
          <button type="submit" disabled={act.busy}>
            {t("record")}
          </button>
        </Form>
      ) : null}
      {item.status === "declared" ? (
        <Form
          label={t("use")}
          onSubmit={() =>
            void act.run(() =>
              ok(
                api.POST("/v1/keys/emergencies/{emergency_id}/use", {
                  ...path,
                  body: {
                    staff: people.filter((p) => p.name.trim()).map((p) => ({ name: p.name.trim(), role: p.role, subject: p.subject.trim() || null })),
                    no_time_reason: item.approved ? null : noTime.trim() || null,
                  },
                }),
              ),
            )
          }
        >
          <h4>{t("use")}</h4>
          <div class="grid keys-people">
            {PEOPLE.map((n, i) => {
              const set = (next: Partial<typeof emptyPerson>) => setPeople(people.map((p, j) => (j === i ? { ...p, ...next } : p)));
              return (
                <>
                  <Field label={t("person", { n })} name={`staff.${i}.name`} error={err} required={n <= 2}>
                    {(p) => <input {...p} value={people[i]!.name} onInput={(e) => set({ name: e.currentTarget.value })} />}
                  </Field>
                  <Field label={t("role", { n })} name={`staff.${i}.role`} error={err}>
                    {(p) => <CodeSelect {...p} table={ROLES} value={people[i]!.role} onChange={(role) => set({ role })} />}
                  </Field>
                  <Field label={t("subject", { n })} name={`staff.${i}.subject`} error={err}>
                    {(p) => <input {...p} value={people[i]!.subject} onInput={(e) => set({ subject: e.currentTarget.value })} />}
                  </Field>
                </>
              );
            })}
          </div>
          {!item.approved ? (
            <Field label={t("noTime")} name="no_time_reason" error={err} hint={t("noTimeHint")}>
              {(p) => <input {...p} value={noTime} onInput={(e) => setNoTime(e.currentTarget.value)} />}
            </Field>
          ) : null}
          <button type="submit" disabled={act.busy}>
            {t("useKeys")}
          </button>
        </Form>
      ) : null}
      <Form label={t("duty")} onSubmit={() => void act.run(() => ok(api.POST("/v1/keys/emergencies/{emergency_id}/duty-log", { ...path, body: { entry } })).then(() => setEntry("")))}>
        <h4>{t("duty")}</h4>
        {item.duty_log.length ? (
          <ul>
            {item.duty_log.map((line) => (
              <li>{line}</li>
            ))}
          </ul>
        ) : null}
        <Field label={t("entry")} name="entry" error={err} required>
          {(p) => <input {...p} value={entry} onInput={(e) => setEntry(e.currentTarget.value)} />}
        </Field>
        <button type="submit" disabled={act.busy}>
          {t("record")}
        </button>
      </Form>
      {item.status === "keys_in_use" ? (
        <p>
          <button type="button" disabled={act.busy} onClick={() => void act.run(() => ok(api.POST("/v1/keys/emergencies/{emergency_id}/close", path)))}>
            {act.busy ? tc("working") : t("close")}
          </button>
        </p>
      ) : null}
    </section>
  );
}
