import { describe, expect, it } from "vitest";
import { eventReason, kindFromSlug, redactionNotice, redactionPath, scrubSnapshot } from "./redaction";

const NOTICE = redactionNotice("Ada Admin", "6 December 2026", " It named a child ");

describe("redaction", () => {
  it("writes the notice with who, when and why", () => {
    expect(NOTICE).toBe("Removed by Ada Admin on 6 December 2026: It named a child");
  });

  it("addresses each kind of removal, and reads the address back", () => {
    expect(redactionPath("progress_update", 12)).toBe("/redact/progress-update/12");
    expect(kindFromSlug("event-reason")).toBe("event_reason");
    expect(kindFromSlug("users")).toBeNull();
    expect(kindFromSlug("constructor")).toBeNull();
  });

  it("replaces exact copies of the words anywhere in a snapshot, and nothing else", () => {
    const json = JSON.stringify({
      status: "in_progress",
      reason: "Ask Jo's mum",
      nested: [{ note: " Ask Jo's mum " }],
      other: "Ask Jo's mum again",
    });
    expect(JSON.parse(scrubSnapshot(json, ["Ask Jo's mum"], NOTICE)!)).toEqual({
      status: "in_progress",
      reason: NOTICE,
      nested: [{ note: NOTICE }],
      other: "Ask Jo's mum again",
    });
    expect(scrubSnapshot(JSON.stringify({ reason: "Other" }), ["Ask Jo's mum"], NOTICE)).toBeNull();
    expect(scrubSnapshot(null, ["x"], NOTICE)).toBeNull();
    expect(scrubSnapshot("not json", ["x"], NOTICE)).toBeNull();
  });

  it("replaces every value of a named field and drops named values", () => {
    const json = JSON.stringify({ description: "Old wording", title: "Kept", fileName: "jo.pdf", fileSize: 12 });
    expect(JSON.parse(scrubSnapshot(json, [], NOTICE, { replace: ["description"], drop: ["fileName"] })!)).toEqual({
      description: NOTICE,
      title: "Kept",
      fileName: null,
      fileSize: 12,
    });
  });

  it("finds the reason an event recorded, only for events that record one", () => {
    expect(eventReason("action.send_back", JSON.stringify({ status: "in_progress", reason: "More audits" }))).toBe(
      "More audits",
    );
    expect(eventReason("action.send_back", JSON.stringify({ reason: "  " }))).toBeNull();
    expect(eventReason("action.owner_changed", JSON.stringify({ reason: "x" }))).toBeNull();
    expect(eventReason("action.withdrawn", "{broken")).toBeNull();
  });
});
