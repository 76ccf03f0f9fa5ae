// @vitest-environment jsdom
import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { InspectionWindowCard } from "../../app/components/inspection-window-card";
import { summariseInspectionWindows } from "../../app/domain/deadlines";

// The dashboard's statement-of-action deadline links to the statement itself, as Word.

describe("the statement of action deadline", () => {
  it("links to the statement of action (and a focused visit's priority action plan) as Word", async () => {
    const clock = {
      authorityId: 1,
      authorityName: "Hackney",
      isIlacs: true,
      inspectionDate: "2024-07-12",
      receivedDate: "2024-12-13",
      receivedApproximated: false,
    };
    const [summary] = summariseInspectionWindows(
      [
        { ...clock, inspectionId: 7, kind: "ilacs", title: "ILACS: Hackney", priorityAction: false },
        {
          ...clock,
          inspectionId: 9,
          kind: "focused_visit",
          title: "Focused visit: Hackney",
          isIlacs: false,
          priorityAction: true,
        },
      ],
      "2024-12-20",
    );
    const Stub = createRemixStub([
      { path: "/", Component: () => <InspectionWindowCard authorityId={1} summary={summary} /> },
    ]);
    render(<Stub initialEntries={["/"]} />);
    // (jsdom's accessible names drop the space before a visually hidden span; browsers keep it.)
    const card = await screen.findByRole("region", { name: "Inspection window and deadlines" });
    const statement = within(card).getByRole("link", {
      name: /^Download the statement of action \(Word\)\s*for ILACS: Hackney$/,
    });
    expect(statement.getAttribute("href")).toBe("/inspections/7/statement-of-action.docx");
    expect(statement.hasAttribute("download")).toBe(true);
    const priority = within(card).getByRole("link", {
      name: /^Download the priority action plan \(Word\)\s*for Focused visit: Hackney$/,
    });
    expect(priority.getAttribute("href")).toBe("/inspections/9/statement-of-action.docx");
  });
});
