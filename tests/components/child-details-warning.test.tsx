// @vitest-environment jsdom
import fs from "node:fs";
import path from "node:path";
import { createRemixStub } from "@remix-run/testing";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ActionForms } from "../../app/components/action-forms";
import type { ActionView } from "../../app/components/action-summary";
import { NO_CHILD_DETAILS, TextArea, TextField } from "../../app/components/forms";
import { InspectionEventForm } from "../../app/components/inspection-event-form";
import { MeasureFields } from "../../app/components/measure-form";

// PRODUCT.md: the app holds no child-level personal data. Every box for free text says so, in one
// wording the field components add themselves, and no hint invites details of children.

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

function inRemix(element: React.ReactElement) {
  const Stub = createRemixStub([{ path: "/", Component: () => element }]);
  return render(<Stub initialEntries={["/"]} />);
}

/** The text a screen reader announces with a field: its hint and error, from aria-describedby. */
function description(field: HTMLElement): string {
  return (field.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? "")
    .join(" ");
}

describe("the warning about children's details", () => {
  it("is part of every text box's hint, after its own hint, announced with the field", () => {
    inRemix(
      <>
        <TextArea name="plain" label="Plain" />
        <TextArea name="hinted" label="Hinted" hint="Say what happened" />
        <TextArea name="reason" label="Reason" hint="Why it moved." error="Enter a reason" />
      </>,
    );
    expect(description(screen.getByLabelText("Plain"))).toBe(NO_CHILD_DETAILS);
    expect(description(screen.getByLabelText("Hinted"))).toBe(`Say what happened. ${NO_CHILD_DETAILS}`);
    expect(description(screen.getByLabelText("Reason"))).toBe(
      `Why it moved. ${NO_CHILD_DETAILS} Error: Enter a reason`,
    );
  });

  it("is on a one-line field only when it takes the person's own words", () => {
    inRemix(
      <>
        <TextField name="title" label="Title" freeText />
        <TextField name="email" label="Email address" />
      </>,
    );
    expect(description(screen.getByLabelText("Title"))).toBe(NO_CHILD_DETAILS);
    expect(description(screen.getByLabelText("Email address"))).toBe("");
  });

  it("is on every text box of the action page: reasons, progress, evidence, descriptions", () => {
    inRemix(
      <ActionForms action={action} can={{ work: true, manage: true, signOff: true }} assignable={[]} failed={null} />,
    );
    const boxes = document.querySelectorAll("textarea");
    expect(boxes.length).toBeGreaterThanOrEqual(7);
    for (const box of boxes) expect(description(box as HTMLElement)).toContain(NO_CHILD_DETAILS);
    expect(description(screen.getByLabelText("Title"))).toContain(NO_CHILD_DETAILS);
  });

  it("is on a measure's notes", () => {
    inRemix(<MeasureFields values={{}} errors={undefined} />);
    expect(description(screen.getByLabelText("Notes (optional)"))).toContain(NO_CHILD_DETAILS);
  });

  it("is on an Ofsted visit's or meeting's title and summary, ", () => {
    inRemix(<InspectionEventForm values={{}} submit="Record it" />);
    expect(description(screen.getByLabelText("Title"))).toContain(NO_CHILD_DETAILS);
    expect(description(screen.getByLabelText("Short summary (optional)"))).toContain(NO_CHILD_DETAILS);
    expect(description(screen.getByLabelText("Date (the first day of a visit)"))).not.toContain(NO_CHILD_DETAILS);
  });

  it("is never contradicted: no hint or label invites details of children or families", () => {
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? files(full) : /\.tsx$/.test(entry.name) ? [full] : [];
      });
    const inviting = files("app").filter((file) =>
      /feedback from (children|young people|famil)|(?<!not\s+)(describe|name|tell us about) (the |a |each )?child/i.test(
        fs.readFileSync(file, "utf8"),
      ),
    );
    expect(inviting).toEqual([]);
  });
});
