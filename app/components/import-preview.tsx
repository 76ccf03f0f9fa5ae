import type { SerializeFrom } from "@remix-run/node";
import { Form, Link, useNavigation, useSubmit } from "@remix-run/react";
import { BASIS_KIND_LABELS } from "../domain/due-dates";
import { REPORT_KIND_LABELS } from "../domain/import-plan";
import type { DraftPage } from "../flows/import-draft.server";
import type { Posted } from "../flows/import-draft-form.server";
import { formatDate } from "../utils/dates";
import { ErrorSummary, RadiosField, SelectField, TextField } from "./forms";
import { DraftItems } from "./import-draft-items";
import { JudgementsTable } from "./judgements-table";

export type Preview = Extract<SerializeFrom<DraftPage>, { stage: "preview" }>;
/** What a refused post sends back: the errors, what the lead typed, and (on a conflict) what was not saved. */
export interface DraftFailure {
  conflict: boolean;
  errors: Partial<Record<string, string>>;
  posted: Posted | null;
  unsaved: string[];
}

/** Whether the lead changed any field of an item since the page was drawn. */
function itemChanged(fieldset: HTMLFieldSetElement): boolean {
  if (fieldset.hasAttribute("data-always-send")) return true;
  for (const element of Array.from(fieldset.elements)) {
    if (element instanceof HTMLTextAreaElement && element.value !== element.defaultValue) return true;
    if (element instanceof HTMLInputElement) {
      if (
        element.type === "checkbox"
          ? element.checked !== element.defaultChecked
          : element.value !== element.defaultValue
      ) {
        return true;
      }
    }
    if (
      element instanceof HTMLSelectElement &&
      Array.from(element.options).some((o) => o.selected !== o.defaultSelected)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * With JavaScript the form sends only the items the lead changed (the server keeps the rest as
 * they are); without it, the browser sends every field, which the server reads the same way.
 */
function useChangesOnlySubmit() {
  const submit = useSubmit();
  return (event: React.FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    event.preventDefault();
    const data = new FormData(form);
    if (submitter instanceof HTMLButtonElement && submitter.name) data.set(submitter.name, submitter.value);
    for (const fieldset of Array.from(form.querySelectorAll<HTMLFieldSetElement>("fieldset[data-item]"))) {
      if (itemChanged(fieldset)) continue;
      const key = fieldset.dataset.item;
      for (const name of [...new Set(Array.from(data.keys()))]) if (name.startsWith(`item-${key}-`)) data.delete(name);
    }
    submit(data, { method: "post" });
  };
}

function ConflictNotice({ unsaved }: { unsaved: string[] }) {
  return (
    <div className="govuk-notification-banner" role="alert" aria-labelledby="conflict-title">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="conflict-title">
          Not saved
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">
          This import was changed in another tab or window after this page was opened.
        </p>
        <p className="govuk-body">
          Nothing you sent was saved, so nothing was overwritten. Below is the import as it is now.
          {unsaved.length > 0 ? " What you sent that differs from it, to make again if you still want it:" : ""}
        </p>
        {unsaved.length > 0 ? (
          <ul className="govuk-list govuk-list--bullet">
            {unsaved.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

/** The import preview: what was found, the lead's corrections, and the confirmation. */
export function ImportPreview({ preview, failed }: { preview: Preview; failed: DraftFailure | undefined }) {
  const navigation = useNavigation();
  const busy =
    navigation.state !== "idle" && navigation.formAction?.startsWith(`/import/drafts/${preview.draftId}`) === true;
  const onSubmit = useChangesOnlySubmit();
  const { details, basis, duplicate, authority, otherAuthority } = preview;
  const conflict = failed?.conflict === true;
  const errors = failed?.errors ?? {};
  const posted = conflict ? null : failed?.posted;
  const includedCount = preview.items.filter((i) => !i.excluded).length;
  const excludedCount = preview.items.length - includedCount;
  return (
    <>
      {conflict ? <ConflictNotice unsaved={failed?.unsaved ?? []} /> : <ErrorSummary errors={errors} />}
      <span className="govuk-caption-l">Import: check and correct what was found</span>
      <h1 className="govuk-heading-l">{preview.title}</h1>
      {duplicate ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This document is already in {authority.planName}&rsquo;s plan as{" "}
            <Link className="govuk-link" to={`/inspections/${duplicate.id}`}>
              {duplicate.title}
            </Link>
            . Importing it again creates nothing new.
          </strong>
        </div>
      ) : null}
      <dl className="govuk-summary-list">
        {[
          ["Authority named in the report", details.localAuthority ?? "Not found"],
          ["Kind of report", REPORT_KIND_LABELS[details.kind]],
          [
            "Inspection dates",
            details.inspectionStart
              ? `${formatDate(details.inspectionStart)} to ${formatDate(details.inspectionEnd, "?")}`
              : "Not found",
          ],
          ["Published", formatDate(details.published, "Not printed in the report")],
          ["Recommendations", `${includedCount} to import${excludedCount > 0 ? `, ${excludedCount} excluded` : ""}`],
          ["Judgements found", String(details.judgements.length)],
        ].map(([key, value]) => (
          <div className="govuk-summary-list__row" key={key}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      {details.warnings.length > 0 ? (
        <div className="govuk-inset-text">
          <h2 className="govuk-heading-s">Check these</h2>
          <ul className="govuk-list govuk-list--bullet">
            {details.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {/* Drawn afresh for each revision: no field keeps a value the server no longer holds. */}
      <Form method="post" key={preview.revision} onSubmit={onSubmit} noValidate>
        <input type="hidden" name="revision" value={preview.revision} />
        <h2 className="govuk-heading-m">Where the plan belongs</h2>
        {authority.options.length > 0 ? (
          <>
            <SelectField
              name="authorityId"
              label="Add to the plan of"
              defaultValue={posted?.authorityId || authority.selected}
              error={errors.authorityId}
              options={[
                ...authority.options.map((a) => ({ value: String(a.id), label: a.name })),
                { value: "new", label: "A new authority (name below)" },
              ]}
            />
            <TextField
              name="newAuthorityName"
              label="New authority name"
              hint="Only used when a new authority is chosen above"
              defaultValue={posted?.newAuthorityName ?? authority.newName}
              error={errors.newAuthorityName}
            />
          </>
        ) : (
          <p className="govuk-body">
            It will join {authority.planName ?? "your authority"}&rsquo;s plan, alongside its earlier inspections.
          </p>
        )}
        <RadiosField
          name="basisKind"
          legend="Count due dates from"
          hint="Normally the publication date. Choose another if the plan runs from when the report was received or the inspection ended."
          defaultValue={posted?.basisKind ?? basis.kind}
          options={(Object.keys(BASIS_KIND_LABELS) as (keyof typeof BASIS_KIND_LABELS)[]).map((k) => ({
            value: k,
            label: BASIS_KIND_LABELS[k],
            hint:
              k === "publication"
                ? formatDate(details.published, "Not printed in the report")
                : k === "inspection_end"
                  ? formatDate(details.inspectionEnd, "Not found")
                  : "Enter the date below",
          }))}
        />
        <TextField
          name="basisDate"
          label="Date to count from (optional unless received)"
          hint="Leave blank to use the date shown above. For example, 23/08/2024"
          width={10}
          defaultValue={posted?.basisDate ?? basis.input}
          error={errors.basisDate}
        />
        <p className="govuk-body">
          Due dates are counted from: <strong>{formatDate(basis.resolved, "no date yet")}</strong>.
        </p>
        <button type="submit" name="op" value="save" className="govuk-button govuk-button--secondary" disabled={busy}>
          Save corrections and recalculate due dates
        </button>
        <DraftItems preview={preview} failed={failed} busy={busy} />
        <JudgementsTable judgements={details.judgements} />
        <h2 className="govuk-heading-m">Confirm</h2>
        {otherAuthority ? (
          <div className={`govuk-form-group${errors.confirmAuthority ? " govuk-form-group--error" : ""}`}>
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                This report is about {otherAuthority.reportAuthority}, not {otherAuthority.planAuthority}.
              </strong>
            </div>
            {errors.confirmAuthority ? (
              <p id="confirmAuthority-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errors.confirmAuthority}
              </p>
            ) : null}
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <div className="govuk-checkboxes__item">
                <input
                  className="govuk-checkboxes__input"
                  id="confirmAuthority"
                  name="confirmAuthority"
                  type="checkbox"
                  value={otherAuthority.planAuthority}
                  defaultChecked={posted?.confirmAuthority ?? false}
                  aria-describedby={errors.confirmAuthority ? "confirmAuthority-error" : undefined}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="confirmAuthority">
                  This report is about {otherAuthority.reportAuthority}; add it to {otherAuthority.planAuthority}
                  &rsquo;s plan
                </label>
              </div>
            </div>
          </div>
        ) : null}
        <p className="govuk-body">
          {includedCount > 0
            ? `Confirming saves the inspection, its judgements and the ${includedCount} included recommendation${includedCount === 1 ? "" : "s"}, and creates one action per recommendation with its due date as the target date and no owner yet.`
            : "No recommendations will be imported: confirming saves the inspection's dates and judgements for the judgement history, and creates no actions."}{" "}
          Everything is saved together or not at all.
        </p>
        <button type="submit" name="op" value="confirm" className="govuk-button" disabled={busy}>
          {duplicate ? "Go to the inspection already imported" : "Confirm and import"}
        </button>{" "}
        <Link className="govuk-link" to="/import">
          Start again
        </Link>
        <p className="govuk-body" role="status" aria-live="polite">
          {busy ? "Saving…" : ""}
        </p>
      </Form>
    </>
  );
}
