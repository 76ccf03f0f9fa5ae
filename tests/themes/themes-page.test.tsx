// @vitest-environment jsdom
import { json } from "@remix-run/node";
import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { findRecurringThemes, THEMES, type ThemeInput } from "../../app/domain/themes";
import RecurringThemes from "../../app/routes/readiness.themes";
import { hackneyInputs } from "./fixtures";

function renderPage(inputs: ThemeInput[], authorities = [{ id: 1, name: "London Borough of Hackney" }]) {
  const data = {
    authorities,
    chosen: authorities[0],
    inspectionCount: new Set(inputs.map((i) => i.inspectionId)).size,
    recommendationCount: inputs.length,
    groups: findRecurringThemes(inputs),
  };
  const Stub = createRemixStub([{ path: "/readiness/themes", Component: RecurringThemes, loader: () => json(data) }]);
  return render(<Stub initialEntries={["/readiness/themes?authority=1"]} />);
}

async function expectNoAxeViolations(container: HTMLElement) {
  const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
  expect(results.violations.map((v) => v.id)).toEqual([]);
}

describe("recurring themes page", () => {
  it("shows each theme with its inspections, the why sentence and the matched words marked, accessibly", async () => {
    const later: ThemeInput = {
      id: 500,
      inspectionId: 3,
      inspectionLabel: "ILACS 2027",
      inspectionDate: "2027-05-14",
      text: "Ensure that when children go missing from home or care, the information gathered at return home interviews is used to inform planning effectively and reduce future risk.",
    };
    const { container } = renderPage(
      [...hackneyInputs(), later],
      [
        { id: 1, name: "London Borough of Hackney" },
        { id: 2, name: "Havering" },
      ],
    );
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toContain(
      "Recurring themes: London Borough of Hackney",
    );
    const rhi = screen.getByRole("region", { name: "Return home interviews" });
    expect(within(rhi).getByText(/Recurs in 2 inspections/)).toBeTruthy();
    expect(rhi.textContent).toContain("Both mention 'return home interviews' (theme: Return home interviews).");
    expect(within(rhi).getByRole("heading", { level: 3, name: /ILACS 2024\s*Inspected 12 July 2024/ })).toBeTruthy();
    expect(within(rhi).getByRole("heading", { level: 3, name: /ILACS 2027\s*Inspected 14 May 2027/ })).toBeTruthy();
    const marks = Array.from(rhi.querySelectorAll("mark"), (m) => m.textContent);
    expect(marks).toEqual(["return home interviews", "return home interviews"]);

    const careLeavers = screen.getByRole("region", { name: "Care leavers (any aspect)" });
    expect(within(careLeavers).getAllByRole("listitem")).toHaveLength(3);
    expect(Array.from(careLeavers.querySelectorAll("mark"), (m) => m.textContent)).toEqual([
      "care leavers",
      "care leavers",
      "care leavers",
    ]);

    // The authority chooser and the vocabulary behind a details element.
    expect(screen.getByRole("combobox", { name: "Authority" })).toBeTruthy();
    const vocabulary = container.querySelector("details#vocabulary")!;
    expect(vocabulary.textContent).toContain(`The theme vocabulary (${THEMES.length} themes)`);
    expect(vocabulary.textContent).toContain("“reflective supervision”");
    expect(screen.getByRole("navigation", { name: "Readiness pages" })).toBeTruthy();
    await expectNoAxeViolations(container);
  });

  it("says plainly when nothing recurs", async () => {
    const { container } = renderPage(hackneyInputs().filter((i) => i.inspectionId === 2));
    expect(await screen.findByText(/Themes can only recur once there are at least two inspections\./)).toBeTruthy();
    expect(container.querySelectorAll("mark")).toHaveLength(0);
    await expectNoAxeViolations(container);
  });
});
