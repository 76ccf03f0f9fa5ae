// @vitest-environment jsdom
import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BoardGroupSection } from "../../app/components/board-tables";
import { RagTrendChart } from "../../app/components/charts";

const counts = {
  total: 4,
  not_started: 1,
  in_progress: 2,
  awaiting_sign_off: 0,
  signed_off: 1,
  overdue: 1,
  due_soon: 1,
  no_target_date: 0,
};

describe("board charts", () => {
  it("draws the trend as a labelled image followed by a table of the same numbers", () => {
    render(
      <RagTrendChart
        id="trend"
        title="RAG counts over time"
        points={[
          { date: "2024-09-30", red: 1, amber: 2, grey: 0, green: 0, blue: 0 },
          { date: "2024-10-31", red: 0, amber: 1, grey: 1, green: 0, blue: 1 },
        ]}
      />,
    );
    const image = screen.getByRole("img", { name: /RAG counts over time/ });
    expect(image.tagName.toLowerCase()).toBe("svg");
    expect(image.getAttribute("aria-labelledby")).toBe("trend-title trend-desc");
    expect(document.getElementById("trend-desc")!.textContent).toContain(
      "On 31 October 2024: 0 Red, 1 Amber, 1 Not scheduled, 0 Green, 1 Blue",
    );
    const table = screen.getByRole("table", { name: "RAG counts over time: the numbers" });
    const september = within(table).getByRole("row", { name: /30 September 2024/ });
    expect(
      within(september)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["1", "2", "0", "0", "0"]);
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((c) => c.textContent),
    ).toEqual(["Date", "Red", "Amber", "Not scheduled", "Green", "Blue"]);
  });

  it("pairs a group's RAG bar chart with a table giving the same counts", () => {
    const Stub = createRemixStub([
      {
        path: "/board",
        Component: () => (
          <BoardGroupSection
            id="by-owner"
            heading="By owner"
            groupHeader="Owner"
            amberWindowDays={14}
            rows={[
              {
                ...counts,
                key: "7",
                label: "Sam Owner",
                red: 1,
                amber: 1,
                green: 1,
                blue: 1,
                grey: 0,
                filter: { owner: "7" },
              },
              {
                ...counts,
                key: "none",
                label: "Not assigned",
                red: 0,
                amber: 4,
                green: 0,
                blue: 0,
                grey: 2,
                filter: null,
              },
            ]}
          />
        ),
      },
    ]);
    render(<Stub initialEntries={["/board"]} />);
    const chart = screen.getByRole("img", { name: /RAG by owner/ });
    expect(chart.textContent).toContain("Sam Owner: 1 Red, 1 Amber, 0 Not scheduled, 1 Green, 1 Blue");
    expect(chart.textContent).toContain("Not assigned: 0 Red, 4 Amber, 2 Not scheduled, 0 Green, 0 Blue");
    const table = screen.getByRole("table", { name: "By owner" });
    const row = within(table).getByRole("row", { name: /Sam Owner/ });
    const cells = within(row)
      .getAllByRole("cell")
      .map((c) => c.textContent);
    expect(cells).toEqual(["4", "1", "2", "0", "1", "25%", "1", "1", "1 Red", "1 Amber", "0", "1 Green", "1 Blue"]);
    expect(within(row).getByRole("link", { name: /Red/ }).getAttribute("href")).toBe("/actions?owner=7&rag=red");
    const unassigned = within(table).getByRole("row", { name: /Not assigned/ });
    expect(within(unassigned).queryByRole("link")).toBeNull();
  });
});
