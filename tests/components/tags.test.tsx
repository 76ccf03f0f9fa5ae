// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ErrorSummary } from "../../app/components/forms";
import { RagTag, StatusTag } from "../../app/components/tags";

describe("tags", () => {
  it("names the RAG rating in words, not only colour", () => {
    render(<RagTag rag="amber" />);
    expect(screen.getByText("Amber").className).toMatch(/app-tag--amber/);
  });
  it("shows status labels", () => {
    render(<StatusTag status="awaiting_sign_off" />);
    expect(screen.getByText("Awaiting sign-off")).toBeTruthy();
  });
});

describe("ErrorSummary", () => {
  it("links each error to its field", () => {
    render(<ErrorSummary errors={{ body: "Enter the progress update", other: undefined }} />);
    const link = screen.getByRole("link", { name: "Enter the progress update" });
    expect(link.getAttribute("href")).toBe("#body");
    expect(screen.getByRole("alert")).toBeTruthy();
  });
  it("renders nothing without errors", () => {
    const { container } = render(<ErrorSummary errors={{}} />);
    expect(container.innerHTML).toBe("");
  });
});

describe("ErrorSummary and the page title", () => {
  it("prefixes the title with Error: and focuses the summary while there are errors", () => {
    document.title = "Add evidence – Followthrough";
    const { unmount } = render(<ErrorSummary errors={{ description: "Describe the evidence" }} />);
    expect(document.title).toBe("Error: Add evidence – Followthrough");
    expect(document.activeElement?.getAttribute("role")).toBe("alert");
    unmount();
    expect(document.title).toBe("Add evidence – Followthrough");
  });
});
