/// <reference types="vite/client" />
/**
 * Property tests: every form action, posted random and malformed values by someone allowed to use
 * it, never fails with a 500 or an exception. A refusal (4xx) says what is wrong and leaves every
 * application table exactly as it was: nothing is half written.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs } from "@remix-run/node";
import fc from "fast-check";
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { createInvitation } from "../../app/models/invitation.server";
import { call, sessionCookie } from "../helpers/requests";
import { buildWorld, type Person, type World } from "../helpers/world";

type Fields = Partial<Record<string, string>>;

interface FuzzRoute {
  route: string;
  /** Who posts: someone allowed to use the form (null: signed out). */
  as: Person | null;
  /** The URL and params for a valid target; the id param is also fuzzed. */
  target: (w: World, token: string) => { path: string; params: Record<string, string> };
  /** One or more well-formed bodies, mutated by the generators below. */
  bases: (w: World) => Fields[];
  /** The file field of an upload form. */
  fileField?: string;
  runs?: number;
}

const actionPage = (which: keyof World) => (w: World) => ({
  path: `/actions/${w[which]}`,
  params: { actionId: String(w[which]) },
});

const ROUTES: FuzzRoute[] = [
  {
    route: "actions.$actionId.tsx",
    as: "lead",
    target: actionPage("actionId"),
    bases: (w) => [
      { intent: "progress", body: "Audit done" },
      { intent: "risk", version: "1", flag: "at_risk", riskReason: "Staffing" },
      { intent: "status", version: "1", move: "start", reason: "" },
      { intent: "status", version: "1", move: "send_back", reason: "More evidence" },
      { intent: "owner", version: "1", ownerId: String(w.people.owner.id) },
      { intent: "target", version: "1", targetDate: "1/12/2030", targetReason: "Agreed" },
      { intent: "details", version: "1", title: "New title", description: "", partnerAgency: "", successMeasure: "" },
      { intent: "withdraw", version: "1", withdrawReason: "Duplicate" },
      { intent: "reinstate", version: "1" },
      { intent: "comment", comment: "Can you add the audit?", notify: String(w.people.owner.id) },
    ],
    runs: 60,
  },
  {
    route: "actions.$actionId.tsx",
    as: "lead",
    target: actionPage("awaitingActionId"),
    bases: () => [
      { intent: "status", version: "1", move: "sign_off", reason: "" },
      { intent: "status", version: "1", move: "send_back", reason: "More evidence" },
    ],
    runs: 30,
  },
  {
    route: "actions.$actionId_.evidence.tsx",
    as: "owner",
    target: (w) => ({ path: `/actions/${w.actionId}/evidence`, params: { actionId: String(w.actionId) } }),
    bases: () => [
      { kind: "note", purpose: "completion", description: "Audit report, May", evidenceDate: "" },
      {
        kind: "link",
        purpose: "impact",
        description: "Minutes",
        url: "https://example.gov.uk/minutes",
        evidenceDate: "3/5/2024",
      },
      { kind: "file", purpose: "completion", description: "Audit report", evidenceDate: "" },
    ],
    fileField: "file",
    runs: 40,
  },
  {
    route: "evidence.$evidenceId.delete.tsx",
    as: "owner",
    target: (w) => ({ path: `/evidence/${w.evidenceId}/delete`, params: { evidenceId: String(w.evidenceId) } }),
    bases: () => [{ reason: "Wrong file" }],
  },
  {
    route: "recommendations.$recommendationId.actions.new.tsx",
    as: "lead",
    target: (w) => ({
      path: `/recommendations/${w.recommendationId}/actions/new`,
      params: { recommendationId: String(w.recommendationId) },
    }),
    bases: (w) => [
      {
        title: "Another action",
        description: "",
        ownerId: String(w.people.owner.id),
        targetDate: "31/03/2025",
        partnerAgency: "",
        successMeasure: "",
      },
      { title: "Another action", ownerId: "none" },
    ],
  },
  {
    route: "actions._index.tsx",
    as: "lead",
    target: () => ({ path: "/actions?index&owner=none", params: {} }),
    bases: (w) => [
      {
        intent: "owner",
        actionId: String(w.actionId),
        [`version-${w.actionId}`]: "1",
        ownerId: String(w.people.owner.id),
      },
      {
        intent: "target",
        actionId: String(w.actionId),
        [`version-${w.actionId}`]: "1",
        targetDate: "31/01/2027",
        targetReason: "Agreed",
      },
      {
        intent: "service_area",
        actionId: String(w.actionId),
        [`version-${w.actionId}`]: "1",
        serviceArea: "Early help",
      },
      { intent: "withdraw", actionId: String(w.actionId), [`version-${w.actionId}`]: "1", withdrawReason: "Duplicate" },
    ],
    runs: 40,
  },
  {
    route: "inspections.$inspectionId_.plan.tsx",
    as: "lead",
    target: (w) => ({ path: `/inspections/${w.inspectionId}/plan`, params: { inspectionId: String(w.inspectionId) } }),
    bases: (w) => [
      {
        intent: "save",
        [`a${w.actionId}-version`]: "1",
        [`a${w.actionId}-seen`]: "00000000",
        [`a${w.actionId}-title`]: "Audit plans",
        [`a${w.actionId}-ownerId`]: String(w.people.owner.id),
        [`a${w.actionId}-targetDate`]: "31/01/2027",
        [`a${w.actionId}-partnerAgency`]: "",
        [`a${w.actionId}-serviceArea`]: "Early help",
        [`a${w.actionId}-successMeasure`]: "",
        targetReason: "Agreed",
      },
      {
        intent: "save",
        [`n${w.recommendationId}x1-title`]: "A new action",
        [`n${w.recommendationId}x1-ownerId`]: "none",
        [`n${w.recommendationId}x1-targetDate`]: "28/02/2027",
        [`n${w.recommendationId}x2-title`]: "",
      },
      { intent: `add-row:${w.recommendationId}`, [`n${w.recommendationId}x1-title`]: "Typed" },
    ],
    runs: 40,
  },
  {
    route: "recommendations.$recommendationId._index.tsx",
    as: "lead",
    target: (w) => ({
      path: `/recommendations/${w.recommendationId}`,
      params: { recommendationId: String(w.recommendationId) },
    }),
    bases: () => [{ level: "emerging", rationale: "Audit shows improvement" }],
  },
  {
    route: "inspections.$inspectionId_.edit.tsx",
    as: "lead",
    target: (w) => ({ path: `/inspections/${w.inspectionId}/edit`, params: { inspectionId: String(w.inspectionId) } }),
    bases: (w) => [
      {
        intent: "save",
        version: "1",
        title: "Corrected title",
        kind: "ilacs",
        inspectionStart: "3/6/2024",
        inspectionEnd: "14/6/2024",
        published: "20/07/2024",
        received: "",
        basisKind: "publication",
      },
      {
        intent: "confirm",
        version: "1",
        title: "Corrected title",
        kind: "ilacs",
        published: "31/08/2024",
        received: "2/9/2024",
        basisKind: "received",
        move: `${w.actionId}:none`,
        reason: "Report received late",
      },
    ],
    runs: 40,
  },
  {
    route: "inspections.$inspectionId_.remove.tsx",
    as: "lead",
    target: (w) => ({
      path: `/inspections/${w.inspectionId}/remove`,
      params: { inspectionId: String(w.inspectionId) },
    }),
    bases: () => [{ version: "1", reason: "Another council's report" }],
  },
  {
    route: "inspections.$inspectionId.tsx",
    as: "admin",
    target: (w) => ({
      path: `/inspections/${w.removedInspectionId}`,
      params: { inspectionId: String(w.removedInspectionId) },
    }),
    bases: () => [{ intent: "restore", version: "2" }],
  },
  {
    route: "recommendations.$recommendationId.edit.tsx",
    as: "lead",
    target: (w) => ({
      path: `/recommendations/${w.recommendationId}/edit`,
      params: { recommendationId: String(w.recommendationId) },
    }),
    bases: (w) => [
      {
        intent: "save",
        version: "1",
        text: "Corrected text.",
        section: "safeguarding",
        timescale: "three_months",
        agencies: "NHS Trust\nPolice",
        paragraphNumber: "12",
        dueDate: "",
      },
      {
        intent: "confirm",
        version: "1",
        text: "Corrected text.",
        section: "none",
        timescale: "none",
        agencies: "",
        paragraphNumber: "",
        dueDate: "31/03/2025",
        move: `${w.actionId}:none`,
        reason: "Agreed with the board",
      },
    ],
    runs: 40,
  },
  {
    route: "readiness.events.new.tsx",
    as: "lead",
    target: () => ({ path: "/readiness/events/new", params: {} }),
    bases: () => [
      {
        kind: "monitoring_visit",
        date: "5/3/2024",
        endDate: "6/3/2024",
        title: "Monitoring visit 2",
        summary: "Oversight",
      },
      { kind: "annual_engagement", date: "2 September 2024", endDate: "", title: "AEM", summary: "" },
    ],
    fileField: "letter",
    runs: 40,
  },
  {
    route: "readiness.events.$eventId.tsx",
    as: "lead",
    target: (w) => ({ path: `/readiness/events/${w.eventId}`, params: { eventId: String(w.eventId) } }),
    bases: () => [
      {
        intent: "save",
        version: "1",
        kind: "monitoring_visit",
        date: "11/6/2024",
        endDate: "",
        title: "MV 1",
        summary: "",
      },
      { intent: "remove", version: "1", reason: "Recorded twice" },
    ],
    fileField: "letter",
    runs: 40,
  },
  {
    route: "measures.new.tsx",
    as: "lead",
    target: () => ({ path: "/measures/new", params: {} }),
    bases: () => [
      {
        name: "Re-referrals",
        unit: "%",
        higherIsBetter: "no",
        baselineValue: "21.5",
        baselinePeriod: "2018-19",
        targetValue: "15",
        targetPeriod: "2020-21",
        notes: "",
      },
    ],
  },
  {
    route: "measures.$measureId.tsx",
    as: "lead",
    target: (w) => ({ path: `/measures/${w.measureId}`, params: { measureId: String(w.measureId) } }),
    bases: (w) => [
      {
        intent: "value",
        period: "2019-20",
        periodEnd: "31/03/2020",
        value: "17.2",
        statisticalNeighbours: "18",
        england: "19",
        source: "ChAT",
      },
      { intent: "details", name: "Re-referrals", unit: "%", higherIsBetter: "yes", baselineValue: "", targetValue: "" },
      { intent: "links", recommendationId: String(w.recommendationId) },
    ],
  },
  {
    route: "board_.meetings._index.tsx",
    as: "lead",
    target: () => ({ path: "/board/meetings", params: {} }),
    bases: () => [{ boardName: "Improvement Board", meetingDate: "1/10/2024" }],
  },
  {
    route: "board_.meetings.$meetingId.tsx",
    as: "lead",
    target: (w) => ({ path: `/board/meetings/${w.meetingId}`, params: { meetingId: String(w.meetingId) } }),
    bases: (w) => [
      { intent: "held" },
      {
        intent: "choices",
        coverage: "chosen",
        inspections: String(w.inspectionId),
        sections: "plan",
        detail: "summary",
        order: "target",
      },
      { intent: "summary", executiveSummary: "Most of the plan is on track." },
      { intent: "commentary", actionId: String(w.actionId), [`commentary-${w.actionId}`]: "Recovery plan agreed" },
    ],
  },
  {
    route: "board_.settings.tsx",
    as: "lead",
    target: () => ({ path: "/board/settings", params: {} }),
    bases: (w) => [
      { authorityId: String(w.authorityId), marking: "OFFICIAL-SENSITIVE" },
      { intent: "plan", authorityId: String(w.authorityId), amberWindowDays: "21", immediateGraceDays: "" },
    ],
  },
  {
    route: "board_.settings.tsx",
    as: "admin",
    target: () => ({ path: "/board/settings", params: {} }),
    bases: () => [{ intent: "defaults", amberWindowDays: "21", immediateGraceDays: "28" }],
  },
  {
    route: "import.tsx",
    as: "lead",
    target: () => ({ path: "/import", params: {} }),
    bases: () => [{ text: "What needs to improve?\n\n   ◼ The quality of plans.\n" }, { text: "" }],
    fileField: "report",
    runs: 30,
  },
  {
    route: "import_.drafts.$draftId.tsx",
    as: "lead",
    target: (w) => ({ path: `/import/drafts/${w.draftId}`, params: { draftId: String(w.draftId) } }),
    bases: () => [
      {
        revision: "1",
        op: "save",
        "item-k1-shown": "1",
        "item-k1-text": "The quality of plans.",
        "item-k1-section": "",
        "item-k1-timescale": "three_months",
        "item-k1-agencies": "Police; NHS",
        basisKind: "received",
        basisDate: "1/9/2024",
      },
      { revision: "1", op: "merge:k2" },
      { revision: "1", op: "split:k1", "item-k1-shown": "1", "item-k1-text": "One part.\n---\nAnother part." },
      { revision: "1", op: "add", addFrom: "1", addTo: "3", addAfter: "k1" },
      { revision: "2", op: "exclude-repeats" },
      { revision: "2", op: "merge:k2", "item-k2-shown": "1", "item-k2-text": "Supervision." },
    ],
    runs: 40,
  },
  {
    // Confirming ends a draft (every later post goes to the inspection), so it is fuzzed on its own.
    route: "import_.drafts.$draftId.tsx",
    as: "lead",
    target: (w) => ({ path: `/import/drafts/${w.draftId}`, params: { draftId: String(w.draftId) } }),
    bases: () => [
      { revision: "1", op: "confirm", confirmAuthority: "", "item-k2-shown": "1", "item-k2-excluded": "1" },
      { revision: "1", op: "confirm", basisKind: "received", basisDate: "2/9/2024" },
    ],
    runs: 20,
  },
  {
    route: "import_.plan.tsx",
    as: "lead",
    target: () => ({ path: "/import/plan", params: {} }),
    bases: (w) => [{ inspectionId: String(w.inspectionId) }],
    fileField: "plan",
    runs: 30,
  },
  {
    route: "import_.plan_.$draftId.tsx",
    as: "lead",
    target: (w) => ({ path: `/import/plan/${w.planDraftId}`, params: { draftId: String(w.planDraftId) } }),
    bases: () => [
      { intent: "columns", revision: "1", sheet: "0", shownSheet: "0", headerRow: "1", col_action: "1" },
      { intent: "preview", revision: "1", sheet: "0", headerRow: "1", col_action: "1", col_reference: "0" },
      { intent: "update", revision: "1", leaveOut: "2", "fix:2:targetDate": "30/09/2024", replaceOffered: "yes" },
      { intent: "change-columns", revision: "1", personOffered: "x", person: "x" },
    ],
    runs: 40,
  },
  {
    // Confirming ends a draft (every later post is answered 404), so it is fuzzed on its own.
    route: "import_.plan_.$draftId.tsx",
    as: "lead",
    target: (w) => ({ path: `/import/plan/${w.planDraftId}`, params: { draftId: String(w.planDraftId) } }),
    bases: () => [
      { intent: "confirm", revision: "1", "fix:2:reference": "99", replaceOffered: "yes" },
      { intent: "confirm", revision: "1", skipErrors: "yes", replaceOffered: "yes", replacePlaceholders: "yes" },
    ],
    runs: 20,
  },
  {
    route: "admin.users.new.tsx",
    as: "admin",
    target: () => ({ path: "/admin/users/new", params: {} }),
    bases: (w) => [
      {
        name: "New Person",
        email: "new.person@example.gov.uk",
        role: "service_manager",
        authorityId: String(w.authorityId),
        setup: "invite",
      },
      {
        name: "Another Person",
        email: "another.person@example.gov.uk",
        role: "board_member",
        authorityId: String(w.authorityId),
        setup: "password",
        password: "a long new passphrase 1",
      },
    ],
  },
  {
    route: "admin.users.$userId.tsx",
    as: "admin",
    target: (w) => ({ path: `/admin/users/${w.userIdToEdit}`, params: { userId: String(w.userIdToEdit) } }),
    bases: (w) => [
      {
        intent: "details",
        name: "Renamed Person",
        email: "renamed@example.gov.uk",
        role: "service_manager",
        authorityId: String(w.authorityId),
      },
      { intent: "deactivate" },
      { intent: "reactivate" },
      { intent: "invite" },
      { intent: "reset_second_factor" },
      { intent: "break_glass_on" },
      { intent: "break_glass_off" },
    ],
  },
  {
    route: "admin.sign-in.tsx",
    as: "admin",
    target: () => ({ path: "/admin/sign-in", params: {} }),
    bases: () => [{ required: "yes" }, { required: "no" }],
  },
  {
    route: "admin.councils_.$councilId.sso.tsx",
    as: "admin",
    target: (w) => ({ path: `/admin/councils/${w.authorityId}/sso`, params: { councilId: String(w.authorityId) } }),
    bases: () => [
      {
        intent: "save",
        issuer: "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0",
        tenantId: "11111111-2222-3333-4444-555555555555",
        clientId: "client",
        clientSecret: "secret",
        domains: "alpha.gov.uk\nalpha-schools.org.uk",
        rolesClaim: "roles",
        roleMap: "Followthrough.Lead = improvement lead",
        passwordSignIn: "no",
      },
      { intent: "remove" },
    ],
  },
  {
    route: "account_.second-factor.tsx",
    as: "lead",
    target: () => ({ path: "/account/second-factor", params: {} }),
    bases: () => [
      { intent: "confirm", code: "123456" },
      { intent: "renew" },
      { intent: "remove", currentCode: "123456" },
    ],
  },
  {
    route: "login_.code.tsx",
    as: null,
    target: () => ({ path: "/login/code", params: {} }),
    bases: () => [{ code: "123456" }, { code: "abcd-efgh-jkmn-pqrs" }],
  },
  {
    route: "redact.$kind.$id.tsx",
    as: "admin",
    target: (w) => ({
      path: `/redact/evidence/${w.evidenceId}`,
      params: { kind: "evidence", id: String(w.evidenceId) },
    }),
    bases: () => [{ reason: "It named a child" }],
  },
  {
    route: "account.tsx",
    as: "lead",
    target: () => ({ path: "/account", params: {} }),
    bases: () => [
      { currentPassword: "wrong", password: "a long new passphrase 1", confirmPassword: "a long new passphrase 1" },
    ],
  },
  {
    route: "calendar.tsx",
    as: "lead",
    target: () => ({ path: "/calendar", params: {} }),
    bases: () => [{ intent: "create" }, { intent: "revoke" }],
  },
  {
    route: "inspections.$inspectionId_.close.tsx",
    as: "lead",
    target: (w) => ({ path: `/inspections/${w.inspectionId}/close`, params: { inspectionId: String(w.inspectionId) } }),
    bases: () => [
      { intent: "close", version: "1", reason: "Every action is done", supersededBy: "", openActions: "" },
      { intent: "close", version: "1", reason: "Superseded", supersededBy: "1", openActions: "withdraw" },
      { intent: "reopen", version: "1" },
    ],
  },
  {
    route: "people.tsx",
    as: "lead",
    target: () => ({ path: "/people", params: {} }),
    bases: (w) => [
      { intent: "add", name: "New Person", email: "new.person@example.gov.uk", role: "board_member" },
      { intent: "deactivate", userId: String(w.userIdToEdit) },
      { intent: "reactivate", userId: String(w.userIdToEdit) },
      { intent: "give_access", userId: String(w.userIdToEdit), role: "service_manager" },
    ],
  },
  {
    route: "admin.councils.tsx",
    as: "admin",
    target: () => ({ path: "/admin/councils", params: {} }),
    bases: (w) => [
      { intent: "create", name: "Gamma Council" },
      { intent: "rename", id: String(w.authorityId), name: "Alpha Borough" },
    ],
  },
  {
    route: "notifications.tsx",
    as: "owner",
    target: () => ({ path: "/notifications", params: {} }),
    bases: () => [{ intent: "read_all" }, { intent: "read", id: "1" }],
    runs: 20,
  },
  { route: "logout.tsx", as: "lead", target: () => ({ path: "/logout", params: {} }), bases: () => [{}], runs: 15 },
  {
    route: "login.tsx",
    as: null,
    target: () => ({ path: "/login", params: {} }),
    bases: () => [{ email: "nobody@example.gov.uk", password: "not the password", redirectTo: "/dashboard" }],
  },
  {
    route: "set-password.$token.tsx",
    as: null,
    target: (_w, token) => ({ path: `/set-password/${token}`, params: { token } }),
    bases: () => [{ password: "a long new passphrase 1", confirmPassword: "a long new passphrase 2" }],
  },
];

