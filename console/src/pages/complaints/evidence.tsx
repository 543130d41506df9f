// Evidence (CMP-08): the case's photos and documents, uploaded as multipart with a preview
// before sending; images are fetched with the bearer token and shown from a blob: URL.
import { useEffect, useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { messages } from "../../i18n";
import { dateTime } from "../../format";
import { can } from "../../session";
import { Loaded, Table, useQuery } from "../../ui/data";
import { Field, Form, ProblemBanner, useAction } from "../../ui/form";

type Evidence = Schemas["Evidence"];
type Kind = Schemas["Body_attach_evidence_v1_complaints__complaint_id__evidence_post"]["kind"];

const t = messages({
  zh: {
    title: "证据材料",
    upload: "上传证据",
    file: "文件（照片或文档）",
    kind: "类型",
    note: "说明",
    preview: "预览",
    filename: "文件名",
    by: "上传人",
    at: "上传时间",
    open: "查看",
    site_photo: "现场照片",
    document: "文件",
    letter: "信函",
    other: "其他",
  },
  en: {
    title: "Evidence",
    upload: "Upload evidence",
    file: "File (photo or document)",
    kind: "Kind",
    note: "Note",
    preview: "Preview",
    filename: "File",
    by: "By",
    at: "Attached",
    open: "Open",
    site_photo: "Site photo",
    document: "Document",
    letter: "Letter",
    other: "Other",
  },
});

const KINDS: Kind[] = ["site_photo", "document", "letter", "other"];

function Thumbnail({ complaintId, item }: { complaintId: string; item: Evidence }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!item.content_type.startsWith("image/")) return;
    let objectUrl: string | null = null;
    void api
      .GET("/v1/complaints/{complaint_id}/evidence/{evidence_id}/content", {
        params: { path: { complaint_id: complaintId, evidence_id: item.id } },
        parseAs: "blob",
      })
      .then(({ data }) => {
        if (data instanceof Blob) setUrl((objectUrl = URL.createObjectURL(data)));
      });
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [complaintId, item.id]);
  return url ? <img class="thumb" src={url} alt={item.note ?? item.filename} /> : <span>{item.content_type}</span>;
}

function Upload({ complaintId, onDone }: { complaintId: string; onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<Kind>("site_photo");
  const [note, setNote] = useState("");
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (!file || !file.type.startsWith("image/")) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  const upload = useAction(async () => {
    const form = new FormData();
    form.set("kind", kind);
    if (note.trim()) form.set("note", note.trim());
    if (file) form.set("file", file, file.name);
    await ok(
      api.POST("/v1/complaints/{complaint_id}/evidence", {
        params: { path: { complaint_id: complaintId } },
        body: { kind, file: "" },
        bodySerializer: () => form,
      }),
    );
    setFile(null);
    setNote("");
    onDone();
  });
  return (
    <Form label={t("upload")} onSubmit={() => void upload.run()}>
      <h3>{t("upload")}</h3>
      <ProblemBanner error={upload.error} />
      <div class="grid">
        <Field label={t("file")} name="file" error={upload.error} required>
          {(p) => <input {...p} type="file" accept="image/*,application/pdf" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />}
        </Field>
        <Field label={t("kind")} name="kind" error={upload.error}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
              {KINDS.map((k) => (
                <option value={k}>{t(k)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("note")} name="note" error={upload.error}>
          {(p) => <input {...p} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
        </Field>
      </div>
      {preview ? <img class="thumb" src={preview} alt={t("preview")} /> : null}
      <div>
        <button type="submit" disabled={upload.busy || !file}>
          {t("upload")}
        </button>
      </div>
    </Form>
  );
}

export function EvidencePanel({ complaintId }: { complaintId: string }) {
  const query = useQuery(
    () => ok(api.GET("/v1/complaints/{complaint_id}/evidence", { params: { path: { complaint_id: complaintId } } })),
    [complaintId],
  );
  return (
    <section class="panel" aria-labelledby="case-evidence">
      <h2 id="case-evidence">{t("title")}</h2>
      <Loaded query={query}>
        {(answer) => (
          <Table
            caption={t("title")}
            rows={answer.items}
            rowKey={(e) => e.id}
            columns={[
              { label: t("preview"), cell: (e) => <Thumbnail complaintId={complaintId} item={e} /> },
              { label: t("filename"), cell: (e) => e.filename },
              { label: t("kind"), cell: (e) => (e.kind ? t(e.kind) : "—") },
              { label: t("note"), cell: (e) => e.note ?? "" },
              { label: t("by"), cell: (e) => e.attached_by },
              { label: t("at"), cell: (e) => dateTime(e.attached_at) },
            ]}
          />
        )}
      </Loaded>
      {can("complaints.evidence.attach") ? <Upload complaintId={complaintId} onDone={query.reload} /> : null}
    </section>
  );
}
