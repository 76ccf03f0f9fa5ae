import { Link } from "@remix-run/react";
import {
  AREA_READINESS_LABELS,
  AREA_READINESS_RULES,
  AREA_READINESS_TAG_CLASSES,
  READINESS_LABELS,
  READINESS_STATUS_RULES,
  READINESS_TAG_CLASSES,
  type AreaReadiness,
  type RecommendationReadiness,
} from "../domain/readiness-areas";
import { inspectionLabel } from "../domain/inspection-label";

export interface TaskListRecommendation {
  id: number;
  reference: string;
  text: string;
  inspection: { title: string; published: string | null };
  decision: { reason: string; basis: string };
  status: RecommendationReadiness;
  detail: string;
}

export { inspectionLabel };

export function AreaReadinessTag({ readiness }: { readiness: AreaReadiness }) {
  return (
    <strong className={`govuk-tag ${AREA_READINESS_TAG_CLASSES[readiness]}`}>{AREA_READINESS_LABELS[readiness]}</strong>
  );
}

/** One area's recommendations as a GOV.UK task list, each with its readiness status. */
export function RecommendationTaskList({
  area,
  recommendations,
}: {
  area: string;
  recommendations: readonly TaskListRecommendation[];
}) {
  return (
    <ul className="govuk-task-list">
      {recommendations.map((r) => {
        const id = `${area}-${r.id}`;
        return (
          <li key={r.id} className="govuk-task-list__item govuk-task-list__item--with-link">
            <div className="govuk-task-list__name-and-hint">
              <Link
                className="govuk-link govuk-task-list__link"
                to={`/recommendations/${r.id}`}
                aria-describedby={`${id}-hint ${id}-status`}
              >
                {r.reference}: {r.text}
              </Link>
              <div id={`${id}-hint`} className="govuk-task-list__hint">
                {inspectionLabel(r.inspection)}. {r.detail}. Why this area: {r.decision.reason}.
              </div>
            </div>
            <div className="govuk-task-list__status" id={`${id}-status`}>
              <strong className={`govuk-tag ${READINESS_TAG_CLASSES[r.status]}`}>{READINESS_LABELS[r.status]}</strong>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** The rules behind the statuses and summaries, in plain words. */
export function ReadinessRules() {
  return (
    <>
      <h3 className="govuk-heading-s">Each area&rsquo;s summary</h3>
      <ul className="govuk-list govuk-list--bullet">
        {AREA_READINESS_RULES.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
      <h3 className="govuk-heading-s">Each recommendation&rsquo;s status, checked in this order</h3>
      <ul className="govuk-list govuk-list--bullet">
        {READINESS_STATUS_RULES.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
      <h3 className="govuk-heading-s">Which area a recommendation falls under</h3>
      <p className="govuk-body">
        A report heading that names an area decides it; recommendations from a Local Safeguarding Children Board review
        count under the impact of leaders. Otherwise the area whose words appear most in the recommendation (for example
        &lsquo;care leavers&rsquo; and &lsquo;pathway plans&rsquo; for care leavers; &lsquo;supervision&rsquo; and
        &lsquo;management oversight&rsquo; for leaders; &lsquo;strategy discussions&rsquo; and &lsquo;child
        protection&rsquo; for help and protection). A tie goes to the report section, then to a group of children over
        leadership, then to the group named first. With no telling words, the report section decides (safeguarding: help
        and protection; looked after children: children in care), and with no section, help and protection. An
        improvement lead can place a recommendation under another area on its page.
      </p>
    </>
  );
}