/** FUZZ_RUNS_SCALE=10 searches harder by hand; the default keeps the file under a minute. */
const RUNS_SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? 1);

const routeModules = import.meta.glob<{ action?: (args: ActionFunctionArgs) => Promise<unknown> }>(
  "../../app/routes/*.tsx",
);

// ---- what is posted ------------------------------------------------------------------------

const hugeString = fc
  .tuple(fc.constantFrom("a", "é", "😀", "\u0000", "\u202E", "x ", "\u2028"), fc.integer({ min: 1_000, max: 120_000 }))
  .map(([unit, count]) => unit.repeat(count));

const SPECIAL = [
  "",
  " ",
  "\t\n",
  "\u0000",
  "\u0007\u001B[31m",
  "\u202Eevil",
  "\uFEFF",
  "\uD800",
  "😀👩‍👩‍👧",
  "null",
  "undefined",
  "true",
  "NaN",
  "Infinity",
  "-Infinity",
  "-1",
  "0",
  "-0",
  "1.5",
  "1e308",
  "-1e308",
  "1e-308",
  "9007199254740993",
  "0x1F",
  "1_000",
  "31/02/2026",
  "2026-13-01",
  "29/02/2023",
  "00/00/0000",
  "1/1/99999",
  "32/01/2026",
  "2026-02-31",
  "31 Febtember 2026",
  "13/13/13",
  "1/1/0",
  "__proto__",
  "constructor",
  "toString",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "../../etc/passwd",
  "javascript:alert(1)",
  "https://",
  "http://exa mple",
  "none",
  "new",
  "[]",
  "{}",
  '{"origin":"added"}',
];

