// @vitest-environment jsdom
import { createRemixStub } from "@remix-run/testing";
import { render, screen } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { ActionHistory } from "../../app/components/action-history";
import type { ActionView } from "../../app/components/action-summary";
import AddEvidence from "../../app/routes/actions.$actionId_.evidence";
import AuditLog from "../../app/routes/audit";
import WithdrawEvidence from "../../app/routes/evidence.$evidenceId.delete";

function renderRoute(path: string, at: string, Component: React.ComponentType, loader: () => Record<string, unknown>) {
  const Stub = createRemixStub([{ path, Component, loader }]);
  return render(<Stub initialEntries={[at]} />);
}

async function expectNoAxeViolations(container: HTMLElement) {
  // jsdom does no layout, so colour contrast is left to the browser tests.
  const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(" | ")}`)).toEqual([]);
}

describe("evidence pages", () => {
  it("offers a note, a link or a file, with the limits in the hints", async () => {
    const { container } = renderRoute("/actions/:actionId/evidence", "/actions/7/evidence", AddEvidence, () => ({
      action: { id: 7, title: "Improve supervision", reference: "WNI-1", authorityName: "Hackney" },
    }));
    expect(await screen.findByRole("heading", { name: "Add evidence", level: 1 })).toBeTruthy();
    expect(screen.getByRole("radio", { name: "File upload" })).toBeTruthy();
    expect(screen.getByRole("radio", { name: "Impact" })).toBeTruthy();
    expect(screen.getByText(/smaller than 25 MB/)).toBeTruthy();
    const form = container.querySelector("form")!;
    expect(form.getAttribute("enctype")).toBe("multipart/form-data");
    expect(form.getAttribute("action")).toBe("/actions/7/evidence");
    expect(screen.getByLabelText("File (for a file upload)").getAttribute("type")).toBe("file");
    await expectNoAxeViolations(container);
  });

  it("asks for a reason before withdrawing, and explains when it cannot", async () => {
    const item = {
      id: 3,
      description: "Audit",
      fileName: "audit.pdf",
      url: null,
      actionId: 7,
      actionTitle: "Improve supervision",
    };
    const { container, unmount } = renderRoute(
      "/evidence/:evidenceId/delete",
      "/evidence/3/delete",
      WithdrawEvidence,
      () => ({
        item,
        notNow: null,
      }),
    );
    expect(await screen.findByRole("textbox", { name: "Why is it being withdrawn?" })).toBeTruthy();
    await expectNoAxeViolations(container);
    unmount();
    renderRoute("/evidence/:evidenceId/delete", "/evidence/3/delete", WithdrawEvidence, () => ({
      item,
      notNow: "This action has been signed off, so its evidence cannot be withdrawn. Reopen the action first.",
    }));
    expect(await screen.findByText(/signed off, so its evidence cannot be withdrawn/)).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("lists a file with a download link, its type and size", async () => {
    const action = {
      updates: [],
      history: [],
      evidence: [
        {
          id: 5,
          kind: "file",
          purpose: "impact",
          description: "Case audit",
          url: null,
          evidence_date: "2025-03-31",
          file_name: "audit.pdf",
          file_size: 1_258_291,
          file_type: "pdf",
          created_at: "2025-04-01T09:00:00.000Z",
          added_by_name: "Sam Owner",
        },
      ],
    } as unknown as ActionView;
    render(<ActionHistory action={action} />);
    const link = screen.getByRole("link", { name: "audit.pdf" });
    expect(link.getAttribute("href")).toBe("/evidence/5/download");
    expect(screen.getByText("(PDF, 1.2 MB)")).toBeTruthy();
  });
});

describe("audit log page", () => {
  it("shows entries in plain English with links to actions, filters and the CSV link", async () => {
    const { container } = renderRoute("/audit", "/audit?event=action.evidence_withdrawn&page=2", AuditLog, () => ({
      items: [
        {
          id: 1,
          at: "2024-07-01T13:05:00.000Z",
          entity_type: "action",
          entity_id: 42,
          event: "action.evidence_withdrawn",
          before: JSON.stringify({ description: "Old audit" }),
          after: JSON.stringify({ reason: "Wrong file" }),
          user_name: "Lee Lead",
          authority_name: "Hackney",
        },
      ],
      total: 51,
      page: 2,
      pageCount: 2,
      options: { events: ["action.evidence_withdrawn"], users: [{ id: 1, name: "Lee Lead" }] },
      authorities: [{ id: 1, name: "Hackney" }],
      isAdmin: true,
      values: { authority: "", entity: "", event: "action.evidence_withdrawn", user: "", from: "", to: "", action: "" },
      errors: {},
    }));
    expect(await screen.findByRole("heading", { name: "Audit log" })).toBeTruthy();
    const row = screen.getByRole("row", { name: /Lee Lead/ });
    expect(row.textContent).toContain("1 July 2024 at 2:05pm");
    expect(row.textContent).toContain("Evidence withdrawn: Old audit: “Wrong file”");
    expect(screen.getByRole("link", { name: "Action 42" }).getAttribute("href")).toBe("/actions/42");
    expect(screen.getByRole("link", { name: "Download as CSV" }).getAttribute("href")).toBe(
      "/audit.csv?event=action.evidence_withdrawn",
    );
    expect(screen.getByRole("combobox", { name: "Authority" })).toBeTruthy();
    await expectNoAxeViolations(container);
  });
});
