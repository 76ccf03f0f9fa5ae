import type { ReactNode } from "react";

/** A GOV.UK table's header row: one column header per label, in order. */
export function TableHead({ columns }: { columns: readonly ReactNode[] }) {
  return (
    <thead className="govuk-table__head">
      <tr className="govuk-table__row">
        {columns.map((label, i) => (
          <th key={i} scope="col" className="govuk-table__header">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