const nasty: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL), weight: 4 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 60 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }), weight: 1 },
  { arbitrary: fc.integer().map(String), weight: 1 },
  { arbitrary: fc.double().map(String), weight: 1 },
  { arbitrary: hugeString, weight: 1 },
);

const INTENTS = [
  "progress",
  "risk",
  "status",
  "owner",
  "target",
  "details",
  "withdraw",
  "reinstate",
  "value",
  "links",
  "held",
  "choices",
  "summary",
  "commentary",
  "preview",
  "confirm",
  "upload",
  "columns",
  "mapping",
  "deactivate",
  "reactivate",
  "invite",
  "create",
  "revoke",
  "delete",
  "save",
  "restore",
  "add-row:1",
  "service_area",
  "add-row:",
  "reset_second_factor",
  "break_glass_on",
  "remove",
  "renew",
  "__proto__",
  "",
];
const VERSIONS = ["0", "-1", "1", "2", "999999", "1.5", "abc", "", "1e3", "NaN"];

type Entries = [string, string][];
type Mutation = (entries: Entries, keys: string[]) => Entries;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // A field missing.
  fc.nat().map(
    (at): Mutation =>
      (e) =>
        e.filter((_, i) => i !== at % Math.max(1, e.length)),
  ),
  // A field with a hostile value.
  fc.tuple(fc.nat(), nasty).map(
    ([at, value]): Mutation =>
      (e) =>
        e.map(([k, v], i) => [k, i === at % Math.max(1, e.length) ? value : v]),
  ),
  // The same field twice (the hostile copy first or last).
  fc.tuple(fc.nat(), nasty, fc.boolean()).map(([at, value, first]): Mutation => (e, keys) => {
    const key = keys[at % Math.max(1, keys.length)] ?? "intent";
    return first ? [[key, value], ...e] : [...e, [key, value]];
  }),
  // A field nobody asked for.
  fc
    .tuple(
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.constantFrom("__proto__", "constructor", "id", "actionId", "authority_id"),
      ),
      nasty,
    )
    .map(([key, value]): Mutation => (e) => [...e, [key, value]]),
  // Another or an unknown intent.
  fc
    .oneof(fc.constantFrom(...INTENTS), nasty)
    .map((intent): Mutation => (e) => [...e.filter(([k]) => k !== "intent"), ["intent", intent]]),
  // A wrong or stale version.
  fc
    .oneof(fc.constantFrom(...VERSIONS), nasty)
    .map((version): Mutation => (e) => [...e.filter(([k]) => k !== "version"), ["version", version]]),
);

