import type { SerializeFrom } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { BASIS_KIND_LABELS } from "../domain/due-dates";
import { REPORT_KIND_LABELS } from "../domain/import-plan";
import type { previewImport } from "../utils/import-flow.server";
import { formatDate } from "../utils/dates";
import { ErrorSummary, RadiosField, SelectField, SubmitButton, TextField } from "./forms";
import { JudgementsTable } from "./judgements-table";
import { DraftItems } from "./import-draft-items";

export type Preview = Extract<SerializeFrom<Awaited<ReturnType<typeof previewImport>>["body"]>, { stage: "preview" }>;

export function ImportPreview({
  preview,
  authorities,
  isAdmin,
}: {
  preview: Preview;
  authorities: { id: number; name: string }[];
  isAdmin: boolean;
}) {
  const { details, basis, duplicate, errors } = preview;
  const includedCount = preview.items.filter((i) => !i.excluded).length;
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">Import: check and correct what was found</span>
      <h1 className="govuk-heading-l">{preview.title}</h1>
      {duplicate ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This document has already been imported
            {duplicate.id ? (
              <>
                {" "}
                as{" "}
                <Link className="govuk-link" to={`/inspections/${duplicate.id}`}>
                  {duplicate.title}
                </Link>{" "}
                ({duplicate.authorityName})
              </>
            ) : null}
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
          [
            "Recommendations",
            `${includedCount} to import${preview.items.length > includedCount ? `, ${preview.items.length - includedCount} excluded` : ""}`,
          ],
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

      <Form method="post">
        <input type="hidden" name="fileName" value={preview.fileName ?? ""} />
        <textarea name="text" defaultValue={preview.text} hidden readOnly aria-hidden="true" tabIndex={-1} />
        <h2 className="govuk-heading-m">Where the plan belongs</h2>
        {isAdmin ? (
          <>
            <SelectField
              name="authorityId"
              label="Add to the plan of"
              defaultValue={preview.authority.selected}
              error={errors.authorityId}
              options={[
                ...authorities.map((a) => ({ value: String(a.id), label: a.name })),
                { value: "new", label: "A new authority (name below)" },
              ]}
            />
            <TextField
              name="newAuthorityName"
              label="New authority name"
              defaultValue={preview.authority.newName}
              error={errors.newAuthorityName}
            />
          </>
        ) : (
          <p className="govuk-body">
            It will join {authorities[0]?.name ?? "your authority"}&rsquo;s plan, alongside its earlier inspections.
          </p>
        )}
        <RadiosField
          name="basisKind"
          legend="Count due dates from"
          hint="Normally the publication date. Choose another if the plan runs from when the report was received or the inspection ended."
          defaultValue={basis.kind}
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
          defaultValue={basis.input}
          error={errors.basisDate}
        />
        <p className="govuk-body">
          Due dates are counted from: <strong>{formatDate(basis.resolved, "no date yet")}</strong>.
        </p>
        <button type="submit" name="op" value="refresh" className="govuk-button govuk-button--secondary">
          Save corrections and recalculate due dates
        </button>
        <DraftItems preview={preview} />
        <JudgementsTable judgements={details.judgements} />
        <h2 className="govuk-heading-m">Confirm</h2>
        <p className="govuk-body">
          Confirming saves the inspection, its judgements and the {includedCount} included recommendations, and creates
          one action per recommendation with its due date as the target date and no owner yet. Everything is saved
          together or not at all.
        </p>
        {duplicate ? null : (
          <SubmitButton name="intent" value="confirm">
            Confirm and import
          </SubmitButton>
        )}{" "}
        <Link className="govuk-link" to="/import">
          Start again
        </Link>
      </Form>
    </>
  );
}
