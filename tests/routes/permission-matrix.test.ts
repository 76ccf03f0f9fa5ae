/// <reference types="vite/client" />
import fs from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { call, postRequest, sessionCookie } from "../helpers/requests";
import { buildWorld as world, PEOPLE, type Person, type World } from "../helpers/world";
import { resetDatabase } from "../setup/reset-database";

/**
 * Every mutating route (every route module with an `action`), for each kind of person, in the
 * action's own authority and another: allowed, or refused as designed. A refusal changes nothing.
 * A new route module with an action and no entry here fails the suite.
 */

/** allowed: anything but 403/404 (a success, or a 400 for the minimal form); 403 forbidden; 404 not visible. */
type Outcome = "allowed" | 403 | 404;

interface Case {
  name: string;
  route: string;
  request: (w: World) => { path: string; params: Record<string, string>; body: Record<string, string> | FormData };
  expect: Record<Person, Outcome>;
}

/** Work on an action: its owner, the authority's lead, or an administrator. */
const WORK: Record<Person, Outcome> = { admin: "allowed", lead: "allowed", owner: "allowed", manager: 403, board: 403, otherLead: 404, otherManager: 404 };
/** Shape the plan: the authority's lead or an administrator. */
const MANAGE: Record<Person, Outcome> = { ...WORK, owner: 403 };
const ADMIN_ONLY: Record<Person, Outcome> = { admin: "allowed", lead: 403, owner: 403, manager: 403, board: 403, otherLead: 403, otherManager: 403 };
const ANY_SIGNED_IN: Record<Person, Outcome> = { admin: "allowed", lead: "allowed", owner: "allowed", manager: "allowed", board: "allowed", otherLead: "allowed", otherManager: "allowed" };
/** Importing is by leads and administrators, each into the plan they may manage. */
const IMPORT: Record<Person, Outcome> = { admin: "allowed", lead: "allowed", owner: 403, manager: 403, board: 403, otherLead: "allowed", otherManager: 403 };
/** An import draft is its maker's alone (Alpha's lead): anyone else who may import gets 404, an administrator too. */
const OWN_DRAFT: Record<Person, Outcome> = { admin: 404, lead: "allowed", owner: 403, manager: 403, board: 403, otherLead: 404, otherManager: 403 };

const onAction = (intent: string, extra: Record<string, string> = {}, which: keyof World = "actionId") => (w: World) => ({
  path: `/actions/${w[which]}`,
  params: { actionId: String(w[which]) },
  body: { intent, version: "1", ...extra },
});

