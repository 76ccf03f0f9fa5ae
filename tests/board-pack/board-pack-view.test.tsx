// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { BoardPackView } from "../../app/components/board-pack-view";
import type { BoardPack } from "../../app/models/board-pack.server";

const action = {
  id: 1,
  number: "1.1",
  title: "Audit supervision",
  owner: "Sam Owner",
  serviceArea: "Children in care",
  targetDate: "2024-09-20",
  baselineTargetDate: "2024-08-31",
  status: "in_progress",
  statusLabel: "In progress",
  rag: "red",
  ragLabel: "Red",
  overdue: true,
  latestUpdate: { date: "2024-09-15", body: "Audit under way" },
  evidence: [{ description: "Terms of reference", kind: "note", purpose: "completion", date: null }],
} as const;

const pack: BoardPack = {
  authority: { id: 1, name: "Alpha", protectiveMarking: "OFFICIAL" },
  meeting: null,
  choices: {
    inspectionIds: [1],
    sections: ["summary", "exceptions", "plan", "measures"],
    detail: "full",
    order: "plan",
  },
  coverage: [{ id: 1, title: "Inspection of Alpha", published: "2024-07-20", open: true, included: true, actions: 1 }],
  executiveSummary: "",
  changes: null,
  asAt: "2024-10-01",
  amberWindowDays: 14,
  summary: {
    total: 1,
    signedOff: 0,
    percentSignedOff: 0,
    red: 1,
    amber: 0,
    green: 0,
    blue: 0,
    grey: 0,
    overdue: 1,
    noTargetDate: 0,
  },
  ragKey: [{ rag: "red", label: "Red", definition: "overdue" }],
  exceptions: [
    {
      actionId: 1,
      number: "1.1",
      title: "Audit supervision",
      owner: "Sam Owner",
      reason: "Overdue since 20 September 2024",
      targetDate: "2024-09-20",
      recoveryDate: "2024-10-31",
      commentary: null,
    },
  ],
  inspections: [
    {
      id: 1,
      title: "Inspection of Alpha",
      published: "2024-07-20",
      counts: { total: 1, red: 1, amber: 0, green: 0, blue: 0, grey: 0 },
      recommendations: [
        {
          id: 1,
          number: 1,
          reference: "R1",
          paragraph: "12",
          section: "Safeguarding",
          text: "Improve supervision.",
          impactLevel: null,
          counts: { total: 1, red: 1, amber: 0, green: 0, blue: 0, grey: 0 },
          worstRag: "red",
          actions: [{ ...action, evidence: [...action.evidence] }],
          measureIds: [4],
        },
      ],
    },
  ],
  measures: [
    {
      id: 4,
      name: "Re-referrals",
      unit: "%",
      higherIsBetter: false,
      baseline: "22% (2017-18)",
      target: "15% (2020-21)",
      targetValue: 15,
      latest: { period: "2018-19", value: 19.5, statisticalNeighbours: 21, england: 22.6 },
      values: [
        { period: "2017-18", value: 22, statisticalNeighbours: 21.5, england: 22.6 },
        { period: "2018-19", value: 19.5, statisticalNeighbours: 21, england: 22.6 },
      ],
      recommendations: ["1 (R1)"],
    },
  ],
};

describe("the printable board pack", () => {
  it("puts each wide table in a focusable scrolling region named by its caption, and draws the measure's trend", async () => {
    const { container } = render(<BoardPackView pack={pack} />);
    const regions = screen.getAllByRole("region");
    expect(regions.map((r) => r.getAttribute("tabindex"))).toEqual(["0", "0"]);
    expect(
      screen.getByRole("region", { name: "Red actions with their reasons and recovery dates" }).querySelector("table"),
    ).toBeTruthy();
    expect(screen.getByRole("region", { name: "Actions for recommendation 1" }).textContent).toContain(
      "Audit supervision",
    );
    expect(screen.getByRole("img", { name: "Re-referrals: from 22% (2017-18) to 19.5% (2018-19)" })).toBeTruthy();
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(" | ")}`)).toEqual([]);
  });
});
