import { Form } from "@remix-run/react";
import {
  READINESS_AREA_LABELS,
  READINESS_AREA_SHORT_LABELS,
  READINESS_AREAS,
  type AreaDecision,
  type ReadinessArea,
} from "../domain/readiness-areas";
import { formatDateTime } from "../utils/dates";
import { RadiosField, SubmitButton } from "./forms";

export interface RecommendationAreaData {
  decision: AreaDecision;
  rule: AreaDecision;
  override: { area: ReadinessArea; by: string | null; at: string } | null;
}

/**
 * The judgement area a recommendation counts towards, why, and (for a lead) a form to place it
 * under another area or hand it back to the rule. Posts intent "area".
 */
export function RecommendationArea({
  area,
  canManage,
  submitted,
  error,
}: {
  area: RecommendationAreaData;
  canManage: boolean;
  submitted?: Record<string, string>;
  error?: string;
}) {
  const why = area.override
    ? `Set by ${area.override.by ?? "a former user"} on ${formatDateTime(area.override.at)}. The rule would place it under ${READINESS_AREA_SHORT_LABELS[area.rule.area]} (${area.rule.reason}).`
    : `Placed by the rule: ${area.rule.reason}.`;
  return (
    <>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Judgement area</dt>
          <dd className="govuk-summary-list__value">
            {READINESS_AREA_LABELS[area.decision.area]}
            <p className="govuk-body-s govuk-!-margin-bottom-0">{why}</p>
          </dd>
        </div>
      </dl>
      {canManage ? (
        <details className="govuk-details" open={Boolean(error)}>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Change the judgement area</span>
          </summary>
          <div className="govuk-details__text">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="area" />
              <RadiosField
                name="area"
                legend="Which current judgement area does this recommendation count towards?"
                hint="Readiness by area and the readiness report use it."
                defaultValue={submitted?.intent === "area" ? submitted.area : (area.override?.area ?? "rule")}
                error={error}
                options={[
                  { value: "rule", label: `As the rule decides (${READINESS_AREA_SHORT_LABELS[area.rule.area]})` },
                  ...READINESS_AREAS.map((a) => ({ value: a, label: READINESS_AREA_LABELS[a] })),
                ]}
              />
              <SubmitButton>Save judgement area</SubmitButton>
            </Form>
          </div>
        </details>
      ) : null}
    </>
  );
}
