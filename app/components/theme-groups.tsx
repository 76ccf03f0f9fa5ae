import { Link } from "@remix-run/react";
import { GENERIC_WORDS, GROUPING_RULES, highlightText, THEMES, type ThemeGroup } from "../domain/themes";
import { formatDate } from "../utils/dates";

/** The recommendation's text with the words that placed it in the group marked. */
export function HighlightedText({ text, phrases }: { text: string; phrases: readonly string[] }) {
  return (
    <>{highlightText(text, phrases).map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : part.text))}</>
  );
}

/** One recurring theme: why it was formed, then the recommendations under each inspection it recurs in. */
export function ThemeGroupSection({ group }: { group: ThemeGroup }) {
  const headingId = `theme-${group.key}`;
  return (
    <section aria-labelledby={headingId} className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id={headingId}>
        {group.label}
      </h2>
      <p className="govuk-body">
        <strong className="govuk-tag govuk-tag--orange">Recurs in {group.inspections.length} inspections</strong>{" "}
        {group.inspections.map((i) => i.label).join(", ")}
      </p>
      <div className="govuk-inset-text">
        <span className="govuk-visually-hidden">Why these are grouped: </span>
        {group.why}.
      </div>
      {group.inspections.map((inspection) => {
        const members = group.recommendations.filter((r) => r.inspectionId === inspection.id);
        return (
          <div key={inspection.id}>
            <h3 className="govuk-heading-s">
              <Link className="govuk-link" to={`/inspections/${inspection.id}`}>
                {inspection.label}
              </Link>
              {inspection.date ? (
                <span className="govuk-caption-m">Inspected {formatDate(inspection.date)}</span>
              ) : (
                <span className="govuk-caption-m">Inspection date not recorded</span>
              )}
            </h3>
            <ul className="govuk-list govuk-list--bullet">
              {members.map((r) => (
                <li key={r.id}>
                  <p className="govuk-body govuk-!-margin-bottom-1">
                    <HighlightedText text={r.text} phrases={r.reasons} />
                  </p>
                  <p className="govuk-body-s govuk-!-margin-bottom-3">
                    Matched: {r.reasons.map((reason) => `“${reason}”`).join(", ")}.{" "}
                    <Link className="govuk-link" to={`/recommendations/${r.id}`}>
                      Open recommendation<span className="govuk-visually-hidden">: {r.text.slice(0, 60)}</span>
                    </Link>
                  </p>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

/** How grouping works, with the whole theme vocabulary behind a details element. */
export function ThemeRules() {
  return (
    <section aria-labelledby="how-grouping-works">
      <h2 className="govuk-heading-m" id="how-grouping-works">
        How recommendations are grouped
      </h2>
      <ul className="govuk-list govuk-list--bullet">
        {GROUPING_RULES.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
      <details className="govuk-details" id="vocabulary">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">The theme vocabulary ({THEMES.length} themes)</span>
        </summary>
        <div className="govuk-details__text">
          <dl className="govuk-summary-list">
            {THEMES.map((theme) => (
              <div className="govuk-summary-list__row" key={theme.key}>
                <dt className="govuk-summary-list__key">{theme.label}</dt>
                <dd className="govuk-summary-list__value">
                  {theme.phrases.map((p) => `“${p}”`).join(", ")}
                  {(theme.combinations ?? []).map((combination, i) => (
                    <span key={i}>
                      {"; or together: "}
                      {combination.map((alternatives) => alternatives.map((p) => `“${p}”`).join(" or ")).join(" with ")}
                    </span>
                  ))}
                  {theme.unless && theme.unless.length > 0 ? (
                    <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">
                      Not counted: {theme.unless.map((p) => `“${p}”`).join(", ")}
                    </span>
                  ) : null}
                </dd>
              </div>
            ))}
          </dl>
          <p className="govuk-body">
            Words ignored when comparing wording, besides grammar words: {GENERIC_WORDS.join(", ")}.
          </p>
        </div>
      </details>
    </section>
  );
}
