import { describe, expect, it } from "vitest";
import { readRag } from "./rag";

describe("readRag", () => {
  it.each([
    ["Blue", "signed_off", null],
    ["Complete", "signed_off", null],
    ["Completed", "signed_off", null],
    ["DONE", "signed_off", null],
    ["Complete - evidence to follow", "signed_off", null],
    ["Green", "in_progress", null],
    ["amber", "in_progress", null],
    ["On track", "in_progress", null],
    ["On-track", "in_progress", null],
    ["Amber/Green", "in_progress", null],
    ["Red", "in_progress", "off_track"],
    ["Off track", "in_progress", "off_track"],
    ["Red/Amber", "in_progress", "off_track"],
    ["R", "in_progress", "off_track"],
    ["At risk", "in_progress", "at_risk"],
    ["", "not_started", null],
    ["Not started", "not_started", null],
  ])("reads %s", (text, status, riskFlag) => {
    expect(readRag(text)).toEqual({ status, riskFlag });
  });

  it.each(["Purple", "Greenish", "Redacted", "?"])("does not recognise %s", (text) => {
    expect(readRag(text)).toBeNull();
  });
});
