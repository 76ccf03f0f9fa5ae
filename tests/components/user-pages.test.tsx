// @vitest-environment jsdom
import { createRemixStub } from "@remix-run/testing";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { PASSWORD_HINT } from "../../app/domain/passwords";
import Account from "../../app/routes/account";
import AdminUser from "../../app/routes/admin.users.$userId";
import AdminUsers from "../../app/routes/admin.users._index";
import NewUser from "../../app/routes/admin.users.new";
import SetPassword from "../../app/routes/set-password.$token";

const authorities = [{ id: 1, name: "Hackney" }];
const listed = {
  id: 2,
  name: "Dee Activated",
  email: "dee@hackney.gov.uk",
  role: "service_manager",
  authority_id: 1,
  authority_name: "Hackney",
  active: 0,
  pending: 0,
  password_set_at: "2024-09-01T09:00:00.000Z",
  last_signed_in_at: "2024-09-02T13:05:00.000Z",
  open_actions: 3,
  status: "deactivated",
};

function renderRoute(path: string, Component: React.ComponentType, loader: () => Record<string, unknown>) {
  const Stub = createRemixStub([{ path, Component, loader }]);
  render(<Stub initialEntries={[path.replace(":userId", "2").replace(":token", "t")]} />);
}

describe("user pages", () => {
  it("lists users with status, open actions and last sign-in, marking the deactivated", async () => {
    renderRoute("/admin/users", AdminUsers, () => ({ users: [listed], authorities, authorityId: null }));
    expect(await screen.findByRole("heading", { name: "Users", level: 1 })).toBeTruthy();
    const row = screen.getByRole("row", { name: /Dee Activated/ });
    expect(row.textContent).toContain("(deactivated)");
    expect(row.textContent).toContain("Deactivated");
    expect(row.textContent).toContain("2 September 2024 at 2:05pm");
    expect(screen.getByRole("link", { name: "Add a user" }).getAttribute("href")).toBe("/admin/users/new");
    expect(screen.getByRole("combobox", { name: "Authority" })).toBeTruthy();
  });

  it("offers both ways to give a new user a password, with the policy in the hint", async () => {
    renderRoute("/admin/users/new", NewUser, () => ({ authorities, invitationDays: 7 }));
    expect(await screen.findByRole("heading", { name: "Add a user" })).toBeTruthy();
    expect(screen.getByRole("radio", { name: "Give them a link to choose their own password" })).toBeTruthy();
    expect(screen.getByRole("radio", { name: "Administrator" })).toBeTruthy();
    expect(screen.getByText(PASSWORD_HINT)).toBeTruthy();
  });

  it("shows a one-time link once, and the forms that fit the user's status", async () => {
    const user = { ...listed, active: 1, status: "active", created_at: "2024-09-01T09:00:00.000Z" };
    renderRoute("/admin/users/:userId", AdminUser, () => ({
      user,
      authorities,
      openInvitation: { created_at: "2024-09-02T09:00:00.000Z", expires_at: "2024-09-09T09:00:00.000Z" },
      sessions: 2,
      invitationUrl: "http://localhost/set-password/abc",
      isSelf: false,
      signIn: {
        secondFactor: { enabled: true, enabledAt: null, recoveryCodesLeft: 9 },
        councilSso: false,
        passwordSignInOff: false,
      },
    }));
    expect(await screen.findByText("http://localhost/set-password/abc")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Reset password" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Deactivate Dee Activated" })).toBeTruthy();
    expect(screen.getByText("2 devices")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Reset Dee Activated's second factor" })).toBeTruthy();
    expect(screen.getByRole("textbox", { name: "Full name" })).toHaveProperty("value", "Dee Activated");
  });

  it("asks for the current and new password on your account page", async () => {
    renderRoute("/account", Account, () => ({
      user: { name: "Bo", email: "bo@x.gov.uk", role: "board_member", authorityName: null },
    }));
    expect(await screen.findByRole("heading", { name: "Your account" })).toBeTruthy();
    expect(screen.getByLabelText("Current password")).toBeTruthy();
    expect(screen.getByLabelText("New password")).toBeTruthy();
  });

  it("explains a link that has expired or been used", async () => {
    renderRoute("/set-password/:token", SetPassword, () => ({ invitation: null }));
    expect(await screen.findByRole("heading", { name: "This link has expired or has already been used" })).toBeTruthy();
  });
});
