import { sectionLabel } from "../domain/references";

/** An inspection's judgements as printed in the report, in report order. */
export function JudgementsTable({
  judgements,
}: {
  judgements: readonly { section: string | null; area: string; grade: string }[];
}) {
  if (judgements.length === 0) return null;
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">Judgements</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Section
          </th>
          <th scope="col" className="govuk-table__header">
            Area
          </th>
          <th scope="col" className="govuk-table__header">
            Grade
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {judgements.map((j, i) => (
          <tr className="govuk-table__row" key={i}>
            <td className="govuk-table__cell">{sectionLabel(j.section)}</td>
            <td className="govuk-table__cell">{j.area}</td>
            <td className="govuk-table__cell">{j.grade}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
