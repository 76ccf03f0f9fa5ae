// @vitest-environment jsdom
import { json } from "@remix-run/node";
import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { RecommendationArea } from "../../app/components/readiness-area-form";
import { decideRecommendationArea, READINESS_AREAS, summariseArea } from "../../app/domain/readiness-areas";
import ReadinessByArea from "../../app/routes/readiness._index";

async function expectNoAxeViolations(container: HTMLElement) {
  const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(" | ")}`)).toEqual([]);
}

const inspection = { id: 2, title: "Hackney ILACS", kind: "ilacs", published: "2024-08-23" };
const careLeaver = (id: number, text: string, status: "overdue" | "signed_off_with_impact") => ({
  id,
  reference: `WNI-${id}`,
  text,
  inspection,
  decision: decideRecommendationArea({ section: null, heading: null, text }),
  status,
  detail: status === "overdue" ? "1 action overdue" : "All actions signed off; impact evidenced",
  actions: [],
  impactEvidence: [],
});

describe("readiness by area page", () => {
  it("shows each area as a task list with statuses, the summary and its rule, accessibly", async () => {
    const recs = [
      careLeaver(1, "The timely allocation of accommodation for care leavers.", "signed_off_with_impact"),
      careLeaver(2, "The consistency of responses to care leavers.", "overdue"),
    ];
    const areas = READINESS_AREAS.map((area) => {
      const list = area === "care_leavers" ? recs : [];
      return { area, recommendations: list, summary: summariseArea(list.map((r) => r.status)) };
    });
    const data = {
      authorities: [
        { id: 1, name: "London Borough of Hackney" },
        { id: 3, name: "Havering" },
      ],
      chosen: { id: 1, name: "London Borough of Hackney" },
      today: "2024-09-02",
      areas,
    };
    const Stub = createRemixStub([{ path: "/readiness", Component: ReadinessByArea, loader: () => json(data) }]);
    const { container } = render(<Stub initialEntries={["/readiness?authority=1"]} />);
    const region = await screen.findByRole("region", { name: "The experiences and progress of care leavers" });
    expect(within(region).getByText("Not ready because 1 of 2 overdue.")).toBeTruthy();
    const items = within(region).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    const link = within(items[1]).getByRole("link", { name: /WNI-2: The consistency of responses to care leavers/ });
    expect(link.getAttribute("href")).toBe("/recommendations/2");
    expect(link.getAttribute("aria-describedby")).toBe("care_leavers-2-hint care_leavers-2-status");
    expect(within(items[1]).getByText("Overdue")).toBeTruthy();
    expect(within(items[1]).getByText(/Why this area: wording: 'care leavers'/)).toBeTruthy();
    expect(within(items[0]).getByText("Signed off with impact evidence")).toBeTruthy();
    expect(container.querySelectorAll(".govuk-task-list")).toHaveLength(1);

    const leaders = screen.getByRole("region", { name: /impact of leaders/ });
    expect(within(leaders).getByText("No recommendation falls under this area.")).toBeTruthy();
    expect(
      screen.getByText(/Ready: every recommendation in the area is signed off with evidence of impact/),
    ).toBeTruthy();

    const nav = screen.getByRole("navigation", { name: "Readiness pages" });
    expect(within(nav).getByRole("link", { name: "Readiness by area" }).getAttribute("aria-current")).toBe("page");
    expect(within(nav).getByRole("link", { name: "Recurring themes" }).getAttribute("href")).toBe(
      "/readiness/themes?authority=1",
    );
    expect(screen.getByRole("link", { name: "Readiness report to print or download" }).getAttribute("href")).toBe(
      "/readiness/report?authority=1",
    );
    await expectNoAxeViolations(container);
  });

  it("shows a recommendation's area, why, and the override form to a lead", async () => {
    const text = "The consistency of responses to care leavers.";
    const rule = decideRecommendationArea({ section: null, heading: null, text });
    const Page = () => (
      <RecommendationArea
        area={{
          decision: { area: "leaders", basis: "override", reason: "set by Priya Lead; the rule gives Care leavers" },
          rule,
          override: { area: "leaders", by: "Priya Lead", at: "2024-09-01T09:00:00.000Z" },
        }}
        canManage
      />
    );
    const Stub = createRemixStub([{ path: "/recommendations/9", Component: Page }]);
    const { container } = render(<Stub initialEntries={["/recommendations/9"]} />);
    const value = (await screen.findByText("Judgement area")).nextElementSibling as HTMLElement;
    expect(value.textContent).toMatch(/^The impact of leaders on social work practice with children and families/);
    expect(
      screen.getByText(/Set by Priya Lead on 1 September 2024 at 10:00am\. The rule would place it under Care leavers/),
    ).toBeTruthy();
    const chosen = screen.getByRole("radio", {
      name: "The impact of leaders on social work practice with children and families",
    }) as HTMLInputElement;
    expect(chosen.checked).toBe(true);
    expect(screen.getByRole("radio", { name: "As the rule decides (Care leavers)" })).toBeTruthy();
    await expectNoAxeViolations(container);
  });
});