const CASES: Case[] = [
  { name: "progress update", route: "actions.$actionId.tsx", request: onAction("progress", { body: "Audit done" }), expect: WORK },
  { name: "risk flag", route: "actions.$actionId.tsx", request: onAction("risk", { flag: "at_risk", riskReason: "Staffing" }), expect: WORK },
  { name: "start", route: "actions.$actionId.tsx", request: onAction("status", { move: "start" }), expect: WORK },
  { name: "sign off", route: "actions.$actionId.tsx", request: onAction("status", { move: "sign_off" }, "awaitingActionId"), expect: MANAGE },
  { name: "send back", route: "actions.$actionId.tsx", request: onAction("status", { move: "send_back", reason: "More evidence" }, "awaitingActionId"), expect: MANAGE },
  { name: "assign owner", route: "actions.$actionId.tsx", request: onAction("owner", { ownerId: "none" }), expect: MANAGE },
  { name: "move target date", route: "actions.$actionId.tsx", request: onAction("target", { targetDate: "1/12/2030", targetReason: "Agreed" }), expect: MANAGE },
  { name: "edit details", route: "actions.$actionId.tsx", request: onAction("details", { title: "New title" }), expect: MANAGE },
  { name: "comment", route: "actions.$actionId.tsx", request: onAction("comment", { comment: "Can you add the audit?" }), expect: { ...WORK, manager: "allowed" } },
  { name: "set service area", route: "actions.$actionId.tsx", request: onAction("service_area", { serviceArea: "Early help" }), expect: MANAGE },
  { name: "withdraw", route: "actions.$actionId.tsx", request: onAction("withdraw", { withdrawReason: "Duplicate" }), expect: MANAGE },
  { name: "reinstate", route: "actions.$actionId.tsx", request: onAction("reinstate", {}, "withdrawnActionId"), expect: MANAGE },
  {
    name: "add evidence",
    route: "actions.$actionId_.evidence.tsx",
    request: (w) => {
      const form = new FormData();
      for (const [k, v] of Object.entries({ kind: "note", purpose: "completion", description: "Audit report, May", evidenceDate: "" })) form.set(k, v);
      return { path: `/actions/${w.actionId}/evidence`, params: { actionId: String(w.actionId) }, body: form };
    },
    expect: WORK,
  },
  {
    name: "withdraw evidence",
    route: "evidence.$evidenceId.delete.tsx",
    request: (w) => ({ path: `/evidence/${w.evidenceId}/delete`, params: { evidenceId: String(w.evidenceId) }, body: { reason: "Wrong file" } }),
    expect: WORK,
  },
  {
    name: "add an action",
    route: "recommendations.$recommendationId.actions.new.tsx",
    request: (w) => ({ path: `/recommendations/${w.recommendationId}/actions/new`, params: { recommendationId: String(w.recommendationId) }, body: { title: "Another action", ownerId: "none" } }),
    expect: MANAGE,
  },
  {
    name: "judge a recommendation's impact",
    route: "recommendations.$recommendationId._index.tsx",
    request: (w) => ({ path: `/recommendations/${w.recommendationId}`, params: { recommendationId: String(w.recommendationId) }, body: { level: "emerging", rationale: "Audit shows improvement" } }),
    expect: MANAGE,
  },
  {
    name: "place a recommendation under a judgement area",
    route: "recommendations.$recommendationId._index.tsx",
    request: (w) => ({ path: `/recommendations/${w.recommendationId}`, params: { recommendationId: String(w.recommendationId) }, body: { intent: "area", area: "leaders" } }),
    expect: MANAGE,
  },
  {
    name: "correct an inspection",
    route: "inspections.$inspectionId_.edit.tsx",
    request: (w) => ({ path: `/inspections/${w.inspectionId}/edit`, params: { inspectionId: String(w.inspectionId) }, body: { intent: "save", version: "1", title: "Corrected title", kind: "ilacs", published: "20/07/2024", basisKind: "publication" } }),
    expect: MANAGE,
  },
  {
    name: "remove an inspection imported in error",
    route: "inspections.$inspectionId_.remove.tsx",
    request: (w) => ({ path: `/inspections/${w.inspectionId}/remove`, params: { inspectionId: String(w.inspectionId) }, body: { version: "1", reason: "Another council's report" } }),
    expect: MANAGE,
  },
  {
    name: "restore a removed inspection",
    route: "inspections.$inspectionId.tsx",
    request: (w) => ({ path: `/inspections/${w.removedInspectionId}`, params: { inspectionId: String(w.removedInspectionId) }, body: { intent: "restore", version: "2" } }),
    expect: { ...ADMIN_ONLY, otherLead: 404, otherManager: 404 },
  },
  {
    name: "correct a recommendation",
    route: "recommendations.$recommendationId.edit.tsx",
    request: (w) => ({ path: `/recommendations/${w.recommendationId}/edit`, params: { recommendationId: String(w.recommendationId) }, body: { intent: "save", version: "1", text: "Corrected text.", section: "none", timescale: "none" } }),
    expect: MANAGE,
  },
  {
    name: "save the plan editor's rows",
    route: "inspections.$inspectionId_.plan.tsx",
    request: (w) => ({ path: `/inspections/${w.inspectionId}/plan`, params: { inspectionId: String(w.inspectionId) }, body: { intent: "save", [`n${w.recommendationId}x1-title`]: "A new action", [`n${w.recommendationId}x1-ownerId`]: "none" } }),
    expect: MANAGE,
  },
  {
    name: "add a row in the plan editor",
    route: "inspections.$inspectionId_.plan.tsx",
    request: (w) => ({ path: `/inspections/${w.inspectionId}/plan`, params: { inspectionId: String(w.inspectionId) }, body: { intent: `add-row:${w.recommendationId}` } }),
    expect: MANAGE,
  },
  {
    name: "assign owners to chosen actions",
    route: "actions._index.tsx",
    request: (w) => ({ path: "/actions?index", params: {}, body: { intent: "owner", actionId: String(w.actionId), [`version-${w.actionId}`]: "1", ownerId: "none" } }),
    expect: MANAGE,
  },
  {
    name: "move the target dates of chosen actions",
    route: "actions._index.tsx",
    request: (w) => ({ path: "/actions?index", params: {}, body: { intent: "target", actionId: String(w.actionId), [`version-${w.actionId}`]: "1", targetDate: "31/01/2027", targetReason: "Agreed" } }),
    expect: MANAGE,
  },
  {
    name: "set the service area of chosen actions",
    route: "actions._index.tsx",
    request: (w) => ({ path: "/actions?index", params: {}, body: { intent: "service_area", actionId: String(w.actionId), [`version-${w.actionId}`]: "1", serviceArea: "Early help" } }),
    expect: MANAGE,
  },
  {
    name: "withdraw chosen actions",
    route: "actions._index.tsx",
    request: (w) => ({ path: "/actions?index", params: {}, body: { intent: "withdraw", actionId: String(w.actionId), [`version-${w.actionId}`]: "1", withdrawReason: "Duplicate" } }),
    expect: MANAGE,
  },
  { name: "add a measure", route: "measures.new.tsx", request: () => ({ path: "/measures/new", params: {}, body: { name: "Re-referrals", unit: "%", higherIsBetter: "no" } }), expect: IMPORT },
  {
    name: "record a measure's value",
    route: "measures.$measureId.tsx",
    request: (w) => ({ path: `/measures/${w.measureId}`, params: { measureId: String(w.measureId) }, body: { intent: "value", period: "2019-20", periodEnd: "31/03/2020", value: "17.2" } }),
    expect: MANAGE,
  },
  { name: "record a board meeting", route: "board_.meetings._index.tsx", request: () => ({ path: "/board/meetings", params: {}, body: { boardName: "Improvement Board", meetingDate: "1/10/2024" } }), expect: IMPORT },
  {
    name: "mark a board meeting held",
    route: "board_.meetings.$meetingId.tsx",
    request: (w) => ({ path: `/board/meetings/${w.meetingId}`, params: { meetingId: String(w.meetingId) }, body: { intent: "held" } }),
    expect: MANAGE,
  },
  {
    name: "choose what a meeting's board pack covers",
    route: "board_.meetings.$meetingId.tsx",
    request: (w) => ({
      path: `/board/meetings/${w.meetingId}`,
      params: { meetingId: String(w.meetingId) },
      body: { intent: "choices", coverage: "open", sections: "summary", detail: "exceptions", order: "rag" },
    }),
    expect: MANAGE,
  },
  {
    name: "write a meeting's executive summary",
    route: "board_.meetings.$meetingId.tsx",
    request: (w) => ({
      path: `/board/meetings/${w.meetingId}`,
      params: { meetingId: String(w.meetingId) },
      body: { intent: "summary", executiveSummary: "Two thirds of the plan is signed off." },
    }),
    expect: MANAGE,
  },
  {
    name: "comment on a meeting's exceptions",
    route: "board_.meetings.$meetingId.tsx",
    request: (w) => ({
      path: `/board/meetings/${w.meetingId}`,
      params: { meetingId: String(w.meetingId) },
      body: { intent: "commentary", actionId: String(w.actionId), [`commentary-${w.actionId}`]: "Recovery plan agreed" },
    }),
    expect: MANAGE,
  },
  {
    name: "set the protective marking of the authority's documents",
    route: "board_.settings.tsx",
    // A lead always sets their own authority's (Beta's, for Beta's lead); an administrator chooses.
    request: (w) => ({ path: "/board/settings", params: {}, body: { authorityId: String(w.authorityId), marking: "OFFICIAL-SENSITIVE" } }),
    expect: IMPORT,
  },
  {
    name: "set the authority's amber window and grace for \"immediately\"",
    route: "board_.settings.tsx",
    request: (w) => ({ path: "/board/settings", params: {}, body: { intent: "plan", authorityId: String(w.authorityId), amberWindowDays: "21", immediateGraceDays: "" } }),
    expect: IMPORT,
  },
  {
    name: "set the defaults every council follows",
    route: "board_.settings.tsx",
    request: () => ({ path: "/board/settings", params: {}, body: { intent: "defaults", amberWindowDays: "21", immediateGraceDays: "28" } }),
    expect: ADMIN_ONLY,
  },
  {
    name: "record an Ofsted visit or meeting",
    route: "readiness.events.new.tsx",
    // A lead records for their own council (Beta's lead for Beta); an administrator chooses (400 without one).
    request: () => ({ path: "/readiness/events/new", params: {}, body: { kind: "monitoring_visit", date: "5/3/2024", title: "Monitoring visit 2", summary: "" } }),
    expect: IMPORT,
  },
  {
    name: "change an Ofsted visit or meeting",
    route: "readiness.events.$eventId.tsx",
    request: (w) => ({ path: `/readiness/events/${w.eventId}`, params: { eventId: String(w.eventId) }, body: { intent: "save", version: "1", kind: "monitoring_visit", date: "11/6/2024", title: "Monitoring visit 1: help and protection", summary: "" } }),
    expect: MANAGE,
  },
  {
    name: "remove an Ofsted visit or meeting",
    route: "readiness.events.$eventId.tsx",
    request: (w) => ({ path: `/readiness/events/${w.eventId}`, params: { eventId: String(w.eventId) }, body: { intent: "remove", version: "1", reason: "Recorded twice" } }),
    expect: MANAGE,
  },
  { name: "import a report", route: "import.tsx", request: () => ({ path: "/import", params: {}, body: { text: "" } }), expect: IMPORT },
  {
    name: "correct an import draft",
    route: "import_.drafts.$draftId.tsx",
    request: (w) => ({ path: `/import/drafts/${w.draftId}`, params: { draftId: String(w.draftId) }, body: { revision: "1", op: "merge:k2" } }),
    expect: OWN_DRAFT,
  },
  {
    name: "confirm an import draft",
    route: "import_.drafts.$draftId.tsx",
    request: (w) => ({ path: `/import/drafts/${w.draftId}`, params: { draftId: String(w.draftId) }, body: { revision: "1", op: "confirm" } }),
    expect: OWN_DRAFT,
  },
  {
    name: "import a spreadsheet plan",
    route: "import_.plan.tsx",
    request: (w) => ({ path: "/import/plan", params: {}, body: { intent: "upload", inspectionId: String(w.inspectionId) } }),
    expect: { ...IMPORT, otherLead: 404 },
  },
  ...(["columns", "preview", "update", "change-columns", "confirm"] as const).map((intent) => ({
    name: `plan import draft: ${intent}`,
    route: "import_.plan_.$draftId.tsx",
    request: (w: World) => ({
      path: `/import/plan/${w.planDraftId}`,
      params: { draftId: String(w.planDraftId) },
      body: { intent, revision: "1", sheet: "0", headerRow: "1", col_action: "1", col_reference: "0", skipErrors: "yes" },
    }),
    expect: OWN_DRAFT,
  })),
  {
    name: "close or reopen a plan",
    route: "inspections.$inspectionId_.close.tsx",
    request: (w) => ({ path: `/inspections/${w.inspectionId}/close`, params: { inspectionId: String(w.inspectionId) }, body: { intent: "close", version: "1", reason: "Every action is done" } }),
    expect: MANAGE,
  },
  { name: "add a user", route: "admin.users.new.tsx", request: () => ({ path: "/admin/users/new", params: {}, body: {} }), expect: ADMIN_ONLY },
  {
    name: "change a user",
    route: "admin.users.$userId.tsx",
    request: (w) => ({ path: `/admin/users/${w.userIdToEdit}`, params: { userId: String(w.userIdToEdit) }, body: { intent: "deactivate" } }),
    expect: ADMIN_ONLY,
  },
  {
    name: "a lead adds a service manager to their own council",
    route: "people.tsx",
    request: () => ({ path: "/people", params: {}, body: { intent: "add", name: "New Person", email: "new.person@example.gov.uk", role: "service_manager" } }),
    // An administrator is sent to the administrators' users page; another council's lead adds to their own.
    expect: { ...IMPORT },
  },
  {
    name: "a lead deactivates a service manager of their own council",
    route: "people.tsx",
    request: (w) => ({ path: "/people", params: {}, body: { intent: "deactivate", userId: String(w.userIdToEdit) } }),
    expect: { ...IMPORT, otherLead: 404 },
  },
  {
    name: "a lead gives someone waiting for access a role",
    route: "people.tsx",
    request: (w) => ({ path: "/people", params: {}, body: { intent: "give_access", userId: String(w.userIdToEdit), role: "board_member" } }),
    expect: { ...IMPORT, otherLead: 404 },
  },
  {
    name: "a lead cannot deactivate a lead",
    route: "people.tsx",
    request: (w) => ({ path: "/people", params: {}, body: { intent: "deactivate", userId: String(w.people.lead.id) } }),
    expect: { ...IMPORT, lead: 403, otherLead: 404 },
  },
  {
    name: "create or rename a council",
    route: "admin.councils.tsx",
    request: (w) => ({ path: "/admin/councils", params: {}, body: { intent: "rename", id: String(w.authorityId), name: "Alpha Borough" } }),
    expect: ADMIN_ONLY,
  },
  {
    name: "remove personal data entered by mistake",
    route: "redact.$kind.$id.tsx",
    request: (w) => ({ path: `/redact/evidence/${w.evidenceId}`, params: { kind: "evidence", id: String(w.evidenceId) }, body: { reason: "It named a child" } }),
    expect: ADMIN_ONLY,
  },
  { name: "reset a person's second factor", route: "admin.users.$userId.tsx", request: (w) => ({ path: `/admin/users/${w.userIdToEdit}`, params: { userId: String(w.userIdToEdit) }, body: { intent: "reset_second_factor" } }), expect: ADMIN_ONLY },
  { name: "make a break-glass account", route: "admin.users.$userId.tsx", request: (w) => ({ path: `/admin/users/${w.userIdToEdit}`, params: { userId: String(w.userIdToEdit) }, body: { intent: "break_glass_on" } }), expect: ADMIN_ONLY },
  { name: "require a second factor", route: "admin.sign-in.tsx", request: () => ({ path: "/admin/sign-in", params: {}, body: { required: "yes" } }), expect: ADMIN_ONLY },
  {
    name: "configure a council's single sign-on",
    route: "admin.councils_.$councilId.sso.tsx",
    request: (w) => ({
      path: `/admin/councils/${w.authorityId}/sso`,
      params: { councilId: String(w.authorityId) },
      body: { intent: "save", issuer: "https://login.microsoftonline.com/t/v2.0", tenantId: "t", clientId: "c", clientSecret: "s", domains: "alpha.gov.uk", rolesClaim: "", roleMap: "", passwordSignIn: "yes" },
    }),
    expect: ADMIN_ONLY,
  },
  { name: "remove a council's single sign-on", route: "admin.councils_.$councilId.sso.tsx", request: (w) => ({ path: `/admin/councils/${w.authorityId}/sso`, params: { councilId: String(w.authorityId) }, body: { intent: "remove" } }), expect: ADMIN_ONLY },
  { name: "own second factor", route: "account_.second-factor.tsx", request: () => ({ path: "/account/second-factor", params: {}, body: { intent: "renew" } }), expect: ANY_SIGNED_IN },
  { name: "turn own second factor off", route: "account_.second-factor.tsx", request: () => ({ path: "/account/second-factor", params: {}, body: { intent: "remove", currentCode: "123456" } }), expect: ANY_SIGNED_IN },
  { name: "own password", route: "account.tsx", request: () => ({ path: "/account", params: {}, body: {} }), expect: ANY_SIGNED_IN },
  { name: "own calendar feed", route: "calendar.tsx", request: () => ({ path: "/calendar", params: {}, body: { intent: "revoke" } }), expect: ANY_SIGNED_IN },
  { name: "mark own notifications read", route: "notifications.tsx", request: () => ({ path: "/notifications", params: {}, body: { intent: "read_all" } }), expect: ANY_SIGNED_IN },
  { name: "sign out", route: "logout.tsx", request: () => ({ path: "/logout", params: {}, body: {} }), expect: ANY_SIGNED_IN },
];

