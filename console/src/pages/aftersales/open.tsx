// Opening a work order at the front desk (AFS-01): who asked, the kind and origin, the unit or
// the public facility with its area and reporting department, the fault, the warranty as
// known at intake (AFS-11) and an appointment. The draft survives an error or expired session.
import { useLocation } from "preact-iso";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { to } from "../../sections";
import { Page } from "../../ui/data";
import { useDraft } from "../../ui/draft";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { CodeSelect } from "../../ui/select";
import { KINDS, ORIGINS, REPORTING_DEPARTMENTS, WARRANTIES } from "./labels";
import { FRONT_DESK } from "./roles";

type Body = Schemas["OpenWorkOrderBody"];

const t = messages({
  zh: {
    title: "新开售后工单",
    requester: "报修人",
    name: "报修人姓名",
    phone: "联系电话",
    job: "报修内容",
    kind: "工单类型",
    origin: "来源",
    unit: "房号",
    facility: "公共设施",
    area: "责任区域",
    department: "报修部门",
    fault: "故障描述",
    product: "产品",
    warranty: "保修情况",
    warrantyHint: "不确定时选择“待判定”，由工程师诊断后判定。",
    appointment: "预约时间",
    open: "开单",
  },
  en: {
    title: "Open a work order",
    requester: "Who asked",
    name: "Requester's name",
    phone: "Phone",
    job: "The job",
    kind: "Kind",
    origin: "Origin",
    unit: "Unit",
    facility: "Public facility",
    area: "Area",
    department: "Reporting department",
    fault: "Fault",
    product: "Product",
    warranty: "Warranty",
    warrantyHint: "When unsure choose “Undecided”: the engineer decides after diagnosis.",
    appointment: "Appointment",
    open: "Open the work order",
  },
});

const EMPTY = {
  kind: "home_repair",
  origin: "resident_call",
  requester_name: "",
  requester_phone: "",
  unit: "",
  facility: "",
  area: "",
  reporting_department: "customer_service",
  fault: "",
  product: "",
  warranty: "undecided",
  appointment_at: "",
};
type Draft = typeof EMPTY;

const optional = (value: string): string | undefined => value.trim() || undefined;

function toBody(form: Draft): Body {
  const facility = form.kind === "public_facility";
  return {
    kind: form.kind,
    origin: form.origin,
    requester_name: form.requester_name,
    requester_phone: optional(form.requester_phone),
    unit: facility ? undefined : optional(form.unit),
    facility: facility ? optional(form.facility) : undefined,
    area: facility ? optional(form.area) : undefined,
    reporting_department: facility ? form.reporting_department : undefined,
    fault: form.fault,
    product: optional(form.product),
    warranty: form.warranty,
    // datetime-local is the browser's wall time; sent as an instant.
    appointment_at: form.appointment_at ? new Date(form.appointment_at).toISOString() : undefined,
  };
}

export default function OpenOrder() {
  const { route } = useLocation();
  const [form, update, clear] = useDraft("aftersales-open", EMPTY);
  const open = useAction(async () => {
    const created = await ok(api.POST("/v1/aftersales/work-orders", { body: toBody(form) }));
    clear();
    route(to(`/aftersales/orders/${created.id}`));
  });
  const err = open.error;
  const text = (key: keyof Draft) => (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
    update({ [key]: e.currentTarget.value });
  const facility = form.kind === "public_facility";
  return (
    <Page title={t("title")} roles={FRONT_DESK}>
      <Form label={t("title")} onSubmit={() => void open.run()}>
        <ProblemBanner error={err} />
        <fieldset>
          <legend>{t("requester")}</legend>
          <div class="grid">
            <Field label={t("name")} name="requester_name" error={err} required>
              {(p) => <input {...p} value={form.requester_name} onInput={text("requester_name")} autoComplete="off" />}
            </Field>
            <Field label={t("phone")} name="requester_phone" error={err}>
              {(p) => (
                <input {...p} type="tel" value={form.requester_phone} onInput={text("requester_phone")} autoComplete="off" />
              )}
            </Field>
            <Field label={t("origin")} name="origin" error={err} required>
              {(p) => <CodeSelect {...p} table={ORIGINS} value={form.origin} onChange={(origin) => update({ origin })} />}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("job")}</legend>
          <div class="grid">
            <Field label={t("kind")} name="kind" error={err} required>
              {(p) => <CodeSelect {...p} table={KINDS} value={form.kind} onChange={(kind) => update({ kind })} />}
            </Field>
            {facility ? (
              <>
                <Field label={t("facility")} name="facility" error={err} required>
                  {(p) => <input {...p} value={form.facility} onInput={text("facility")} />}
                </Field>
                <Field label={t("area")} name="area" error={err}>
                  {(p) => <input {...p} value={form.area} onInput={text("area")} />}
                </Field>
                <Field label={t("department")} name="reporting_department" error={err} required>
                  {(p) => (
                    <CodeSelect
                      {...p}
                      table={REPORTING_DEPARTMENTS}
                      value={form.reporting_department}
                      onChange={(reporting_department) => update({ reporting_department })}
                    />
                  )}
                </Field>
              </>
            ) : (
              <Field label={t("unit")} name="unit" error={err} required>
                {(p) => <input {...p} value={form.unit} onInput={text("unit")} />}
              </Field>
            )}
            <Field label={t("product")} name="product" error={err}>
              {(p) => <input {...p} value={form.product} onInput={text("product")} />}
            </Field>
            <Field label={t("warranty")} name="warranty" error={err} hint={t("warrantyHint")}>
              {(p) => <CodeSelect {...p} table={WARRANTIES} value={form.warranty} onChange={(warranty) => update({ warranty })} />}
            </Field>
            <Field label={t("appointment")} name="appointment_at" error={err}>
              {(p) => <input {...p} type="datetime-local" value={form.appointment_at} onInput={text("appointment_at")} />}
            </Field>
          </div>
          <Field label={t("fault")} name="fault" error={err} required>
            {(p) => <textarea {...p} rows={4} value={form.fault} onInput={text("fault")} />}
          </Field>
        </fieldset>
        <div>
          <button type="submit" disabled={open.busy}>
            {open.busy ? tc("working") : t("open")}
          </button>
        </div>
      </Form>
    </Page>
  );
}
