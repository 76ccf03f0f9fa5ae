// @vitest-environment jsdom
import { json } from "@remix-run/node";
import { createRemixStub } from "@remix-run/testing";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import Reminders from "../../app/routes/reminders";

const digest = {
  id: 1,
  kind: "owner_digest",
  subject: "Followthrough: 1 overdue",
  body_text: "Hello Sam,\n\nOverdue (1)\n\n- 1.1 Audit <img src=x onerror=alert(1)> & review\n  Target date: 1 August 2024",
  status: "sent",
  digest_date: "2024-09-02",
  created_at: "2024-09-02T06:00:00.000Z",
  sent_at: "2024-09-02T06:00:01.000Z",
};

function renderPage(outbox: unknown) {
  const Stub = createRemixStub([
    {
      path: "/reminders",
      Component: Reminders,
      loader: () => json({ digests: [digest], outbox, status: null, scope: "Testshire", mailConfigured: false }),
    },
  ]);
  return render(<Stub initialEntries={["/reminders"]} />);
}

describe("Reminders page", () => {
  it("shows a digest's text as text, never as HTML", async () => {
    const { container } = renderPage(null);
    expect(await screen.findByRole("heading", { name: "Reminders" })).toBeTruthy();
    expect(screen.getByText("2 September 2024: Followthrough: 1 overdue")).toBeTruthy();
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("pre")!.textContent).toContain("Audit <img src=x onerror=alert(1)> & review");
    expect(screen.getByText("Sent")).toBeTruthy();
    expect(screen.getByText(/E-mail is not set up/)).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("shows a lead the outbox table with a status filter that works without JavaScript", async () => {
    renderPage({
      items: [{ id: 2, kind: "lead_digest", subject: "Followthrough: 1 action awaiting your sign-off", status: "failed", error: "Connection refused", digest_date: "2024-09-02", created_at: "", sent_at: null, user_name: "Lee Lead" }],
      total: 1,
      page: 1,
      pageCount: 1,
    });
    expect(await screen.findByRole("heading", { name: "Outbox for Testshire" })).toBeTruthy();
    const table = screen.getByRole("table");
    expect(table.textContent).toContain("Lee Lead");
    expect(table.textContent).toContain("Failed");
    expect(table.textContent).toContain("Connection refused");
    const select = screen.getByLabelText("Status") as HTMLSelectElement;
    expect(select.closest("form")!.getAttribute("method")).toBe("get");
  });
});
