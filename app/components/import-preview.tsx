import type { SerializeFrom } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { BASIS_KIND_LABELS, describeDueDateRule, TIMESCALE_LABELS } from "../domain/due-dates";
import { REPORT_KIND_LABELS } from "../domain/import-plan";
import { sectionLabel } from "../domain/references";
import type { previewImport } from "../utils/import-flow.server";
import { formatDate } from "../utils/dates";
import { ErrorSummary, RadiosField, SelectField, SubmitButton, TextField } from "./forms";

type Preview = Extract<SerializeFrom<Awaited<ReturnType<typeof previewImport>>["body"]>, { stage: "preview" }>;

export function ImportPreview({
  preview,
  authorities,
  isAdmin,
}: {
  preview: Preview;
  authorities: { id: number; name: string }[];
  isAdmin: boolean;
}) {
  const { report, planned, basis, duplicate, errors } = preview;
  const generalWarnings = report.warnings.filter((w) => w.recommendationIndex === null);
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">Import: check what was found</span>
      <h1 className="govuk-heading-l">{preview.title}</h1>
      {duplicate ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This document has already been imported
            {duplicate.id ? (
              <>
                {" "}as <Link className="govuk-link" to={`/inspections/${duplicate.id}`}>{duplicate.title}</Link> ({duplicate.authorityName})
              </>
            ) : null}
            . Importing it again creates nothing new.
          </strong>
        </div>
      ) : null}
      <dl className="govuk-summary-list">
        {[
          ["Authority named in the report", report.localAuthority ?? "Not found"],
          ["Kind of report", REPORT_KIND_LABELS[report.kind]],
          ["Inspection dates", report.inspectionStart ? `${formatDate(report.inspectionStart)} to ${formatDate(report.inspectionEnd, "?")}` : "Not found"],
          ["Published", formatDate(report.published, "Not printed in the report")],
          ["Recommendations found", String(report.recommendations.length)],
          ["Judgements found", String(report.judgements.length)],
        ].map(([key, value]) => (
          <div className="govuk-summary-list__row" key={key}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      {generalWarnings.length > 0 ? (
        <div className="govuk-inset-text">
          <h2 className="govuk-heading-s">Check these</h2>
          <ul className="govuk-list govuk-list--bullet">
            {generalWarnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <Form method="post">
        <input type="hidden" name="fileName" value={preview.fileName ?? ""} />
        <textarea name="text" defaultValue={preview.text} hidden readOnly aria-hidden="true" tabIndex={-1} />
        {isAdmin ? (
          <>
            <SelectField
              name="authorityId"
              label="Add to the plan of"
              defaultValue={preview.authority.selected}
              error={errors.authorityId}
              options={[...authorities.map((a) => ({ value: String(a.id), label: a.name })), { value: "new", label: "A new authority (name below)" }]}
            />
            <TextField name="newAuthorityName" label="New authority name" defaultValue={preview.authority.newName} error={errors.newAuthorityName} />
          </>
        ) : null}
        <RadiosField
          name="basisKind"
          legend="Count due dates from"
          hint="Normally the publication date. Choose another if the plan runs from when the report was received or the inspection ended."
          defaultValue={basis.kind}
          options={(Object.keys(BASIS_KIND_LABELS) as (keyof typeof BASIS_KIND_LABELS)[]).map((k) => ({
            value: k,
            label: BASIS_KIND_LABELS[k],
            hint: k === "publication" ? formatDate(report.published, "Not printed in the report") : k === "inspection_end" ? formatDate(report.inspectionEnd, "Not found") : "Enter the date below",
          }))}
        />
        <TextField name="basisDate" label="Date to count from (optional unless received)" hint="Leave blank to use the date shown above. For example, 23/08/2024" width={10} defaultValue={basis.input} error={errors.basisDate} />
        <p className="govuk-body">
          Due dates are counted from: <strong>{formatDate(basis.resolved, "no date yet")}</strong>.{" "}
          <button type="submit" name="intent" value="preview" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
            Recalculate due dates
          </button>
        </p>

        <h2 className="govuk-heading-m">Recommendations</h2>
        <table className="govuk-table">
          <caption className="govuk-visually-hidden">Recommendations found in the report, with their due dates</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Ref</th>
              <th scope="col" className="govuk-table__header">Recommendation</th>
              <th scope="col" className="govuk-table__header">Timescale</th>
              <th scope="col" className="govuk-table__header">Due</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {report.recommendations.map((rec, i) => {
              const warnings = report.warnings.filter((w) => w.recommendationIndex === i);
              return (
                <tr className="govuk-table__row" key={i}>
                  <td className="govuk-table__cell">{planned[i].reference}</td>
                  <td className="govuk-table__cell">
                    {rec.text}
                    <br />
                    <span className="govuk-body-s">
                      {sectionLabel(rec.section)}
                      {rec.agencies.length ? ` · Partner agencies: ${rec.agencies.join(", ")}` : ""}
                    </span>
                    {warnings.map((w, j) => (
                      <strong key={j} className="govuk-tag govuk-tag--yellow govuk-!-margin-top-1">
                        Check: {w.message}
                      </strong>
                    ))}
                  </td>
                  <td className="govuk-table__cell">{rec.timescale ? TIMESCALE_LABELS[rec.timescale] : "None given"}</td>
                  <td className="govuk-table__cell">
                    {planned[i].dueDate ? formatDate(planned[i].dueDate) : "Set by the lead"}
                    <br />
                    <span className="govuk-body-s">{describeDueDateRule(planned[i].dueDateRule, preview.graceDays, basis.kind)}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>

        {report.judgements.length > 0 ? (
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Judgements</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Section</th>
                <th scope="col" className="govuk-table__header">Area</th>
                <th scope="col" className="govuk-table__header">Grade</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {report.judgements.map((j, i) => (
                <tr className="govuk-table__row" key={i}>
                  <td className="govuk-table__cell">{sectionLabel(j.section)}</td>
                  <td className="govuk-table__cell">{j.area}</td>
                  <td className="govuk-table__cell">{j.grade}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}

        <p className="govuk-body">
          Confirming saves the inspection, its judgements and recommendations, and creates one action per recommendation with
          the due date as its target date and no owner yet. Everything is saved together or not at all.
        </p>
        {duplicate ? null : (
          <SubmitButton name="intent" value="confirm">
            Confirm and import
          </SubmitButton>
        )}{" "}
        <Link className="govuk-link" to="/import">Start again</Link>
      </Form>
    </>
  );
}
