// @vitest-environment jsdom
import fs from "node:fs";
import { json } from "@remix-run/node";
import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { InspectionWindowCard } from "../../app/components/inspection-window-card";
import { summariseInspectionWindows } from "../../app/domain/deadlines";
import { buildJudgementTimeline, type HistoryJudgement } from "../../app/domain/judgement-areas";
import JudgementHistory from "../../app/routes/readiness.judgements";

function fixtureJudgements(seed: string, inspectionId: number): HistoryJudgement[] {
  const report = JSON.parse(fs.readFileSync(`db/fixtures/reports/${seed}.expected.json`, "utf8")) as {
    kind: string;
    inspectionEnd: string;
    judgements: { section: string | null; area: string; grade: string }[];
  };
  return report.judgements.map((j) => ({
    inspectionId,
    kind: report.kind,
    title: seed,
    date: report.inspectionEnd,
    ...j,
  }));
}

async function expectNoAxeViolations(container: HTMLElement) {
  const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
  expect(results.violations.map((v) => v.id)).toEqual([]);
}

describe("judgement history page", () => {
  it("shows 2012 SLAC and 2024 ILACS grades per area, the chart's table and the mapping, accessibly", async () => {
    const data = {
      authorities: [
        { id: 1, name: "London Borough of Hackney" },
        { id: 2, name: "Havering" },
      ],
      chosen: { id: 1, name: "London Borough of Hackney" },
      timeline: buildJudgementTimeline([
        ...fixtureJudgements("hackney-2012-slac", 1),
        ...fixtureJudgements("hackney-2024-ilacs", 2),
      ]),
      events: [
        {
          id: 7,
          kind: "annual_engagement",
          date: "2025-06-10",
          endDate: null,
          title: "Annual engagement meeting 2025",
          summary: "Self-evaluation discussed.",
          letterName: "aem-2025.pdf",
        },
      ],
    };
    const Stub = createRemixStub([
      { path: "/readiness/judgements", Component: JudgementHistory, loader: () => json(data) },
    ]);
    const { container } = render(<Stub initialEntries={["/readiness/judgements"]} />);
    const region = await screen.findByRole("region", { name: "The experiences and progress of children in care" });
    const timeline = within(region).getByRole("table", { name: /judgements mapped to this area/ });
    const rows = within(timeline)
      .getAllByRole("row")
      .map((row) =>
        within(row)
          .queryAllByRole("cell")
          .map((cell) => cell.textContent),
      );
    expect(rows).toContainEqual(["1 June 2012", "SLAC", "Staying safe (Looked after children)", "Good", "2: Good"]);
    expect(rows).toContainEqual([
      "12 July 2024",
      "ILACS",
      "The experiences and progress of children in care",
      "Good",
      "2: Good",
    ]);
    const chartTable = within(region).getByRole("table", { name: /grade at each inspection/ });
    expect(within(chartTable).getAllByRole("row")).toHaveLength(3);
    expect(within(region).getByRole("img", { name: /children in care: grade at each inspection/ })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "How older judgements are mapped" })).toBeTruthy();
    expect(screen.getByRole("combobox", { name: "Authority" })).toBeTruthy();
    const visits = screen.getByRole("region", { name: "Monitoring visits and annual engagement meetings" });
    const visitRows = within(visits)
      .getAllByRole("row")
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole("cell")
          .map((cell) => cell.textContent),
      );
    expect(visitRows).toEqual([
      [
        "10 June 2025",
        "Annual engagement meeting",
        "Annual engagement meeting 2025Self-evaluation discussed.",
        "aem-2025.pdf (letter for Annual engagement meeting 2025)",
      ],
    ]);
    expect(
      within(visits)
        .getByRole("link", { name: /aem-2025\.pdf/ })
        .getAttribute("href"),
    ).toBe("/readiness/events/7/letter");
    await expectNoAxeViolations(container);
  });
});

describe("inspection window card", () => {
  it("shows the window, the countdown and a deadline counted from publication, saying so", async () => {
    const [summary] = summariseInspectionWindows(
      [
        {
          inspectionId: 7,
          authorityId: 1,
          authorityName: "Hackney",
          kind: "ilacs",
          title: "ILACS: Hackney",
          isIlacs: true,
          inspectionDate: "2024-07-12",
          receivedDate: "2024-12-13",
          receivedApproximated: true,
          priorityAction: false,
        },
      ],
      "2024-12-20",
    );
    const Stub = createRemixStub([
      { path: "/", Component: () => <InspectionWindowCard authorityId={1} summary={summary} /> },
    ]);
    const { container } = render(<Stub initialEntries={["/"]} />);
    const card = await screen.findByRole("region", { name: "Inspection window and deadlines" });
    expect(card.textContent).toContain("12 January 2027 to 12 January 2028");
    expect(card.textContent).toContain("Opens in 753 days");
    expect(card.textContent).toContain("26 March 2025");
    expect(card.textContent).toContain("65 working days (96 calendar days) left");
    expect(card.textContent).toContain("publication stands in for it");
    expect(
      within(card)
        .getByRole("link", { name: /^Judgement history/ })
        .getAttribute("href"),
    ).toBe("/readiness/judgements?authority=1");
    await expectNoAxeViolations(container);
  });
});
