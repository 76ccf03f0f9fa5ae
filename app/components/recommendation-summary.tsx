import { Link } from "@remix-run/react";
import {
  type BasisKind,
  describeDueDateRule,
  type DueDateRule,
  TIMESCALE_LABELS,
  type Timescale,
} from "../domain/due-dates";
import { sectionLabel } from "../domain/references";
import { formatDate } from "../utils/dates";

/** A recommendation's details as a summary list, each with a "Change" link for a lead. */
export function RecommendationSummary({
  recommendation,
  canManage,
  graceDays,
}: {
  recommendation: {
    id: number;
    section: string | null;
    timescale: Timescale;
    agencies: string[];
    paragraph_number: string | null;
    due_date: string | null;
    due_date_rule: string;
    basis_kind: BasisKind;
  };
  canManage: boolean;
  graceDays: number;
}) {
  const rule = describeDueDateRule(recommendation.due_date_rule as DueDateRule, graceDays, recommendation.basis_kind);
  const rows = [
    { key: "Text", value: "Shown above", field: "text" },
    { key: "Section", value: sectionLabel(recommendation.section), field: "section" },
    {
      key: "Timescale",
      value: recommendation.timescale ? TIMESCALE_LABELS[recommendation.timescale] : "None given in the report",
      field: "timescale",
    },
    {
      key: "Partner agencies",
      value: recommendation.agencies.length > 0 ? recommendation.agencies.join(", ") : "None named",
      field: "agencies",
    },
    { key: "Report paragraph", value: recommendation.paragraph_number ?? "Not numbered", field: "paragraphNumber" },
    {
      key: "Due date",
      value: recommendation.due_date ? `${formatDate(recommendation.due_date)} (${rule})` : `None yet: ${rule}`,
      field: "dueDate",
    },
  ];
  return (
    <dl className="govuk-summary-list">
      {rows
        .filter((row) => canManage || row.field !== "text")
        .map(({ key, value, field }) => (
          <div className="govuk-summary-list__row" key={key}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
            {canManage ? (
              <dd className="govuk-summary-list__actions">
                <Link className="govuk-link" to={`/recommendations/${recommendation.id}/edit#${field}`}>
                  Change<span className="govuk-visually-hidden"> {key.toLowerCase()}</span>
                </Link>
              </dd>
            ) : null}
          </div>
        ))}
    </dl>
  );
}
