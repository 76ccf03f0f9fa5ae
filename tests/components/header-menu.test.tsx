// @vitest-environment jsdom
import { createRemixStub } from "@remix-run/testing";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Layout } from "../../app/components/layout";

const user = { name: "Ruth Adeyemi", role: "improvement_lead" as const, authorityName: "Hackney" };

/** A window whose width matches the desktop breakpoint or not, and can be resized. */
function fakeScreen(desktop: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    get matches() {
      return desktop;
    },
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  };
  vi.stubGlobal(
    "matchMedia",
    vi.fn(() => query),
  );
  return {
    resize(toDesktop: boolean) {
      desktop = toDesktop;
      act(() => listeners.forEach((listener) => listener()));
    },
  };
}

function renderLayout() {
  const Page = () => (
    <Layout user={user} flash={null}>
      <h1>Page</h1>
    </Layout>
  );
  const Stub = createRemixStub([
    { path: "/dashboard", Component: Page },
    { path: "/overdue", Component: Page },
  ]);
  render(<Stub initialEntries={["/dashboard"]} />);
}

const list = () => document.getElementById("navigation")!;

describe("the header's navigation on a narrow screen", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("folds behind a Menu button that opens and closes it, and folds again after a link is followed", async () => {
    fakeScreen(false);
    renderLayout();
    const button = await screen.findByRole("button", { name: "Menu" });
    expect(button.hidden).toBe(false);
    expect(button.getAttribute("aria-controls")).toBe("navigation");
    expect(button.getAttribute("aria-expanded")).toBe("false");
    expect(list().hidden).toBe(true);

    fireEvent.click(button);
    expect(button.getAttribute("aria-expanded")).toBe("true");
    expect(list().hidden).toBe(false);

    fireEvent.click(screen.getByRole("link", { name: "Overdue" }));
    expect(await screen.findByRole("button", { name: "Menu", expanded: false })).toBe(button);
    expect(list().hidden).toBe(true);
  });

  it("shows the whole list and no button on a wide screen, following the window as it is resized", async () => {
    const screenSize = fakeScreen(true);
    renderLayout();
    await screen.findByRole("heading", { name: "Page" });
    expect(screen.queryByRole("button", { name: "Menu" })).toBeNull();
    expect(list().hidden).toBe(false);

    screenSize.resize(false);
    expect(screen.getByRole("button", { name: "Menu" }).getAttribute("aria-expanded")).toBe("false");
    expect(list().hidden).toBe(true);
    screenSize.resize(true);
    expect(screen.queryByRole("button", { name: "Menu" })).toBeNull();
    expect(list().hidden).toBe(false);
  });
});
