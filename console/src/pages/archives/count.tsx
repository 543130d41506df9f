// The joint count of ARC-06: the archivist counts items and pages (out at lending, in at
// return); the borrower confirms the SAME count with their own call. Each side types what
// they counted — a different number is refused by the service (count_not_agreed).
import { useState } from "preact/hooks";
import { messages } from "../../i18n";
import { tc } from "../../i18n/common";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";
import { CONDITIONS, options } from "./labels";

const t = messages({
  zh: { items: "件数", pages: "页数", condition: "归还状况", signature: "签字登记簿编号", signatureHint: "外单位借阅人由档案员代为确认" },
  en: { items: "Items", pages: "Pages", condition: "Condition at return", signature: "Signed register reference", signatureHint: "The archivist confirms for an external borrower" },
});

export interface Count {
  items: number;
  pages: number;
  condition?: string;
  signature_ref?: string;
}

export function CountForm({
  title,
  submit,
  withCondition,
  withSignature,
  onCount,
}: {
  title: string;
  submit: string;
  withCondition?: boolean;
  withSignature?: boolean;
  onCount: (count: Count) => Promise<unknown>;
}) {
  const [items, setItems] = useState("");
  const [pages, setPages] = useState("");
  const [condition, setCondition] = useState("good");
  const [signature, setSignature] = useState("");
  const action = useAction(() =>
    onCount({
      items: Number(items),
      pages: Number(pages),
      condition: withCondition ? condition : undefined,
      signature_ref: withSignature && signature.trim() ? signature.trim() : undefined,
    }),
  );
  const err = action.error;
  return (
    <Form label={title} onSubmit={() => void action.run()}>
      <ProblemBanner error={err} />
      <div class="grid">
        <Field label={t("items")} name="items" error={err} required>
          {(p) => <input {...p} type="number" min={1} inputMode="numeric" value={items} onInput={(e) => setItems(e.currentTarget.value)} />}
        </Field>
        <Field label={t("pages")} name="pages" error={err} required>
          {(p) => <input {...p} type="number" min={0} inputMode="numeric" value={pages} onInput={(e) => setPages(e.currentTarget.value)} />}
        </Field>
        {withCondition ? (
          <Field label={t("condition")} name="condition" error={err}>
            {(p) => (
              <select {...p} value={condition} onChange={(e) => setCondition(e.currentTarget.value)}>
                {options(CONDITIONS).map(([code, name]) => (
                  <option value={code}>{name}</option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {withSignature ? (
          <Field label={t("signature")} name="signature_ref" error={err} hint={t("signatureHint")} required>
            {(p) => <input {...p} value={signature} onInput={(e) => setSignature(e.currentTarget.value)} />}
          </Field>
        ) : null}
      </div>
      <div class="row">
        <button type="submit" disabled={action.busy}>
          {action.busy ? tc("working") : submit}
        </button>
      </div>
    </Form>
  );
}