interface FilePart {
  field: string;
  bytes: Uint8Array;
  name: string;
  type: string;
}

const MAGIC = [
  "",
  "%PDF-1.4\n",
  "PK\u0003\u0004",
  "\u00D0\u00CF\u0011\u00E0\u00A1\u00B1\u001A\u00E1",
  "\u00FF\u00D8\u00FF",
  "\u0089PNG\r\n\u001A\n",
  "MZ",
  "#!/bin/sh\n",
  "\uFEFFWhat needs to improve?\n",
];

/** Files each upload form accepts, so that some runs get past the file checks. */
const VALID_FILES = [
  "Recommendation,Action,Lead,By when,RAG\nThe quality of plans,Audit plans,Jo Bloggs,31/03/2025,Amber\n",
  "What needs to improve?\n\n   \u25FC The quality of plans.\n",
  "%PDF-1.4\n%\u00E2\u00E3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
].map((text) => new Uint8Array(Buffer.from(text, "utf8")));

const filePart = (field: string): fc.Arbitrary<FilePart> =>
  fc.record({
    field: fc.constantFrom(field, field, "file", "report", "plan", "other"),
    bytes: fc.oneof(
      fc.constant(new Uint8Array()),
      fc.constantFrom(...VALID_FILES),
      fc
        .tuple(fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 3_000 }))
        .map(([magic, rest]) => new Uint8Array([...Buffer.from(magic, "latin1"), ...rest])),
      fc.string({ maxLength: 400 }).map((s) => new Uint8Array(Buffer.from(s, "utf8"))),
    ),
    name: fc.constantFrom(
      "report.pdf",
      "plan.xlsx",
      "plan.csv",
      "notes.txt",
      "evil.exe",
      "",
      "../../etc/passwd",
      "a\u0000b.pdf",
      "😀.docx",
      "x".repeat(500),
    ),
    type: fc.constantFrom(
      "application/pdf",
      "text/plain",
      "",
      "application/x-msdownload",
      "image/png",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "text/csv",
    ),
  });

