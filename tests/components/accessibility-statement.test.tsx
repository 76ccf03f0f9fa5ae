// @vitest-environment jsdom
import { createRemixStub } from "@remix-run/testing";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import AccessibilityStatement from "../../app/routes/accessibility";

describe("accessibility statement", () => {
  it("states the standard, the known limitations and how to report problems", () => {
    const Stub = createRemixStub([{ path: "/accessibility", Component: AccessibilityStatement }]);
    render(<Stub initialEntries={["/accessibility"]} />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Accessibility statement for Followthrough");
    expect(screen.getByText(/WCAG\) version 2.2 at level AA/)).toBeTruthy();
    for (const name of ["How accessible this service is", "Reporting accessibility problems", "Enforcement procedure"]) {
      expect(screen.getByRole("heading", { name })).toBeTruthy();
    }
  });
});
