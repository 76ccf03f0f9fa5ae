import { Link } from "@remix-run/react";
import { type RedactionKind, redactionPath } from "../domain/redaction";

export interface RemovableItemView {
  kind: RedactionKind;
  id: number;
  label: string;
  excerpt: string;
}

/**
 * For administrators, at the foot of a page: each text or file on it that could be removed as
 * personal data entered by mistake, linking to the page that removes it (and asks why).
 */
export function RedactionList({ items }: { items: readonly RemovableItemView[] }) {
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Remove personal data entered by mistake</span>
      </summary>
      <div className="govuk-details__text">
        <p className="govuk-body">
          If something here names a child or holds other personal data that should not be kept, remove it. You will be
          asked why; what is removed is replaced by a note saying who removed it, when and why.
        </p>
        {items.length === 0 ? (
          <p className="govuk-body">There is nothing on this page that can be removed.</p>
        ) : (
          <ul className="govuk-list govuk-list--spaced">
            {items.map((item) => (
              <li key={`${item.kind}-${item.id}`}>
                <span className="govuk-!-font-weight-bold">{item.label}:</span>{" "}
                <span className="app-removable-text">{item.excerpt}</span>{" "}
                <Link className="govuk-link" to={redactionPath(item.kind, item.id)}>
                  Remove<span className="govuk-visually-hidden"> this {item.label.toLowerCase()}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
