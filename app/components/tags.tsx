import { type ActionStatus, type Rag, RAG_LABELS, STATUS_LABELS } from "../domain/rag";

const STATUS_CLASSES: Record<ActionStatus, string> = {
  not_started: "govuk-tag--grey",
  in_progress: "govuk-tag--light-blue",
  awaiting_sign_off: "govuk-tag--purple",
  signed_off: "govuk-tag--green",
};

/** RAG as a coloured tag that also says its name, so colour is never the only signal. */
export function RagTag({ rag }: { rag: Rag }) {
  return <strong className={`govuk-tag app-tag--${rag}`}>{RAG_LABELS[rag]}</strong>;
}

export function StatusTag({ status }: { status: ActionStatus }) {
  return <strong className={`govuk-tag ${STATUS_CLASSES[status]}`}>{STATUS_LABELS[status]}</strong>;
}
