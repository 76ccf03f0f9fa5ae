import { Link } from "@remix-run/react";
import { RAG_LABELS, RAG_ORDER } from "../domain/rag";

export interface Counts {
  total: number;
  not_started: number;
  in_progress: number;
  awaiting_sign_off: number;
  signed_off: number;
  red: number;
  amber: number;
  green: number;
  blue: number;
  grey: number;
  overdue: number;
  due_soon: number;
  no_target_date: number;
}

export function percentSignedOff(c: Pick<Counts, "signed_off" | "total">): string {
  return c.total === 0 ? "–" : `${Math.round((c.signed_off / c.total) * 100)}%`;
}

/** RAG counts as linked numbers: each goes to the action list filtered to that RAG. */
export function RagCountCells({ counts, filterBase }: { counts: Counts; filterBase: string }) {
  return (
    <>
      {RAG_ORDER.map((rag) => (
        <td key={rag} className="govuk-table__cell govuk-table__cell--numeric">
          {counts[rag] > 0 ? (
            <Link className="govuk-link" to={`${filterBase}&rag=${rag}`}>
              {counts[rag]}
              <span className="govuk-visually-hidden"> {RAG_LABELS[rag]}</span>
            </Link>
          ) : (
            0
          )}
        </td>
      ))}
    </>
  );
}

export function RagHeaderCells() {
  return (
    <>
      {RAG_ORDER.map((rag) => (
        <th key={rag} scope="col" className="govuk-table__header govuk-table__header--numeric">
          {RAG_LABELS[rag]}
        </th>
      ))}
    </>
  );
}
