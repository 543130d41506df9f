// Intake: every channel and field of a complaint (CMP-01, CMP-02). The draft survives an
// error or an expired session; on success the case page opens.
import { useLocation } from "preact-iso";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { to } from "../../sections";
import { Page } from "../../ui/data";
import { useDraft } from "../../ui/draft";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { options } from "../../ui/labels";
import { CodeSelect } from "../../ui/select";
import { CATEGORIES, CHANNELS, DEMANDS, GRADES, SEVERITIES } from "./labels";

type Body = Schemas["FileComplaintBody"];

const t = messages({
  zh: {
    title: "登记投诉",
    channel: "渠道",
    category: "类别",
    severity: "严重程度",
    grade: "等级",
    name: "投诉人姓名",
    contact: "联系电话",
    address: "地址",
    idNumber: "证件号码",
    orderNumber: "订单号",
    department: "被投诉部门",
    employee: "被投诉员工",
    demands: "诉求",
    description: "投诉内容",
    receivedAt: "收到时间",
    receivedHint: "信函等非即时渠道填写实际收到时间；留空表示现在。",
    member: "会员",
    bodilyHarm: "涉及人身伤害",
    compensation: "涉及赔偿",
    flags: "其他情况",
    file: "提交登记",
    complainant: "投诉人",
    target: "投诉对象",
  },
  en: {
    title: "New complaint",
    channel: "Channel",
    category: "Category",
    severity: "Severity",
    grade: "Grade",
    name: "Complainant's name",
    contact: "Phone",
    address: "Address",
    idNumber: "ID number",
    orderNumber: "Order number",
    department: "Department complained about",
    employee: "Employee complained about",
    demands: "Demands",
    description: "What happened",
    receivedAt: "Received at",
    receivedHint: "For letters and other delayed channels, when it reached us; empty means now.",
    member: "Member",
    bodilyHarm: "Bodily harm",
    compensation: "Compensation involved",
    flags: "Other facts",
    file: "File the complaint",
    complainant: "Complainant",
    target: "Complained about",
  },
});

const EMPTY = {
  channel: "phone",
  category: "service",
  severity: "ordinary",
  grade: "general",
  name: "",
  contact: "",
  address: "",
  id_number: "",
  order_number: "",
  department: "",
  employee: "",
  demands: [] as string[],
  description: "",
  received_at: "",
  member: false,
  bodily_harm: false,
  compensation_involved: false,
};

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

function toBody(form: typeof EMPTY): Body {
  return {
    channel: form.channel as Body["channel"],
    category: form.category as Body["category"],
    severity: form.severity as Body["severity"],
    grade: form.grade as Body["grade"],
    complainant: {
      name: form.name,
      contact: form.contact,
      address: optional(form.address),
      id_number: optional(form.id_number),
      order_number: optional(form.order_number),
    },
    target:
      optional(form.department) || optional(form.employee)
        ? { department: optional(form.department), employee: optional(form.employee) }
        : undefined,
    demands: form.demands as Body["demands"],
    description: form.description,
    // datetime-local is the browser's wall time; sent as an instant.
    received_at: form.received_at ? new Date(form.received_at).toISOString() : undefined,
    member: form.member,
    bodily_harm: form.bodily_harm,
    compensation_involved: form.compensation_involved,
  };
}

export default function Intake() {
  const { route } = useLocation();
  const [form, update, clear] = useDraft("complaint-intake", EMPTY);
  const file = useAction(async () => {
    const created = await ok(api.POST("/v1/complaints", { body: toBody(form) }));
    clear();
    route(to(`/complaints/${created.id}`));
  });
  const err = file.error;
  const text = (key: keyof typeof EMPTY) => (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
    update({ [key]: e.currentTarget.value });
  return (
    <Page title={t("title")}>
      <Form label={t("title")} onSubmit={() => void file.run()}>
        <ProblemBanner error={err} />
        <div class="grid">
          <Field label={t("channel")} name="channel" error={err} required>
            {(p) => <CodeSelect {...p} table={CHANNELS} value={form.channel} onChange={(channel) => update({ channel })} />}
          </Field>
          <Field label={t("category")} name="category" error={err} required>
            {(p) => <CodeSelect {...p} table={CATEGORIES} value={form.category} onChange={(category) => update({ category })} />}
          </Field>
          <Field label={t("severity")} name="severity" error={err}>
            {(p) => <CodeSelect {...p} table={SEVERITIES} value={form.severity} onChange={(severity) => update({ severity })} />}
          </Field>
          <Field label={t("grade")} name="grade" error={err}>
            {(p) => <CodeSelect {...p} table={GRADES} value={form.grade} onChange={(grade) => update({ grade })} />}
          </Field>
        </div>
        <fieldset>
          <legend>{t("complainant")}</legend>
          <div class="grid">
            <Field label={t("name")} name="complainant.name" error={err} required>
              {(p) => <input {...p} value={form.name} onInput={text("name")} autoComplete="off" />}
            </Field>
            <Field label={t("contact")} name="complainant.contact" error={err} required>
              {(p) => <input {...p} type="tel" value={form.contact} onInput={text("contact")} autoComplete="off" />}
            </Field>
            <Field label={t("address")} name="complainant.address" error={err}>
              {(p) => <input {...p} value={form.address} onInput={text("address")} autoComplete="off" />}
            </Field>
            <Field label={t("idNumber")} name="complainant.id_number" error={err}>
              {(p) => <input {...p} value={form.id_number} onInput={text("id_number")} autoComplete="off" />}
            </Field>
            <Field label={t("orderNumber")} name="complainant.order_number" error={err}>
              {(p) => <input {...p} value={form.order_number} onInput={text("order_number")} />}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("target")}</legend>
          <div class="grid">
            <Field label={t("department")} name="target.department" error={err}>
              {(p) => <input {...p} value={form.department} onInput={text("department")} />}
            </Field>
            <Field label={t("employee")} name="target.employee" error={err}>
              {(p) => <input {...p} value={form.employee} onInput={text("employee")} />}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("demands")}</legend>
          {options(DEMANDS).map(([code, name]) => (
            <label class="check">
              <input
                type="checkbox"
                name="demands"
                value={code}
                checked={form.demands.includes(code)}
                onChange={(e) =>
                  update({
                    demands: e.currentTarget.checked ? [...form.demands, code] : form.demands.filter((d) => d !== code),
                  })
                }
              />
              {name}
            </label>
          ))}
        </fieldset>
        <Field label={t("description")} name="description" error={err} required>
          {(p) => <textarea {...p} rows={5} value={form.description} onInput={text("description")} />}
        </Field>
        <Field label={t("receivedAt")} name="received_at" error={err} hint={t("receivedHint")}>
          {(p) => <input {...p} type="datetime-local" value={form.received_at} onInput={text("received_at")} />}
        </Field>
        <fieldset>
          <legend>{t("flags")}</legend>
          {(["member", "bodily_harm", "compensation_involved"] as const).map((flag) => (
            <label class="check">
              <input
                type="checkbox"
                name={flag}
                checked={form[flag]}
                onChange={(e) => update({ [flag]: e.currentTarget.checked })}
              />
              {t(flag === "member" ? "member" : flag === "bodily_harm" ? "bodilyHarm" : "compensation")}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={file.busy}>
          {file.busy ? tc("working") : t("file")}
        </button>
      </Form>
    </Page>
  );
}
