// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { TableHead } from "../../app/components/table-head";

describe("TableHead", () => {
  it("gives one column header per label, in order, right-aligning the numeric ones", () => {
    render(
      <table>
        <TableHead columns={["Action", { numeric: "Days overdue" }, "RAG"]} />
      </table>,
    );
    const headers = screen.getAllByRole("columnheader");
    expect(headers.map((h) => h.textContent)).toEqual(["Action", "Days overdue", "RAG"]);
    expect(headers.map((h) => h.className)).toEqual([
      "govuk-table__header",
      "govuk-table__header govuk-table__header--numeric",
      "govuk-table__header",
    ]);
  });
});
