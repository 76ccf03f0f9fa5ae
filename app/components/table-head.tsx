import type { ReactNode } from "react";

/** A column header that holds numbers: right-aligned, as GOV.UK numeric columns are. */
export interface NumericColumn {
  numeric: ReactNode;
}

const isNumeric = (column: ReactNode | NumericColumn): column is NumericColumn =>
  typeof column === "object" && column !== null && "numeric" in column;

/** A GOV.UK table's header row: one column header per label, in order. */
export function TableHead({ columns }: { columns: readonly (ReactNode | NumericColumn)[] }) {
  return (
    <thead className="govuk-table__head">
      <tr className="govuk-table__row">
        {columns.map((column, i) =>
          isNumeric(column) ? (
            <th key={i} scope="col" className="govuk-table__header govuk-table__header--numeric">
              {column.numeric}
            </th>
          ) : (
            <th key={i} scope="col" className="govuk-table__header">
              {column}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
