import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeAuditEvent } from "../../app/components/audit-text";

/** Every audit event name the app writes, found in its source. */
function eventNamesInSource(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts") && entry.name !== "audit-text.ts") {
        const source = fs.readFileSync(full, "utf8");
        for (const match of source.matchAll(
          /"((?:action|recommendation|user|measure|board_meeting|inspection)\.[a-z_]+)"/g,
        ))
          names.add(match[1]);
      }
    }
  };
  walk(path.resolve(import.meta.dirname, "../../app"));
  return [...names].sort();
}

describe("describeAuditEvent", () => {
  const events = eventNamesInSource();

  it("finds the app's audit events", () => {
    expect(events).toEqual(
      expect.arrayContaining(["action.sign_off", "recommendation.area_overridden", "user.invited"]),
    );
  });

  it.each(events)("%s reads as a sentence, not its code name", (event) => {
    const text = describeAuditEvent(event, null, null);
    expect(text).not.toBe(event);
    expect(text).toMatch(/^[A-Z]/);
  });

  it("names what changed", () => {
    expect(
      describeAuditEvent("action.service_area_changed", '{"service_area":"Front door"}', '{"service_area":"MASH"}'),
    ).toBe("Service area set to MASH (was Front door)");
    expect(describeAuditEvent("action.service_area_changed", '{"service_area":"MASH"}', '{"service_area":null}')).toBe(
      "Service area cleared",
    );
    expect(describeAuditEvent("recommendation.area_overridden", '{"area":null}', '{"area":"care_leavers"}')).toBe(
      "Judgement area set by hand to Care leavers",
    );
    expect(
      describeAuditEvent("recommendation.impact_judged", null, '{"level":"emerging","rationale":"Audits improving"}'),
    ).toMatch(/^Impact judged: .+: “Audits improving”$/);
    expect(describeAuditEvent("measure.value_corrected", '{"value":41}', '{"period":"Q2 2025-26","value":44}')).toBe(
      "Value corrected for Q2 2025-26: 41 to 44",
    );
    expect(
      describeAuditEvent(
        "board_meeting.recorded",
        null,
        '{"boardName":"Improvement Board","meetingDate":"2026-10-14"}',
      ),
    ).toBe("Board meeting recorded: Improvement Board on 14 October 2026");
    expect(describeAuditEvent("user.invited", null, '{"expires_at":"2026-11-29T10:00:00.000Z"}')).toBe(
      "Invitation link issued, valid until 29 November 2026 at 10:00am",
    );
  });

  it("shows each correction's before and after, and why an inspection left or came back", () => {
    expect(
      describeAuditEvent(
        "inspection.corrected",
        '{"published":null,"basis_kind":"publication"}',
        '{"published":"2024-07-20","basis_kind":"received","dueDates":[{"reference":"SG-3M-1"},{"reference":"SG-3M-2"}],"targetDatesMoved":1,"reason":"Received late"}',
      ),
    ).toBe(
      "Inspection corrected: Publication date: not recorded → 20 July 2024; Due dates counted from: Publication date → Date report received; 2 due dates recomputed; 1 target date moved: “Received late”",
    );
    expect(
      describeAuditEvent(
        "recommendation.corrected",
        '{"text":"extend the terms","agencies":[],"timescale":"three_months"}',
        '{"text":"Extend the terms","agencies":["NHS Trust","Police"],"timescale":null}',
      ),
    ).toBe(
      "Recommendation corrected: Text: extend the terms → Extend the terms; Partner agencies: none → NHS Trust, Police; Timescale: Within three months → no timescale given",
    );
    expect(describeAuditEvent("inspection.removed", null, '{"title":"Focused visit","reason":"Wrong council"}')).toBe(
      "Removed from the plan as imported in error: Focused visit: “Wrong council”",
    );
    expect(describeAuditEvent("inspection.restored", '{"reason":"Wrong council"}', '{"title":"Focused visit"}')).toBe(
      "Restored to the plan: Focused visit; it had been removed: “Wrong council”",
    );
  });

  it("says why a single sign-on was refused, and for whom when the provider vouched for the address", () => {
    expect(describeAuditEvent("authority.sso_sign_in_refused", null, '{"reason":"nonce","stage":"callback"}')).toBe(
      "Single sign-on refused: the ID token was not issued for this sign-in (nonce)",
    );
    expect(
      describeAuditEvent(
        "authority.sso_sign_in_refused",
        null,
        '{"reason":"other_council","stage":"callback","email":"mo@sutton.gov.uk"}',
      ),
    ).toBe("Single sign-on refused for mo@sutton.gov.uk: the account here belongs to another council");
    expect(describeAuditEvent("user.second_factor_removed", null, '{"confirmed_with":"recovery code"}')).toBe(
      "Second factor turned off (confirmed with a recovery code)",
    );
  });
});