interface Body {
  entries: Entries;
  files: FilePart[];
  multipart: boolean;
  param: string | null;
}

function bodies(route: FuzzRoute, w: World): fc.Arbitrary<Body> {
  const bases = route.bases(w);
  const keys = [...new Set(bases.flatMap((b) => Object.keys(b)))];
  const entries: fc.Arbitrary<Entries> = fc.oneof(
    // A well-formed body with a few things wrong.
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...bases), fc.array(mutation, { maxLength: 4 }))
        .map(([base, mutations]) => mutations.reduce((e, m) => m(e, keys), Object.entries(base) as Entries)),
      weight: 6,
    },
    // Random values for the form's fields and others.
    {
      arbitrary: fc.array(
        fc.tuple(
          keys.length > 0
            ? fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 12 }))
            : fc.string({ maxLength: 12 }),
          nasty,
        ),
        { maxLength: 8 },
      ),
      weight: 2,
    },
    // Nothing at all.
    { arbitrary: fc.constant<Entries>([]), weight: 1 },
  );
  const files = route.fileField ? fc.array(filePart(route.fileField), { maxLength: 2 }) : fc.constant<FilePart[]>([]);
  // Mostly the real record; sometimes a missing or malformed id.
  const param = fc.oneof(
    { arbitrary: fc.constant(null), weight: 5 },
    {
      arbitrary: fc.oneof(
        fc.constantFrom("0", "-1", "abc", "999999", "1.5", "1e3", "%00", "..", "9007199254740993"),
        nasty,
      ),
      weight: 1,
    },
  );
  return fc.record({ entries, files, multipart: fc.boolean(), param });
}

