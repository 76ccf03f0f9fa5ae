import { describe, expect, it } from "vitest";
import { buildLeadDigest, buildOwnerDigest, describeDue, escapeHtml, linkTo, type ReminderAction } from "./reminders";

const TODAY = "2024-09-02";
const BASE = "https://followthrough.example.gov.uk/";

const action = (id: number, targetDate: string | null, title = `Action ${id}`): ReminderAction => ({
  id,
  number: `1.${id}`,
  title,
  targetDate,
});

const owner = (overrides: Partial<Parameters<typeof buildOwnerDigest>[0]> = {}) =>
  buildOwnerDigest({
    recipientName: "Sam Owner",
    today: TODAY,
    amberWindowDays: 14,
    baseUrl: BASE,
    open: [],
    sentBack: [],
    ...overrides,
  });

describe("describeDue", () => {
  it("counts days overdue and days left, and says 'Due today' on the day", () => {
    expect(describeDue("2024-08-31", TODAY)).toBe("2 days overdue");
    expect(describeDue("2024-09-01", TODAY)).toBe("1 day overdue");
    expect(describeDue(TODAY, TODAY)).toBe("Due today");
    expect(describeDue("2024-09-03", TODAY)).toBe("1 day left");
    expect(describeDue(null, TODAY)).toBe("No target date");
  });
});

describe("linkTo", () => {
  it("joins the base URL and path with exactly one slash", () => {
    expect(linkTo("http://localhost:3000", "/actions/1")).toBe("http://localhost:3000/actions/1");
    expect(linkTo("http://localhost:3000//", "/actions/1")).toBe("http://localhost:3000/actions/1");
  });
});

describe("owner digest", () => {
  it("is null when nothing is overdue, due soon or sent back", () => {
    expect(owner()).toBeNull();
    // Due the day after the window closes, or with no target date: nothing to say yet.
    expect(owner({ open: [action(1, "2024-09-17"), action(2, null)] })).toBeNull();
  });

  it("lists overdue and due-soon actions in date order with GOV.UK dates, days and links", () => {
    const digest = owner({
      open: [action(3, "2024-09-16"), action(1, "2024-07-01"), action(2, TODAY), action(4, "2024-09-17")],
    })!;
    expect(digest.subject).toBe("Followthrough: 1 overdue, 2 due soon");
    const text = digest.text;
    expect(text).toContain("Hello Sam Owner,");
    expect(text).toContain("as at 2 September 2024");
    expect(text).toContain("Overdue (1)\n\n- 1.1 Action 1\n  Target date: 1 July 2024 (63 days overdue)\n  https://followthrough.example.gov.uk/actions/1");
    expect(text).toContain("Due in the next 14 days (2)");
    expect(text.indexOf("1.2 Action 2")).toBeLessThan(text.indexOf("1.3 Action 3"));
    expect(text).toContain("Target date: 2 September 2024 (Due today)");
    expect(text).toContain("Target date: 16 September 2024 (14 days left)");
    expect(text).not.toContain("Action 4");
    expect(text).not.toContain("Sent back");
    expect(text).toContain("https://followthrough.example.gov.uk/my-actions");
    expect(digest.html).toContain('<a href="https://followthrough.example.gov.uk/actions/1">1.1 Action 1</a>');
  });

  it("says 'day' for a one-day window", () => {
    expect(owner({ amberWindowDays: 1, open: [action(1, TODAY)] })!.text).toContain("Due in the next 1 day (1)");
  });

  it("lists actions sent back with the reason", () => {
    const digest = owner({
      sentBack: [
        { ...action(5, "2024-10-01"), reason: "Add the audit report as evidence" },
        { ...action(6, null), reason: null },
      ],
    })!;
    expect(digest.subject).toBe("Followthrough: 2 sent back to you");
    expect(digest.text).toContain("Sent back to you (2)");
    expect(digest.text).toContain("- 1.5 Action 5\n  Target date: 1 October 2024 (29 days left)\n  Reason: Add the audit report as evidence");
    expect(digest.text).toContain("- 1.6 Action 6\n  Target date: not set\n  No reason was recorded.");
  });

  it("escapes every value in the HTML, names and links included", () => {
    const digest = owner({
      recipientName: "Jo <b>Bold</b>",
      baseUrl: 'https://x.example/"><script>',
      open: [action(1, "2024-08-01", "Audit <script>alert('x')</script> & review")],
      sentBack: [{ ...action(2, TODAY), reason: '<img src=x onerror="alert(1)">' }],
    })!;
    expect(digest.html).not.toMatch(/<script|<img|<b>/);
    expect(digest.html).toContain("Jo &lt;b&gt;Bold&lt;/b&gt;");
    expect(digest.html).toContain("Audit &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; review");
    expect(digest.html).toContain("Reason: &lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(digest.html).toContain('href="https://x.example/&quot;&gt;&lt;script&gt;/actions/1"');
    // The plain text is not HTML and says it as written.
    expect(digest.text).toContain("Audit <script>alert('x')</script> & review");
  });
});

describe("lead digest", () => {
  it("is null when nothing awaits sign-off", () => {
    expect(buildLeadDigest({ recipientName: "Lee", today: TODAY, baseUrl: BASE, awaitingSignOff: [] })).toBeNull();
  });

  it("lists actions awaiting sign-off, overdue ones too", () => {
    const digest = buildLeadDigest({
      recipientName: "Lee Lead",
      today: TODAY,
      baseUrl: BASE,
      awaitingSignOff: [action(2, "2024-09-10"), action(1, "2024-08-30")],
    })!;
    expect(digest.subject).toBe("Followthrough: 2 actions awaiting your sign-off");
    expect(digest.text).toContain("Awaiting your sign-off (2)");
    expect(digest.text.indexOf("1.1 Action 1")).toBeLessThan(digest.text.indexOf("1.2 Action 2"));
    expect(digest.text).toContain("Target date: 30 August 2024 (3 days overdue)");
    expect(digest.text).toContain("https://followthrough.example.gov.uk/actions?status=awaiting_sign_off");
    expect(buildLeadDigest({ recipientName: "L", today: TODAY, baseUrl: BASE, awaitingSignOff: [action(1, null)] })!.subject).toBe(
      "Followthrough: 1 action awaiting your sign-off",
    );
  });
});

describe("escapeHtml", () => {
  it("escapes the five special characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});
