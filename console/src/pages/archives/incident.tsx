// The written report of a loss, damage or leak, at once (ARC-08): a loss reports the record
// missing, damage notes its condition (and lets a short return count close).
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { INCIDENTS, options } from "./labels";

const t = messages({
  zh: { title: "书面报告（遗失、损坏、泄密）", incident: "事故类别", description: "经过说明", submit: "提交报告" },
  en: { title: "Written report (loss, damage, leak)", incident: "Incident", description: "What happened", submit: "Report it" },
});

export function IncidentForm({ loan, onDone }: { loan: Schemas["cs_archives_v1_Loann"]; onDone: () => void }) {
  const [incident, setIncident] = useState("damaged");
  const [description, setDescription] = useState("");
  const report = useAction(async () => {
    await ok(api.POST("/v1/archives/loans/{loan_id}/incidents", { params: { path: { loan_id: loan.id } }, body: { incident, description } }));
    setDescription("");
    onDone();
  });
  const err = report.error;
  return (
    <details class="panel">
      <summary>{t("title")}</summary>
      <Form label={t("title")} onSubmit={() => void report.run()}>
        <ProblemBanner error={err} />
        <Field label={t("incident")} name="incident" error={err} required>
          {(p) => (
            <select {...p} value={incident} onChange={(e) => setIncident(e.currentTarget.value)}>
              {options(INCIDENTS).map(([code, name]) => (
                <option value={code}>{name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("description")} name="description" error={err} required>
          {(p) => <textarea {...p} rows={3} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />}
        </Field>
        <div class="row">
          <button type="submit" class="danger" disabled={report.busy}>
            {report.busy ? tc("working") : t("submit")}
          </button>
        </div>
      </Form>
    </details>
  );
}