/** A lone surrogate cannot go in a URL; the route's params still get the raw value. */
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

function toRequest(url: string, body: Body, cookie: string | null): Request {
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  if (body.files.length > 0 || body.multipart) {
    const form = new FormData();
    for (const [k, v] of body.entries) form.append(k, v);
    for (const f of body.files) form.append(f.field, new File([Buffer.from(f.bytes)], f.name, { type: f.type }));
    return new Request(url, { method: "POST", body: form, headers });
  }
  const params = new URLSearchParams();
  for (const [k, v] of body.entries) params.append(k, v);
  return new Request(url, {
    method: "POST",
    body: params.toString(),
    headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
  });
}

// ---- what must hold ----------------------------------------------------------------------------

/** Tables a refusal may legitimately write: failed password attempts are recorded to throttle guessing. */
const MAY_CHANGE_ON_REFUSAL = new Set(["sign_in_attempts"]);
const NOT_APPLICATION_TABLES = new Set(["kysely_migration", "kysely_migration_lock", "sqlite_sequence"]);

/** Every application table's row count and a hash of its rows. */
async function snapshot(): Promise<Record<string, { rows: number; hash: string }>> {
  const db = getDb();
  const tables = (await db.introspection.getTables())
    .map((t) => t.name)
    .filter((t) => !NOT_APPLICATION_TABLES.has(t) && !MAY_CHANGE_ON_REFUSAL.has(t));
  const result: Record<string, { rows: number; hash: string }> = {};
  for (const table of tables.sort()) {
    // Rows in a stable order on either engine (PostgreSQL has no rowid): sorted by their JSON.
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows
      .map((row) =>
        JSON.stringify(row, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v)),
      )
      .sort();
    const hash = createHash("sha256").update(JSON.stringify(rows)).digest("hex");
    result[table] = { rows: rows.length, hash };
  }
  return result;
}

