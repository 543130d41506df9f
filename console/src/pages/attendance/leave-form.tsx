// The leave request: every kind with the fields and evidence the API asks for that kind
// (LV-01..LV-10 are the service's; the form only shows what each kind needs). The draft
// survives an error or an expired session.
import { api, ApiProblem, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { useDraft } from "../../ui/draft";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { fieldMessage } from "../../ui/problems";
import { CERTIFICATES, EVENT_KINDS, EVIDENCE, HALF_DAYS, LEAVE_KINDS, NURSING_SLOTS, RELATIONS, label, options } from "./labels";

type Body = Schemas["RequestLeaveBody"];
type Leave = Schemas["Leave"];

const t = messages({
  zh: {
    title: "申请请假",
    kind: "假别",
    start: "开始日期",
    end: "结束日期",
    halfStart: "首日下午开始（半天）",
    halfEnd: "末日上午结束（半天）",
    reason: "事由",
    emergency: "紧急情况：已口头向主管请假，返岗首日补办",
    eventDay: "事件日期",
    eventHint: "结婚登记、分娩或亲属去世的日期",
    relation: "与逝者关系",
    lateMarriage: "晚婚",
    lateBirth: "晚育",
    difficultBirth: "难产",
    extraBabies: "多胞胎增加的婴儿数",
    firstChild: "第一个孩子",
    nursingSlot: "哺乳时间安排",
    evidence: "证明材料",
    certificates: "已提供的证明",
    documentRef: "证明材料存档编号",
    documentHint: "扫描件在文档库中的编号或路径",
    submit: "提交申请",
  },
  en: {
    title: "Request leave",
    kind: "Kind of leave",
    start: "First day",
    end: "Last day",
    halfStart: "First day from noon (half day)",
    halfEnd: "Last day until noon (half day)",
    reason: "Reason",
    emergency: "Emergency: asked my supervisor orally, filing on my first day back",
    eventDay: "Date of the event",
    eventHint: "The marriage registration, the birth or the death",
    relation: "Relation to the deceased",
    lateMarriage: "Late marriage",
    lateBirth: "Late childbirth",
    difficultBirth: "Difficult birth",
    extraBabies: "Additional babies",
    firstChild: "First child",
    nursingSlot: "Nursing hour",
    evidence: "Evidence",
    certificates: "Certificates provided",
    documentRef: "Reference of the stored copy",
    documentHint: "Where the scanned certificate is kept",
    submit: "Submit the request",
  },
});

const EMPTY = {
  kind: "personal",
  start_day: "",
  end_day: "",
  half_day_start: false,
  half_day_end: false,
  reason: "",
  emergency: false,
  event_day: "",
  relation: "parent",
  late_marriage: false,
  late_birth: false,
  difficult_birth: false,
  extra_babies: "0",
  first_child: true,
  nursing_slot: "leave_early",
  certificates: [] as string[],
  document_ref: "",
};
type Draft = typeof EMPTY;

const optional = (value: string) => (value.trim() ? value.trim() : null);

/** Only the fields the chosen kind uses travel; the others stay at the API's defaults. */
function toBody(form: Draft): Body {
  const kind = form.kind;
  const evidence = EVIDENCE[kind] ?? [];
  return {
    kind,
    start_day: form.start_day,
    end_day: form.end_day || form.start_day,
    half_day_start: HALF_DAYS.has(kind) && form.half_day_start,
    half_day_end: HALF_DAYS.has(kind) && form.half_day_end,
    reason: optional(form.reason),
    emergency: form.emergency,
    event_day: EVENT_KINDS.has(kind) ? optional(form.event_day) : null,
    relation: kind === "bereavement" ? form.relation : null,
    late_marriage: kind === "marriage" && form.late_marriage,
    late_birth: kind === "maternity" && form.late_birth,
    difficult_birth: kind === "maternity" && form.difficult_birth,
    extra_babies: kind === "maternity" ? Number(form.extra_babies) || 0 : null,
    first_child: kind === "paternity" ? form.first_child : false,
    nursing_slot: kind === "nursing" ? form.nursing_slot : null,
    certificates: form.certificates.filter((c) => evidence.includes(c)),
    document_ref: evidence.length ? optional(form.document_ref) : null,
  };
}

function Check({ checked, onChange, text, name }: { checked: boolean; onChange: (v: boolean) => void; text: string; name: string }) {
  return (
    <label class="check">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      {text}
    </label>
  );
}

export function LeaveForm({ onFiled }: { onFiled: (leave: Leave) => void }) {
  const [form, update, clear] = useDraft("attendance-leave", EMPTY);
  const file = useAction(async () => {
    const leave = await ok(api.POST("/v1/attendance/leave", { body: toBody(form) }));
    clear();
    onFiled(leave);
    return leave;
  });
  const err = file.error;
  const evidence = EVIDENCE[form.kind] ?? [];
  // A group of checkboxes is not one control: its message is shown under the group.
  const certificatesError = err instanceof ApiProblem ? err.fieldError("certificates") : undefined;
  const text = (key: keyof Draft) => (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement }) =>
    update({ [key]: e.currentTarget.value });
  return (
    <Form label={t("title")} onSubmit={() => void file.run()}>
      <ProblemBanner error={err} />
      <div class="grid">
        <Field label={t("kind")} name="kind" error={err} required>
          {(p) => (
            <select {...p} value={form.kind} onChange={text("kind")}>
              {options(LEAVE_KINDS).map(([code, name]) => (
                <option value={code}>{name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("start")} name="start_day" error={err} required>
          {(p) => <input {...p} type="date" value={form.start_day} onInput={text("start_day")} />}
        </Field>
        <Field label={t("end")} name="end_day" error={err} required>
          {(p) => <input {...p} type="date" value={form.end_day} min={form.start_day || undefined} onInput={text("end_day")} />}
        </Field>
        {EVENT_KINDS.has(form.kind) ? (
          <Field label={t("eventDay")} name="event_day" error={err} hint={t("eventHint")} required>
            {(p) => <input {...p} type="date" value={form.event_day} onInput={text("event_day")} />}
          </Field>
        ) : null}
        {form.kind === "bereavement" ? (
          <Field label={t("relation")} name="relation" error={err} required>
            {(p) => (
              <select {...p} value={form.relation} onChange={text("relation")}>
                {options(RELATIONS).map(([code, name]) => (
                  <option value={code}>{name}</option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {form.kind === "nursing" ? (
          <Field label={t("nursingSlot")} name="nursing_slot" error={err} required>
            {(p) => (
              <select {...p} value={form.nursing_slot} onChange={text("nursing_slot")}>
                {options(NURSING_SLOTS).map(([code, name]) => (
                  <option value={code}>{name}</option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {form.kind === "maternity" ? (
          <Field label={t("extraBabies")} name="extra_babies" error={err}>
            {(p) => <input {...p} type="number" min={0} max={9} value={form.extra_babies} onInput={text("extra_babies")} />}
          </Field>
        ) : null}
      </div>
      <div class="row">
        {HALF_DAYS.has(form.kind) ? (
          <>
            <Check name="half_day_start" text={t("halfStart")} checked={form.half_day_start} onChange={(v) => update({ half_day_start: v })} />
            <Check name="half_day_end" text={t("halfEnd")} checked={form.half_day_end} onChange={(v) => update({ half_day_end: v })} />
          </>
        ) : null}
        {form.kind === "marriage" ? (
          <Check name="late_marriage" text={t("lateMarriage")} checked={form.late_marriage} onChange={(v) => update({ late_marriage: v })} />
        ) : null}
        {form.kind === "maternity" ? (
          <>
            <Check name="late_birth" text={t("lateBirth")} checked={form.late_birth} onChange={(v) => update({ late_birth: v })} />
            <Check name="difficult_birth" text={t("difficultBirth")} checked={form.difficult_birth} onChange={(v) => update({ difficult_birth: v })} />
          </>
        ) : null}
        {form.kind === "paternity" ? (
          <Check name="first_child" text={t("firstChild")} checked={form.first_child} onChange={(v) => update({ first_child: v })} />
        ) : null}
        <Check name="emergency" text={t("emergency")} checked={form.emergency} onChange={(v) => update({ emergency: v })} />
      </div>
      {evidence.length ? (
        <fieldset>
          <legend>{t("evidence")}</legend>
          <div role="group" aria-label={t("certificates")} class="row" aria-describedby={certificatesError ? "leave-certificates-error" : undefined}>
            {evidence.map((code) => (
              <Check
                name="certificates"
                text={label(CERTIFICATES, code)}
                checked={form.certificates.includes(code)}
                onChange={(on) =>
                  update({ certificates: on ? [...form.certificates, code] : form.certificates.filter((c) => c !== code) })
                }
              />
            ))}
          </div>
          {certificatesError ? (
            <small id="leave-certificates-error" class="field-error">
              {fieldMessage(certificatesError)}
            </small>
          ) : null}
          <Field label={t("documentRef")} name="document_ref" error={err} hint={t("documentHint")} required>
            {(p) => <input {...p} value={form.document_ref} onInput={text("document_ref")} autoComplete="off" />}
          </Field>
        </fieldset>
      ) : null}
      <Field label={t("reason")} name="reason" error={err}>
        {(p) => <textarea {...p} rows={3} value={form.reason} onInput={text("reason")} />}
      </Field>
      <button type="submit" disabled={file.busy}>
        {file.busy ? tc("working") : t("submit")}
      </button>
    </Form>
  );
}
