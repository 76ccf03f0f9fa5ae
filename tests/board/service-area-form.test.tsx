// @vitest-environment jsdom
import { createRemixStub } from "@remix-run/testing";
import { render, screen } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { ActionForms, type FailedSubmission } from "../../app/components/action-forms";
import type { ActionView } from "../../app/components/action-summary";

const action = {
  id: 7,
  title: "Improve supervision",
  status: "in_progress",
  version: 3,
  target_date: "2024-12-01",
  baseline_target_date: "2024-11-01",
  risk_flag: null,
  risk_reason: null,
  owner_id: 2,
  evidence: [],
} as unknown as ActionView;

function renderForms(
  can: { work: boolean; manage: boolean; signOff: boolean },
  serviceArea: string | null,
  failed: FailedSubmission | null = null,
) {
  const Stub = createRemixStub([
    {
      path: "/actions/7",
      Component: () => (
        <ActionForms action={action} can={can} assignable={[]} serviceArea={serviceArea} failed={failed} />
      ),
    },
  ]);
  return render(<Stub initialEntries={["/actions/7"]} />);
}

describe("the service area form on the action page", () => {
  it("shows a lead the current service area in a form that posts its intent and version", async () => {
    const { container } = renderForms({ work: true, manage: true, signOff: true }, "Children in care");
    const field = screen.getByRole("textbox", { name: "Which service delivers this action?" }) as HTMLInputElement;
    expect(field.value).toBe("Children in care");
    const form = field.closest("form")!;
    expect(form.getAttribute("method")).toBe("post");
    expect((form.querySelector('input[name="intent"]') as HTMLInputElement).value).toBe("service_area");
    expect((form.querySelector('input[name="version"]') as HTMLInputElement).value).toBe("3");
    expect(screen.getByRole("button", { name: "Save service area" })).toBeTruthy();
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it("keeps the typed value and shows the error after a refusal", () => {
    renderForms({ work: true, manage: true, signOff: true }, null, {
      intent: "service_area",
      errors: { serviceArea: "Keep the service area under 100 characters" },
      submitted: { serviceArea: "Too long" },
    });
    const field = screen.getByRole("textbox", { name: "Which service delivers this action?" }) as HTMLInputElement;
    expect(field.value).toBe("Too long");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Keep the service area under 100 characters")).toBeTruthy();
  });

  it("is not offered to an owner or a board member", () => {
    renderForms({ work: true, manage: false, signOff: false }, "Early help");
    expect(screen.queryByRole("heading", { name: "Service area" })).toBeNull();
  });
});