/** Routes anyone may post to without signing in; they act on no one else's data. */
const PUBLIC_ROUTES = ["login.tsx", "login_.code.tsx", "set-password.$token.tsx"];

const routeModules = import.meta.glob<{ action?: (args: ActionFunctionArgs) => Promise<unknown> }>("../../app/routes/*.tsx");
const moduleFor = (route: string) => routeModules[`../../app/routes/${route}`]();

/** Everything a refused request must leave untouched. */
async function snapshot() {
  const db = getDb();
  const [audit, actions, evidence, updates, inspections, users, recommendations, events] = await Promise.all([
    db.selectFrom("audit_events").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("actions").select(["id", "version", "status", "owner_id", "target_date", "title", "withdrawn_at", "risk_flag"]).orderBy("id").execute(),
    db.selectFrom("evidence").selectAll().orderBy("id").execute(),
    db.selectFrom("progress_updates").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("inspections").select(["id", "version", "title", "removed_at", "content_hash"]).orderBy("id").execute(),
    db.selectFrom("users").select(["id", "role", "active", "authority_id"]).orderBy("id").execute(),
    db.selectFrom("recommendations").select(["id", "version", "text", "due_date"]).orderBy("id").execute(),
    db.selectFrom("inspection_events").selectAll().orderBy("id").execute(),
  ]);
  return { audit, actions, evidence, updates, inspections, users, recommendations, events };
}

