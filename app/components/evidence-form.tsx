import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useFreshForm } from "./use-fresh-form";
import {
  ACCEPTED_FILES_TEXT,
  EVIDENCE_FILE_TYPES,
  EVIDENCE_KINDS,
  EVIDENCE_MAX_LABEL,
  EVIDENCE_PURPOSES,
} from "../utils/evidence-form";
import { type FieldErrors, RadiosField, SubmitButton, TextArea, TextField } from "./forms";

const ACCEPT = Object.values(EVIDENCE_FILE_TYPES)
  .flatMap((t) => t.extensions)
  .join(",");

/**
 * The "Add evidence" form: a note, a link or a file, posted as multipart to the evidence route.
 * Every field is visible without JavaScript; the hints say which fields go with which type. With
 * JavaScript, only the chosen type's fields show (the others are disabled, so nothing hidden is
 * sent), and after a successful save the form starts again empty, so nothing typed for one item
 * (a date, a file) is carried onto the next. The server saves an identical item sent twice within
 * a minute once (app/models/evidence.server.ts), with or without JavaScript.
 */
export function EvidenceForm({
  actionId,
  errors = {},
  values = {},
  idPrefix = "",
}: {
  actionId: number;
  errors?: FieldErrors;
  values?: Record<string, string>;
  /** For a page with other forms on it, so ids stay unique; the error summary needs none. */
  idPrefix?: string;
}) {
  const fileId = `${idPrefix}file`;
  const action = `/actions/${actionId}/evidence`;
  const initialKind = values.kind ?? "note";
  const [kind, setKind] = useState(initialKind);
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  const hasErrors = Object.keys(errors).length > 0;
  // Still on this page with no errors after a save: it worked (a refusal opens the evidence page).
  const fresh = useFreshForm((navigation) => navigation.formAction === action, hasErrors);
  const { submitting } = fresh;
  useEffect(() => {
    if (fresh.key > 0) setKind("note");
  }, [fresh.key]);
  const hides = (only: string) => scripted && kind !== only;
  return (
    <Form
      key={fresh.key}
      method="post"
      action={action}
      encType="multipart/form-data"
      onChange={(event) => {
        const target = event.target as HTMLInputElement;
        if (target.name === "kind") setKind(target.value);
      }}
    >
      <RadiosField
        name="kind"
        legend="Type of evidence"
        inline
        options={Object.entries(EVIDENCE_KINDS).map(([value, label]) => ({ value, label }))}
        defaultValue={initialKind}
        error={errors.kind}
      />
      <RadiosField
        name="purpose"
        legend="What does it show?"
        options={Object.entries(EVIDENCE_PURPOSES).map(([value, p]) => ({ value, label: p.label, hint: p.hint }))}
        defaultValue={values.purpose ?? "completion"}
        error={errors.purpose}
      />
      <TextArea
        name="description"
        id={`${idPrefix}description`}
        label="Description"
        hint="Say what the document is (audit, minutes, report) and where it is kept."
        rows={3}
        defaultValue={values.description}
        error={errors.description}
      />
      <fieldset className="app-plain-fieldset" hidden={hides("link")} disabled={hides("link")}>
        <TextField
          name="url"
          id={`${idPrefix}url`}
          label="Link (for a link)"
          hint="For example, https://intranet.example.gov.uk/audit.pdf"
          defaultValue={values.url}
          error={errors.url}
        />
      </fieldset>
      <fieldset className="app-plain-fieldset" hidden={hides("file")} disabled={hides("file")}>
        <div className={`govuk-form-group${errors.file ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor={fileId}>
            File (for a file upload)
          </label>
          <div id={`${fileId}-hint`} className="govuk-hint">
            {ACCEPTED_FILES_TEXT[0].toUpperCase() + ACCEPTED_FILES_TEXT.slice(1)}, smaller than {EVIDENCE_MAX_LABEL}.
            Files cannot contain information about individual children.
          </div>
          {errors.file ? (
            <p id={`${fileId}-error`} className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors.file}
            </p>
          ) : null}
          <input
            className={`govuk-file-upload${errors.file ? " govuk-file-upload--error" : ""}`}
            id={fileId}
            name="file"
            type="file"
            accept={ACCEPT}
            aria-describedby={`${fileId}-hint${errors.file ? ` ${fileId}-error` : ""}`}
            aria-invalid={errors.file ? true : undefined}
          />
        </div>
      </fieldset>
      <TextField
        name="evidenceDate"
        id={`${idPrefix}evidenceDate`}
        label="Date of the evidence (optional)"
        hint="The date of the audit, meeting or report. For example, 31/03/2025"
        width={10}
        defaultValue={values.evidenceDate}
        error={errors.evidenceDate}
      />
      <SubmitButton>{submitting ? "Adding evidence…" : "Add evidence"}</SubmitButton>
    </Form>
  );
}
