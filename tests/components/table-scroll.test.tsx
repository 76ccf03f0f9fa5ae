// @vitest-environment jsdom
import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TableScroll } from "../../app/components/table-scroll";

/** jsdom lays nothing out: the region's width and its table's are set by the test. */
let widths = { region: 960, table: 600 };
let resized: (() => void) | undefined;

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, "scrollWidth", "get").mockImplementation(function (this: HTMLElement) {
    return this.classList.contains("app-table-scroll") ? Math.max(widths.table, widths.region) : 0;
  });
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockImplementation(function (this: HTMLElement) {
    return this.classList.contains("app-table-scroll") ? widths.region : 0;
  });
  vi.stubGlobal(
    "ResizeObserver",
    class {
      constructor(callback: () => void) {
        resized = callback;
      }
      observe() {}
      disconnect() {}
    },
  );
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  resized = undefined;
});

function renderTable() {
  render(
    <TableScroll caption="By owner" captionClassName="govuk-table__caption">
      <tbody>
        <tr>
          <td>Sam</td>
        </tr>
      </tbody>
    </TableScroll>,
  );
}

describe("a table's scrolling region", () => {
  it("is a focusable region named by the caption only while the table is wider than it", () => {
    widths = { region: 960, table: 600 };
    renderTable();
    expect(screen.queryByRole("region")).toBeNull();
    expect(document.querySelector(".app-table-scroll")!.hasAttribute("tabindex")).toBe(false);

    widths = { region: 320, table: 600 };
    act(() => resized!());
    const region = screen.getByRole("region", { name: "By owner" });
    expect(region.getAttribute("tabindex")).toBe("0");
    expect(region.querySelector("table")).toBeTruthy();

    widths = { region: 960, table: 600 };
    act(() => resized!());
    expect(screen.queryByRole("region")).toBeNull();
  });

  it("stays a focusable region where sizes cannot be followed", () => {
    vi.unstubAllGlobals();
    vi.stubGlobal("ResizeObserver", undefined);
    renderTable();
    expect(screen.getByRole("region", { name: "By owner" }).getAttribute("tabindex")).toBe("0");
  });
});
