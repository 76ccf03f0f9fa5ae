import { sectionLabel } from "../domain/references";
import { TableHead } from "./table-head";
import { TableScroll } from "./table-scroll";

/** An inspection's judgements as printed in the report, in report order. */
export function JudgementsTable({
  judgements,
}: {
  judgements: readonly { section: string | null; area: string; grade: string }[];
}) {
  if (judgements.length === 0) return null;
  return (
    <TableScroll caption="Judgements" captionClassName="govuk-table__caption govuk-table__caption--m">
      <TableHead columns={["Section", "Area", "Grade"]} />
      <tbody className="govuk-table__body">
        {judgements.map((j, i) => (
          <tr className="govuk-table__row" key={i}>
            <td className="govuk-table__cell">{sectionLabel(j.section)}</td>
            <td className="govuk-table__cell">{j.area}</td>
            <td className="govuk-table__cell">{j.grade}</td>
          </tr>
        ))}
      </tbody>
    </TableScroll>
  );
}
