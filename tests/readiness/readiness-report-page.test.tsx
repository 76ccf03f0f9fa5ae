// @vitest-environment jsdom
import { json } from "@remix-run/node";
import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import {
  decideRecommendationArea,
  READINESS_AREAS,
  READINESS_AREA_LABELS,
  summariseArea,
} from "../../app/domain/readiness-areas";
import ReadinessReportPage from "../../app/routes/readiness.report";

const text = "The timely allocation of accommodation for care leavers.";
const recommendation = {
  id: 7,
  reference: "WNI-1",
  text,
  inspection: { id: 2, title: "Hackney ILACS", kind: "ilacs", published: "2024-08-23" },
  decision: decideRecommendationArea({ section: null, heading: null, text }),
  status: "signed_off_with_impact" as const,
  detail: "All actions signed off; impact evidenced",
  actions: [
    {
      id: 11,
      title: "Weekly accommodation panel",
      sequence: 1,
      status: "signed_off" as const,
      targetDate: "2024-10-01",
      ownerName: "Sam Owner",
      signedOffOn: "2024-09-01",
    },
  ],
  impactEvidence: [{ actionId: 11, description: "Accommodation audit, August", date: "2024-08-30" }],
};

describe("readiness report page", () => {
  it("shows history, window, and per area what was asked, done, evidenced and open, accessibly", async () => {
    const report = {
      authority: { id: 1, name: "London Borough of Hackney" },
      today: "2024-09-02",
      judgementHistory: [
        {
          area: "care_leavers",
          label: "Care leavers",
          grades: ["12 July 2024 (ILACS): Requires improvement to be good"],
        },
      ],
      windowLines: ["Last ILACS inspection: Hackney ILACS, 12 July 2024."],
      events: {
        lines: ["Last annual engagement meeting: 10 June 2024."],
        all: [
          {
            id: 7,
            kind: "annual_engagement" as const,
            date: "2024-06-10",
            endDate: null,
            title: "Annual engagement meeting 2024",
            summary: "Self-evaluation discussed.",
            letterName: "aem-2024.pdf",
          },
        ],
      },
      areas: READINESS_AREAS.map((area) => {
        const list = area === "care_leavers" ? [recommendation] : [];
        return {
          area,
          label: READINESS_AREA_LABELS[area],
          themes: [],
          recommendations: list,
          summary: summariseArea(list.map((r) => r.status)),
        };
      }),
    };
    const Stub = createRemixStub([
      {
        path: "/readiness/report",
        Component: ReadinessReportPage,
        loader: () => json({ authorities: [{ id: 1, name: "London Borough of Hackney" }], report }),
      },
    ]);
    const { container } = render(<Stub initialEntries={["/readiness/report"]} />);
    const area = await screen.findByRole("region", { name: "The experiences and progress of care leavers" });
    expect(within(area).getByText("Ready: all 1 signed off with evidence of impact.")).toBeTruthy();
    const done = within(area).getByRole("table", { name: /actions/ });
    expect(within(done).getByRole("row", { name: /Weekly accommodation panel/ }).textContent).toContain(
      "1 September 2024",
    );
    expect(within(area).getByText("WNI-1: Accommodation audit, August (30 August 2024)")).toBeTruthy();
    expect(within(area).getByText("Nothing is still open in this area.")).toBeTruthy();
    expect(screen.getByText("12 July 2024 (ILACS): Requires improvement to be good")).toBeTruthy();
    expect(screen.getByRole("link", { name: /download it as a Word document/ }).getAttribute("href")).toBe(
      "/readiness/report.docx?authority=1",
    );
    expect(container.querySelectorAll(".app-readiness-report__area")).toHaveLength(4);
    const visits = screen.getByRole("region", { name: "Monitoring visits and annual engagement meetings" });
    expect(within(visits).getByText("Last annual engagement meeting: 10 June 2024.")).toBeTruthy();
    expect(
      within(visits)
        .getByRole("link", { name: /aem-2024\.pdf/ })
        .getAttribute("href"),
    ).toBe("/readiness/events/7/letter");
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });
});
