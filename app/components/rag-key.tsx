import { RAG_ORDER, ragDefinitions } from "../domain/rag";
import { RagTag } from "./tags";

/** The RAG definitions, printed wherever RAG is reported (PRODUCT.md). */
export function RagKey({ amberWindowDays }: { amberWindowDays: number }) {
  const definitions = ragDefinitions(amberWindowDays);
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">What the RAG ratings mean</span>
      </summary>
      <div className="govuk-details__text">
        <dl className="govuk-summary-list govuk-summary-list--no-border">
          {RAG_ORDER.map((rag) => (
            <div className="govuk-summary-list__row" key={rag}>
              <dt className="govuk-summary-list__key">
                <RagTag rag={rag} />
              </dt>
              <dd className="govuk-summary-list__value">{definitions[rag].replace(/^[^:]+: /, "")}</dd>
            </div>
          ))}
        </dl>
      </div>
    </details>
  );
}
