import { IMPACT_LABELS, type ImpactLevel } from "../domain/measures";

const COLOURS: Record<ImpactLevel, string> = { none: "grey", emerging: "yellow", strong: "green" };
const SHORT: Record<ImpactLevel, string> = {
  none: "Impact: none yet",
  emerging: "Impact: emerging",
  strong: "Impact: strong",
};

/** The lead's current judgement of impact, beside the delivery RAG. */
export function ImpactTag({ level }: { level: ImpactLevel | null | undefined }) {
  if (!level) return <strong className="govuk-tag govuk-tag--grey">Impact: not judged</strong>;
  return (
    <strong className={`govuk-tag govuk-tag--${COLOURS[level]}`} title={IMPACT_LABELS[level]}>
      {SHORT[level]}
    </strong>
  );
}
