// @vitest-environment jsdom
import { createRemixStub } from "@remix-run/testing";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ActionForms } from "../../app/components/action-forms";
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
} as unknown as ActionView;

function renderForms(
  can: { work: boolean; manage: boolean; signOff: boolean },
  overrides: Partial<ActionView> = {},
  failed: Parameters<typeof ActionForms>[0]["failed"] = null,
) {
  const Stub = createRemixStub([
    {
      path: "/actions/7",
      Component: () => (
        <ActionForms
          action={{ ...action, ...overrides }}
          can={can}
          assignable={[{ id: 2, name: "Sam Owner" }]}
          failed={failed}
        />
      ),
    },
  ]);
  return render(<Stub initialEntries={["/actions/7"]} />);
}

describe("ActionForms", () => {
  it("shows a board member no forms, only a read-only note", () => {
    renderForms({ work: false, manage: false, signOff: false });
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.getByText(/You can read this action/)).toBeTruthy();
  });

  it("shows an owner progress, evidence, flag and submit, but not owner or target date", () => {
    renderForms({ work: true, manage: false, signOff: false });
    expect(screen.getByRole("heading", { name: "Add a progress update" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Add evidence" })).toBeTruthy();
    expect(screen.getByRole("radio", { name: "Submit for sign-off" })).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Assign an owner" })).toBeNull();
    expect(screen.queryByRole("heading", { name: "Change the target date" })).toBeNull();
    expect(screen.queryByRole("radio", { name: "Sign off" })).toBeNull();
  });

  it("offers a lead sign-off and send back when the action awaits sign-off", () => {
    renderForms({ work: true, manage: true, signOff: true }, { status: "awaiting_sign_off" } as Partial<ActionView>);
    expect(screen.getByRole("radio", { name: "Sign off" })).toBeTruthy();
    expect(screen.getByRole("radio", { name: "Send back" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Assign an owner" })).toBeTruthy();
  });

  it("carries the version in every edit form and keeps the user's input after a refusal", () => {
    const { container } = renderForms(
      { work: true, manage: true, signOff: true },
      {},
      {
        intent: "target",
        errors: { targetDate: "Enter a real date, for example 31/03/2025 or 31 March 2025" },
        submitted: { targetDate: "31/02/2025", targetReason: "Waiting for recruitment" },
      },
    );
    const versions = [...container.querySelectorAll<HTMLInputElement>('input[name="version"]')].map((i) => i.value);
    expect(versions.length).toBeGreaterThanOrEqual(4);
    expect(new Set(versions)).toEqual(new Set(["3"]));
    const date = screen.getByRole("textbox", { name: "New target date" }) as HTMLInputElement;
    expect(date.value).toBe("31/02/2025");
    expect(date.getAttribute("aria-invalid")).toBe("true");
    expect((screen.getByRole("textbox", { name: "Why is it changing?" }) as HTMLTextAreaElement).value).toBe(
      "Waiting for recruitment",
    );
    expect(screen.getByText(/Enter a real date/)).toBeTruthy();
  });
  it("lists for withdrawal only the evidence this person may withdraw now", () => {
    const evidence = [
      { id: 1, description: "Lead's audit" },
      { id: 2, description: "Owner's minutes" },
    ];
    const Stub = createRemixStub([
      {
        path: "/actions/7",
        Component: () => (
          <ActionForms
            action={{ ...action, evidence } as unknown as ActionView}
            can={{ work: true, manage: false, signOff: false }}
            withdrawableEvidenceIds={[2]}
            assignable={[]}
            failed={null}
          />
        ),
      },
    ]);
    render(<Stub initialEntries={["/actions/7"]} />);
    const links = [...document.querySelectorAll("a")].filter((a) => a.textContent?.startsWith("Withdraw evidence"));
    expect(links.map((l) => l.getAttribute("href"))).toEqual(["/evidence/2/delete"]);
  });

  it("offers no withdrawal when nothing may be withdrawn", () => {
    const Stub = createRemixStub([
      {
        path: "/actions/7",
        Component: () => (
          <ActionForms
            action={{ ...action, evidence: [{ id: 1, description: "Audit" }] } as unknown as ActionView}
            can={{ work: true, manage: true, signOff: true }}
            assignable={[]}
            failed={null}
          />
        ),
      },
    ]);
    render(<Stub initialEntries={["/actions/7"]} />);
    expect(screen.queryByText("Withdraw evidence added by mistake")).toBeNull();
  });
});
