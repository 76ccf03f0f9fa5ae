// @vitest-environment jsdom
import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { PreviewStep } from "../../app/components/plan-import-fields";
import { PlanImportPreview } from "../../app/components/plan-import-preview";

const baseRow = {
  kind: "action",
  recommendationText: "para 27",
  actionText: "",
  description: "",
  ownerText: "",
  targetDateText: "",
  targetDate: null,
  ragText: "",
  status: "not_started",
  riskFlag: null,
  progress: null,
  evidence: null,
  errors: [],
  warnings: [],
  badCells: [],
  cells: {},
  corrections: [],
} as const;

const step = {
  stage: "preview",
  errors: {},
  inspection: { id: 3, title: "Inspection of Hackney", authorityName: "London Borough of Hackney" },
  draftId: 12,
  revision: 4,
  fileName: "plan.xlsx",
  sheetName: "Action plan",
  headerRow: 4,
  mapping: { reference: 0, recommendation: 1, owner: 2, action: 3, targetDate: 4, progress: 5, rag: 6, evidence: 8 },
  mappedColumns: [{ field: "action", letter: "D", label: "Action" }],
  rows: [
    {
      ...baseRow,
      rowNumber: 5,
      recommendation: { id: 1, reference: "SG-3M-1", method: "paragraph", similarity: null, carried: false },
      title: "Publish a complaints leaflet",
      owner: { kind: "new", key: "sam newperson", name: "Sam Newperson", email: null },
      targetDateText: "July 2024",
      targetDate: "2024-07-31",
      ragText: "Red",
      status: "in_progress",
      riskFlag: "off_track",
      progress: "Draft agreed",
    },
    {
      ...baseRow,
      rowNumber: 6,
      recommendation: null,
      recommendationText: "SG-9M-9",
      title: "Do something",
      owner: { kind: "existing", userId: 7, name: "Jane Smith", pending: false },
      errors: ["No recommendation of this inspection matches “SG-9M-9”"],
      badCells: ["reference"],
      cells: { reference: "SG-9M-9" },
    },
  ],
  summary: {
    actions: 1,
    withErrors: 1,
    withWarnings: 0,
    headings: 0,
    newOwners: [{ key: "sam newperson", name: "Sam Newperson", email: null }],
    matchedOwners: [],
  },
  leftOut: [],
  people: [
    { key: "sam newperson", name: "Sam Newperson", email: null, role: "Head of Service", rows: [5], confirmed: true },
  ],
  starters: [{ id: 40, title: "Ensure parents know how to complain", reference: "SG-3M-1" }],
  replacePlaceholders: true,
} as unknown as PreviewStep;

function renderPreview(overrides: Partial<PreviewStep> = {}) {
  const Stub = createRemixStub([
    { path: "/import/plan", Component: () => <PlanImportPreview step={{ ...step, ...overrides }} /> },
  ]);
  return render(<Stub initialEntries={["/import/plan"]} />);
}

describe("PlanImportPreview", () => {
  it("lists rows with errors apart from the actions ready to import", () => {
    renderPreview();
    const errors = screen.getByRole("table", { name: "1 row with errors" });
    expect(within(errors).getByText("No recommendation of this inspection matches “SG-9M-9”")).toBeTruthy();
    const ready = screen.getByRole("table", { name: "1 action ready to import" });
    const row = within(ready).getByRole("row", { name: /Publish a complaints leaflet/ });
    expect(within(row).getByText("SG-3M-1")).toBeTruthy();
    expect(within(row).getByText("New pending user")).toBeTruthy();
    expect(within(row).getByText("31 July 2024")).toBeTruthy();
    expect(within(row).getByText("Off track")).toBeTruthy();
    expect(within(row).getByText("Progress update: Draft agreed")).toBeTruthy();
    expect(within(row).getByRole("checkbox", { name: "Leave out row 5" })).toBeTruthy();
  });

  it("asks the lead to leave out rows with errors, with the error linked from the summary", () => {
    renderPreview({ errors: { skipErrors: "1 row has errors: tick the box to import the other rows without them" } });
    const summary = screen.getByRole("alert");
    expect(
      within(summary)
        .getByRole("link", { name: /1 row has errors/ })
        .getAttribute("href"),
    ).toBe("#skipErrors");
    const box = screen.getByRole("checkbox", {
      name: "Import the other rows and leave out the 1 row still with errors",
    });
    expect(box.id).toBe("skipErrors");
  });

  it("offers an input for each bad cell, holding what it says now", () => {
    renderPreview();
    const input = screen.getByRole("textbox", { name: "Ofsted paragraph or recommendation number, row 6" });
    expect(input.getAttribute("name")).toBe("fix:6:reference");
    expect((input as HTMLInputElement).value).toBe("SG-9M-9");
  });

  it("offers each new person to confirm and the starter actions to replace, both ticked", () => {
    renderPreview();
    const person = screen.getByRole("checkbox", { name: "Add Sam Newperson" });
    expect((person as HTMLInputElement).checked).toBe(true);
    expect(person.getAttribute("value")).toBe("sam newperson");
    const replace = screen.getByRole("checkbox", {
      name: "Replace the 1 starter action with the imported actions (it is deleted)",
    });
    expect((replace as HTMLInputElement).checked).toBe(true);
  });

  it("carries only the draft's revision in hidden fields: the sheet stays on the server", () => {
    const { container } = renderPreview();
    const hidden = [...container.querySelectorAll<HTMLInputElement>("input[type=hidden]")].map((i) => [
      i.name,
      i.value,
    ]);
    expect(hidden).toEqual([
      ["revision", "4"],
      ["personOffered", "sam newperson"],
      ["replaceOffered", "yes"],
    ]);
    expect(screen.getByRole("button", { name: "Import the plan" }).getAttribute("value")).toBe("confirm");
    expect(screen.getByRole("button", { name: "Change the columns" }).getAttribute("value")).toBe("change-columns");
  });
});
