// @vitest-environment jsdom
import { json } from "@remix-run/node";
import { createRemixStub } from "@remix-run/testing";
import { render, screen } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import Board from "../../app/routes/board";

const counts = {
  total: 2,
  not_started: 0,
  in_progress: 1,
  awaiting_sign_off: 0,
  signed_off: 1,
  red: 1,
  amber: 0,
  grey: 0,
  green: 0,
  blue: 1,
  overdue: 1,
  due_soon: 0,
  no_target_date: 0,
};
const group = (key: string, label: string) => ({ ...counts, key, label, filter: null });

function page(asAt: string, errors: { asAt: string } | null = null) {
  const data = {
    authorities: [
      { id: 1, name: "Alpha" },
      { id: 2, name: "Beta" },
    ],
    authorityId: 1,
    today: "2024-11-15",
    asAtInput: errors ? "31/2/2024" : "",
    errors,
    amberWindowDays: 14,
    board: {
      authority: { id: 1, name: "Alpha" },
      asAt,
      totals: counts,
      inspections: [
        {
          ...group("10", "Inspection of Alpha"),
          sections: [
            {
              ...group("safeguarding|immediately", "Safeguarding, immediately"),
              section: "Safeguarding",
              timescale: "Immediately",
            },
          ],
        },
      ],
      byTimescale: [group("immediately", "Immediately")],
      byOwner: [group("none", "Not assigned")],
      byServiceArea: [group("Not set", "Not set")],
      byPartnerAgency: [group("NHS Trust", "NHS Trust")],
      trend: [{ date: asAt, red: 1, amber: 0, grey: 0, green: 0, blue: 1 }],
    },
  };
  const Stub = createRemixStub([{ path: "/board", Component: Board, loader: () => json(data) }]);
  return render(<Stub initialEntries={["/board"]} />);
}

async function expectNoAxeViolations(container: HTMLElement) {
  // jsdom does no layout, so colour contrast is left to the browser tests.
  const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(" | ")}`)).toEqual([]);
}

describe("board page", () => {
  it("says when it is showing a reconstructed past date", async () => {
    const { container } = page("2024-10-05");
    expect(await screen.findByText("As at 5 October 2024")).toBeTruthy();
    expect(screen.getByText(/reconstructed from the history/, { selector: ".govuk-inset-text" })).toBeTruthy();
    expect(screen.getByRole("combobox", { name: "Authority" })).toBeTruthy();
    for (const name of [
      "By inspection",
      "By section and timescale",
      "By timescale",
      "By owner",
      "By service area",
      "By partner agency",
      "RAG over time",
    ]) {
      expect(screen.getByRole("heading", { name })).toBeTruthy();
    }
    expect(screen.getAllByRole("img").length).toBe(6);
    // Each table (the trend's numbers too) scrolls in its own focusable region, named by its caption.
    const regions = screen.getAllByRole("region");
    expect(
      regions.map(
        (r) =>
          r.getAttribute("aria-labelledby") && document.getElementById(r.getAttribute("aria-labelledby")!)?.tagName,
      ),
    ).toEqual(Array(7).fill("CAPTION"));
    expect(regions).toHaveLength(document.querySelectorAll("table").length);
    expect(screen.getByRole("region", { name: "By owner" }).getAttribute("tabindex")).toBe("0");
    expect(screen.getByRole("region", { name: "By service area" }).querySelector("table")).toBeTruthy();
    // The pack as files, as at the date shown.
    expect(screen.getByRole("heading", { name: "Download the board pack as at 5 October 2024" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Word (.docx) board pack" }).getAttribute("href")).toBe(
      "/board/pack/docx?authority=1&asAt=2024-10-05",
    );
    expect(screen.getByRole("link", { name: "Excel (.xlsx) board pack" }).getAttribute("href")).toBe(
      "/board/pack/xlsx?authority=1&asAt=2024-10-05",
    );
    expect(screen.getByRole("link", { name: "CSV board pack" }).getAttribute("href")).toBe(
      "/board/pack/csv?authority=1&asAt=2024-10-05",
    );
    expect(screen.getByRole("link", { name: "Board pack as at 5 October 2024" }).getAttribute("href")).toBe(
      "/board/pack?authority=1&asAt=2024-10-05",
    );
    await expectNoAxeViolations(container);
  });

  it("shows the date error in a summary and on the field", async () => {
    const { container } = page("2024-11-15", { asAt: "Enter a real date, for example 1/7/2024 or 1 July 2024" });
    expect(await screen.findByRole("alert")).toBeTruthy();
    const field = screen.getByRole("textbox", { name: "As at" });
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect((field as HTMLInputElement).value).toBe("31/2/2024");
    expect(screen.queryByText(/reconstructed from the history/, { selector: ".govuk-inset-text" })).toBeNull();
    // Today's board downloads today's pack: no date in the links.
    expect(screen.getByRole("link", { name: "CSV board pack" }).getAttribute("href")).toBe(
      "/board/pack/csv?authority=1",
    );
    await expectNoAxeViolations(container);
  });
});