/** The words a refusal shows the person: field errors, a conflict, or a plain-text reason. */
async function refusalMessage(response: Response): Promise<string> {
  const text = await response.text();
  if (!(response.headers.get("Content-Type") ?? "").includes("json")) return text;
  const body = JSON.parse(text) as {
    errors?: Record<string, unknown> | null;
    conflict?: { changedBy?: string } | null;
    message?: unknown;
  };
  // A page of a removed inspection (410) says who removed it, when and why.
  if (typeof body.message === "string") return body.message;
  // The set-password page's 410 ("This link has expired or has already been used") is its own page.
  if (response.status === 410 && body.errors === null) return "This link has expired or has already been used";
  const messages = Object.values(body.errors ?? {}).filter((m): m is string => typeof m === "string");
  if (body.conflict) messages.push(`Someone else changed this action (${body.conflict.changedBy ?? "unknown"})`);
  return messages.join("\n");
}

describe("every form action survives random and malformed input", () => {
  it("fuzzes every route module that has an action", () => {
    const withActions = fs
      .readdirSync(path.resolve("app/routes"))
      .filter((f) => /\.tsx?$/.test(f) && !f.includes(".test."))
      .filter((f) =>
        /export (async function|const) action\b/.test(fs.readFileSync(path.resolve("app/routes", f), "utf8")),
      );
    expect(withActions.filter((f) => !ROUTES.some((r) => r.route === f))).toEqual([]);
  });

  let w: World;
  let token: string;
  beforeEach(async () => {
    w = await buildWorld();
    token = (await createInvitation({ userId: w.userIdToEdit, createdBy: w.people.admin.id }, new Date())).token;
  });

  for (const [index, route] of ROUTES.entries()) {
    it(`${route.route} as ${route.as ?? "nobody"} (#${index})`, { timeout: 60_000 }, async () => {
      const { action } = await routeModules[`../../app/routes/${route.route}`]();
      if (!action) throw new Error(`${route.route} has no action`);
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(bodies(route, w), async (body) => {
          const target = route.target(w, token);
          const valid = Object.values(target.params)[0];
          const fuzzed = body.param !== null && valid !== undefined;
          const params = fuzzed
            ? Object.fromEntries(Object.keys(target.params).map((k) => [k, body.param as string]))
            : target.params;
          const url = `http://localhost${fuzzed ? target.path.replace(valid, encodeURIComponent(wellFormed(body.param as string))) : target.path}`;
          const cookie = route.as ? await sessionCookie(w.people[route.as].id) : null;
          const before = await snapshot();
          // A thrown error that is not a Response fails here, as a 500 would.
          const response = await call(action as never, toRequest(url, body, cookie), params);
          seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
          expect(response.status, "no server error").toBeLessThan(500);
          if (response.status >= 400) {
            expect(await refusalMessage(response), `a ${response.status} says what is wrong`).toMatch(/\p{L}{3,}/u);
            expect(await snapshot(), `a ${response.status} refusal wrote nothing`).toEqual(before);
          } else {
            expect([200, 302, 303]).toContain(response.status);
          }
        }),
        { numRuns: Math.round((route.runs ?? 30) * RUNS_SCALE) },
      );
      if (process.env.FUZZ_DEBUG) console.log(route.route, Object.fromEntries(seen));
      // The generated bodies got past signing in to the form's own checks.
      if (route.route !== "logout.tsx")
        expect([...seen.keys()].some((status) => status >= 400 && status !== 403)).toBe(true);
    });
  }
});