describe("permission matrix", () => {
  it("has an entry for every route module that can change anything", () => {
    const withActions = fs
      .readdirSync(path.resolve("app/routes"))
      .filter((f) => /\.tsx?$/.test(f) && !f.includes(".test."))
      .filter((f) => /export (async function|const) action\b/.test(fs.readFileSync(path.resolve("app/routes", f), "utf8")));
    const covered = new Set([...CASES.map((c) => c.route), ...PUBLIC_ROUTES]);
    expect(withActions.filter((f) => !covered.has(f))).toEqual([]);
    expect([...covered].filter((f) => !withActions.includes(f))).toEqual([]);
  });

  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  for (const testCase of CASES) {
    it(`${testCase.name} (${testCase.route})`, async () => {
      const { action } = await moduleFor(testCase.route);
      if (!action) throw new Error(`${testCase.route} has no action`);
      for (const person of PEOPLE) {
        const { path: url, params, body } = testCase.request(w);
        const cookie = await sessionCookie(w.people[person].id);
        const request =
          body instanceof FormData
            ? new Request(`http://localhost${url}`, { method: "POST", body, headers: { Cookie: cookie } })
            : postRequest(url, body, cookie);
        const before = await snapshot();
        const response = await call(action as never, request, params);
        const expected = testCase.expect[person];
        const label = `${testCase.name} as ${person}`;
        if (expected === "allowed") {
          expect([403, 404], label).not.toContain(response.status);
        } else {
          expect(response.status, label).toBe(expected);
          expect(await snapshot(), `${label} changed something`).toEqual(before);
        }
        // A refusal changed nothing (checked above); after an allowed change the next person starts afresh.
        if (expected === "allowed") {
          await resetDatabase(getDb());
          w = await world();
        }
      }
    });
  }
});
