// @vitest-environment jsdom
import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { MeasuresSummaryTable } from "../../app/components/measure-summary";
import { summariseMeasure } from "../../app/domain/measures";
import MeasureDetail from "../../app/routes/measures.$measureId";
import Measures from "../../app/routes/measures._index";
import RecommendationPage from "../../app/routes/recommendations.$recommendationId._index";

function renderRoute(path: string, at: string, Component: React.ComponentType, loader: () => Record<string, unknown>) {
  const Stub = createRemixStub([{ path, Component, loader }]);
  return render(<Stub initialEntries={[at]} />);
}

async function expectNoAxeViolations(container: HTMLElement) {
  const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(" | ")}`)).toEqual([]);
}

const measure = {
  id: 4,
  authority_id: 1,
  authority_name: "Hackney",
  name: "Re-referrals within 12 months",
  unit: "%",
  higher_is_better: false,
  baseline_value: 16.5,
  baseline_period: "2018/19",
  target_value: 16.3,
  target_period: "2020/21",
  notes: "",
  values: [
    { id: 1, measure_id: 4, period: "2017/18", period_end: "2018-03-31", value: 15.5, statistical_neighbours: 15, england: 22, source: "Report" },
    { id: 2, measure_id: 4, period: "2018/19", period_end: "2019-03-31", value: 16.5, statistical_neighbours: 16.3, england: 22.6, source: "Report" },
    { id: 3, measure_id: 4, period: "As at 30 Sept 2019", period_end: "2019-09-30", value: 17.2, statistical_neighbours: null, england: null, source: "Report" },
  ],
  recommendations: [{ measure_id: 4, id: 9, reference: "R-3", text: "Return home interviews.", inspection_title: "ILACS 2024" }],
};

describe("measure pages", () => {
  it("list each measure with a chart, its figures as a table, and the comparisons in words", async () => {
    const { container } = renderRoute("/measures", "/measures", Measures, () => ({ measures: [{ ...measure, summary: summariseMeasure(measure) }], canAdd: true }));
    expect(await screen.findByRole("heading", { name: "Performance measures", level: 1 })).toBeTruthy();
    expect(screen.getByRole("img", { name: /from 15.5% \(2017\/18\) to 17.2% \(As at 30 Sept 2019\)/ })).toBeTruthy();
    expect(screen.getByText("Worsening")).toBeTruthy();
    expect(screen.getByText("Better than England (22.6%, 2018/19)")).toBeTruthy();
    const table = screen.getByRole("table", { name: measure.name, hidden: true });
    expect(within(table).getAllByRole("row", { hidden: true })).toHaveLength(4);
    expect(screen.getByRole("link", { name: "R-3" }).getAttribute("href")).toBe("/recommendations/9");
    await expectNoAxeViolations(container);
  });

  it("offer a lead the value, link and edit forms on a measure's page", async () => {
    const { container } = renderRoute("/measures/:measureId", "/measures/4", MeasureDetail, () => ({
      measure,
      summary: summariseMeasure(measure),
      canManage: true,
      linkable: [{ id: 9, reference: "R-3", text: "Return home interviews.", inspection_id: 2, inspection_title: "ILACS 2024" }],
    }));
    expect(await screen.findByRole("heading", { name: measure.name, level: 1 })).toBeTruthy();
    expect(screen.getByLabelText("Last day of the period")).toBeTruthy();
    expect((screen.getByRole("checkbox", { name: /R-3/ }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole("button", { name: "Record value" })).toBeTruthy();
    await expectNoAxeViolations(container);
  });

  it("show a recommendation's delivery and impact side by side, with the judgement form for a lead", async () => {
    const { container } = renderRoute("/recommendations/:recommendationId", "/recommendations/9", RecommendationPage, () => ({
      recommendation: {
        id: 9,
        reference: "R-3",
        text: "Return home interviews.",
        extracted_text: null,
        section: null,
        timescale: null,
        agencies: [],
        paragraph_number: null,
        due_date: null,
        due_date_rule: "no_timescale",
        version: 1,
        inspection_id: 2,
        inspection_title: "ILACS 2024",
        basis_kind: "publication",
        basis_date: "2024-07-20",
        inspection_removed_at: null,
        authority_id: 1,
        authority_name: "Hackney",
      },
      actions: [{ id: 5, title: "Weekly missing review", sequence: 1, status: "in_progress", target_date: "2025-03-31", risk_flag: null, withdrawn_at: null, position: 2, owner_name: "Daniel Okoro", rag: "green" }],
      measures: [{ ...measure, summary: summariseMeasure(measure) }],
      judgements: [{ id: 1, level: "emerging", rationale: "Audit of 20 cases", judged_at: "2025-03-14T10:00:00.000Z", judged_by_name: "Ruth Adeyemi" }],
      canManage: true,
      graceDays: 28,
    }));
    expect(await screen.findByRole("heading", { name: "Recommendation R-3", level: 1 })).toBeTruthy();
    // A lead can correct each detail the report reader extracted.
    const change = screen.getAllByRole("link").find((link) => link.textContent === "Change timescale");
    expect(change?.getAttribute("href")).toBe("/recommendations/9/edit#timescale");
    expect(screen.getByText("Impact: emerging")).toBeTruthy();
    expect(screen.getByRole("link", { name: /Weekly missing review/ }).getAttribute("href")).toBe("/actions/5");
    expect(screen.getByLabelText("What evidence is this based on?")).toBeTruthy();
    expect(screen.getByRole("radio", { name: "Strong evidence of impact" })).toBeTruthy();
    await expectNoAxeViolations(container);
  });
});

describe("measures summary for the dashboard and board pack", () => {
  it("gives one row per measure with its trend and comparisons", async () => {
    const Panel = () => <MeasuresSummaryTable measures={[measure]} />;
    const { container } = renderRoute("/dashboard", "/dashboard", Panel, () => ({}));
    const table = await screen.findByRole("table", { name: "Performance measures" });
    const row = within(table).getByRole("row", { name: /Re-referrals/ });
    expect(within(row).getByText("17.2% (As at 30 Sept 2019)")).toBeTruthy();
    expect(within(row).getByText("Worsening")).toBeTruthy();
    expect(within(row).getByRole("img", { name: /Re-referrals within 12 months: from 15.5%/ })).toBeTruthy();
    await expectNoAxeViolations(container);
  });
});
